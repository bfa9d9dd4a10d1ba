import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RULES_DIR } from '../rules/rules.service';
import { ExportCell, ExportWorkbook, toCsv } from '../exports/export-writer';
import { PaymentFileRefusedError } from './payments.errors';

/** What a column of a bank file carries. */
export type BankField = 'batch' | 'row' | 'key' | 'reference' | 'payeeName' | 'account' | 'bank' | 'amount' | 'method' | 'budget' | 'purpose';

export interface BankLayout {
  id: string;
  name: { zh: string; en: string };
  format: 'csv' | 'xlsx';
  sheet?: string;
  columns: { header: string; field: BankField }[];
  /** The columns the bank adds to the exported file, and the words it writes in the status column. */
  result: { status: string; reason: string; paid: string; failed: string };
}

export interface CardLayout {
  id: string;
  name: { zh: string; en: string };
  columns: { header: string; field: 'cardNo' | 'holder' | 'day' | 'amount' | 'merchant' | 'reference' }[];
}

export const BANK_LAYOUTS_FILE = join(RULES_DIR, 'data', 'bank-layouts.json');
export const CARD_LAYOUTS_FILE = join(RULES_DIR, 'data', 'card-statement-layouts.json');

export function loadBankLayouts(file = BANK_LAYOUTS_FILE): BankLayout[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { layouts: BankLayout[] }).layouts;
}

export function loadCardLayouts(file = CARD_LAYOUTS_FILE): CardLayout[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { layouts: CardLayout[] }).layouts;
}

/** The bank's batch file of a layout: one row per line, cells by field, through the shared writer. */
export async function writeBankFile(layout: BankLayout, rows: Record<BankField, string>[]): Promise<Buffer> {
  const cells = (row: Record<BankField, string>): ExportCell[] => layout.columns.map((column) => row[column.field] ?? '');
  if (layout.format === 'csv') return Buffer.from(toCsv([layout.columns.map((c) => c.header), ...rows.map(cells)]), 'utf8');
  const book = new ExportWorkbook();
  const sheet = book.addSheet(layout.sheet ?? 'Sheet1');
  sheet.setColumns(layout.columns.map((column, index) => ({ header: column.header, key: `c${index}`, width: column.field === 'key' ? 48 : 18 })));
  for (const row of rows) sheet.addRow(cells(row));
  return book.toBuffer();
}

/** A table read from a file: its header row and its data rows, each with the row number a spreadsheet shows. */
export interface ReadTable {
  format: 'csv' | 'xlsx';
  headers: string[];
  rows: { rowNo: number; cells: string[] }[];
}

/**
 * Reads a CSV (UTF-8, with or without the byte-order mark) or an XLSX file into text cells; refuses
 * whole what is neither or cannot be decoded, naming the problem.
 */
export async function readTable(content: Buffer): Promise<ReadTable> {
  if (content.length === 0) throw new PaymentFileRefusedError('empty', '文件为空', 'The file is empty');
  if (content.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return readXlsx(content);
  if (content.includes(0)) throw new PaymentFileRefusedError('type', '文件不是 CSV 或 XLSX', 'The file is neither CSV nor XLSX');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content);
  } catch {
    throw new PaymentFileRefusedError('encoding', '文件编码无法识别，请以 UTF-8 编码的 CSV 或 XLSX 上传', 'The file is not UTF-8; upload a UTF-8 CSV or an XLSX file');
  }
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const [headers = [], ...rest] = records;
  return {
    format: 'csv',
    headers: headers.map((h) => unescapeCell(h).trim()),
    rows: rest.map((cells, index) => ({ rowNo: index + 2, cells: cells.map(unescapeCell) })).filter((row) => row.cells.some((c) => c.trim() !== '')),
  };
}

async function readXlsx(content: Buffer): Promise<ReadTable> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    throw new PaymentFileRefusedError('type', '文件不是可读的 XLSX 工作簿', 'The file is not a readable XLSX workbook');
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw new PaymentFileRefusedError('empty', '工作簿没有工作表', 'The workbook has no sheet');
  const width = sheet.columnCount;
  const text = (row: ExcelJS.Row) => Array.from({ length: width }, (_, i) => unescapeCell(cellText(row.getCell(i + 1).value)));
  const headers = text(sheet.getRow(1)).map((h) => h.trim());
  const rows: ReadTable['rows'] = [];
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const cells = text(sheet.getRow(r));
    if (cells.some((c) => c.trim() !== '')) rows.push({ rowNo: r, cells });
  }
  return { format: 'xlsx', headers, rows };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
  return String(value);
}

/** The shared writer puts an apostrophe before text a spreadsheet would read as a formula; reading takes it off again. */
function unescapeCell(value: string): string {
  return /^'[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** RFC 4180: quoted fields, doubled quotes, CRLF or LF line ends. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else {
      field += ch;
    }
  }
  if (field !== '' || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** The layout whose exported columns and result columns the headers are, or a refusal naming what is missing. */
export function resultLayoutOf(table: ReadTable, layouts: BankLayout[]): { layout: BankLayout; index: Record<BankField | 'status' | 'reason', number> } {
  const candidates = layouts.filter((layout) => layout.format === table.format);
  for (const layout of candidates) {
    const wanted = [...layout.columns.map((c) => c.header), layout.result.status, layout.result.reason];
    if (!wanted.every((header) => table.headers.includes(header))) continue;
    const index = Object.fromEntries(layout.columns.map((c) => [c.field, table.headers.indexOf(c.header)])) as Record<BankField | 'status' | 'reason', number>;
    index.status = table.headers.indexOf(layout.result.status);
    index.reason = table.headers.indexOf(layout.result.reason);
    return { layout, index };
  }
  const closest = candidates[0] ?? layouts[0];
  const missing = closest ? [...closest.columns.map((c) => c.header), closest.result.status, closest.result.reason].filter((h) => !table.headers.includes(h)) : [];
  throw new PaymentFileRefusedError('headers', `文件的表头不是银行结果文件的格式，缺少：${missing.join('、')}`, `The headers are not a bank result layout; missing: ${missing.join(', ')}`, { missing });
}
