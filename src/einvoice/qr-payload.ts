/**
 * The QR code printed on Chinese VAT invoices, as a comma-separated payload:
 * `01,<type code>,<old 10/12-digit code, empty on 数电票>,<number>,<amount>,<YYYYMMDD>,<check code>,<hash>`.
 * The amount is the total (价税合计) on a 数电票 (types 31, 32, …) and the amount before tax on the
 * older types (10 电子普通发票, 04 普通发票, 01/08 专用发票 …).
 *
 * Pure TypeScript with no Node imports: the browser imports this very module to read a QR in the page.
 */
import { amountTextToFen, fenToYuanText } from './money-text';

export interface InvoiceQrPayload {
  typeCode: string;
  /** What the type code names, e.g. 数电普票; null for a code this reader does not know. */
  invoiceType: string | null;
  /** Old-style 10/12-digit invoice code; empty on a 数电票. */
  code: string;
  number: string;
  /** `YYYY-MM-DD`. */
  issuedOn: string;
  /** The amount as printed, `1060.00`. */
  amount: string;
  /** Which amount the QR carries: the total on a 数电票, the amount before tax on older types. */
  amountIs: 'total' | 'beforeTax';
  checkCode: string;
}

/** Type codes and what they name; those ≥ 30 are 数电票 (fully digital) whose QR carries the total. */
export const QR_INVOICE_TYPES: Record<string, { name: string; fullyDigital: boolean }> = {
  '01': { name: '增值税专用发票', fullyDigital: false },
  '04': { name: '增值税普通发票', fullyDigital: false },
  '08': { name: '增值税电子专用发票', fullyDigital: false },
  '10': { name: '增值税电子普通发票', fullyDigital: false },
  '11': { name: '增值税普通发票（卷式）', fullyDigital: false },
  '14': { name: '增值税电子普通发票（通行费）', fullyDigital: false },
  '31': { name: '数电专票', fullyDigital: true },
  '32': { name: '数电普票', fullyDigital: true },
};

export class InvoiceQrError extends Error {
  constructor(
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(`${messageZh} / ${messageEn}`);
  }
}

/** Parses the text a QR code decoded to; throws InvoiceQrError when it is not an invoice QR. */
export function parseInvoiceQr(payload: string): InvoiceQrPayload {
  const parts = payload.trim().split(/[,，]/).map((part) => part.trim());
  if (parts.length < 6 || parts[0] !== '01') {
    throw new InvoiceQrError('二维码不是发票二维码（应以 01, 开头，以逗号分隔）', 'The QR code is not an invoice QR (expected a comma-separated payload starting with 01,)');
  }
  const [, typeCode, code, number, amountText, dayText, checkCode = ''] = parts;
  if (!/^\d{2}$/.test(typeCode)) throw new InvoiceQrError('二维码中的发票类型代码无效', 'The invoice type code in the QR is invalid');
  if (!/^(\d{8}|\d{20})$/.test(number)) throw new InvoiceQrError('二维码中的发票号码无效', 'The invoice number in the QR is invalid');
  if (code && !/^(\d{10}|\d{12})$/.test(code)) throw new InvoiceQrError('二维码中的发票代码无效', 'The invoice code in the QR is invalid');
  const fen = amountTextToFen(amountText);
  if (fen === null) throw new InvoiceQrError('二维码中的金额无效', 'The amount in the QR is invalid');
  const day = /^(\d{4})(\d{2})(\d{2})$/.exec(dayText);
  if (!day || !isCalendarDay(`${day[1]}-${day[2]}-${day[3]}`)) throw new InvoiceQrError('二维码中的开票日期无效', 'The issue date in the QR is invalid');
  const known = QR_INVOICE_TYPES[typeCode];
  // A 20-digit number with no old code is a 数电票 even when its type code is one this table lacks.
  const fullyDigital = known ? known.fullyDigital : !code && number.length === 20;
  return {
    typeCode,
    invoiceType: known?.name ?? null,
    code,
    number,
    issuedOn: `${day[1]}-${day[2]}-${day[3]}`,
    amount: fenToYuanText(fen),
    amountIs: fullyDigital ? 'total' : 'beforeTax',
    checkCode,
  };
}

function isCalendarDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/** The payload an issuing system prints for these fields (used by the sample generator and tests). */
export function formatInvoiceQr(fields: { typeCode: string; code?: string; number: string; amount: string; issuedOn: string; checkCode?: string; hash: string }): string {
  return ['01', fields.typeCode, fields.code ?? '', fields.number, fields.amount, fields.issuedOn.replace(/-/g, ''), fields.checkCode ?? '', fields.hash].join(',');
}
