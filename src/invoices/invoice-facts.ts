import { yuanToFen } from '../common/money';

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
