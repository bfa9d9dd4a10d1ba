import { DomainError, DomainErrorKind } from '../common/domain-error';

export class OrgConflictError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(field: string, value: string) {
    super('ORG_CONFLICT', `“${value}”已存在`, `${field} "${value}" already exists`, { field });
  }
}
