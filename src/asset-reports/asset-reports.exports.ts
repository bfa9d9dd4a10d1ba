import { Injectable } from '@nestjs/common';
import { fenToYuan } from '../common/money';
import { ExportWorkbook } from '../exports/export-writer';
import { CardSchedule, ClassSchedule, MovementReport, Reconciliation, RegisterReport } from './asset-reports.views';

const yuan = (fen: number) => Number(fenToYuan(fen));
const GROUPING_NAMES = { unit: '使用单位', class: '资产分类', keeper: '保管人', status: '状态' } as const;

/** The asset reports as Excel workbooks (exceljs through src/exports, every cell neutralised); amounts in yuan. */
@Injectable()
export class AssetReportExports {
  async register(report: RegisterReport): Promise<Buffer> {
    const book = new ExportWorkbook();
    const sheet = book.addSheet('资产台账');
    sheet.setColumns([{ header: GROUPING_NAMES[report.by], key: 'name', width: 28 }, { header: '卡片数', key: 'cards', width: 10 }, { header: '原值（元）', key: 'original' }, { header: '累计折旧（元）', key: 'depreciated' }, { header: '净值（元）', key: 'net' }]);
    for (const r of report.rows) sheet.addRow({ name: r.name, cards: r.cards, original: yuan(r.originalFen), depreciated: yuan(r.depreciatedFen), net: yuan(r.netFen) });
    sheet.addRow({ name: '合计', cards: report.total.cards, original: yuan(report.total.originalFen), depreciated: yuan(report.total.depreciatedFen), net: yuan(report.total.netFen) });
    return book.toBuffer();
  }

  async movements(report: MovementReport): Promise<Buffer> {
    const book = new ExportWorkbook();
    for (const [title, rows, on] of [['新增', report.additions, '验收日期'], ['处置', report.disposals, '处置日期']] as const) {
      const sheet = book.addSheet(`${title} ${report.from}至${report.to}`);
      sheet.setColumns([{ header: '资产编号', key: 'number' }, { header: '名称', key: 'name', width: 24 }, { header: '资产分类', key: 'class', width: 20 }, { header: '使用单位', key: 'unit', width: 20 }, { header: on, key: 'on', width: 12 }, { header: '原值（元）', key: 'original' }, { header: '累计折旧（元）', key: 'depreciated' }, { header: '净值（元）', key: 'net' }]);
      for (const r of rows) sheet.addRow({ number: r.number, name: r.name, class: `${r.className}（${r.classCode}）`, unit: r.unitName, on: r.on, original: yuan(r.originalFen), depreciated: yuan(r.depreciatedFen), net: yuan(r.netFen) });
      sheet.addRow({ number: '合计', original: yuan(rows.reduce((s, r) => s + r.originalFen, 0)) });
    }
    return book.toBuffer();
  }

  async cardSchedule(schedule: CardSchedule): Promise<Buffer> {
    const book = new ExportWorkbook();
    const sheet = book.addSheet(`折旧明细 ${schedule.card.number}`);
    sheet.setColumns([{ header: '月份', key: 'period', width: 10 }, { header: '折旧额（元）', key: 'amount' }, { header: '累计折旧（元）', key: 'accumulated' }, { header: '净值（元）', key: 'net' }, { header: '状态', key: 'state', width: 10 }]);
    for (const l of schedule.lines) sheet.addRow({ period: l.period, amount: yuan(l.amountFen), accumulated: yuan(l.accumulatedFen), net: yuan(l.netFen), state: l.booked ? '已计提' : '预计' });
    return book.toBuffer();
  }

  async classSchedule(schedule: ClassSchedule): Promise<Buffer> {
    const book = new ExportWorkbook();
    const sheet = book.addSheet(`${schedule.year} 年折旧`);
    const months = Array.from({ length: 12 }, (_, i) => ({ header: `${i + 1} 月`, key: `m${i}`, width: 12 }));
    sheet.setColumns([{ header: '资产分类', key: 'class', width: 24 }, ...months, { header: '全年（元）', key: 'total' }]);
    const cells = (values: number[]) => Object.fromEntries(values.map((v, i) => [`m${i}`, yuan(v)]));
    for (const r of schedule.rows) sheet.addRow({ class: `${r.className}（${r.classCode}）`, ...cells(r.months), total: yuan(r.totalFen) });
    sheet.addRow({ class: '合计', ...cells(schedule.monthTotals), total: yuan(schedule.monthTotals.reduce((s, v) => s + v, 0)) });
    sheet.addRow({ class: schedule.bookedThrough ? `${schedule.bookedThrough} 及以前为已计提，以后为预计` : '全部为预计' });
    return book.toBuffer();
  }

  async reconciliation(report: Reconciliation): Promise<Buffer> {
    const book = new ExportWorkbook();
    const sheet = book.addSheet('卡片与账簿核对');
    sheet.setColumns([
      { header: '使用单位', key: 'unit', width: 22 },
      { header: '卡片原值', key: 'co' }, { header: '1601 已记账', key: 'bo' }, { header: '1601 未记账凭证', key: 'do' }, { header: '原值差额', key: 'xo' },
      { header: '卡片累计折旧', key: 'cd' }, { header: '1602 已记账', key: 'bd' }, { header: '1602 未记账凭证', key: 'dd' }, { header: '折旧差额', key: 'xd' },
    ]);
    const line = (unit: string, r: Reconciliation['total']) => ({ unit, co: yuan(r.cardsOriginalFen), bo: yuan(r.booksOriginalFen), do: yuan(r.draftOriginalFen), xo: yuan(r.originalDifferenceFen), cd: yuan(r.cardsDepreciatedFen), bd: yuan(r.booksDepreciatedFen), dd: yuan(r.draftDepreciatedFen), xd: yuan(r.depreciatedDifferenceFen) });
    for (const r of report.rows) {
      const row = sheet.addRow(line(r.unitName, r));
      if (r.originalDifferenceFen !== 0) row.getCell('xo').font = { color: { argb: 'FFD03050' }, bold: true };
      if (r.depreciatedDifferenceFen !== 0) row.getCell('xd').font = { color: { argb: 'FFD03050' }, bold: true };
    }
    sheet.addRow(line('合计', report.total));
    return book.toBuffer();
  }
}
