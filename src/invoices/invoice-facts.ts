import { yuanToFen } from '../common/money';
import { daysBetween } from '../common/days';

/** The parts of an invoice the invoice rules look at (the claim document's invoice shape). */
export interface InvoiceInput {
  code?: string;
  number: string;
  date: string;
  kind: string;
  amount: string;
  taxRate: number;
  tax: string;
  total: string;
  buyerName: string;
  buyerTaxId: string;
  sellerName: string;
  sellerTaxId: string;
  city?: string;
}

export interface InvoiceNumberFacts {
  /** `fully-digital` (全电, 20 digits), `legacy` (10/12-digit code + 8-digit number) or `malformed`. */
  shape: 'fully-digital' | 'legacy' | 'malformed';
  /** Two-digit year and province code of a fully digital number. */
  year: number | null;
  province: string | null;
}

export function parseInvoiceNumber(invoice: Pick<InvoiceInput, 'code' | 'number'>): InvoiceNumberFacts {
  const number = invoice.number ?? '';
  if (invoice.code !== undefined && invoice.code !== null && invoice.code !== '') {
    const legacy = /^(\d{10}|\d{12})$/.test(invoice.code) && /^\d{8}$/.test(number);
    return { shape: legacy ? 'legacy' : 'malformed', year: null, province: null };
  }
  if (/^\d{20}$/.test(number)) {
    return { shape: 'fully-digital', year: Number(number.slice(0, 2)), province: number.slice(2, 4) };
  }
  return { shape: 'malformed', year: null, province: null };
}

export interface InvoiceMathFacts {
  /** |total − (amount + tax)| in fen. */
  sumDifferenceFen: number;
  /** |tax − amount × taxRate| in fen (fractional: the product is exact). */
  taxDifferenceFen: number;
  /** amount × taxRate, rounded to the fen, as yuan. */
  computedTax: string;
}

export function invoiceMath(invoice: Pick<InvoiceInput, 'amount' | 'taxRate' | 'tax' | 'total'>): InvoiceMathFacts {
  const amount = yuanToFen(invoice.amount);
  const tax = yuanToFen(invoice.tax);
  const total = yuanToFen(invoice.total);
  // amount (fen) × rate (%) is exact in hundredths of a fen.
  const expectedTaxCentiFen = amount * invoice.taxRate;
  const computed = Math.round(expectedTaxCentiFen / 100);
  return {
    sumDifferenceFen: Math.abs(total - (amount + tax)),
    taxDifferenceFen: Math.abs(tax * 100 - expectedTaxCentiFen) / 100,
    computedTax: `${Math.floor(computed / 100)}.${String(computed % 100).padStart(2, '0')}`,
  };
}

/**
 * The key an invoice is registered under: one invoice, one key, however it was typed
 * (spaces, full-width digits, the old-style code in front of its number).
 */
export function invoiceKey(invoice: Pick<InvoiceInput, 'code' | 'number'>): string {
  const clean = (text: string | undefined) =>
    (text ?? '').replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)).replace(/[\s-]/g, '').toUpperCase();
  const code = clean(invoice.code);
  return code ? `${code}:${clean(invoice.number)}` : clean(invoice.number);
}

/** The trip an invoice belongs to: the one whose lodging cites it, else the span of the claim's trips. */
export interface TripWindow {
  start: string;
  end: string;
  destination: string | null;
}

export interface InvoiceDateFacts {
  /** invoice date − today: positive for an invoice dated in the future. */
  daysAfterToday: number;
  /** today − invoice date. */
  ageDays: number;
  /** Whether the trip's dates bound this invoice (lodging and transport invoices of a trip). */
  tripBound: boolean;
  /** trip start − invoice date, when bound. */
  daysBeforeTrip: number | null;
  /** invoice date − trip end, when bound. */
  daysAfterTrip: number | null;
}

export function invoiceDates(invoice: Pick<InvoiceInput, 'date' | 'kind'>, today: string, trip: TripWindow | null): InvoiceDateFacts {
  const tripBound = trip !== null && (invoice.kind === 'lodging' || invoice.kind === 'transport');
  return {
    daysAfterToday: daysBetween(today, invoice.date),
    ageDays: daysBetween(invoice.date, today),
    tripBound,
    daysBeforeTrip: tripBound ? daysBetween(invoice.date, trip!.start) : null,
    daysAfterTrip: tripBound ? daysBetween(trip!.end, invoice.date) : null,
  };
}

export interface BuyerFacts {
  nameMatches: boolean;
  taxIdMatches: boolean;
  registeredName: string;
  registeredTaxId: string;
}

/** Compares the invoice's buyer with the title and code the claimant's unit registered. */
export function buyerFacts(invoice: Pick<InvoiceInput, 'buyerName' | 'buyerTaxId'>, unit: { invoiceTitle: string; creditCode: string }): BuyerFacts {
  const name = (text: string) => text.replace(/\s/g, '').replace(/（/g, '(').replace(/）/g, ')');
  return {
    nameMatches: name(invoice.buyerName ?? '') === name(unit.invoiceTitle),
    taxIdMatches: (invoice.buyerTaxId ?? '').trim().toUpperCase() === unit.creditCode.toUpperCase(),
    registeredName: unit.invoiceTitle,
    registeredTaxId: unit.creditCode,
  };
}

export interface LodgingCityFacts {
  /** A lodging invoice naming a city, on a trip with a destination. */
  applies: boolean;
  matches: boolean;
  invoiceCity: string | null;
  destination: string | null;
}

export function lodgingCity(invoice: Pick<InvoiceInput, 'kind' | 'city'>, trip: TripWindow | null): LodgingCityFacts {
  const invoiceCity = invoice.city?.trim() || null;
  const destination = trip?.destination ?? null;
  const applies = invoice.kind === 'lodging' && invoiceCity !== null && destination !== null;
  return { applies, matches: !applies || sameCity(invoiceCity!, destination!), invoiceCity, destination };
}

/** A city's name without the 市 suffix: 杭州 and 杭州市 are one city. */
export function cityName(city: string): string {
  return city.trim().replace(/市$/, '');
}

export function sameCity(a: string, b: string): boolean {
  return cityName(a) === cityName(b);
}
