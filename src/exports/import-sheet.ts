import ExcelJS from 'exceljs';

/** One thing wrong with an uploaded sheet, by row (1 is the header) and column header. */
export interface SheetProblem {
  row: number;
  column: string;
  message: string;
  messageEn: string;
}

/** A column of an import sheet, found by its Chinese header or its English name. */
export interface SheetColumn<K extends string> {
  key: K;
  header: string;
  en: string;
}

export interface SheetRow<K extends string> {
  row: number;
  cells: Record<K, string>;
}

/**
 * The non-empty rows of the first sheet of an uploaded .xlsx as the text people typed, columns found
 * by header; a file that is not a sheet, lacks a required column or has too many rows is refused
 * whole through `refuse`, so an import stores every row or none.
 */
export async function readImportSheet<K extends string>(
  file: Buffer,
  columns: readonly SheetColumn<K>[],
  required: readonly K[],
  maxRows: number,
  refuse: (problems: SheetProblem[]) => Error,
): Promise<SheetRow<K>[]> {
  const book = new ExcelJS.Workbook();
  try {
    await book.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw refuse([{ row: 1, column: '文件', message: '不是有效的 Excel（.xlsx）文件', messageEn: 'not a valid Excel (.xlsx) file' }]);
  }
  const sheet = book.worksheets[0];
  if (!sheet) throw refuse([{ row: 1, column: '文件', message: '文件中没有工作表', messageEn: 'the file has no worksheet' }]);
  const headers = new Map<number, K>();
  sheet.getRow(1).eachCell((cell, column) => {
    const text = cellText(cell.value);
    const known = columns.find((c) => c.header === text || c.en === text.toLowerCase());
    if (known) headers.set(column, known.key);
  });
  const missing = columns.filter((c) => required.includes(c.key) && ![...headers.values()].includes(c.key));
  if (missing.length > 0) throw refuse(missing.map((c) => ({ row: 1, column: c.header, message: `缺少“${c.header}”列`, messageEn: `the "${c.en}" column is missing` })));
  const rows: SheetRow<K>[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const cells = Object.fromEntries(columns.map((c) => [c.key, ''])) as Record<K, string>;
    row.eachCell((cell, column) => {
      const key = headers.get(column);
      if (key) cells[key] = cellText(cell.value);
    });
    if (Object.values(cells).some((v) => v !== '')) rows.push({ row: number, cells });
  });
  if (rows.length > maxRows) throw refuse([{ row: maxRows + 2, column: '文件', message: `一次最多导入 ${maxRows} 行`, messageEn: `at most ${maxRows} rows at once` }]);
  return rows;
}

/** A cell's value as the text a person typed: long digit strings (accounts) kept whole, dates as YYYY-MM-DD. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? BigInt(value).toString() : String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'result' in value) return cellText(value.result as ExcelJS.CellValue);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('').trim();
  return String(value).trim();
}
