/**
 * Reads an invoice from the text of its printed page (a PDF's text layer, an OFD page's text
 * objects) as positioned pieces. Issuing systems write the pieces in their own order — all labels
 * before all values, the seller before the buyer — so values are found by where they sit on the page
 * (to the right of their label, inside the buyer's or the seller's box), not by the order they come in.
 */
import { isValidCreditCode } from '../invoices/credit-code';
import { amountTextToFen, fenToYuanText, toHalfWidth } from './money-text';
import { IntakeDraft, InvoiceLine, dayFromText } from './intake-result';
import { confirmWords, deriveRailTax, lineFrom } from './einvoice-xml';

/** A piece of text on a page; y grows downwards, units are the page's own. */
export interface PlacedText {
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  page: number;
}

// Control characters (NUL included) that some issuers leave in the text layer.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g;
const MONEY = /^[¥￥]?\s*-?\d[\d,]*\.\d{2}$/;
const CREDIT_CODE = /[0-9A-HJ-NPQRTUWXY]{18}/g;

export function cleanText(text: string): string {
  return toHalfWidth(text.replace(CONTROL, ' ')).replace(/\s+/g, ' ').trim();
}

export function readInvoiceText(raw: PlacedText[], draft: IntakeDraft): void {
  const items = raw.map((item) => ({ ...item, text: cleanText(item.text) })).filter((item) => item.text !== '');
  const page = new Page(items);
  const full = items.map((item) => item.text).join('\n');

  const title = full.replace(/\s/g, '');
  if (/铁路电子客票/.test(title)) draft.set('invoiceType', '铁路电子客票');
  else if (/航空运输电子客票行程单/.test(title)) draft.set('invoiceType', '航空运输电子客票行程单');
  else if (/电子发票\(增值税专用发票\)/.test(title)) draft.set('invoiceType', '数电专票');
  else if (/电子发票\(普通发票\)/.test(title)) draft.set('invoiceType', '数电普票');
  else if (/增值税电子专用发票/.test(title)) draft.set('invoiceType', '增值税电子专用发票');
  else if (/增值税电子普通发票/.test(title)) draft.set('invoiceType', '增值税电子普通发票');

  draft.set('number', page.valueAfter(/发票号码/, /\d{20}|\d{8}/) ?? uniqueMatch(full, /(?<!\d)\d{20}(?!\d)/g));
  draft.set('code', page.valueAfter(/发票代码/, /\d{12}|\d{10}/));
  draft.set('issuedOn', dayFromText(page.valueAfter(/开票日期/, /\d{4}\s*[年-]\s*\d{1,2}\s*[月-]\s*\d{1,2}\s*日?/)) ?? dayFromText(/\d{4}年\d{1,2}月\d{1,2}日/.exec(full)?.[0]));

  readParties(page, draft);

  const type = draft.fields.invoiceType;
  if (type === '铁路电子客票') {
    draft.notApplicable.add('sellerName').add('sellerCreditCode');
    draft.setAmount('total', page.valueAfter(/票价/, /-?\d[\d,]*\.\d{2}/));
    deriveRailTax(draft);
    if (draft.has('amount')) draft.set('lines', [{ name: '*运输服务*铁路旅客运输', amount: draft.fields.amount!, taxRate: 9, tax: draft.fields.tax! }]);
    return;
  }
  if (type === '航空运输电子客票行程单') {
    readAirItinerary(page, draft);
    return;
  }

  draft.setAmount('total', page.valueAfter(/小写/, /-?\d[\d,]*\.\d{2}/));
  const words = /[零壹贰叁肆伍陆柒捌玖拾佰仟万亿负][零壹贰叁肆伍陆柒捌玖拾佰仟万亿圆元角分整正]+/.exec(title)?.[0];
  confirmWords(draft, words);
  const totalRow = page.find(/^合\s*计$/);
  if (totalRow) {
    const money = page.rightOf(totalRow).filter((item) => MONEY.test(item.text));
    if (money.length >= 2) {
      draft.setAmount('amount', money[0].text);
      draft.setAmount('tax', money[1].text);
    }
  }
  if (!draft.has('amount') && draft.has('total')) pairWithTotal(items, draft);
  readLines(page, draft, totalRow);
}

/** Buyer and seller by the box they sit in: the nearest 购买方/销售方 marker decides, not the order. */
function readParties(page: Page, draft: IntakeDraft): void {
  const buyerMarks = page.all(/^购|购\s*买\s*方/);
  const sellerMarks = page.all(/^销|销\s*售\s*方/);
  const names = page.allValuesAfter(/(?<!项目)名\s*称/).filter((value) => !/[:：]$/.test(value.text) && !/统一社会信用代码|纳税人识别号/.test(value.text));
  const codes: Array<{ text: string; at: PlacedText }> = [];
  for (const value of page.allValuesAfter(/统一社会信用代码|纳税人识别号/)) {
    const code = value.text.replace(/\s/g, '').match(CREDIT_CODE)?.[0];
    if (code) codes.push({ text: code, at: value.at });
  }
  for (const item of page.items) {
    for (const code of item.text.replace(/\s/g, '').match(CREDIT_CODE) ?? []) {
      if (isValidCreditCode(code) && !codes.some((known) => known.text === code)) codes.push({ text: code, at: item });
    }
  }
  const assign = (values: Array<{ text: string; at: PlacedText }>, buyerField: 'buyerName' | 'buyerCreditCode', sellerField: 'sellerName' | 'sellerCreditCode') => {
    if (values.length === 0) return;
    if (buyerMarks.length && sellerMarks.length) {
      for (const value of values) draft.set(boxOf(value.at, buyerMarks, sellerMarks) === 'buyer' ? buyerField : sellerField, value.text);
    } else if (buyerMarks.length || sellerMarks.length) {
      draft.set(buyerMarks.length ? buyerField : sellerField, values[0].text);
    } else {
      draft.set(buyerField, values[0].text);
      draft.set(sellerField, values[1]?.text);
      draft.problem(buyerField, '页面上找不到购买方/销售方标记，按先购买方后销售方的惯例分配', 'no buyer/seller markers on the page; assigned by the buyer-first convention');
    }
  };
  assign(names, 'buyerName', 'sellerName');
  assign(codes, 'buyerCreditCode', 'sellerCreditCode');
}

function readAirItinerary(page: Page, draft: IntakeDraft): void {
  const money = /-?\d[\d,]*\.\d{2}/;
  const fare = amountTextToFen(page.valueAfter(/^票\s*价/, money));
  const fuel = amountTextToFen(page.valueAfter(/燃油附加费/, money));
  const fund = amountTextToFen(page.valueAfter(/民航发展基金/, money));
  const tax = amountTextToFen(page.valueAfter(/增值税税额/, money));
  const printedTotal = amountTextToFen(page.valueAfter(/^合\s*计/, money));
  if (fare === null || tax === null) return;
  const amount = fare + (fuel ?? 0);
  draft.set('amount', fenToYuanText(amount));
  draft.set('tax', fenToYuanText(tax));
  draft.set('total', fenToYuanText(amount + tax));
  if (fund !== null) draft.set('nonVatCharges', [{ name: '民航发展基金', amount: fenToYuanText(fund) }]);
  if (printedTotal !== null && printedTotal !== amount + tax + (fund ?? 0)) {
    draft.problem('total', `票价+燃油附加费+增值税+民航发展基金 ≠ 合计 ${fenToYuanText(printedTotal)}`, `fare + fuel surcharge + VAT + development fund ≠ the printed total ${fenToYuanText(printedTotal)}`);
  }
  const lines: InvoiceLine[] = [{ name: '*运输服务*航空旅客运输（票价）', amount: fenToYuanText(fare), taxRate: 9, tax: fenToYuanText(tax) }];
  if (fuel) lines.push({ name: '*运输服务*燃油附加费', amount: fenToYuanText(fuel), taxRate: 9, tax: '0.00' });
  draft.set('lines', lines);
}

/** Without a 合计 row, the amount and tax are the two figures that add up to the total. */
function pairWithTotal(items: PlacedText[], draft: IntakeDraft): void {
  const total = amountTextToFen(draft.fields.total);
  const figures = [...new Set(items.filter((item) => MONEY.test(item.text)).map((item) => amountTextToFen(item.text)!))];
  let best: [number, number] | null = null;
  for (const a of figures) for (const t of figures) if (a + t === total && t >= 0 && a > t && (!best || a > best[0])) best = [a, t];
  if (best) {
    draft.set('amount', fenToYuanText(best[0]));
    draft.set('tax', fenToYuanText(best[1]));
  }
}

const COLUMNS: Array<[keyof RawColumns, RegExp]> = [
  ['name', /项目名称|货物或应税劳务/],
  ['spec', /规格型号/],
  ['unit', /^单\s*位$/],
  ['quantity', /^数\s*量$/],
  ['unitPrice', /^单\s*价/],
  ['amount', /^金\s*额$/],
  ['taxRate', /税率|征收率/],
  ['tax', /^税\s*额$/],
];
type RawColumns = { name?: string; spec?: string; unit?: string; quantity?: string; unitPrice?: string; amount?: string; taxRate?: string; tax?: string };

/** The item table: rows between the column headers and the 合计 row, cells by the nearest header. */
function readLines(page: Page, draft: IntakeDraft, totalRow: PlacedText | undefined): void {
  const headerName = page.find(COLUMNS[0][1]);
  if (!headerName) return;
  const headers = COLUMNS.map(([key, pattern]) => ({ key, at: page.items.find((item) => pattern.test(item.text) && Math.abs(centreY(item) - centreY(headerName)) < headerName.height * 1.5) })).filter(
    (header): header is { key: keyof RawColumns; at: PlacedText } => header.at !== undefined,
  );
  const bottom = totalRow ? totalRow.y : Infinity;
  const cells = page.items.filter((item) => item.page === headerName.page && item.y > headerName.y + headerName.height * 0.8 && item.y + item.height * 0.5 < bottom && !headers.some((h) => h.at === item));
  const rows: PlacedText[][] = [];
  for (const cell of [...cells].sort((a, b) => a.y - b.y || a.x - b.x)) {
    const row = rows.find((candidate) => Math.abs(centreY(candidate[0]) - centreY(cell)) < cell.height * 0.5);
    if (row) row.push(cell);
    else rows.push([cell]);
  }
  const raws: RawColumns[] = [];
  for (const row of rows) {
    const raw: RawColumns = {};
    for (const cell of row.sort((a, b) => a.x - b.x)) {
      const column = headers.reduce((best, header) => (Math.abs(centreX(header.at) - centreX(cell)) < Math.abs(centreX(best.at) - centreX(cell)) ? header : best));
      raw[column.key] = raw[column.key] ? `${raw[column.key]}${cell.text}` : cell.text;
    }
    const onlyName = Object.keys(raw).every((key) => key === 'name' || key === 'spec');
    if (onlyName && raws.length && !raw.name?.startsWith('*')) {
      // A name wrapped onto the next line of the table.
      const previous = raws[raws.length - 1];
      previous.name = `${previous.name ?? ''}${raw.name ?? ''}`;
      continue;
    }
    raws.push(raw);
  }
  const lines = raws.map((raw, index) => lineFrom(draft, index, raw)).filter((line): line is InvoiceLine => line !== null);
  draft.set('lines', lines);
}

function uniqueMatch(text: string, pattern: RegExp): string | undefined {
  const found = [...new Set(text.match(pattern) ?? [])];
  return found.length === 1 ? found[0] : undefined;
}

const centreX = (item: PlacedText) => item.x + item.width / 2;
const centreY = (item: PlacedText) => item.y + item.height / 2;

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/**
 * Which party's box a value sits in. The boxes are side by side (数电票: buyer left, seller right) or
 * one above the other (older invoices, tickets); a value belongs to the box whose marker comes last
 * before it along that direction, whichever order the issuer wrote them in.
 */
function boxOf(item: PlacedText, buyerMarks: PlacedText[], sellerMarks: PlacedText[]): 'buyer' | 'seller' {
  const buyer = { x: mean(buyerMarks.map(centreX)), y: mean(buyerMarks.map(centreY)) };
  const seller = { x: mean(sellerMarks.map(centreX)), y: mean(sellerMarks.map(centreY)) };
  const sideBySide = Math.abs(buyer.x - seller.x) > Math.abs(buyer.y - seller.y);
  const at = sideBySide ? item.x + 1 : centreY(item) + item.height / 2;
  const marks: Array<['buyer' | 'seller', number]> = [
    ['buyer', sideBySide ? buyer.x : buyer.y],
    ['seller', sideBySide ? seller.x : seller.y],
  ];
  const before = marks.filter(([, position]) => position <= at).sort((a, b) => b[1] - a[1]);
  if (before.length) return before[0][0];
  return marks.sort((a, b) => Math.abs(a[1] - at) - Math.abs(b[1] - at))[0][0];
}

class Page {
  constructor(readonly items: PlacedText[]) {}

  find(pattern: RegExp): PlacedText | undefined {
    return this.items.find((item) => pattern.test(item.text));
  }

  all(pattern: RegExp): PlacedText[] {
    return this.items.filter((item) => pattern.test(item.text));
  }

  /** Items on the same line to the right of `label`, nearest first. */
  rightOf(label: PlacedText): PlacedText[] {
    return this.items
      .filter((item) => item !== label && item.page === label.page && Math.abs(centreY(item) - centreY(label)) < Math.max(item.height, label.height) * 0.6 && item.x >= label.x + label.width * 0.5)
      .sort((a, b) => a.x - b.x);
  }

  /** What follows each occurrence of `label`: the rest of its own piece, else the next piece to its right. */
  allValuesAfter(label: RegExp): Array<{ text: string; at: PlacedText }> {
    const values: Array<{ text: string; at: PlacedText }> = [];
    for (const item of this.all(label)) {
      const match = label.exec(item.text)!;
      const rest = item.text.slice(match.index + match[0].length).replace(/^[\s:：()（）小写大写¥￥]*/, (m) => (/[¥￥]/.test(m) ? '¥' : '')).trim();
      if (rest && rest !== '¥') values.push({ text: rest, at: item });
      else {
        const next = this.rightOf(item).filter((candidate) => candidate.text !== '¥' && candidate.text !== '￥' && !/^[:：]$/.test(candidate.text))[0];
        if (next) values.push({ text: next.text.replace(/^[:：]\s*/, ''), at: next });
      }
    }
    return values;
  }

  /** The first value after `label` that matches `shape`, as matched. */
  valueAfter(label: RegExp, shape: RegExp): string | undefined {
    for (const value of this.allValuesAfter(label)) {
      const match = shape.exec(value.text.replace(/,/g, ''));
      if (match) return match[0];
    }
    return undefined;
  }
}
