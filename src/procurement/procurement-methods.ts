/* Plain data, shared with the web app (no decorators). */

/**
 * The procurement methods (采购方式) a request or award names. `self` is the unit buying under its
 * internal rules below the 分散采购限额标准; `centralised` is handing the purchase to the centralised
 * purchasing agency (集中采购目录 items); the rest are the methods of 政府采购法 第二十六条.
 */
export const PROCUREMENT_METHODS = ['self', 'inquiry', 'competitive-negotiation', 'competitive-consultation', 'single-source', 'open-tender', 'centralised'] as const;
export type ProcurementMethod = (typeof PROCUREMENT_METHODS)[number];

export const METHOD_NAMES: Record<ProcurementMethod, { zh: string; en: string }> = {
  self: { zh: '自行采购', en: 'Bought by the unit' },
  inquiry: { zh: '询价', en: 'Request for quotations' },
  'competitive-negotiation': { zh: '竞争性谈判', en: 'Competitive negotiation' },
  'competitive-consultation': { zh: '竞争性磋商', en: 'Competitive consultation' },
  'single-source': { zh: '单一来源', en: 'Single source' },
  'open-tender': { zh: '公开招标', en: 'Open tender' },
  centralised: { zh: '集中采购', en: 'Centralised purchasing agency' },
};

/** A method as given: its code, or its Chinese name as the chain scenarios and imported registers write it. */
export function methodOf(value: unknown): ProcurementMethod | null {
  if (typeof value !== 'string') return null;
  const text = value.trim();
  if ((PROCUREMENT_METHODS as readonly string[]).includes(text)) return text as ProcurementMethod;
  const byName = (Object.entries(METHOD_NAMES) as [ProcurementMethod, { zh: string }][]).find(([, names]) => names.zh === text);
  return byName ? byName[0] : null;
}
