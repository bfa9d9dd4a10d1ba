/**
 * What the task API answers with: shared by the server, which builds these, and the browser, which
 * shows them (imported as types on both sides, never copied).
 */
export type SubjectType = 'expense' | 'travel' | 'travel-request' | 'budget-adjustment';
export type ClaimStatusName = 'SCREENING' | 'RETURNED' | 'IN_APPROVAL' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN';

/** Operations a step offers; the browser shows a button for each. */
export type StepOperation =
  | 'approve' | 'reject' | 'return' | 'return-previous' | 'transfer' | 'delegate' | 'resolve' | 'add-signer-before' | 'add-signer-after' | 'copy';

export interface TaskView {
  id: string;
  name: string | null;
  taskDefinitionKey: string;
  /** What the task is about: a claim or a travel request. */
  subject: 'claim' | 'travel-request' | 'budget-adjustment' | null;
  type: SubjectType | null;
  claimId: string | null;
  travelRequestId: string | null;
  budgetAdjustmentId: string | null;
  claimStatus: ClaimStatusName | null;
  purpose: string | null;
  claimant: string | null;
  claimantName: string | null;
  unit: string | null;
  unitCode: string | null;
  amount: string | null;
  submittedOn: string | null;
  created: string;
  due: string | null;
  /** The due date has passed. */
  overdue: boolean;
  /** The step was escalated to the deputy chief in charge. */
  escalated: boolean;
  assignee: string | null;
  /** While delegated: the delegator, who gets it back. */
  delegatedBy: string | null;
  /** The step of the chain (`unit-head`, `finance`, `added-signer`…) for claim approvals. */
  step: string | null;
  /** No finding that needs reading (block, warn, adjust): batch approval may take it. */
  clean: boolean;
}

export interface DoneView {
  actionId: string;
  taskId: string | null;
  operation: string;
  target: string | null;
  comment: string | null;
  at: string;
  step: string | null;
  type: SubjectType | null;
  claimId: string | null;
  travelRequestId: string | null;
  purpose: string | null;
  claimant: string | null;
  claimantName: string | null;
  unit: string | null;
  amount: string | null;
  status: string | null;
}

export interface CopiedView {
  claimId: string;
  type: SubjectType;
  purpose: string;
  claimant: string;
  claimantName: string;
  unit: string;
  amount: string;
  status: string;
  copiedBy: string;
  copiedByName: string;
  comment: string | null;
  at: string;
  read: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  size: number;
}

export interface BatchOutcome {
  taskId: string;
  ok: boolean;
  claimId: string | null;
  error?: { code: string; message: string; messageEn: string };
}
