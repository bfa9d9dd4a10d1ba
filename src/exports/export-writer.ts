import ExcelJS from 'exceljs';
import type { Response } from 'express';

/**
 * The one writer of every spreadsheet the product hands out — Excel workbooks and CSV files alike
 * (reports, dashboards, budget sheets, and every later export: bank files, accounting exports).
 * It neutralises formula injection (OWASP "CSV injection"): a text cell that begins with `=`, `+`,
 * `-`, `@`, a tab or a carriage return is written with a leading apostrophe, so Excel, WPS or
 * LibreOffice show it as text and never evaluate it. Numbers stay numbers (a JS number is written as
 * a numeric cell; a text that is only a signed decimal, such as `-12.50`, is no formula and is kept).
 * Cells take plain values only — no formula or hyperlink objects — so nothing else can slip in.
 * See docs/exports.md.
 */
export type ExportCell = string | number | boolean | Date | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** The cell as written: text that a spreadsheet would read as a formula gets a leading apostrophe. */
export function neutralizeCell(value: ExportCell): ExportCell {
  if (typeof value !== 'string' || !FORMULA_START.test(value) || PLAIN_NUMBER.test(value)) return value;
  return `'${value}`;
}

export interface ExportColumn {
  header: string;
  key: string;
  width?: number;
}

/** One sheet of an export; every row goes through `addRow`, which neutralises each cell. */
export class ExportSheet {
  constructor(private readonly sheet: ExcelJS.Worksheet) {}

  /** Header row and keys for rows given as objects. */
  setColumns(columns: ExportColumn[]): void {
    this.sheet.columns = columns.map((c) => ({ header: String(neutralizeCell(c.header)), key: c.key, width: c.width ?? 16 }));
    this.sheet.getRow(1).font = { bold: true };
  }

  addRow(values: ExportCell[] | Record<string, ExportCell>): ExcelJS.Row {
    const safe = Array.isArray(values) ? values.map(neutralizeCell) : Object.fromEntries(Object.entries(values).map(([key, value]) => [key, neutralizeCell(value)]));
    return this.sheet.addRow(safe);
  }

  /** Presentation only (widths, number formats, fonts); cell values are written through addRow. */
  get columns(): Partial<ExcelJS.Column>[] {
    return this.sheet.columns;
  }

  getRow(index: number): ExcelJS.Row {
    return this.sheet.getRow(index);
  }
}

/** An Excel workbook of ExportSheets. */
export class ExportWorkbook {
  private readonly book = new ExcelJS.Workbook();

  constructor() {
    this.book.creator = '智慧警保';
    this.book.created = new Date();
  }

  addSheet(name: string, options?: Partial<ExcelJS.AddWorksheetOptions>): ExportSheet {
    return new ExportSheet(this.book.addWorksheet(name, options));
  }

  async toBuffer(): Promise<Buffer> {
    return Buffer.from(await this.book.xlsx.writeBuffer());
  }
}

/**
 * Rows as CSV text, each cell neutralised: RFC 4180 quoting, CRLF line ends and a UTF-8 byte-order
 * mark, so Excel opens Chinese text correctly.
 */
export function toCsv(rows: ExportCell[][]): string {
  const cell = (value: ExportCell) => {
    const safe = neutralizeCell(value);
    const text = safe === null || safe === undefined ? '' : safe instanceof Date ? safe.toISOString() : String(safe);
    return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return '\uFEFF' + rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Sends an export as a download: an ASCII file name for old clients and the Chinese one (RFC 5987). */
export function sendExport(response: Response, file: Buffer | string, asciiName: string, name: string): void {
  const body = typeof file === 'string' ? Buffer.from(file, 'utf8') : file;
  response
    .status(200)
    .set({
      'Content-Type': asciiName.endsWith('.csv') ? 'text/csv; charset=utf-8' : XLSX_TYPE,
      'Content-Disposition': `attachment; filename="${asciiName}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'Content-Length': String(body.length),
    })
    .send(body);
}
