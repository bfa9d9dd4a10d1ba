import { DomainError, DomainErrorKind } from '../common/domain-error';

export class AwardNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super('AWARD_NOT_FOUND', '成交记录不存在', `Award ${id} does not exist`, { recordId: id });
  }
}

export class ProcurementRequestNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super('PROCUREMENT_REQUEST_NOT_FOUND', '采购申请不存在', `Procurement request ${id} does not exist`, { recordId: id });
  }
}

export class ProcurementForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super('PROCUREMENT_FORBIDDEN', '无权查看或办理该采购事项', 'You may not view or act on this procurement');
  }
}

/** An operation the request's state does not allow (an award before approval, a second award). */
export class ProcurementStateError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(zh: string, en: string) {
    super('PROCUREMENT_STATE', zh, en);
  }
}
