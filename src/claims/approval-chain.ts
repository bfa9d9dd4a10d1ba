import type { ApprovalDeadlines } from '../calendar/approval-deadline';
import type { ApprovalStep } from './claim.entities';

/** The claim approval task: one user task in a loop over the claim's chain. */
export const APPROVAL_TASK = 'approval';

/** Severities an approver must read before deciding: a claim carrying one is kept out of batch approval. */
export const NEEDS_READING: readonly string[] = ['block', 'warn', 'adjust'];

/** What the approval loop does after a decision: another step, the end of the chain, or neither. */
export type ApprovalNext = 'step' | 'done' | 'end';

/**
 * The process variables that put step `index` of the chain in front of its holder: the approval
 * user task reads its candidate group, assignee and due dates from them, and the boundary timers
 * remind and escalate at `approvalDue` and `approvalEscalateAt`.
 */
export function stepVariables(chain: ApprovalStep[], index: number, deadlines: ApprovalDeadlines, assignee?: string | null): Record<string, unknown> {
  const step = chain[index];
  return {
    approvalIndex: index,
    approvalGroup: step.assignee || assignee ? '' : step.group,
    approvalAssignee: assignee ?? step.assignee ?? null,
    approvalDue: deadlines.due,
    approvalEscalateAt: deadlines.escalateAt,
  };
}
