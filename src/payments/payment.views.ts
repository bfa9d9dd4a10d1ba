/* What the payment pages read from /api/payments: plain types shared with the web app. */

export type PaymentMethodView = 'authorized' | 'card' | 'direct';
export type BatchStatus = 'IN_APPROVAL' | 'APPROVED' | 'REJECTED' | 'WITHDRAWN' | 'EXPORTED' | 'PARTIAL' | 'COMPLETED';
export type LineStatus = 'PENDING' | 'PAID' | 'FAILED' | 'RELEASED';

/** A finding about a payable (PAY-CARD-REQUIRED …) as the cashier reads it. */
export interface PayableNoteView {
  ruleId: string;
  severity: 'warn' | 'info';
  message: { zh: string; en: string };
  facts?: Record<string, unknown>;
}

export interface DueView {
  kind: string;
  id: string;
  reference: string;
  title: string;
  link: string | null;
  payee: string;
  payeeKey: string;
  account: string | null;
  bank: string;
  amount: string;
  method: PaymentMethodView;
  budget: string;
  dueSince: string;
  daysSinceApproval: number;
  notes: PayableNoteView[];
  /** The bank refused it in an earlier batch: why, and which batch. */
  lastFailure: { batch: string; batchId: string; reason: string; at: string } | null;
  /** It cannot go into a batch until the administrator keeps the payee's account. */
  missingAccount: boolean;
}

export interface LineView {
  id: string;
  row: number;
  kind: string;
  sourceId: string;
  reference: string;
  title: string;
  payee: string;
  account: string | null;
  bank: string;
  amount: string;
  method: string;
  budget: string;
  dueSince: string;
  status: LineStatus;
  bankReason: string | null;
  paidOn: string | null;
  notes: PayableNoteView[];
}

export interface BatchView {
  id: string;
  number: string;
  title: string;
  status: BatchStatus;
  createdBy: string;
  total: string;
  lineCount: number;
  paid: { count: number; amount: string };
  failed: { count: number; amount: string };
  pending: number;
  processInstanceId: string | null;
  createdAt: string;
  approvedAt: string | null;
  exportedAt: string | null;
  completedAt: string | null;
  lines: LineView[];
  history: { action: string; actor: string; detail: Record<string, unknown>; at: string }[];
  layouts: { id: string; name: { zh: string; en: string }; format: string }[];
}

export interface ImportReport {
  batch: string;
  layout: string;
  rows: number;
  paid: number;
  failed: number;
  unchanged: { row: number; key: string; reason: string }[];
  refused: { row: number; key: string; reason: string; reasonEn: string }[];
  status: BatchStatus;
}
