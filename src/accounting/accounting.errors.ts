import { DomainError, DomainErrorKind, FieldError } from '../common/domain-error';

export class VoucherNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super('VOUCHER_NOT_FOUND', '凭证不存在', `Voucher ${id} does not exist`, { recordId: id });
  }
}

/** The voucher is not in the state the operation needs, or the same person would do two steps. */
export class VoucherStateError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(zh: string, en: string, details?: Record<string, unknown>) {
    super('VOUCHER_STATE', zh, en, details);
  }
}

/** The database refused a write (an unbalanced book, a closed period, a posted voucher). */
export class AccountingRefusedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(reason: string) {
    super('ACCOUNTING_REFUSED', `数据库拒绝了该操作：${reason}`, `The database refused the write: ${reason}`, { reason });
  }
}

export class PeriodClosedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(period: string) {
    super('PERIOD_CLOSED', `会计期间 ${period} 已结账`, `Period ${period} is closed`, { period });
  }
}

export class PeriodStateError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(zh: string, en: string, details?: Record<string, unknown>) {
    super('PERIOD_STATE', zh, en, details);
  }
}

export class AccountingForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor(zh: string, en: string) {
    super('ACCOUNTING_FORBIDDEN', zh, en);
  }
}

export class PostingRuleVersionNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(version: string) {
    super('POSTING_RULES_NOT_FOUND', '记账规则版本不存在', `Posting-rule version ${version} does not exist`);
  }
}

/** A posting-rule version that cannot be stored: a bad shape, or an event it would book unbalanced. */
export class PostingRulesInvalidError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(zh: string, en: string, readonly fields: FieldError[], details: Record<string, unknown> = {}) {
    super('POSTING_RULES_INVALID', zh, en, { fields, ...details });
  }
}

export class SubjectUnknownError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(code: string) {
    super('ACCOUNT_UNKNOWN', `科目 ${code} 不在会计科目表中`, `Subject ${code} is not in the chart of accounts`);
  }
}
