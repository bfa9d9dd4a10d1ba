import { DomainError, DomainErrorKind } from '../common/domain-error';
import { isValidCreditCode } from '../invoices/credit-code';
import { amountTextToFen, fenToYuanText } from './money-text';

export type InvoiceKind = 'lodging' | 'transport' | 'general';
export type IntakeSource = 'xml' | 'pdf' | 'ofd' | 'qr';
export type OriginalType = 'xml' | 'pdf' | 'ofd' | 'png' | 'jpeg';

export interface InvoiceLine {
  name: string;
  spec?: string;
  unit?: string;
  quantity?: string;
  unitPrice?: string;
  /** Amount before tax, decimal yuan; negative on a discount line. */
  amount: string;
  /** Percent, e.g. 6 (read from `0.06` or `6%`); absent for 免税/不征税. */
  taxRate?: number;
  tax: string;
}

/** A charge printed on the invoice outside the VAT base (民航发展基金 on an air itinerary). */
export interface NonVatCharge {
  name: string;
  amount: string;
}

export interface InvoiceFields {
  /** Old-style 10/12-digit invoice code; absent on a 数电票. */
  code: string;
  number: string;
  /** YYYY-MM-DD. */
  issuedOn: string;
  /** Decimal yuan strings, exact. */
  amount: string;
  tax: string;
  total: string;
  buyerName: string;
  buyerCreditCode: string;
  sellerName: string;
  sellerCreditCode: string;
  kind: InvoiceKind;
  /** 数电普票, 数电专票, 铁路电子客票, 航空运输电子客票行程单, 增值税电子普通发票 … */
  invoiceType: string;
  lines: InvoiceLine[];
  nonVatCharges: NonVatCharge[];
}

export type FieldName = keyof InvoiceFields;

export interface IntakeProblem {
  field?: FieldName;
  message: string;
  messageEn: string;
}

export interface IntakeResult {
  fields: Partial<InvoiceFields>;
  sources: Partial<Record<FieldName, IntakeSource>>;
  /** Fields the original should carry but that could not be read. */
  missing: FieldName[];
  problems: IntakeProblem[];
}

/** Nothing usable could be read from the file (HTTP 422 where the API answers it). */
export class InvoiceUnreadable extends DomainError {
  readonly kind = DomainErrorKind.UNPROCESSABLE;

  constructor(messageZh: string, messageEn: string, readonly reason: string = 'UNREADABLE') {
    super('INVOICE_UNREADABLE', messageZh, messageEn, { reason });
  }
}

/** The file was refused for safety before it was read: a DTD or entities, a zip bomb, a path outside the archive. */
export class UnsafeOriginal extends DomainError {
  readonly kind = DomainErrorKind.INVALID;

  constructor(messageZh: string, messageEn: string, readonly reason: string) {
    super('ORIGINAL_UNSAFE', messageZh, messageEn, { reason });
  }
}

/** Fields every invoice original should yield; `code` and `nonVatCharges` are optional by nature. */
const EXPECTED: FieldName[] = ['number', 'issuedOn', 'amount', 'tax', 'total', 'buyerName', 'buyerCreditCode', 'sellerName', 'sellerCreditCode', 'kind', 'invoiceType', 'lines'];

/** Collects what one reader found, then checks it before it is answered. */
export class IntakeDraft {
  readonly fields: Partial<InvoiceFields> = {};
  readonly sources: Partial<Record<FieldName, IntakeSource>> = {};
  readonly problems: IntakeProblem[] = [];
  /** Fields this kind of invoice does not carry (a rail ticket names no seller). */
  readonly notApplicable = new Set<FieldName>();

  constructor(readonly source: IntakeSource) {}

  /** Sets a field unless it is already set; empty values are ignored. */
  set<K extends FieldName>(field: K, value: InvoiceFields[K] | null | undefined, source: IntakeSource = this.source): void {
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return;
    if (Array.isArray(value) && value.length === 0) return;
    if (this.fields[field] !== undefined) return;
    this.fields[field] = (typeof value === 'string' ? value.trim() : value) as InvoiceFields[K];
    this.sources[field] = source;
  }

  /** Sets an amount field from printed text; a text that is not an amount is a problem, not a value. */
  setAmount(field: 'amount' | 'tax' | 'total', text: string | null | undefined, source: IntakeSource = this.source): void {
    if (text === undefined || text === null || text.trim() === '') return;
    const fen = amountTextToFen(text);
    if (fen === null) {
      this.problem(field, `${LABELS[field]}「${text}」不是金额`, `${field} "${text}" is not an amount`);
      return;
    }
    this.set(field, fenToYuanText(fen), source);
  }

  problem(field: FieldName | undefined, message: string, messageEn: string): void {
    this.problems.push(field ? { field, message, messageEn } : { message, messageEn });
  }

  has(field: FieldName): boolean {
    return this.fields[field] !== undefined;
  }

  /** Checks the sums and codes, infers the kind, names what is missing. */
  finish(): IntakeResult {
    const { fields } = this;
    const fen = (field: 'amount' | 'tax' | 'total') => (fields[field] === undefined ? null : amountTextToFen(fields[field]));
    const amount = fen('amount');
    const tax = fen('tax');
    const total = fen('total');
    if (amount !== null && tax !== null && total !== null && amount + tax !== total) {
      this.problem('total', `金额 ${fields.amount} + 税额 ${fields.tax} ≠ 价税合计 ${fields.total}`, `amount ${fields.amount} + tax ${fields.tax} ≠ total ${fields.total}`);
    }
    if (fields.lines?.length) {
      const sum = (pick: (line: InvoiceLine) => string) => fields.lines!.reduce((acc, line) => acc + (amountTextToFen(pick(line)) ?? 0), 0);
      if (amount !== null && sum((line) => line.amount) !== amount) {
        this.problem('lines', `明细金额合计 ${fenToYuanText(sum((line) => line.amount))} ≠ 金额 ${fields.amount}`, `the lines' amounts add up to ${fenToYuanText(sum((line) => line.amount))}, not ${fields.amount}`);
      }
      if (tax !== null && sum((line) => line.tax) !== tax) {
        this.problem('lines', `明细税额合计 ${fenToYuanText(sum((line) => line.tax))} ≠ 税额 ${fields.tax}`, `the lines' taxes add up to ${fenToYuanText(sum((line) => line.tax))}, not ${fields.tax}`);
      }
    }
    for (const field of ['buyerCreditCode', 'sellerCreditCode'] as const) {
      const code = fields[field];
      if (code !== undefined && !isValidCreditCode(code)) {
        this.problem(field, `${LABELS[field]}「${code}」校验位不符（GB 32100）`, `${field} "${code}" fails the GB 32100 check character`);
      }
    }
    if (fields.number !== undefined && !/^(\d{20}|\d{8})$/.test(fields.number)) {
      this.problem('number', `发票号码「${fields.number}」应为 20 位（数电票）或 8 位`, `invoice number "${fields.number}" should have 20 digits (数电票) or 8`);
    }
    if (!this.has('kind')) {
      const kind = inferKind(fields);
      if (kind) this.set('kind', kind);
    }
    const missing = EXPECTED.filter((field) => !this.has(field) && !this.notApplicable.has(field));
    return { fields, sources: this.sources, missing, problems: this.problems };
  }
}

const LABELS: Record<FieldName, string> = {
  code: '发票代码',
  number: '发票号码',
  issuedOn: '开票日期',
  amount: '金额',
  tax: '税额',
  total: '价税合计',
  buyerName: '购买方名称',
  buyerCreditCode: '购买方统一社会信用代码',
  sellerName: '销售方名称',
  sellerCreditCode: '销售方统一社会信用代码',
  kind: '类别',
  invoiceType: '票种',
  lines: '明细',
  nonVatCharges: '价外费用',
};

/** The claim row kind an invoice proves: from the ticket type, else from what its lines sell. */
export function inferKind(fields: Partial<InvoiceFields>): InvoiceKind | null {
  if (fields.invoiceType && /铁路|航空|客票|行程单|出租|客运/.test(fields.invoiceType)) return 'transport';
  const names = (fields.lines ?? []).map((line) => line.name).join(' ');
  if (!names) return null;
  if (/住宿/.test(names)) return 'lodging';
  if (/旅客运输|客运|运输服务\*(?!.*货)|机票|车票|交通|出租/.test(names)) return 'transport';
  return 'general';
}

/** `2025-11-03`, `2025-11-03 14:22:05`, `2025-11-03T14:22:05+08:00`, `2020年07月23日`, `20251103`, `2025/11/03` → YYYY-MM-DD. */
export function dayFromText(text: string | null | undefined): string | null {
  if (!text) return null;
  const clean = text.replace(/\s+/g, ' ').trim();
  const match =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T].*)?$/.exec(clean) ?? /^(\d{4})(\d{2})(\d{2})(?:\d{6,9})?$/.exec(clean);
  if (!match) return null;
  const day = `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day ? day : null;
}

/** `0.06`, `6%`, `6`, `免税`, `不征税`, `***` → percent (6) or undefined. */
export function taxRateFromText(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const clean = text.replace(/\s/g, '').replace('％', '%');
  const percent = /^(\d{1,2}(?:\.\d+)?)%$/.exec(clean);
  if (percent) return Number(percent[1]);
  const fraction = /^0?\.\d+$|^0$/.exec(clean);
  if (fraction) return Math.round(Number(clean) * 10000) / 100;
  if (/^\d{1,2}$/.test(clean)) return Number(clean);
  if (/免税|不征税/.test(clean)) return 0;
  return undefined;
}
