/* Plain computations of the asset flows, shared with the web app (no decorators, no I/O). */
import type { Almanac } from 'json-rules-engine';

/** 处置方式: 报废, 出售, 对外捐赠, 无偿调出. */
export const DISPOSAL_WAYS = ['scrap', 'sale', 'donation', 'transfer-out'] as const;
export type DisposalWay = (typeof DISPOSAL_WAYS)[number];
export const DISPOSAL_WAY_NAMES: Record<DisposalWay, { zh: string; en: string }> = {
  scrap: { zh: '报废', en: 'Scrap' },
  sale: { zh: '出售', en: 'Sale' },
  donation: { zh: '对外捐赠', en: 'Donation' },
  'transfer-out': { zh: '无偿调出', en: 'Transfer out free of charge' },
};

export const FLOW_STATUSES = ['IN_APPROVAL', 'APPROVED', 'REJECTED'] as const;
export type FlowStatus = (typeof FLOW_STATUSES)[number];

/** A card as the disposal rule set reads it. */
export interface DisposalCardInput {
  number: string;
  acceptedOn: string;
  /** null: a class that is not depreciated, so it has no life to wait for. */
  usefulLifeMonths: number | null;
}

/** The day a card's useful life ends: its accepted day plus the life in months (the month's end when shorter). */
export function lifeEndsOn(acceptedOn: string, months: number): string {
  const [y, m, d] = acceptedOn.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

/** AST-DISPOSAL-EARLY: cards proposed for disposal before their useful life has passed (accepted_on + life > today). */
export function disposalEarly(cards: DisposalCardInput[], today: string) {
  const early = cards
    .filter((c) => c.usefulLifeMonths !== null && lifeEndsOn(c.acceptedOn, c.usefulLifeMonths) > today)
    .map((c) => ({ number: c.number, acceptedOn: c.acceptedOn, usefulLifeMonths: c.usefulLifeMonths, lifeEndsOn: lifeEndsOn(c.acceptedOn, c.usefulLifeMonths!) }));
  return { early: early.length > 0, count: early.length, cards: early, numbers: early.map((c) => `${c.number}（${c.lifeEndsOn} 到期）`).join('、'), today };
}

/** One line of the disposal authority table: a total original value below `belowFen` (null: any) goes up to `upTo`. */
export interface AuthorityLine {
  belowFen: number | null;
  upTo: 'finance' | 'deputy-chief' | 'chief';
}

const AUTHORITY_ORDER = ['finance', 'deputy-chief', 'chief'] as const;

/** The steps above the unit head a disposal of `totalFen` original value needs: the first line it is below, and every level up to it. */
export function authoritySteps(totalFen: number, lines: AuthorityLine[]): string[] {
  const line = lines.find((l) => l.belowFen === null || totalFen < l.belowFen) ?? lines[lines.length - 1];
  return AUTHORITY_ORDER.slice(0, AUTHORITY_ORDER.indexOf(line.upTo) + 1);
}

const fact = <T>(almanac: Almanac, name: string) => almanac.factValue(name) as Promise<T>;

/** The computed facts of the asset-disposal rule set; its input is `cards`. */
export const ASSET_DISPOSAL_FACTS: Record<string, (almanac: Almanac) => Promise<unknown>> = {
  disposalEarly: async (almanac) => disposalEarly((await fact<DisposalCardInput[]>(almanac, 'cards')) ?? [], await fact<string>(almanac, 'submittedOn')),
};

/** The 政府支出经济分类 code the asset was bought under, by its class: what a disposal line names. */
export function purchaseEconomicCode(classCode: string): string {
  if (classCode.startsWith('A01')) return '31001';
  if (classCode.startsWith('A0203')) return '31013';
  if (classCode.startsWith('A03')) return '31003';
  return '31002';
}
