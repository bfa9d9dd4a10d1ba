// The API's answers, typed once on the server and imported here: never copied.
export type { CopiedView, DoneView, HistoryEntry, Page, RelatedView, StepOperation, SubjectSummary, TaskView } from '@shared/tasks/task.views';
export type { NotificationView } from '@shared/notifications/notification.views';
export type { CurrentStep, ProcessProgress, ProgressActivity, StepAction } from '@shared/claims/process-progress.views';
import type { StepOperation, TaskView } from '@shared/tasks/task.views';

/** Shapes of the API answers the pages read. */
export type ClaimStatus = 'SCREENING' | 'RETURNED' | 'IN_APPROVAL' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN' | 'PAID';

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

export type { ApprovalStep } from '@shared/subjects/approval-loop';
import type { ApprovalStep } from '@shared/subjects/approval-loop';

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
  /** Files uploaded beforehand that the claim carries (invoice originals, required documents). */
  attachments?: { id: string; category?: string; invoice?: string }[];
}







export interface TaskDetail {
  task: TaskView;
  operations: StepOperation[];
  chain: (ApprovalStep & { state: 'done' | 'current' | 'waiting' })[];
  stepIndex: number | null;
  holders: { username: string; displayName: string }[];
}



