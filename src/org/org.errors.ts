import { DomainError, DomainErrorKind } from '../common/domain-error';

export class OrgConflictError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(field: string, value: string) {
    super('ORG_CONFLICT', `“${value}”已存在`, `${field} "${value}" already exists`, { field });
  }
}

export class OrgNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(what: 'unit' | 'user', key: string) {
    super('ORG_NOT_FOUND', what === 'unit' ? `单位“${key}”不存在` : `人员“${key}”不存在`, `${what} "${key}" does not exist`, { [what]: key });
  }
}

export class OrgSelfDeactivationError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor() {
    super('ORG_SELF_DEACTIVATION', '不能停用自己的账号', 'You cannot deactivate your own account', { field: 'username' });
  }
}

export class OrgNoSuccessorError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(username: string) {
    super('ORG_NO_SUCCESSOR', `“${username}”有待办审批，但本单位没有其他负责人或分管局领导可接手，请先指定`, `"${username}" holds open steps and neither a unit head nor a deputy chief can take them; appoint one first`, { field: 'username' });
  }
}
