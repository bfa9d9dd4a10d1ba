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
  constructor(subjectId: string | undefined) {
    super('TASK_NOT_AN_APPROVAL', '退回修改的任务请修改单据后重新提交完成', 'A revise task is completed by resubmitting the record (for a claim, PUT /api/claims/:id)', { subjectId });
  }
}

export class TaskDecisionNotAllowedError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(decision: string) {
    super('TASK_DECISION_NOT_ALLOWED', '该类单据的流程没有退回修改，只能同意或驳回', `This kind of record has no revise step; it can only be approved or rejected, not "${decision}"`, { field: 'decision' });
  }
}

export class TaskAlreadyDecidedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(id: string) {
    super('TASK_ALREADY_DECIDED', '这一步刚被他人处理或报销单已撤回，请刷新后查看', `Task ${id} was just decided by someone else or its claim withdrawn; refresh to see where it stands`);
  }
}

export class TaskOfOwnClaimError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor() {
    super('TASK_OWN_SUBMISSION', '不能处理本人提交的单据的审批步骤', 'Nobody may work a step of what they submitted themselves');
  }
}

/** A named person who may not take the step: the submitter, oneself, or nobody known. */
export class TaskTargetRefusedError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(reason: 'submitter' | 'self' | 'unknown' | 'holder', username: string) {
    const zh = {
      submitter: `不能交给提交人本人（${username}）：任何人不能审批自己的报销单或申请`,
      self: '不能选择自己',
      unknown: `用户“${username}”不存在`,
      holder: `${username} 已在处理这一步`,
    }[reason];
    const en = {
      submitter: `cannot hand the step to its submitter (${username}): nobody approves their own claim or request`,
      self: 'cannot name yourself',
      unknown: `user "${username}" does not exist`,
      holder: `${username} already holds this step`,
    }[reason];
    super('TASK_TARGET_REFUSED', zh, en, { field: 'to', reason, fields: [{ field: 'to', message: `${zh} / ${en}` }] });
  }
}

export class TaskFirstStepError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor() {
    super('TASK_FIRST_STEP', '这是第一个审批步骤，没有上一步可退回；需要修改请退回提交人', 'This is the first approval step; there is no previous step to return to (return it to the submitter instead)');
  }
}

/** An operation the step does not offer in its state (a travel request has no chain; a delegated step waits). */
export class TaskOperationNotAllowedError extends DomainError {
  readonly kind = DomainErrorKind.CONFLICT;
  constructor(operation: string, zh: string, en: string) {
    super('TASK_OPERATION_NOT_ALLOWED', zh, en, { operation });
  }
}

export class UrgeTooSoonError extends DomainError {
  readonly kind = DomainErrorKind.TOO_MANY;
  constructor(retryAfterSeconds: number) {
    const minutes = Math.ceil(retryAfterSeconds / 60);
    super('URGE_TOO_SOON', `这一步一小时内已催办过，请 ${minutes} 分钟后再催`, `This step was urged within the hour; try again in ${minutes} minute(s)`, { retryAfterSeconds });
  }
}

/** Copying or urging a subject by someone who is neither its submitter nor one of its approvers. */
export class SubjectOperationForbiddenError extends DomainError {
  readonly kind = DomainErrorKind.FORBIDDEN;
  constructor(zh: string, en: string) {
    super('SUBJECT_OPERATION_FORBIDDEN', zh, en);
  }
}
