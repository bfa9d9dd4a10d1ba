import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { fenToYuan, percentOf } from '../common/money';
import { ExportWorkbook } from '../exports/export-writer';

export interface ExecutionRow {
  unit: string;
  subject: string;
  fund: 'basic' | 'special';
  fundName: string | null;
  allocated: string;
  reserved: string;
  committed: string;
  available: string;
  /** Committed over allocated, in percent. */
  executionRate: number;
  /** Committed in each month (1–12) of the year, by the day the money was committed (China time). */
  months: string[];
}

export interface ExecutionReport {
  year: number;
  unit: string | null;
  rows: ExecutionRow[];
  totals: { allocated: string; reserved: string; committed: string; available: string; executionRate: number; months: string[] };
}

const SUBJECT_NAMES: Record<string, string> = {
  '30201': '办公费', '30211': '差旅费', '30212': '因公出国(境)费用', '30215': '会议费', '30216': '培训费',
  '30217': '公务接待费', '30231': '公务用车运行维护费', '30299': '其他商品和服务支出',
};


/** Budget execution by unit × subject × month, as JSON and as an Excel workbook. */
@Injectable()
export class BudgetExecutionReport {
  constructor(private readonly dataSource: DataSource) {}

  async build(year: number, unit?: string): Promise<ExecutionReport> {
    const rows: {
      unit: string; subject: string; fund_type: 'basic' | 'special'; fund_name: string;
      allocated_fen: string; reserved_fen: string; committed_fen: string; months: (string | null)[];
    }[] = await this.dataSource.query(
      `SELECT u.name AS unit, l.subject, l.fund_type, l.fund_name, l.allocated_fen, l.reserved_fen, l.committed_fen,
              array(SELECT coalesce(sum(e.amount_fen), 0)::text FROM generate_series(1, 12) m
                    LEFT JOIN budget_entry e ON e.line_id = l.id AND e.kind IN ('commit', 'spend')
                     AND extract(month FROM e.created_at AT TIME ZONE 'Asia/Shanghai') = m
                    GROUP BY m ORDER BY m) AS months
       FROM budget_line l JOIN org_unit u ON u.id = l.unit_id
       WHERE l.fiscal_year = $1 AND ($2::text IS NULL OR u.name = $2 OR u.code = $2)
       ORDER BY u.name, l.subject, l.fund_type, l.fund_name`,
      [year, unit ?? null],
    );
    const sum = { allocated: 0, reserved: 0, committed: 0, months: Array(12).fill(0) as number[] };
    const out: ExecutionRow[] = rows.map((row) => {
      const allocated = Number(row.allocated_fen);
      const reserved = Number(row.reserved_fen);
      const committed = Number(row.committed_fen);
      const months = row.months.map((m) => Number(m ?? 0));
      sum.allocated += allocated;
      sum.reserved += reserved;
      sum.committed += committed;
      months.forEach((fen, i) => (sum.months[i] += fen));
      return {
        unit: row.unit,
        subject: row.subject,
        fund: row.fund_type,
        fundName: row.fund_name || null,
        allocated: fenToYuan(allocated),
        reserved: fenToYuan(reserved),
        committed: fenToYuan(committed),
        available: fenToYuan(allocated - reserved - committed),
        executionRate: percentOf(committed, allocated),
        months: months.map(fenToYuan),
      };
    });
    return {
      year,
      unit: unit ?? null,
      rows: out,
      totals: {
        allocated: fenToYuan(sum.allocated),
        reserved: fenToYuan(sum.reserved),
        committed: fenToYuan(sum.committed),
        available: fenToYuan(sum.allocated - sum.reserved - sum.committed),
        executionRate: percentOf(sum.committed, sum.allocated),
        months: sum.months.map(fenToYuan),
      },
    };
  }

  /** The report as an .xlsx workbook: one sheet, amounts as numbers in yuan with two decimals. */
  async workbook(report: ExecutionReport): Promise<Buffer> {
    const book = new ExportWorkbook();
    const sheet = book.addSheet(`${report.year}年预算执行`, { views: [{ state: 'frozen', xSplit: 4, ySplit: 2 }] });
    const months = Array.from({ length: 12 }, (_, i) => `${i + 1}月`);
    sheet.addRow([`${report.year}年预算执行情况表 Budget execution ${report.year}${report.unit ? ` — ${report.unit}` : ''}`]);
    sheet.addRow(['单位 Unit', '科目 Subject', '科目名称', '资金 Fund', '预算数 Allocated', '占用 Reserved', '已执行 Committed', '可用 Available', '执行率 % Rate', ...months]);
    sheet.getRow(2).font = { bold: true };
    const money = (yuan: string) => Number(yuan);
    for (const row of report.rows) {
      sheet.addRow([
        row.unit, row.subject, SUBJECT_NAMES[row.subject] ?? '', row.fund === 'special' ? `专项 ${row.fundName ?? ''}` : '基本支出',
        money(row.allocated), money(row.reserved), money(row.committed), money(row.available), row.executionRate, ...row.months.map(money),
      ]);
    }
    const total = sheet.addRow(['合计 Total', '', '', '', money(report.totals.allocated), money(report.totals.reserved), money(report.totals.committed), money(report.totals.available), report.totals.executionRate, ...report.totals.months.map(money)]);
    total.font = { bold: true };
    sheet.columns.forEach((column, i) => {
      column.width = i < 4 ? 16 : 14;
      if (i >= 4 && i !== 8) column.numFmt = '#,##0.00';
    });
    return book.toBuffer();
  }
}
