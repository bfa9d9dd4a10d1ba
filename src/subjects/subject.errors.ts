import { DomainError, DomainErrorKind } from '../common/domain-error';

export class SubjectKindUnknownError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(kind: string) {
    super('SUBJECT_KIND_UNKNOWN', `没有“${kind}”这类单据`, `There is no kind of record "${kind}"`, { field: 'kind' });
  }
}

export class SubjectNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(kind: string, id: string) {
    super('SUBJECT_NOT_FOUND', '单据不存在', `${kind} ${id} does not exist`);
  }
}
