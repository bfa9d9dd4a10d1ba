/** Shapes of the API answers the pages read. */
export type ClaimStatus = 'SCREENING' | 'RETURNED' | 'IN_APPROVAL' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN';

export interface ClaimSummary {
  id: string;
  type: 'travel' | 'expense';
  status: ClaimStatus;
  purpose: string;
  total: string;
  submittedOn: string;
}

export interface Finding {
  ruleId: string;
  severity: 'block' | 'warn' | 'adjust' | 'info';
  message: string;
  messageEn: string;
  facts: Record<string, unknown>;
  adjust: string | null;
}

export interface ApprovalStep {
  step: string;
  group: string;
  reason: { zh: string; en: string };
  substitutedFor?: string;
  assignee?: string;
  addedBy?: string;
}

export interface ClaimView {
  id: string;
  status: ClaimStatus;
  type: 'travel' | 'expense';
  claimant: string;
  unit: string;
  total: string;
  reimbursable: string | null;
  route: string[];
  approvalChain: ApprovalStep[];
  submittedOn: string;
  formVersion: number | null;
  processInstanceId: string | null;
  findings: Finding[];
  activities: string[];
  document: ClaimDocument;
}

export interface TravelRequestView {
  id: string;
  status: 'PENDING' | 'APPROVED' | 'REJECTED';
  traveller: string;
  requester: string;
  unit: string;
  destination: string;
  start: string;
  end: string;
  estimate: string;
  purpose: string;
  processInstanceId: string | null;
}

export interface Person {
  username: string;
  displayName: string;
}

export interface ProgressActivity {
  activityId: string;
  name: string | null;
  type: string;
  startTime: string;
  endTime: string | null;
  canceled: boolean;
  assignee: Person | null;
  decision: string | null;
  comments: { author: string | null; time: string; message: string }[];
}

export interface CurrentStep {
  activityId: string;
  name: string | null;
  since: string;
  assignee: Person | null;
  candidates: { group: string; members: Person[] }[];
}

export interface ProcessProgress {
  processInstanceId: string;
  processDefinitionKey: string;
  processDefinitionVersion: number | null;
  bpmnXml: string;
  activities: ProgressActivity[];
  current: CurrentStep[];
  actions: StepAction[];
  approvalIndex: number | null;
  ended: boolean;
}

export interface BudgetLine {
  id: string;
  unit: string;
  year: number;
  subject: string;
  fund: 'basic' | 'special';
  name: string | null;
  available: string;
  allocated: string;
  executionRate?: number;
  reserved?: string;
  committed?: string;
  usageRate?: number;
  mode?: string;
  lastYearActual?: string | null;
  [key: string]: unknown;
}

/** The claim document of shared/acceptance/README.md, as the forms submit it. */
export interface ClaimDocument {
  type: 'travel' | 'expense';
  claimant: string;
  budgetLine: { unit: string; subject: string; fund: 'basic' | 'special'; name?: string };
  purpose: string;
  trips?: {
    traveller: string;
    destination: string;
    start: string;
    end: string;
    legs: { mode: string; class: string; from: string; to: string; date: string; fare: string }[];
    lodging: { city: string; nights: number; amount: string; invoice?: string }[];
    allowances?: { mealDays: number; meal: string; transportDays: number; transport: string };
  }[];
  items?: { subject: string; description: string; amount: string; invoice: string; payee: string }[];
  invoices: Record<string, any>[];
}

export type SubjectType = 'expense' | 'travel' | 'travel-request' | 'budget-adjustment';

export interface TaskView {
  id: string;
  name: string | null;
  taskDefinitionKey: string;
  subject: 'claim' | 'travel-request' | 'budget-adjustment' | null;
  type: SubjectType | null;
  claimId: string | null;
  travelRequestId: string | null;
  budgetAdjustmentId: string | null;
  claimStatus: ClaimStatus | null;
  purpose: string | null;
  claimant: string | null;
  claimantName: string | null;
  unit: string | null;
  unitCode: string | null;
  amount: string | null;
  submittedOn: string | null;
  created: string;
  due: string | null;
  overdue: boolean;
  escalated: boolean;
  assignee: string | null;
  delegatedBy: string | null;
  step: string | null;
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

export type StepOperation = 'approve' | 'reject' | 'return' | 'return-previous' | 'transfer' | 'delegate' | 'resolve' | 'add-signer-before' | 'add-signer-after' | 'copy';

export interface TaskDetail {
  task: TaskView;
  operations: StepOperation[];
  chain: (ApprovalStep & { state: 'done' | 'current' | 'waiting' })[];
  stepIndex: number | null;
  holders: { username: string; displayName: string }[];
}

export interface StepAction {
  operation: string;
  actor: { username: string; displayName: string };
  targets: { username: string; displayName: string }[];
  comment: string | null;
  step: string | null;
  stepIndex: number | null;
  at: string;
}

export interface NotificationView {
  id: string;
  kind: string;
  claimId: string | null;
  travelRequestId: string | null;
  taskId: string | null;
  actor: string | null;
  params: Record<string, unknown>;
  createdAt: string;
  read: boolean;
}

export interface RelatedRecords {
  budgetLine: (BudgetLine & { heldByClaim: string }) | null;
  ledger: { id: string; kind: string; amount: string; line: string; operationKey: string; actor: string; reason: string; at: string }[];
  travelRequests: { id: string; traveller: string; destination: string; start: string; end: string; estimate: string; status: string }[];
  claims: { id: string; type: string; claimant: string; claimantName: string; purpose: string; total: string; status: string; submittedOn: string }[];
  invoices: { number: string; kind: string | null; total: string; seller: string | null; date: string | null }[];
}
