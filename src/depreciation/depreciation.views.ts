/* Plain shapes of the depreciation API, shared with the web app. Money in integer fen. */

export interface DepreciationRunLine {
  unitCode: string;
  unitName: string;
  classCode: string;
  className: string;
  cards: number;
  amountFen: number;
}

export interface DepreciationRunView {
  id: string;
  period: string;
  trigger: 'schedule' | 'manual';
  runBy: string | null;
  cards: number;
  totalFen: number;
  /** The `depreciation` business event accounting raises the voucher from; null when nothing was due. */
  eventId: string | null;
  startedAt: string;
  finishedAt: string | null;
}

export interface DepreciationRunOutcome {
  run: DepreciationRunView;
  /** False when the month had been run already: this call booked nothing. */
  created: boolean;
}
