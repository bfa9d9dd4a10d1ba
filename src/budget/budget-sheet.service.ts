import { Injectable } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { ExportWorkbook } from '../exports/export-writer';
import { DataSource } from 'typeorm';
import { DomainError, DomainErrorKind } from '../common/domain-error';
import { fenToYuan } from '../common/money';
import { bilingual } from '../common/validation';
import { BudgetService, BudgetLineView } from './budget.service';
import type { CreateBudgetLineDto } from './dto/budget.dto';

/** The columns of a budget sheet, in order: the import reads them by header, the export writes them. */
const COLUMNS = [
  { key: 'unit', header: '单位', en: 'unit', width: 22 },
  { key: 'year', header: '年度', en: 'year', width: 8 },
  { key: 'subject', header: '科目编码', en: 'subject', width: 10 },
  { key: 'fund', header: '资金性质', en: 'fund', width: 10 },
  { key: 'name', header: '专项名称', en: 'special fund name', width: 18 },
  { key: 'mode', header: '控制方式', en: 'control mode', width: 10 },
  { key: 'allocated', header: '预算数', en: 'allocated', width: 14 },
  { key: 'lastYearActual', header: '上年决算', en: 'last year actual', width: 14 },
] as const;
const EXPORT_ONLY = [
  { key: 'reserved', header: '已占用', width: 14 },
  { key: 'committed', header: '已执行', width: 14 },
  { key: 'available', header: '可用', width: 14 },
  { key: 'executionRate', header: '执行率 %', width: 10 },
];
const FUNDS: Record<string, 'basic' | 'special'> = { 基本支出: 'basic', 基本: 'basic', basic: 'basic', 专项: 'special', 专项经费: 'special', special: 'special' };
const MODES: Record<string, 'FORBID' | 'WARN' | 'ALLOW'> = { 禁止超支: 'FORBID', 刚性控制: 'FORBID', FORBID: 'FORBID', 预警: 'WARN', 超支预警: 'WARN', WARN: 'WARN', 允许: 'ALLOW', 不控制: 'ALLOW', ALLOW: 'ALLOW' };
const MODE_NAMES: Record<string, string> = { FORBID: '禁止超支', WARN: '预警', ALLOW: '不控制' };
const KIND_NAMES: Record<string, string> = { allocate: '批复/追加', adjust: '调减', reserve: '占用', release: '释放', commit: '执行', spend: '期初支出' };
const MONEY = /^\d{1,12}(\.\d{1,2})?$/;
const MAX_ROWS = 5000;

/** One bad cell of an imported sheet: its row (as Excel numbers it), column and what is wrong. */
export interface SheetError {
  row: number;
  column: string;
  message: string;
  messageEn: string;
}

export class BudgetSheetRefusedError extends DomainError {
  readonly kind = DomainErrorKind.INVALID;
  constructor(readonly errors: SheetError[]) {
    super('BUDGET_SHEET_REFUSED', `表格有 ${errors.length} 处错误，未导入任何一行`, `The sheet has ${errors.length} error(s); no row was imported`, {
      errors,
      fields: errors.map((e) => ({ field: `第${e.row}行 ${e.column}`, message: bilingual(e.message, e.messageEn) })),
    });
  }
}

/**
 * Budget lines to and from Excel: next year's lines are imported from a sheet — every bad cell is
 * reported by row and column and nothing is stored unless every row is good — and any year's lines
 * are exported in the same columns (plus what is used), so an export can be edited and imported.
 */
@Injectable()
export class BudgetSheetService {
  constructor(private readonly dataSource: DataSource, private readonly budget: BudgetService) {}

  async import(file: Buffer, actor: string): Promise<{ imported: number; lines: string[] }> {
    const rows = await this.read(file);
    const errors: SheetError[] = [];
    const units = new Map<string, boolean>(
      ((await this.dataSource.query(`SELECT code, name FROM org_unit`)) as { code: string; name: string }[]).flatMap((u) => [[u.code, true], [u.name, true]] as [string, boolean][]),
    );
    const seen = new Map<string, number>();
    const lines: CreateBudgetLineDto[] = [];
    for (const { row, cells } of rows) {
      const bad = (column: string, message: string, messageEn: string) => errors.push({ row, column, message, messageEn });
      const unit = cells.unit;
      if (!unit) bad('单位', '缺少单位', 'unit is missing');
      else if (!units.has(unit)) bad('单位', `单位“${unit}”不存在`, `unit "${unit}" does not exist`);
      const year = Number(cells.year);
      if (!/^\d{4}$/.test(cells.year) || year < 2000 || year > 2100) bad('年度', '年度应为四位数字', 'year must be a four-digit year');
      if (!/^\d{3,7}$/.test(cells.subject)) bad('科目编码', '科目应为经济分类编码，如 30211', 'subject must be an economic classification code like 30211');
      const fund = FUNDS[cells.fund || '基本支出'];
      if (!fund) bad('资金性质', '资金性质应为“基本支出”或“专项”', 'fund must be 基本支出 (basic) or 专项 (special)');
      if (fund === 'special' && !cells.name) bad('专项名称', '专项经费需要名称', 'a special fund needs a name');
      const mode = MODES[cells.mode || '禁止超支'];
      if (!mode) bad('控制方式', '控制方式应为“禁止超支”“预警”或“不控制”', 'control mode must be FORBID, WARN or ALLOW');
      if (!MONEY.test(cells.allocated)) bad('预算数', '预算数应为金额（元，最多两位小数）', 'allocated must be an amount in yuan');
      if (cells.lastYearActual && !MONEY.test(cells.lastYearActual)) bad('上年决算', '上年决算应为金额（元，最多两位小数）', 'last year actual must be an amount in yuan');
      const key = [unit, cells.year, cells.subject, fund, fund === 'special' ? cells.name : ''].join('|');
      if (seen.has(key)) bad('科目编码', `与第 ${seen.get(key)} 行重复`, `repeats row ${seen.get(key)}`);
      seen.set(key, row);
      lines.push({ unit, year, subject: cells.subject, fund, name: cells.name || undefined, mode, allocated: cells.allocated, lastYearActual: cells.lastYearActual || undefined } as CreateBudgetLineDto);
    }
    if (rows.length === 0) errors.push({ row: 2, column: '单位', message: '表格中没有预算行', messageEn: 'the sheet has no budget rows' });
    if (errors.length > 0) throw new BudgetSheetRefusedError(errors);

    // Lines that already exist are refused by row too, and nothing is kept: one transaction for all.
    const ids: string[] = [];
    await this.dataSource.transaction(async (tx) => {
      const conflicts: SheetError[] = [];
      for (const [i, line] of lines.entries()) {
        try {
          ids.push(await this.budget.createLineWithin(tx, line, actor));
        } catch (error) {
          const known = error as { messageZh?: string; messageEn?: string };
          if (!known.messageZh) throw error;
          conflicts.push({ row: rows[i].row, column: '科目编码', message: known.messageZh, messageEn: known.messageEn ?? '' });
        }
      }
      if (conflicts.length > 0) throw new BudgetSheetRefusedError(conflicts);
    });
    return { imported: ids.length, lines: ids };
  }

  /** The lines in the import's columns, with what is reserved, committed and available. */
  async export(lines: BudgetLineView[]): Promise<Buffer> {
    const book = new ExportWorkbook();
    const sheet = book.addSheet('预算指标');
    sheet.setColumns([...COLUMNS, ...EXPORT_ONLY]);
    for (const line of lines) {
      sheet.addRow({
        unit: line.unit,
        year: line.year,
        subject: line.subject,
        fund: line.fund === 'special' ? '专项' : '基本支出',
        name: line.name ?? '',
        mode: MODE_NAMES[line.mode] ?? line.mode,
        allocated: line.allocated,
        lastYearActual: line.lastYearActual ?? '',
        reserved: line.reserved,
        committed: line.committed,
        available: line.available,
        executionRate: line.executionRate,
      });
    }
    return book.toBuffer();
  }

  /** A line's ledger as a sheet: each entry with its kind, amount, claim or request, who and why. */
  async ledger(title: string, entries: { at: string; kind: string; amount: string; claimId: string | null; travelRequestId: string | null; actor: string; reason: string }[]): Promise<Buffer> {
    const book = new ExportWorkbook();
    const sheet = book.addSheet('预算台账');
    sheet.addRow([title]).font = { bold: true };
    sheet.addRow(['时间', '类型', '金额（元）', '报销单', '出差申请', '经办', '说明']).font = { bold: true };
    for (const e of entries) sheet.addRow([e.at, KIND_NAMES[e.kind] ?? e.kind, e.amount, e.claimId ?? '', e.travelRequestId ?? '', e.actor, e.reason]);
    sheet.columns.forEach((column, i) => (column.width = [22, 10, 14, 38, 38, 14, 40][i]));
    return book.toBuffer();
  }

  /** An empty sheet with the headers and one example row, for finance to fill. */
  async template(): Promise<Buffer> {
    const book = new ExportWorkbook();
    const sheet = book.addSheet('预算指标');
    sheet.setColumns([...COLUMNS]);
    sheet.addRow({ unit: '城西派出所', year: new Date().getFullYear() + 1, subject: '30211', fund: '基本支出', name: '', mode: '禁止超支', allocated: fenToYuan(6_000_000), lastYearActual: '' });
    return book.toBuffer();
  }

  private async read(file: Buffer): Promise<{ row: number; cells: Record<(typeof COLUMNS)[number]['key'], string> }[]> {
    const book = new ExcelJS.Workbook();
    try {
      await book.xlsx.load(file as unknown as ArrayBuffer);
    } catch {
      throw new BudgetSheetRefusedError([{ row: 1, column: '文件', message: '不是有效的 Excel（.xlsx）文件', messageEn: 'not a valid Excel (.xlsx) file' }]);
    }
    const sheet = book.worksheets[0];
    if (!sheet) throw new BudgetSheetRefusedError([{ row: 1, column: '文件', message: '文件中没有工作表', messageEn: 'the file has no worksheet' }]);
    const headers = new Map<number, (typeof COLUMNS)[number]['key']>();
    sheet.getRow(1).eachCell((cell, column) => {
      const text = cellText(cell.value);
      const known = COLUMNS.find((c) => c.header === text || c.en === text.toLowerCase());
      if (known) headers.set(column, known.key);
    });
    const missing = COLUMNS.filter((c) => !['name', 'lastYearActual', 'mode', 'fund'].includes(c.key) && ![...headers.values()].includes(c.key));
    if (missing.length > 0) {
      throw new BudgetSheetRefusedError(missing.map((c) => ({ row: 1, column: c.header, message: `缺少“${c.header}”列`, messageEn: `the "${c.en}" column is missing` })));
    }
    const rows: { row: number; cells: Record<string, string> }[] = [];
    sheet.eachRow((row, number) => {
      if (number === 1) return;
      const cells: Record<string, string> = Object.fromEntries(COLUMNS.map((c) => [c.key, '']));
      row.eachCell((cell, column) => {
        const key = headers.get(column);
        if (key) cells[key] = cellText(cell.value);
      });
      if (Object.values(cells).some((v) => v !== '')) rows.push({ row: number, cells });
    });
    if (rows.length > MAX_ROWS) throw new BudgetSheetRefusedError([{ row: MAX_ROWS + 2, column: '文件', message: `一次最多导入 ${MAX_ROWS} 行`, messageEn: `at most ${MAX_ROWS} rows at once` }]);
    return rows as never;
  }
}

/** A cell's value as the text a person typed: numbers without float noise, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : value.toFixed(2);
  if (typeof value === 'object' && 'result' in value) return cellText(value.result as ExcelJS.CellValue);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('').trim();
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).trim();
}
