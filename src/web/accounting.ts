import { fenToYuan } from '@shared/common/money';
import { moneyText } from './format';
import type { Actor } from './session';
import type { VoucherEntryView, VoucherView } from '@shared/accounting/voucher.views';

/** Integer fen as yuan with thousands separators (红字 amounts keep their minus sign). */
export const fenText = (fen: number | null | undefined): string => (fen === null || fen === undefined ? '—' : moneyText(fenToYuan(fen)));

/** An amount cell that is empty for zero, as printed books show it. */
export const fenCell = (fen: number): string => (fen === 0 ? '' : fenText(fen));

/** Accountants, finance and the leaders read the books; only accountants and finance write them. */
export const readsBooks = (actor: Actor | null): boolean => !!actor?.groups.some((g) => ['accountant', 'finance', 'deputy-chief', 'chief'].includes(g));
export const keepsBooks = (actor: Actor | null): boolean => !!actor?.groups.some((g) => g === 'accountant' || g === 'finance');

/** The server's bilingual text 「中文 / English」 in the page's language (the Chinese may itself hold a slash). */
export function bilingualText(text: string, locale: string): string {
  const at = text.lastIndexOf(' / ');
  if (at < 0) return text;
  return locale === 'en' ? text.slice(at + 3) : text.slice(0, at);
}

/** This month as an accounting period, YYYY-MM (the bureau's days are China Standard Time). */
export function currentPeriod(): string {
  const now = new Date(Date.now() + 8 * 3600_000);
  return `${now.getUTCFullYear()}-${String(now.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** A voucher as the API answers it; one voucher's page also carries its entries. */
export type VoucherEntry = VoucherEntryView;
export type Voucher = VoucherView & { entries?: VoucherEntryView[] };

export const STATE_TAG: Record<string, 'info' | 'warning' | 'success'> = { draft: 'info', reviewed: 'warning', posted: 'success' };
