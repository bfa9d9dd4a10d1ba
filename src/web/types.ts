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

export interface TaskView {
  id: string;
  name: string | null;
  taskDefinitionKey: string;
  subject: 'claim' | 'travel-request' | 'budget-adjustment' | null;
  claimId: string | null;
  travelRequestId: string | null;
  claimant: string | null;
  unit: string | null;
  amount: string | null;
  created: string;
  due: string | null;
}
