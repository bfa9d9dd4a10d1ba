/* Plain data, shared with the web app (no decorators). */

export const ASSET_STATUSES = ['IN_STOCK', 'IN_USE', 'IN_REPAIR', 'TRANSFERRING', 'DISPOSING', 'DISPOSED', 'MISSING'] as const;
export type AssetStatus = (typeof ASSET_STATUSES)[number];

export const ASSET_SOURCES = ['acceptance', 'opening', 'surplus'] as const;
export type AssetSource = (typeof ASSET_SOURCES)[number];

export interface PersonRef {
  id: string;
  name: string;
}

/** One asset card as pages and exports show it; money in yuan strings. */
export interface AssetCardView {
  id: string;
  number: string;
  classCode: string;
  className: string;
  name: string;
  model: string;
  originalValue: string;
  source: AssetSource;
  contractId: string | null;
  contractNumber: string | null;
  acceptanceId: string | null;
  acceptedOn: string;
  unit: { code: string; name: string };
  keeper: PersonRef | null;
  holder: PersonRef | null;
  location: string;
  usefulLifeMonths: number | null;
  depreciated: string;
  netValue: string;
  /** The last month depreciated (YYYY-MM), or null before the first run. */
  depreciatedThrough: string | null;
  status: AssetStatus;
}

/** One entry of a card's history (领用, 调拨, 盘点 …). */
export interface AssetEventView {
  id: string;
  kind: string;
  occurredOn: string;
  actor: PersonRef | null;
  subject: { kind: string; id: string } | null;
  facts: Record<string, unknown>;
  createdAt: string;
}

/** An accepted contract item marked for asset cards, with how many units still have no card. */
export interface PendingAssetLine {
  acceptanceId: string;
  itemId: string;
  contractId: string;
  contractNumber: string;
  unit: { code: string; name: string };
  name: string;
  catalogueCode: string | null;
  proposedClass: string | null;
  specialEquipment: boolean;
  unitPrice: string;
  quantity: number;
  carded: number;
  uncarded: number;
  acceptedOn: string;
  /** AST-UNCARDED when the line is late (the asset rule set's days after acceptance), else absent. */
  finding?: { ruleId: string; severity: string; message: { zh: string; en: string } } | null;
}

export interface AssetPage<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}
