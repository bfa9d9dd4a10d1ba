import { yuanToFen } from '../common/money';
import type { InvoiceInput } from './invoice-facts';
import { parseInvoiceNumber } from './invoice-facts';

/** The category of an attachment that is an invoice's original. */
export const INVOICE_ORIGINAL = 'invoice';

/** What an invoice's original file was read as (the intake's fields); absent fields were not readable. */
export interface OriginalFields {
  number?: string;
  issuedOn?: string;
  amount?: string;
  tax?: string;
  total?: string;
  buyerName?: string;
  buyerCreditCode?: string;
}

/** The original attached to an invoice row: none, one not (yet) read, or one read into fields. */
export interface InvoiceOriginal {
  present: boolean;
  fields: OriginalFields | null;
  /** The attachment, so a finding can point at it. */
  attachmentId?: string;
}

export interface OriginalMismatch {
  field: 'number' | 'date' | 'amount' | 'tax' | 'total' | 'buyerName' | 'buyerTaxId';
  typed: string;
  original: string;
}

export interface OriginalCheckFacts {
  /** A 数电票 (20-digit number): its original is an electronic file the claimant has. */
  electronic: boolean;
  /** Its original is asked for: electronic, and issued on or after the day the bureau began asking (data). */
  required: boolean;
  hasOriginal: boolean;
  mismatches: OriginalMismatch[];
  mismatched: boolean;
}

const normalName = (name: string) => name.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');
const fenOf = (value: string | undefined): number | null => {
  try {
    return value === undefined || value === '' ? null : yuanToFen(value);
  } catch {
    return null;
  }
};

/**
 * INV-ORIGINAL-MISMATCH and INV-NO-ORIGINAL: the typed row against the fields its original holds.
 * Only fields the original gave are compared (a QR code carries no tax and no buyer).
 */
export function originalCheck(invoice: InvoiceInput, original: InvoiceOriginal | null | undefined, requiredFrom = '0000-01-01'): OriginalCheckFacts {
  const electronic = parseInvoiceNumber(invoice).shape === 'fully-digital';
  const mismatches: OriginalMismatch[] = [];
  const fields = original?.fields ?? null;
  if (fields) {
    const text = (field: OriginalMismatch['field'], typed: string | undefined, read: string | undefined, same: (a: string, b: string) => boolean) => {
      if (read === undefined || read === null || read === '') return;
      if (!same(typed ?? '', read)) mismatches.push({ field, typed: typed ?? '', original: read });
    };
    const money = (a: string, b: string) => fenOf(a) !== null && fenOf(a) === fenOf(b);
    text('number', invoice.number, fields.number, (a, b) => a.trim() === b.trim());
    text('date', invoice.date, fields.issuedOn, (a, b) => a === b);
    text('amount', invoice.amount, fields.amount, money);
    text('tax', invoice.tax, fields.tax, money);
    text('total', invoice.total, fields.total, money);
    text('buyerName', invoice.buyerName, fields.buyerName, (a, b) => normalName(a) === normalName(b));
    text('buyerTaxId', invoice.buyerTaxId, fields.buyerCreditCode, (a, b) => a.trim().toUpperCase() === b.trim().toUpperCase());
  }
  const required = electronic && typeof invoice.date === 'string' && invoice.date >= requiredFrom;
  return { electronic, required, hasOriginal: original?.present === true, mismatches, mismatched: mismatches.length > 0 };
}
