/**
 * The shared approval loop: one user task (`approval`) walked over the chain of steps a subject
 * keeps. Any kind's flow may use it; the task operations move it through its process variables.
 */
export const APPROVAL_TASK = 'approval';

/** The submitter's own step of a flow that returns the subject for revision. */
export const REVISE_TASK = 'revise';

/** Severities an approver must read before deciding: a subject carrying one is kept out of batch approval. */
export const NEEDS_READING: readonly string[] = ['block', 'warn', 'adjust'];

/** What the approval loop does after a decision: another step, the end of the chain, or neither. */
export type ApprovalNext = 'step' | 'done' | 'end';

/** One step of an approval chain: the catalogue's step name and the engine candidate group. */
export interface ApprovalStep {
  step: string;
  group: string;
  reason: { zh: string; en: string };
  /** Set when the submitter held this step and it went to someone else (CLM-SELF-APPROVAL). */
  substitutedFor?: string;
  /** A named person holds the step instead of the group: an added signer, or the holder it returns to. */
  assignee?: string;
  /** Who added the step while the subject was in approval (加签). */
  addedBy?: string;
}

/** When a step's holder is reminded and when the step is escalated (the working calendar decides). */
export interface StepDeadlines {
  due: string;
  escalateAt: string;
}

/**
 * The process variables that put step `index` of the chain in front of its holder: the approval
 * user task reads its candidate group, assignee and due dates from them, and the boundary timers
 * remind and escalate at `approvalDue` and `approvalEscalateAt`.
 */
export function stepVariables(chain: ApprovalStep[], index: number, deadlines: StepDeadlines, assignee?: string | null): Record<string, unknown> {
  const step = chain[index];
  return {
    approvalIndex: index,
    approvalGroup: step.assignee || assignee ? '' : step.group,
    approvalAssignee: assignee ?? step.assignee ?? null,
    approvalDue: deadlines.due,
    approvalEscalateAt: deadlines.escalateAt,
  };
}

/** The variables that start the loop at the chain's first step (a route step returns them). */
export function loopStartVariables(chain: ApprovalStep[], deadlines: StepDeadlines): Record<string, unknown> {
  return {
    approvalChain: chain.map((step) => step.group).join(','),
    approvalSteps: chain.length,
    ...(chain.length > 0 ? stepVariables(chain, 0, deadlines) : {}),
  };
}
