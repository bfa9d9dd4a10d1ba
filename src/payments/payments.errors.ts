import { DomainError, DomainErrorKind } from '../common/domain-error';

export class PaymentBatchNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super('PAYMENT_BATCH_NOT_FOUND', '支付批次不存在', `Payment batch ${id} does not exist`, { recordId: id });
  }
}

export class PaymentsForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor(zh = '支付批次只对出纳、财务、会计和局领导开放', en = 'Payment batches are open to the cashier, finance, the accountant and the leaders') {
    super('PAYMENTS_FORBIDDEN', zh, en);
  }
}

/** The batch is not in the state the operation needs (export before approval, import before export). */
export class PaymentBatchStateError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(zh: string, en: string, status: string) {
    super('PAYMENT_BATCH_STATE', zh, en, { status });
  }
}

/** A result or statement file refused whole: nothing of it was applied. */
export class PaymentFileRefusedError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(problem: 'type' | 'encoding' | 'headers' | 'empty' | 'rows', zh: string, en: string, details: Record<string, unknown> = {}) {
    super('PAYMENT_FILE_REFUSED', zh, en, { problem, fields: [{ field: 'file', message: `${zh} / ${en}` }], ...details });
  }
}

export class PersonNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(username: string) {
    super('PERSON_NOT_FOUND', '人员不存在', `No person ${username}`);
  }
}

/** The source of a line moved on since the batch was built (withdrawn, already paid elsewhere). */
export class PayableChangedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(zh: string, en: string) {
    super('PAYABLE_CHANGED', zh, en);
  }
}
