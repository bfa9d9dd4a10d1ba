/**
 * Synthetic invoices for tests and benchmarks: invented parties (labelled 样例), valid-looking but
 * made-up numbers and 统一社会信用代码 (their GB 32100 check characters computed). No real invoice.
 */
import { creditCodeCheckCharacter } from '../../invoices/credit-code';
import { fenToYuanText } from '../money-text';

export interface SampleLine {
  name: string;
  spec?: string;
  unit?: string;
  quantity?: string;
  unitPrice?: string;
  amountFen: number;
  ratePercent: number;
  taxFen: number;
}

export interface SampleInvoice {
  ticket: 'vat' | 'rail' | 'air';
  /** QR type code: 31 数电专票, 32 数电普票. */
  typeCode: '31' | '32';
  number: string;
  /** `YYYY-MM-DD HH:mm:ss`. */
  issuedAt: string;
  buyer: { name: string; creditCode: string };
  seller: { name: string; creditCode: string };
  lines: SampleLine[];
  /** Air itinerary parts (fen). */
  air?: { fareFen: number; fuelFen: number; fundFen: number; taxFen: number };
  /** Rail ticket fare (fen); the fare is its total. */
  railFareFen?: number;
}

export const SAMPLE_LABEL = '样例 SAMPLE — synthetic, not a real invoice';

export function sampleCreditCode(seed: number): string {
  const first17 = `91330100MA${String(seed).padStart(7, '0')}`.slice(0, 17);
  return first17 + creditCodeCheckCharacter(first17);
}

export const BUYER = { name: '样例市公安局城西分局', creditCode: sampleCreditCode(2718281) };

export function totals(invoice: SampleInvoice): { amountFen: number; taxFen: number; totalFen: number } {
  if (invoice.air) {
    const amountFen = invoice.air.fareFen + invoice.air.fuelFen;
    return { amountFen, taxFen: invoice.air.taxFen, totalFen: amountFen + invoice.air.taxFen };
  }
  const amountFen = invoice.lines.reduce((sum, line) => sum + line.amountFen, 0);
  const taxFen = invoice.lines.reduce((sum, line) => sum + line.taxFen, 0);
  return { amountFen, taxFen, totalFen: amountFen + taxFen };
}

export const yuan = fenToYuanText;

/** A 数电普票 for two nights' lodging with a discount line; `variant` varies number and amounts. */
export function lodgingInvoice(variant = 0): SampleInvoice {
  const nightly = 50000 + (variant % 50) * 100;
  const discount = -5000;
  const rate = (fen: number) => Math.round((fen * 6) / 100);
  return {
    ticket: 'vat',
    typeCode: '32',
    number: `2533200000${String(123456789 + variant).padStart(10, '0')}`.slice(0, 20),
    issuedAt: '2025-11-03 14:22:05',
    buyer: BUYER,
    seller: { name: '样例酒店管理有限公司', creditCode: sampleCreditCode(1000 + (variant % 97)) },
    lines: [
      { name: '*住宿服务*住宿费', spec: '标准间', unit: '天', quantity: '2', unitPrice: yuan(nightly), amountFen: nightly * 2, ratePercent: 6, taxFen: rate(nightly * 2) },
      { name: '*住宿服务*住宿费', amountFen: discount, ratePercent: 6, taxFen: rate(discount) },
    ],
  };
}

/** A 数电专票 for office supplies at 13 %. */
export function suppliesInvoice(variant = 0): SampleInvoice {
  const price = 12000 + variant * 7;
  return {
    ticket: 'vat',
    typeCode: '31',
    number: `2544200000${String(987654321 + variant).padStart(10, '0')}`.slice(0, 20),
    issuedAt: '2025-10-21 09:05:00',
    buyer: BUYER,
    seller: { name: '样例办公用品有限公司', creditCode: sampleCreditCode(3141592) },
    lines: [
      { name: '*纸制品*复印纸', spec: 'A4 70g', unit: '箱', quantity: '3', unitPrice: yuan(price), amountFen: price * 3, ratePercent: 13, taxFen: Math.round((price * 3 * 13) / 100) },
      { name: '*文具*中性笔', spec: '0.5mm', unit: '盒', quantity: '10', unitPrice: '25.00', amountFen: 25000, ratePercent: 13, taxFen: 3250 },
    ],
  };
}

export function railTicket(variant = 0): SampleInvoice {
  return {
    ticket: 'rail',
    typeCode: '32',
    number: `2511700000${String(555000000 + variant).padStart(10, '0')}`.slice(0, 20),
    issuedAt: '2025-11-02 18:40:00',
    buyer: BUYER,
    seller: { name: '', creditCode: '' },
    lines: [],
    railFareFen: 55300 + variant * 100,
  };
}

export function airItinerary(variant = 0): SampleInvoice {
  const fareFen = 120000 + variant * 1000;
  const fuelFen = 6000;
  return {
    ticket: 'air',
    typeCode: '32',
    number: `2531100000${String(777000000 + variant).padStart(10, '0')}`.slice(0, 20),
    issuedAt: '2025-11-01 07:15:00',
    buyer: BUYER,
    seller: { name: '样例航空股份有限公司', creditCode: sampleCreditCode(1618033) },
    lines: [],
    air: { fareFen, fuelFen, fundFen: 5000, taxFen: Math.round(((fareFen + fuelFen) * 9) / 100) },
  };
}
