/** What the payment pages read from /api/payments. */
export interface PayableNoteView {
  ruleId: string;
  severity: 'warn' | 'info';
  message: { zh: string; en: string };
}

export interface DueLine {
  kind: string;
  id: string;
  reference: string;
  title: string;
  link: string | null;
  payee: string;
  account: string | null;
  bank: string;
  amount: string;
  method: 'authorized' | 'card' | 'direct';
  budget: string;
  dueSince: string;
  daysSinceApproval: number;
  notes: PayableNoteView[];
  lastFailure: { batch: string; batchId: string; reason: string; at: string } | null;
  missingAccount: boolean;
}

export interface BatchSummary {
  id: string;
  number: string;
  title: string;
  status: string;
  createdBy: string;
  total: string;
  lineCount: number;
  paid: { count: number; amount: string };
  failed: { count: number; amount: string };
  pending: number;
  createdAt: string;
  approvedAt: string | null;
  exportedAt: string | null;
  completedAt: string | null;
}

export interface BatchLine {
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
  method: DueLine['method'];
  budget: string;
  status: 'PENDING' | 'PAID' | 'FAILED' | 'RELEASED';
  bankReason: string | null;
  paidOn: string | null;
  notes: PayableNoteView[];
}

export interface BatchDetail extends BatchSummary {
  lines: BatchLine[];
  history: { action: string; actor: string; detail: Record<string, unknown>; at: string }[];
  layouts: { id: string; name: { zh: string; en: string }; format: string }[];
}

export interface ImportReport {
  batch: string;
  rows: number;
  paid: number;
  failed: number;
  unchanged: { row: number; key: string; reason: string }[];
  refused: { row: number; key: string; reason: string; reasonEn: string }[];
  status: string;
}

/** Sums yuan strings exactly, through fen. */
export function sumYuan(amounts: string[]): string {
  const fen = amounts.reduce((sum, a) => {
    const [whole, fraction = ''] = a.split('.');
    return sum + Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  }, 0);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}
