import { DomainError, DomainErrorKind } from '../common/domain-error';

export class FormNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(name: string) {
    super('FORM_NOT_FOUND', `表单“${name}”不存在`, `Form "${name}" does not exist`, { name });
  }
}
