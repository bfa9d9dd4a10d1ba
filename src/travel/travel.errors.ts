import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum TravelErrorCode {
  REQUEST_NOT_FOUND = 'TRAVEL_REQUEST_NOT_FOUND',
  REQUEST_FORBIDDEN = 'TRAVEL_REQUEST_FORBIDDEN',
}

export class TravelRequestNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super(TravelErrorCode.REQUEST_NOT_FOUND, '出差申请不存在', `Travel request ${id} does not exist`, { recordId: id });
  }
}

export class TravelRequestForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super(TravelErrorCode.REQUEST_FORBIDDEN, '无权查看该出差申请', 'You may not view this travel request');
  }
}
