import { DomainError, DomainErrorKind } from '../common/domain-error';

export class IdempotencyInProgressError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor() {
    super('IDEMPOTENCY_IN_PROGRESS', '同一提交正在处理中，请稍候刷新查看结果', 'The same submission is still being processed; refresh in a moment to see its result');
  }
}

export class IdempotencyKeyReusedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor() {
    super('IDEMPOTENCY_KEY_REUSED', '该 Idempotency-Key 已用于内容不同的另一次提交', 'This Idempotency-Key was used for a different submission');
  }
}
