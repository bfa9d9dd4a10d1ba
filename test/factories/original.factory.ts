import { yuanToFen } from '../../src/common/money';
import { formatInvoiceQr } from '../../src/einvoice/qr-payload';
import { fullyDigitalXml } from '../../src/einvoice/samples/make-xml';
import { cleanQrPng } from '../../src/einvoice/samples/make-qr';
import type { SampleInvoice } from '../../src/einvoice/samples/sample-invoices';
import type { Invoice } from './claim.factory';

/** The synthetic 数电票 a typed invoice row describes (one line), for making its original. */
export function sampleOf(invoice: Invoice, differs: Partial<Invoice> = {}): SampleInvoice {
  const row = { ...invoice, ...differs };
  return {
    ticket: 'vat',
    typeCode: '32',
    number: row.number,
    issuedAt: `${row.date} 10:30:00`,
    buyer: { name: row.buyerName, creditCode: row.buyerTaxId },
    seller: { name: row.sellerName, creditCode: row.sellerTaxId },
    lines: [{ name: '*住宿服务*住宿费（样例）', unit: '天', quantity: '1', amountFen: yuanToFen(row.amount), ratePercent: row.taxRate, taxFen: yuanToFen(row.tax) }],
  };
}

/** The XML original of an invoice row (optionally saying something else than the row). */
export function xmlOriginal(invoice: Invoice, differs: Partial<Invoice> = {}): Buffer {
  return Buffer.from(fullyDigitalXml(sampleOf(invoice, differs)), 'utf8');
}

/** A PNG of the invoice's QR code (数电普票: the amount it carries is the total). */
export function qrOriginal(invoice: Invoice): Buffer {
  return cleanQrPng(formatInvoiceQr({ typeCode: '32', number: invoice.number, amount: invoice.total, issuedOn: invoice.date, hash: '7C1F' }));
}
