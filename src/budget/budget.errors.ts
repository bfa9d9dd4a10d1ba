import { DomainError, DomainErrorKind } from '../common/domain-error';

export enum BudgetErrorCode {
  LINE_NOT_FOUND = 'BUDGET_LINE_NOT_FOUND',
  LINE_EXISTS = 'BUDGET_LINE_EXISTS',
}

export class BudgetLineNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super(BudgetErrorCode.LINE_NOT_FOUND, '预算指标不存在', `Budget line ${id} does not exist`);
  }
}

export class BudgetLineConflictError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(existingId: string) {
    super(BudgetErrorCode.LINE_EXISTS, '该单位、年度、科目和资金的预算指标已存在', 'A budget line for this unit, year, subject and fund already exists', { existingId });
  }
}

export class BudgetAdjustmentNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super('BUDGET_ADJUSTMENT_NOT_FOUND', '预算调整不存在', `Budget adjustment ${id} does not exist`, { recordId: id });
  }
}

export class BudgetForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor(zh: string, en: string) {
    super('BUDGET_FORBIDDEN', zh, en);
  }
}
