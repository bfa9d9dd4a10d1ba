import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { fenToYuan } from '../common/money';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import { ExportCell, ExportWorkbook } from '../exports/export-writer';
import { ACCOUNTING_DATA_DIR } from './chart';
import { BooksService, LedgerFilter } from './books.service';
import { PostingRulesService } from './posting-rules.service';

interface Layout {
  id: string;
  name: string;
  status: 'shipped' | 'sample';
  sheet: string;
  columns: { header: string; field: string }[];
}

const yuan = (fen: number) => Number(fenToYuan(fen));
const BOOK_ZH = { financial: '财务会计', budget: '预算会计' } as const;

/** Excel of the books and of vouchers in import layouts that are data; every file goes through the one export writer. */
@Injectable()
export class AccountingExports {
  readonly layouts: Layout[] = (JSON.parse(readFileSync(join(ACCOUNTING_DATA_DIR, 'voucher-layouts.json'), 'utf8')) as { layouts: Layout[] }).layouts;

  constructor(private readonly dataSource: DataSource, private readonly books: BooksService, private readonly rules: PostingRulesService) {}

  layout(id: string): Layout {
    const found = this.layouts.find((l) => l.id === id);
    if (!found) throw new RequestValidationError([{ field: 'layout', message: bilingual(`导出格式应为 ${this.layouts.map((l) => l.id).join(' / ')}`, `must be one of ${this.layouts.map((l) => l.id).join(', ')}`) }]);
    return found;
  }

  /** The period's vouchers, one row per entry, in the layout's columns. */
  async vouchers(period: string, layoutId: string): Promise<Buffer> {
    const layout = this.layout(layoutId);
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT v.period, to_char(v.voucher_date, 'YYYY-MM-DD') AS date, v.number, v.summary AS voucher_summary, v.attachment_count, v.made_by, v.reviewed_by, v.posted_by,
              e.book, e.subject_code, e.summary, e.unit, e.economic_code, e.functional_code, e.project, e.person, e.supplier, e.debit_fen, e.credit_fen
       FROM voucher v JOIN voucher_entry e ON e.voucher_id = v.id WHERE v.period = $1 ORDER BY v.number, e.line_no`,
      [period],
    );
    const book = new ExportWorkbook();
    const sheet = book.addSheet(layout.sheet);
    sheet.setColumns(layout.columns.map((c, i) => ({ header: c.header, key: `c${i}`, width: c.field === 'summary' ? 36 : 14 })));
    for (const r of rows) {
      const fields: Record<string, ExportCell> = {
        period: r.period, date: r.date, word: '记', number: r.number, attachments: r.attachment_count, summary: r.summary || r.voucher_summary,
        book: r.book, bookName: BOOK_ZH[r.book as keyof typeof BOOK_ZH], subject: r.subject_code, subjectName: this.rules.chart.account(r.subject_code)?.name ?? '',
        debit: Number(r.debit_fen) ? yuan(Number(r.debit_fen)) : null, credit: Number(r.credit_fen) ? yuan(Number(r.credit_fen)) : null,
        unit: r.unit, economicCode: r.economic_code, functionalCode: r.functional_code, project: r.project, person: r.person, supplier: r.supplier,
        maker: r.made_by, reviewer: r.reviewed_by, poster: r.posted_by,
      };
      sheet.addRow(Object.fromEntries(layout.columns.map((c, i) => [`c${i}`, fields[c.field] ?? null])));
    }
    return book.toBuffer();
  }

  async trialBalance(period: string): Promise<Buffer> {
    const tb = await this.books.trialBalance(period);
    const book = new ExportWorkbook();
    const sheet = book.addSheet('科目余额表');
    sheet.setColumns([
      { header: '账套', key: 'book', width: 10 }, { header: '科目编码', key: 'code', width: 10 }, { header: '科目名称', key: 'name', width: 22 },
      { header: '期初借方', key: 'od' }, { header: '期初贷方', key: 'oc' }, { header: '本期借方', key: 'd' }, { header: '本期贷方', key: 'c' },
      { header: '期末借方', key: 'cd' }, { header: '期末贷方', key: 'cc' },
    ]);
    for (const r of tb.rows) {
      sheet.addRow({ book: BOOK_ZH[r.book], code: r.subjectCode, name: r.subjectName, od: yuan(r.openingDebitFen), oc: yuan(r.openingCreditFen), d: yuan(r.debitFen), c: yuan(r.creditFen), cd: yuan(r.closingDebitFen), cc: yuan(r.closingCreditFen) });
    }
    for (const t of tb.totals) {
      sheet.addRow({ book: BOOK_ZH[t.book], name: '合计', od: yuan(t.openingDebitFen), oc: yuan(t.openingCreditFen), d: yuan(t.debitFen), c: yuan(t.creditFen), cd: yuan(t.closingDebitFen), cc: yuan(t.closingCreditFen) });
    }
    return book.toBuffer();
  }

  async ledger(subject: string, from: string, to: string, filter: LedgerFilter): Promise<Buffer> {
    const ledger = await this.books.ledger(subject, from, to, filter);
    const book = new ExportWorkbook();
    const sheet = book.addSheet('明细账');
    sheet.setColumns([
      { header: '期间', key: 'period', width: 9 }, { header: '日期', key: 'date', width: 12 }, { header: '凭证号', key: 'voucher', width: 10 }, { header: '摘要', key: 'summary', width: 36 },
      { header: '部门', key: 'unit' }, { header: '经济分类', key: 'economic' }, { header: '项目', key: 'project' }, { header: '个人', key: 'person' }, { header: '往来单位', key: 'supplier' },
      { header: '借方', key: 'debit' }, { header: '贷方', key: 'credit' }, { header: '余额', key: 'balance' },
    ]);
    sheet.addRow({ summary: `${ledger.subject.code} ${ledger.subject.name} 期初余额`, balance: yuan(ledger.openingFen) });
    for (const l of ledger.lines) {
      sheet.addRow({ period: l.period, date: l.date, voucher: l.voucherLabel, summary: l.summary, unit: l.unit, economic: l.economicCode, project: l.project, person: l.person, supplier: l.supplier, debit: yuan(l.debitFen), credit: yuan(l.creditFen), balance: yuan(l.balanceFen) });
    }
    sheet.addRow({ summary: '本期合计 / 期末余额', debit: yuan(ledger.debitFen), credit: yuan(ledger.creditFen), balance: yuan(ledger.closingFen) });
    return book.toBuffer();
  }

  async finalAccounts(year: number): Promise<Buffer> {
    const view = await this.books.finalAccounts(year);
    const book = new ExportWorkbook();
    const sheet = book.addSheet('决算（经济分类）');
    sheet.setColumns([{ header: '经济分类', key: 'code', width: 10 }, { header: '名称', key: 'name', width: 24 }, { header: '预算数', key: 'budget' }, { header: '决算数', key: 'actual' }, { header: '基本支出', key: 'basic' }, { header: '项目支出', key: 'project' }, { header: '执行率%', key: 'rate' }]);
    for (const g of view.groups) {
      sheet.addRow({ code: g.code, name: g.name, budget: yuan(g.budgetFen), actual: yuan(g.actualFen), basic: yuan(g.basicFen), project: yuan(g.projectFen), rate: g.rate });
      for (const i of g.items) sheet.addRow({ code: i.code, name: `  ${i.name}`, budget: yuan(i.budgetFen), actual: yuan(i.actualFen), basic: yuan(i.basicFen), project: yuan(i.projectFen), rate: i.rate });
    }
    sheet.addRow({ name: '合计', budget: yuan(view.totals.budgetFen), actual: yuan(view.totals.actualFen), rate: view.totals.rate });
    const statement = book.addSheet('收入支出决算表');
    statement.setColumns([{ header: '项目', key: 'item', width: 30 }, { header: '金额', key: 'amount' }]);
    statement.addRow({ item: '本年收入' , amount: yuan(view.statement.revenueFen) });
    for (const r of view.statement.revenue) statement.addRow({ item: `  ${r.code} ${r.name}`, amount: yuan(r.amountFen) });
    statement.addRow({ item: '本年支出', amount: yuan(view.statement.expenditure.totalFen) });
    statement.addRow({ item: '  基本支出', amount: yuan(view.statement.expenditure.basicFen) });
    statement.addRow({ item: '  项目支出', amount: yuan(view.statement.expenditure.projectFen) });
    statement.addRow({ item: '收支结余', amount: yuan(view.statement.balanceFen) });
    return book.toBuffer();
  }
}
