import { yuanToFen } from '../../common/money';
import { formatInvoiceQr } from '../qr-payload';
import { cleanQrPng } from './make-qr';
import { fullyDigitalXml } from './make-xml';
import type { InvoiceInput } from '../../invoices/invoice-facts';
import type { SampleInvoice } from './sample-invoices';

/** An invoice row as a claim types it (the claim document's invoice shape). */
export type TypedInvoiceRow = Pick<InvoiceInput, 'number' | 'date' | 'amount' | 'taxRate' | 'tax' | 'total' | 'buyerName' | 'buyerTaxId' | 'sellerName' | 'sellerTaxId'>;

/** The synthetic 数电票 (one line) a typed row describes, or says something else where `differs` says so. */
export function sampleOfRow(row: TypedInvoiceRow, differs: Partial<TypedInvoiceRow> = {}): SampleInvoice {
  const as = { ...row, ...differs };
  return {
    ticket: 'vat',
    typeCode: '32',
    number: as.number,
    issuedAt: `${as.date} 10:30:00`,
    buyer: { name: as.buyerName, creditCode: as.buyerTaxId },
    seller: { name: as.sellerName, creditCode: as.sellerTaxId },
    lines: [{ name: '*现代服务*服务费（样例）', unit: '项', quantity: '1', amountFen: yuanToFen(as.amount), ratePercent: as.taxRate, taxFen: yuanToFen(as.tax) }],
  };
}

/** The XML original of a typed row (synthetic, labelled so). */
export function xmlOriginalOfRow(row: TypedInvoiceRow, differs: Partial<TypedInvoiceRow> = {}): Buffer {
  return Buffer.from(fullyDigitalXml(sampleOfRow(row, differs)), 'utf8');
}

/** A PNG of the row's QR code (数电普票: the amount it carries is the total). */
export function qrOriginalOfRow(row: TypedInvoiceRow, differs: Partial<TypedInvoiceRow> = {}): Buffer {
  const as = { ...row, ...differs };
  return cleanQrPng(formatInvoiceQr({ typeCode: '32', number: as.number, amount: as.total, issuedOn: as.date, hash: '7C1F' }));
}
