/* What a stocktake looks like to its readers, and the decisions a gap can take; plain data shared with the web app. */

export type StocktakeStatus = 'OPEN' | 'CLOSED';
export type GapKind = 'missing' | 'surplus';

/** 盘亏 decisions. `write-off` confirms the card missing (it becomes MISSING); `located` counts it after all. */
export const MISSING_DECISIONS = ['investigate', 'write-off', 'located'] as const;
/** 盘盈 decisions: make a card for it, send it back to the unit whose card it is, or not an asset at all. */
export const SURPLUS_DECISIONS = ['create-card', 'return', 'not-asset'] as const;
export type MissingDecision = (typeof MISSING_DECISIONS)[number];
export type SurplusDecision = (typeof SURPLUS_DECISIONS)[number];
export type GapDecision = MissingDecision | SurplusDecision;

export function decisionsFor(kind: GapKind): readonly GapDecision[] {
  return kind === 'missing' ? MISSING_DECISIONS : SURPLUS_DECISIONS;
}

/** A unit an asset-keeper keeps, with the cards on its books and where they are kept. */
export interface PlaceView {
  unit: { code: string; name: string };
  cards: number;
  locations: { location: string; cards: number }[];
}

export interface DecisionView {
  decision: GapDecision;
  note: string | null;
  decidedBy: string;
  decidedAt: string;
}

export interface StocktakeSummary {
  id: string;
  number: string;
  title: string;
  unit: { code: string; name: string };
  location: string | null;
  status: StocktakeStatus;
  openedOn: string;
  openedBy: string;
  closedOn: string | null;
  expected: number;
  found: number;
  missing: number;
  surplus: number;
}

/** An expected card and whether a scan found it. */
export interface StocktakeItemView {
  cardId: string;
  number: string;
  name: string;
  location: string | null;
  found: boolean;
  /** When the first scan of it arrived, and who made it. */
  firstScan: { at: string; by: string } | null;
  decision: DecisionView | null;
}

/** 盘盈: a label scanned that is not in the snapshot (key = its code), or an item entered by hand (key = its id). */
export interface SurplusView {
  key: string;
  source: 'scan' | 'manual';
  code: string | null;
  description: string;
  /** The card the label belongs to, when it is a card of the product (another unit's, or another place's). */
  card: { id: string; unit: string; location: string | null; status: string } | null;
  scans: number;
  decision: DecisionView | null;
}

export interface ScanView {
  id: string;
  code: string;
  number: string | null;
  name: string | null;
  inSnapshot: boolean;
  by: string;
  at: string;
}

export interface StocktakeDetail extends StocktakeSummary {
  /** Missing cards (not found yet), up to `missingShown`; `missing` in the summary counts all. */
  missingItems: StocktakeItemView[];
  surplusItems: SurplusView[];
  recentScans: ScanView[];
  scanCount: number;
  /** Missing cards without a decision: closing is refused while there are any (AST-STOCKTAKE-GAP). */
  undecidedMissing: number;
  undecidedSurplus: number;
  canManage: boolean;
}

/** The answer to a batch of scans: each scan's fate, then the counts as they stand. */
export type ScanOutcome = 'found' | 'again' | 'surplus' | 'replayed';
export interface ScanResult {
  scans: { id: string; outcome: ScanOutcome; number: string | null; name: string | null }[];
  found: number;
  expected: number;
}

/**
 * What the phone reads from a label: the asset number, bare or inside a link that ends with it
 * (`…/assets/scan?n=ZC2026-000001`). Spaces and case slips from hand entry are forgiven.
 */
export function assetNumberFromCode(text: string): string {
  const trimmed = text.trim();
  const fromLink = /[?&]n=([^&#\s]+)/.exec(trimmed);
  const raw = fromLink ? decodeURIComponent(fromLink[1]) : trimmed;
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** A UUID (version 4) from the browser's random source; works on plain http where randomUUID does not. */
export function newScanId(random: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = random(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
