/**
 * Base of every feature's domain errors. Each carries a stable code; the HTTP status is decided in
 * one place (DomainErrorFilter), never by the code that throws.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(`${messageZh} / ${messageEn}`);
  }
}

/** What sort of failure a domain error is; mapped to an HTTP status by DomainErrorFilter. */
export enum DomainErrorKind {
  INVALID = 'INVALID',
  /** Well-formed but its content cannot be used (an unreadable invoice original). */
  UNPROCESSABLE = 'UNPROCESSABLE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  TOO_MANY = 'TOO_MANY',
  UNAVAILABLE = 'UNAVAILABLE',
}

/** One bad field of a request body, named by its path (`trips[0].legs[1].fare`). */
export interface FieldError {
  field: string;
  message: string;
}

export class RequestValidationError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;

  constructor(readonly fields: FieldError[]) {
    super('VALIDATION_FAILED', '提交的内容有误', 'The request has invalid fields', { fields });
  }
}
