/**
 * Builds claim documents in the acceptance format. Every invoice gets a number unique to this test
 * run, so claims from different tests never share an invoice by accident.
 */
import { randomInt } from 'node:crypto';

export const BUREAU_TITLE = '义乌市公安局';
export const BUREAU_CREDIT_CODE = '11330782002580471H';
export const HOTEL_CREDIT_CODE = '91330100MA27Y8K3P3';

let serial = randomInt(0, 1_000_000) * 1000;

/** A fresh 20-digit fully digital invoice number (year 26, province 33). */
export function invoiceNumber(): string {
  serial += 1;
  return `2633${String(serial).padStart(16, '0')}`;
}

export type Invoice = {
  code?: string;
  number: string;
  date: string;
  kind: 'lodging' | 'transport' | 'general';
  city?: string;
  amount: string;
  taxRate: number;
  tax: string;
  total: string;
  buyerName: string;
  buyerTaxId: string;
  sellerName: string;
  sellerTaxId: string;
};

export function buildInvoice(overrides: Partial<Invoice> = {}): Invoice {
  return {
    number: invoiceNumber(),
    date: '2026-10-15',
    kind: 'lodging',
    city: '杭州',
    amount: '716.98',
    taxRate: 6,
    tax: '43.02',
    total: '760.00',
    buyerName: BUREAU_TITLE,
    buyerTaxId: BUREAU_CREDIT_CODE,
    sellerName: '杭州西湖宾馆有限公司',
    sellerTaxId: HOTEL_CREDIT_CODE,
    ...overrides,
  };
}

/** A clean two-night training trip to Hangzhou by zhangsan of 城西派出所 (scenario S01's shape). */
export function buildTravelClaim(overrides: { invoice?: Partial<Invoice>; claimant?: string; unit?: string } = {}) {
  const claimant = overrides.claimant ?? 'zhangsan';
  const invoice = buildInvoice(overrides.invoice);
  return {
    type: 'travel' as const,
    claimant,
    budgetLine: { unit: overrides.unit ?? '城西派出所', subject: '30211', fund: 'basic' as const },
    purpose: '赴杭州参加业务培训',
    trips: [
      {
        traveller: claimant,
        destination: '杭州',
        start: '2026-10-13',
        end: '2026-10-15',
        legs: [
          { mode: 'train', class: '二等座', from: '义乌', to: '杭州', date: '2026-10-13', fare: '47.50' },
          { mode: 'train', class: '二等座', from: '杭州', to: '义乌', date: '2026-10-15', fare: '47.50' },
        ],
        lodging: [{ city: '杭州', nights: 2, amount: invoice.total, invoice: invoice.number }],
        allowances: { mealDays: 3, meal: '300.00', transportDays: 3, transport: '240.00' },
      },
    ],
    invoices: [invoice],
  };
}

export type TravelClaim = ReturnType<typeof buildTravelClaim>;
