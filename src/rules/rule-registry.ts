import type { Almanac } from 'json-rules-engine';
import { isValidCreditCode } from '../invoices/credit-code';
import { invoiceMath, InvoiceInput, parseInvoiceNumber } from '../invoices/invoice-facts';

/**
 * Custom operators: the checks a rule names but JSON cannot express. Policy values stay in the rule
 * files; these only compute.
 */
export const OPERATORS: Record<string, (factValue: unknown, jsonValue: unknown) => boolean> = {
  /** factValue is a 统一社会信用代码; jsonValue says whether it should be valid. */
  isValidCreditCode: (factValue, jsonValue) => isValidCreditCode(factValue) === jsonValue,
};

type FactCalculator = (almanac: Almanac) => Promise<unknown>;

/** Facts computed from the inputs when a rule asks for them. */
export const COMPUTED_FACTS: Record<string, FactCalculator> = {
  invoiceNumber: async (almanac) => parseInvoiceNumber((await almanac.factValue('invoice')) as InvoiceInput),
  invoiceMath: async (almanac) => invoiceMath((await almanac.factValue('invoice')) as InvoiceInput),
  today: async (almanac) => {
    const day = (await almanac.factValue('submittedOn')) as string;
    return { date: day, yearOfCentury: Number(day.slice(2, 4)) };
  },
};

/** Facts every evaluation provides, besides a set's own inputs. */
export const AMBIENT_FACTS = ['policy', 'submittedOn'];
