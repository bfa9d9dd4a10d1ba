/* Plain shapes of the asset reports, shared with the web app. Money in integer fen. */

export const REGISTER_GROUPINGS = ['unit', 'class', 'keeper', 'status'] as const;
export type RegisterGrouping = (typeof REGISTER_GROUPINGS)[number];

export interface RegisterRow {
  key: string;
  name: string;
  cards: number;
  originalFen: number;
  depreciatedFen: number;
  netFen: number;
}

export interface RegisterReport {
  by: RegisterGrouping;
  rows: RegisterRow[];
  total: Omit<RegisterRow, 'key' | 'name'>;
}

export interface MovementRow {
  id: string;
  number: string;
  name: string;
  classCode: string;
  className: string;
  unitName: string;
  /** Accepted (an addition) or disposed (a disposal) on. */
  on: string;
  originalFen: number;
  depreciatedFen: number;
  netFen: number;
  source?: string;
}

export interface MovementReport {
  from: string;
  to: string;
  additions: MovementRow[];
  disposals: MovementRow[];
  totals: { additionsFen: number; disposalsFen: number; additions: number; disposals: number };
}

export interface ScheduleLine {
  period: string;
  amountFen: number;
  accumulatedFen: number;
  netFen: number;
  /** Months of life the amount covers (more than one when a run caught up missed months). */
  months: number;
  /** Booked by a run, or what the rule will book. */
  booked: boolean;
}

export interface CardSchedule {
  card: { id: string; number: string; name: string; classCode: string; className: string; originalFen: number; usefulLifeMonths: number | null; acceptedOn: string; depreciatedFen: number; depreciatedThrough: string | null; status: string };
  lines: ScheduleLine[];
}

export interface ClassScheduleRow {
  classCode: string;
  className: string;
  /** Twelve amounts, January to December; a month after the last run is projected. */
  months: number[];
  totalFen: number;
}

export interface ClassSchedule {
  year: number;
  /** The last month booked by a run; later months are projections. */
  bookedThrough: string | null;
  rows: ClassScheduleRow[];
  monthTotals: number[];
}

export interface ReconciliationRow {
  unitCode: string;
  unitName: string;
  cardsOriginalFen: number;
  booksOriginalFen: number;
  draftOriginalFen: number;
  originalDifferenceFen: number;
  cardsDepreciatedFen: number;
  booksDepreciatedFen: number;
  draftDepreciatedFen: number;
  depreciatedDifferenceFen: number;
}

export interface Reconciliation {
  rows: ReconciliationRow[];
  total: Omit<ReconciliationRow, 'unitCode' | 'unitName'>;
  agrees: boolean;
}
