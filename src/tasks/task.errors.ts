import { DomainError, DomainErrorKind } from '../common/domain-error';

export class TaskNotFoundError extends DomainError {
  readonly kind = DomainErrorKind.NOT_FOUND;
  constructor(id: string) {
    super('TASK_NOT_FOUND', '待办任务不存在或已被处理', `Task ${id} does not exist or was already completed`);
  }
}

export class TaskForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super('TASK_FORBIDDEN', '该任务不在您的待办中', 'This task is not yours to work');
  }
}

export class TaskNotAnApprovalError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(claimId: string | undefined) {
    super('TASK_NOT_AN_APPROVAL', '退回修改的任务请通过修改报销单重新提交完成', 'A revise task is completed by resubmitting the claim (PUT /api/claims/:id)', { claimId });
  }
}

export class TaskDecisionNotAllowedError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(decision: string) {
    super('TASK_DECISION_NOT_ALLOWED', '出差申请和预算调整只能同意或驳回', `A travel request or budget adjustment can only be approved or rejected, not "${decision}"`, { field: 'decision' });
  }
}

export class TaskAlreadyDecidedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(id: string) {
    super('TASK_ALREADY_DECIDED', '这一步刚被他人处理或报销单已撤回，请刷新后查看', `Task ${id} was just decided by someone else or its claim withdrawn; refresh to see where it stands`);
  }
}
