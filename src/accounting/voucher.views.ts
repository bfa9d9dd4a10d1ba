/* What the voucher pages show; plain types shared with the web app. */

export interface VoucherEntryView {
  lineNo: number;
  book: 'financial' | 'budget';
  subjectCode: string;
  subjectName: string | null;
  summary: string;
  unit: string | null;
  economicCode: string | null;
  economicName: string | null;
  functionalCode: string | null;
  project: string | null;
  person: string | null;
  supplier: string | null;
  debitFen: number;
  creditFen: number;
}

export interface VoucherView {
  id: string;
  period: string;
  number: number;
  label: string;
  date: string;
  summary: string;
  attachmentCount: number;
  source: { kind: string; id: string; link: string } | null;
  eventId: string | null;
  eventKind: string | null;
  ruleVersion: number | null;
  state: 'draft' | 'reviewed' | 'posted';
  madeBy: string;
  reviewedBy: string | null;
  reviewedAt: string | null;
  postedBy: string | null;
  postedAt: string | null;
  reverses: { id: string; label: string; period: string } | null;
  reversedBy: { id: string; label: string; period: string; state: string } | null;
  totals: { financial: { debitFen: number; creditFen: number }; budget: { debitFen: number; creditFen: number } };
}
