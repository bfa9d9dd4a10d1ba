import { qrOriginalOfRow, xmlOriginalOfRow } from '../../src/einvoice/samples/sample-of-row';
import type { Invoice } from './claim.factory';

/** The XML original of an invoice row (optionally saying something else than the row). */
export const xmlOriginal = (invoice: Invoice, differs: Partial<Invoice> = {}): Buffer => xmlOriginalOfRow(invoice, differs);

/** A PNG of the invoice's QR code. */
export const qrOriginal = (invoice: Invoice): Buffer => qrOriginalOfRow(invoice);
