import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum DepreciationErrorCode {
  PERIOD_CLOSED = 'DEPRECIATION_PERIOD_CLOSED',
  RUN_NOT_FOUND = 'DEPRECIATION_RUN_NOT_FOUND',
}

/** The accounting period is closed: its depreciation voucher could not be raised, so nothing is booked. */
export class DepreciationPeriodClosedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(period: string) {
    super(DepreciationErrorCode.PERIOD_CLOSED, `会计期间 ${period} 已结账，不能计提该月折旧`, `The accounting period ${period} is closed; its depreciation cannot be booked`, { period });
  }
}

export class DepreciationRunNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(period: string) {
    super(DepreciationErrorCode.RUN_NOT_FOUND, `${period} 尚未计提折旧`, `No depreciation run for ${period}`, { period });
  }
}
