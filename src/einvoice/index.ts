/** E-invoice originals read into the invoice row they prove. No database, no HTTP: callers wire it in. */
export { readInvoiceOriginal } from './read-invoice';
export { InvoiceUnreadable, UnsafeOriginal } from './intake-result';
export type { IntakeResult, IntakeProblem, IntakeSource, InvoiceFields, InvoiceLine, InvoiceKind, FieldName, NonVatCharge, OriginalType } from './intake-result';
export { parseInvoiceQr, formatInvoiceQr, InvoiceQrError } from './qr-payload';
export type { InvoiceQrPayload } from './qr-payload';
