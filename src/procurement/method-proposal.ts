/* Plain data and arithmetic, shared by the request form in the browser and screening on the server. */
import { METHOD_NAMES, ProcurementMethod } from './procurement-methods';

export type CategoryKind = 'goods' | 'works' | 'services';
/** What the amount and category require: the unit buys itself, 政府采购, or 公开招标. */
export type ProcurementTier = 'self' | 'government' | 'open-tender';

export interface CatalogueItem {
  code: string;
  name: string;
}

/** One version of a region's thresholds (rules/data/procurement-thresholds.json). */
export interface ThresholdVersion {
  effectiveFrom: string;
  centralised: { items: string[]; source: string };
  decentralisedLimitFen: Record<CategoryKind, number>;
  decentralisedSource: string;
  openTenderFen: Record<CategoryKind, number>;
  openTenderSource: string;
  internalQuotes: { fromFen: number; quotes: number; source: string };
  /** Quotes or bids each method needs (the unit's own purchase: `internalQuotes`). */
  quotesByMethod: Partial<Record<ProcurementMethod, number>>;
  quotesSource: string;
}

export interface ThresholdTable {
  regions: Record<string, { label: string; versions: ThresholdVersion[] }>;
}

export interface Reason {
  zh: string;
  en: string;
}

export interface MethodProposal {
  category: string;
  kind: CategoryKind;
  amountFen: number;
  tier: ProcurementTier;
  /** The item is in the 集中采购目录: the centralised purchasing agency buys it, whatever the amount. */
  centralised: boolean;
  proposed: ProcurementMethod;
  /** Every method the amount and category allow; a person may choose any of them. */
  allowed: ProcurementMethod[];
  /** Quotes (or bids) the proposed method needs. */
  quotesNeeded: number;
  reasons: Reason[];
  thresholds: { decentralisedLimitFen: number; openTenderFen: number; internalQuotesFromFen: number; effectiveFrom: string; region: string };
}

const GOVERNMENT_METHODS: ProcurementMethod[] = ['inquiry', 'competitive-negotiation', 'competitive-consultation', 'single-source', 'open-tender'];

export function categoryKind(code: string): CategoryKind {
  return code.startsWith('B') ? 'works' : code.startsWith('C') ? 'services' : 'goods';
}

/** The catalogue entry of a code, or null when the catalogue does not hold it. */
export function findCategory(catalogue: CatalogueItem[], code: string): CatalogueItem | null {
  return catalogue.find((item) => item.code === code) ?? null;
}

/** The path of a code from its top level down (A → A02 → A0201 …), as far as the catalogue holds it. */
export function categoryPath(catalogue: CatalogueItem[], code: string): CatalogueItem[] {
  return catalogue.filter((item) => code.startsWith(item.code)).sort((a, b) => a.code.length - b.code.length);
}

/** The version of a region's thresholds in force on a day (the first one for a day before every version). */
export function thresholdsOn(table: ThresholdTable, region: string, day: string): ThresholdVersion {
  const versions = table.regions[region]?.versions ?? [];
  if (versions.length === 0) throw new Error(`no procurement thresholds for region ${region}`);
  const sorted = [...versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return sorted.filter((v) => v.effectiveFrom <= day).pop() ?? sorted[0];
}

const yuan = (fen: number) => (fen / 100).toLocaleString('zh-CN', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/**
 * The method the amount and category call for, and why: an item of the 集中采购目录 goes to the
 * centralised purchasing agency; below the 分散采购限额标准 the unit buys itself (three quotes with a
 * market survey from the internal limit up); at or above it 政府采购; at or above the 公开招标数额标准
 * open tender. "At or above" is the rule at every threshold.
 */
export function proposeMethod(input: { category: string; amountFen: number }, version: ThresholdVersion, region = 'city-county'): MethodProposal {
  const kind = categoryKind(input.category);
  const limit = version.decentralisedLimitFen[kind];
  const open = version.openTenderFen[kind];
  const kindName = { goods: { zh: '货物', en: 'goods' }, works: { zh: '工程', en: 'works' }, services: { zh: '服务', en: 'services' } }[kind];
  const centralised = version.centralised.items.some((item) => input.category.startsWith(item));
  const reasons: Reason[] = [];
  const tier: ProcurementTier = input.amountFen >= open ? 'open-tender' : input.amountFen >= limit || centralised ? 'government' : 'self';
  let proposed: ProcurementMethod;
  let allowed: ProcurementMethod[];
  if (input.amountFen >= open) {
    reasons.push({
      zh: `预算金额 ${yuan(input.amountFen)} 元达到${kindName.zh}公开招标数额标准 ${yuan(open)} 元，应公开招标（${version.openTenderSource}）`,
      en: `the estimate of ¥${yuan(input.amountFen)} reaches the open-tender threshold for ${kindName.en} of ¥${yuan(open)}: open tender is required`,
    });
    proposed = 'open-tender';
    allowed = ['open-tender'];
  } else if (centralised) {
    reasons.push({ zh: `品目 ${input.category} 属于集中采购目录，应委托集中采购机构采购（${version.centralised.source}）`, en: `category ${input.category} is in the centralised procurement catalogue: the centralised purchasing agency buys it` });
    proposed = 'centralised';
    allowed = ['centralised', 'open-tender'];
  } else if (input.amountFen >= limit) {
    reasons.push({
      zh: `预算金额 ${yuan(input.amountFen)} 元达到${kindName.zh}分散采购限额标准 ${yuan(limit)} 元、未达公开招标数额标准 ${yuan(open)} 元，应实行政府采购（${version.decentralisedSource}）`,
      en: `the estimate of ¥${yuan(input.amountFen)} reaches the ${kindName.en} limit for decentralised purchasing of ¥${yuan(limit)} but not the open-tender threshold of ¥${yuan(open)}: government procurement is required`,
    });
    proposed = kind === 'goods' ? 'inquiry' : 'competitive-consultation';
    reasons.push(kind === 'goods'
      ? { zh: '规格标准统一、现货充足的货物宜用询价；也可选择竞争性谈判、竞争性磋商或公开招标', en: 'standard goods in ready supply suit a request for quotations; negotiation, consultation or open tender may be chosen instead' }
      : { zh: `${kindName.zh}宜用竞争性磋商；也可选择竞争性谈判、询价或公开招标`, en: `${kindName.en} suit competitive consultation; negotiation, quotations or open tender may be chosen instead` });
    allowed = GOVERNMENT_METHODS;
  } else {
    reasons.push({
      zh: `预算金额 ${yuan(input.amountFen)} 元低于${kindName.zh}分散采购限额标准 ${yuan(limit)} 元，由单位按内部制度自行采购`,
      en: `the estimate of ¥${yuan(input.amountFen)} is below the ${kindName.en} limit for decentralised purchasing of ¥${yuan(limit)}: the unit buys under its internal rules`,
    });
    if (input.amountFen >= version.internalQuotes.fromFen) {
      reasons.push({ zh: `金额达到 ${yuan(version.internalQuotes.fromFen)} 元，须${version.internalQuotes.quotes}家询价并做市场调查（${version.internalQuotes.source}）`, en: `from ¥${yuan(version.internalQuotes.fromFen)} the internal rule asks for ${version.internalQuotes.quotes} quotes with a market survey` });
    }
    proposed = 'self';
    allowed = ['self', 'centralised', ...GOVERNMENT_METHODS];
  }
  return {
    category: input.category,
    kind,
    amountFen: input.amountFen,
    tier,
    centralised,
    proposed,
    allowed,
    quotesNeeded: quotesNeeded(proposed, input.amountFen, version),
    reasons,
    thresholds: { decentralisedLimitFen: limit, openTenderFen: open, internalQuotesFromFen: version.internalQuotes.fromFen, effectiveFrom: version.effectiveFrom, region },
  };
}

/** Quotes or bids a method needs, from the table; for the unit's own purchase, the internal rule from its amount up. */
export function quotesNeeded(method: ProcurementMethod, amountFen: number, version: ThresholdVersion): number {
  if (method === 'self') return amountFen >= version.internalQuotes.fromFen ? version.internalQuotes.quotes : 0;
  return version.quotesByMethod[method] ?? 0;
}

/** Whether a chosen method is below what the proposal requires (PROC-METHOD), with the words to say so. */
export function methodCheck(chosen: ProcurementMethod, proposal: MethodProposal): { laxer: boolean; chosen: ProcurementMethod; chosenName: string; required: ProcurementMethod[]; requiredNames: string[]; tier: ProcurementTier } {
  return {
    laxer: !proposal.allowed.includes(chosen),
    chosen,
    chosenName: METHOD_NAMES[chosen].zh,
    required: proposal.allowed,
    requiredNames: proposal.allowed.map((m) => METHOD_NAMES[m].zh),
    tier: proposal.tier,
  };
}
