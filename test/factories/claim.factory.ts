/**
 * Builds claim documents in the acceptance format. Every invoice gets a number unique to this test
 * run, so claims from different tests never share an invoice by accident.
 */
import { randomInt } from 'node:crypto';
import type { InvoiceInput } from '../../src/invoices/invoice-facts';

export const BUREAU_TITLE = '义乌市公安局';
export const BUREAU_CREDIT_CODE = '11330782002580471H';
export const HOTEL_CREDIT_CODE = '91330100MA27Y8K3P3';

let serial = randomInt(0, 1_000_000) * 1000;

/** A fresh 20-digit fully digital invoice number (year 26, province 33). */
export function invoiceNumber(): string {
  serial += 1;
  return `2633${String(serial).padStart(16, '0')}`;
}

/** An invoice of the claim document, as the screening code reads it. */
export type Invoice = InvoiceInput & { kind: 'lodging' | 'transport' | 'general' };

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

export interface TravelClaimOptions {
  invoice?: Partial<Invoice>;
  claimant?: string;
  unit?: string;
  destination?: string;
  start?: string;
  end?: string;
  lodgingAmount?: string;
  seatClass?: string;
}

/** A clean two-night training trip to Hangzhou (scenario S01's shape), for the given claimant and unit. */
export function buildTravelClaim(options: TravelClaimOptions = {}) {
  const claimant = options.claimant ?? 'zhangsan';
  const destination = options.destination ?? '杭州';
  const start = options.start ?? '2026-10-13';
  const end = options.end ?? '2026-10-15';
  const invoice = buildInvoice({ date: end, city: destination, ...options.invoice });
  const lodgingAmount = options.lodgingAmount ?? invoice.total;
  const seatClass = options.seatClass ?? '二等座';
  return {
    type: 'travel' as const,
    claimant,
    budgetLine: { unit: options.unit ?? '城西派出所', subject: '30211', fund: 'basic' as const },
    purpose: `赴${destination}参加业务培训`,
    trips: [
      {
        traveller: claimant,
        destination,
        start,
        end,
        legs: [
          { mode: 'train', class: seatClass, from: '义乌', to: destination, date: start, fare: '47.50' },
          { mode: 'train', class: seatClass, from: destination, to: '义乌', date: end, fare: '47.50' },
        ],
        lodging: [{ city: destination, nights: 2, amount: lodgingAmount, invoice: invoice.number }],
        allowances: { mealDays: 3, meal: '300.00', transportDays: 3, transport: '240.00' },
      },
    ],
    invoices: [invoice],
  };
}

export type TravelClaim = ReturnType<typeof buildTravelClaim>;

/** An expense claim of one item paid to `payee`, with its general invoice (13 % VAT). */
export function buildExpenseClaim(options: { claimant: string; unit: string; amount: string; payee?: string; subject?: string; date?: string; fund?: 'basic' | 'special'; purpose?: string }) {
  const totalFen = Math.round(Number(options.amount) * 100);
  const amountFen = Math.round(totalFen / 1.13);
  const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
  const payee = options.payee ?? '义乌市稠城办公用品有限公司';
  const invoice = buildInvoice({ date: options.date ?? '2026-10-23', kind: 'general', city: undefined, amount: yuan(amountFen), taxRate: 13, tax: yuan(totalFen - amountFen), total: options.amount, sellerName: payee, sellerTaxId: '91330782MA28ABC1DF' });
  const subject = options.subject ?? '30201';
  return {
    type: 'expense' as const,
    claimant: options.claimant,
    budgetLine: { unit: options.unit, subject, fund: options.fund ?? ('basic' as const) },
    purpose: options.purpose ?? '购置办公用品',
    items: [{ subject, description: '办公用品', amount: options.amount, invoice: invoice.number, payee }],
    invoices: [invoice],
  };
}
