import { calendarDays, daysBetween } from '@shared/common/days';
import { fenToYuan, MONEY_PATTERN, yuanToFen } from '@shared/common/money';
import { claimTotalFen } from '@shared/claims/claim-total';
import { isValidCreditCode } from '@shared/invoices/credit-code';
import { invoiceMath, parseInvoiceNumber } from '@shared/invoices/invoice-facts';
import { allowanceCheck, lodgingCheck, TripStandards } from '@shared/standards/standards-facts';
import invoiceRules from '../../rules/invoice.json';
import type { ClaimDocument } from './types';

/**
 * What the claim forms compute and check while the user types. Every figure comes from the code
 * screening runs on the server (imported from src/, not copied), over the rule data it uses.
 */

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isMoney = (v: unknown): v is string => typeof v === 'string' && MONEY_PATTERN.test(v);

export interface Hint { key: string; params: Record<string, string | number>; }

/** The claim total as the server computes it, or null while an amount is incomplete. */
export function claimTotal(document: Partial<ClaimDocument>): string | null {
  try {
    return fenToYuan(claimTotalFen({ trips: [], items: [], invoices: [], ...document } as never));
  } catch {
    return null;
  }
}

/** Calendar days and nights of a trip, when both dates are filled. */
export function tripSpan(trip: { start?: string; end?: string }): { days: number; nights: number } | null {
  if (!trip.start || !trip.end || !DAY.test(trip.start) || !DAY.test(trip.end) || trip.end < trip.start) return null;
  return { days: calendarDays(trip.start, trip.end), nights: daysBetween(trip.start, trip.end) };
}

/** Lodging against the caps and allowances against the standard, by the screening's own fact code. */
export function tripStandardsCheck(trip: NonNullable<ClaimDocument['trips']>[number], standards: TripStandards) {
  const safeTrip = {
    ...trip,
    legs: [],
    lodging: (trip.lodging ?? []).filter((l) => l.city && l.nights > 0 && isMoney(l.amount)),
    allowances: trip.allowances && isMoney(trip.allowances.meal) && isMoney(trip.allowances.transport) ? trip.allowances : undefined,
  };
  // A lodging entry counts against the cap once it names an invoice; here every entry is shown.
  const asInvoiced = { ...safeTrip, lodging: safeTrip.lodging.map((l, i) => ({ ...l, invoice: `row-${i}` })) };
  const lodging = lodgingCheck(asInvoiced, asInvoiced.lodging.map((l) => ({ number: l.invoice, kind: 'lodging' })), standards);
  const allowance = allowanceCheck(safeTrip, standards);
  return { lodging, allowance };
}

/** Standard allowances for a trip: calendar days × the destination's daily rates. */
export function standardAllowances(days: number, standards: TripStandards) {
  return { mealDays: days, meal: fenToYuan(days * standards.mealPerDayFen), transportDays: days, transport: fenToYuan(days * standards.transportPerDayFen) };
}

/** Problems of one invoice that screening would return it for, found while the user types. */
export function invoiceHints(invoice: Record<string, any>): Hint[] {
  const hints: Hint[] = [];
  if (invoice.number && parseInvoiceNumber({ code: invoice.code || undefined, number: String(invoice.number) }).shape === 'malformed') {
    hints.push({ key: 'hints.invoiceFormat', params: {} });
  }
  const rate = Number(invoice.taxRate);
  if (isMoney(invoice.amount) && isMoney(invoice.tax) && isMoney(invoice.total) && invoice.taxRate !== '' && invoice.taxRate !== null && !Number.isNaN(rate)) {
    const math = invoiceMath({ amount: invoice.amount, tax: invoice.tax, total: invoice.total, taxRate: rate });
    const tolerance = invoiceRules.data.toleranceFen;
    if (math.sumDifferenceFen > tolerance) hints.push({ key: 'hints.invoiceSum', params: { amount: invoice.amount, tax: invoice.tax, total: invoice.total } });
    if (math.taxDifferenceFen > tolerance) hints.push({ key: 'hints.invoiceTax', params: { expected: math.computedTax, amount: invoice.amount, rate, tax: invoice.tax } });
    if (!invoiceRules.data.legalTaxRates.includes(rate)) hints.push({ key: 'hints.invoiceRate', params: { rate, rates: invoiceRules.data.legalTaxRates.join('、') } });
  }
  for (const [field, code] of [['hints.buyer', invoice.buyerTaxId], ['hints.seller', invoice.sellerTaxId]] as const) {
    if (typeof code === 'string' && code.length >= 18 && !isValidCreditCode(code)) hints.push({ key: 'hints.creditCode', params: { field, code } });
  }
  return hints;
}

export { fenToYuan, yuanToFen };

