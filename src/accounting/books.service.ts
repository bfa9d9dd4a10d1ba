import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { percentOf } from '../common/money';
import { SubjectUnknownError } from './accounting.errors';
import { Book, ChartOfAccounts, Dimension } from './chart';
import { PostingRulesService } from './posting-rules.service';
import { sourceLink } from './vouchers.service';
import { voucherNumber } from './voucher-number';

export interface TrialBalanceRow {
  book: Book;
  subjectCode: string;
  subjectName: string;
  direction: 'debit' | 'credit';
  openingDebitFen: number;
  openingCreditFen: number;
  debitFen: number;
  creditFen: number;
  closingDebitFen: number;
  closingCreditFen: number;
}

export type LedgerFilter = Partial<Record<Dimension, string>>;

const COLUMN: Record<Dimension, string> = { unit: 'unit', economicCode: 'economic_code', functionalCode: 'functional_code', project: 'project', person: 'person', supplier: 'supplier' };
/** The dimensions `ledger_total` keeps; a 明细账 filtered by others reads its opening from the entries. */
const SUMMARISED: Dimension[] = ['unit', 'economicCode'];
export const LEDGER_LINE_LIMIT = 5000;

/** A debit-minus-credit balance on the side it sits, as 科目余额表 columns show it. */
function sides(net: number): { debit: number; credit: number } {
  return net >= 0 ? { debit: net, credit: 0 } : { debit: 0, credit: -net };
}

/** The books: 科目余额表, 明细账 and the year's 决算, read from posted entries and their per-period totals. */
@Injectable()
export class BooksService {
  constructor(private readonly dataSource: DataSource, private readonly rules: PostingRulesService) {}

  private get chart(): ChartOfAccounts {
    return this.rules.chart;
  }

  /** 科目余额表 of a period, both books: opening, the period's debit and credit, closing; totals balance per book. */
  async trialBalance(period: string) {
    const rows: { book: Book; subject_code: string; opening: string; debit: string; credit: string }[] = await this.dataSource.query(
      `SELECT book, subject_code,
              coalesce(sum(debit_fen - credit_fen) FILTER (WHERE period < $1), 0)::bigint AS opening,
              coalesce(sum(debit_fen) FILTER (WHERE period = $1), 0)::bigint AS debit,
              coalesce(sum(credit_fen) FILTER (WHERE period = $1), 0)::bigint AS credit
       FROM ledger_total WHERE period <= $1 GROUP BY book, subject_code ORDER BY book DESC, subject_code`,
      [period],
    );
    const lines: TrialBalanceRow[] = rows.map((r) => {
      const opening = Number(r.opening);
      const debit = Number(r.debit);
      const credit = Number(r.credit);
      const open = sides(opening);
      const close = sides(opening + debit - credit);
      const account = this.chart.account(r.subject_code);
      return {
        book: r.book,
        subjectCode: r.subject_code,
        subjectName: account?.name ?? r.subject_code,
        direction: account?.direction ?? 'debit',
        openingDebitFen: open.debit,
        openingCreditFen: open.credit,
        debitFen: debit,
        creditFen: credit,
        closingDebitFen: close.debit,
        closingCreditFen: close.credit,
      };
    });
    const totals = (['financial', 'budget'] as Book[]).map((b) => {
      const own = lines.filter((l) => l.book === b);
      const sum = (key: keyof TrialBalanceRow) => own.reduce((s, l) => s + (l[key] as number), 0);
      const total = {
        book: b,
        openingDebitFen: sum('openingDebitFen'),
        openingCreditFen: sum('openingCreditFen'),
        debitFen: sum('debitFen'),
        creditFen: sum('creditFen'),
        closingDebitFen: sum('closingDebitFen'),
        closingCreditFen: sum('closingCreditFen'),
      };
      return { ...total, balanced: total.openingDebitFen === total.openingCreditFen && total.debitFen === total.creditFen && total.closingDebitFen === total.closingCreditFen };
    });
    return { period, rows: lines, totals, balanced: totals.every((t) => t.balanced) };
  }

  /** 明细账 of a subject over a range of periods, filtered by any auxiliary dimension, with running balance. */
  async ledger(subject: string, from: string, to: string, filter: LedgerFilter) {
    const account = this.chart.account(subject);
    if (!account) throw new SubjectUnknownError(subject);
    const dims = (Object.keys(filter) as Dimension[]).filter((d) => filter[d]);
    const params: unknown[] = [account.book, subject, from];
    const conditions = dims.map((d) => {
      params.push(filter[d]);
      return `${COLUMN[d]} = $${params.length}`;
    });
    const extra = conditions.length ? ` AND ${conditions.join(' AND ')}` : '';
    let opening: number;
    if (dims.every((d) => SUMMARISED.includes(d))) {
      const [row] = await this.dataSource.query(`SELECT coalesce(sum(debit_fen - credit_fen), 0)::bigint AS net FROM ledger_total WHERE book = $1 AND subject_code = $2 AND period < $3${extra}`, params);
      opening = Number(row.net);
    } else {
      const [row] = await this.dataSource.query(
        `SELECT coalesce(sum(debit_fen - credit_fen), 0)::bigint AS net FROM voucher_entry WHERE book = $1 AND subject_code = $2 AND posted_period IS NOT NULL AND posted_period < $3${extra}`,
        params,
      );
      opening = Number(row.net);
    }
    params.push(to);
    const toParam = `$${params.length}`;
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT e.posted_period AS period, v.id AS voucher_id, v.number, to_char(v.voucher_date, 'YYYY-MM-DD') AS date, e.summary, v.source_kind, v.source_id,
              e.unit, e.economic_code, e.functional_code, e.project, e.person, e.supplier, e.debit_fen, e.credit_fen
       FROM voucher_entry e JOIN voucher v ON v.id = e.voucher_id
       WHERE e.book = $1 AND e.subject_code = $2 AND e.posted_period IS NOT NULL AND e.posted_period >= $3 AND e.posted_period <= ${toParam}${extra.replace(/(\b[a-z_]+ = \$)/g, 'e.$1')}
       ORDER BY e.posted_period, v.number, e.line_no LIMIT ${LEDGER_LINE_LIMIT + 1}`,
      params,
    );
    const sign = account.direction === 'debit' ? 1 : -1;
    let balance = opening;
    const lines = rows.slice(0, LEDGER_LINE_LIMIT).map((r) => {
      const debitFen = Number(r.debit_fen);
      const creditFen = Number(r.credit_fen);
      balance += debitFen - creditFen;
      return {
        period: r.period as string,
        date: r.date as string,
        voucherId: r.voucher_id as string,
        voucherLabel: voucherNumber(r.number),
        summary: r.summary as string,
        source: r.source_kind ? { kind: r.source_kind as string, id: r.source_id as string, link: sourceLink(r.source_kind, r.source_id) } : null,
        unit: r.unit, economicCode: r.economic_code, functionalCode: r.functional_code, project: r.project, person: r.person, supplier: r.supplier,
        debitFen,
        creditFen,
        balanceFen: sign * balance,
      };
    });
    return {
      subject: { code: account.code, name: account.name, book: account.book, direction: account.direction },
      from,
      to,
      filter,
      openingFen: sign * opening,
      closingFen: sign * balance,
      debitFen: lines.reduce((s, l) => s + l.debitFen, 0),
      creditFen: lines.reduce((s, l) => s + l.creditFen, 0),
      lines,
      truncated: rows.length > LEDGER_LINE_LIMIT,
    };
  }

  /**
   * The year's 决算 view: budget (the year's budget lines) against actual (预算会计 expenditure, 7xxx)
   * by economic classification, with the rate; and 收入支出决算表's shape: budget revenue, expenditure
   * split into 基本支出 and 项目支出, and the balance.
   */
  async finalAccounts(year: number) {
    const budget: { subject: string; fund_type: string; allocated: string }[] = await this.dataSource.query(
      `SELECT subject, fund_type, sum(allocated_fen)::bigint AS allocated FROM budget_line WHERE fiscal_year = $1 GROUP BY subject, fund_type`,
      [year],
    );
    const actual: { economic_code: string; project: boolean; amount: string }[] = await this.dataSource.query(
      `SELECT coalesce(economic_code, '') AS economic_code, (project IS NOT NULL) AS project, sum(debit_fen - credit_fen)::bigint AS amount
       FROM voucher_entry WHERE book = 'budget' AND subject_code LIKE '7%' AND posted_period IS NOT NULL AND posted_period BETWEEN $1 AND $2
       GROUP BY 1, 2`,
      [`${year}-01`, `${year}-12`],
    );
    const revenue: { subject_code: string; amount: string }[] = await this.dataSource.query(
      `SELECT subject_code, sum(credit_fen - debit_fen)::bigint AS amount FROM ledger_total WHERE book = 'budget' AND subject_code LIKE '6%' AND period BETWEEN $1 AND $2 GROUP BY 1 ORDER BY 1`,
      [`${year}-01`, `${year}-12`],
    );
    const byCode = new Map<string, { budgetFen: number; actualFen: number; basicFen: number; projectFen: number }>();
    const at = (code: string) => byCode.get(code) ?? byCode.set(code, { budgetFen: 0, actualFen: 0, basicFen: 0, projectFen: 0 }).get(code)!;
    for (const b of budget) at(b.subject).budgetFen += Number(b.allocated);
    for (const a of actual) {
      const row = at(a.economic_code || '—');
      row.actualFen += Number(a.amount);
      if (a.project) row.projectFen += Number(a.amount);
      else row.basicFen += Number(a.amount);
    }
    const items = [...byCode.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, v]) => ({ code, name: this.chart.economicName(code) ?? code, group: this.chart.economicGroup(code).code, ...v, rate: percentOf(v.actualFen, v.budgetFen) }));
    const groups = [...new Set(items.map((i) => i.group))].map((group) => {
      const own = items.filter((i) => i.group === group);
      const sum = (key: 'budgetFen' | 'actualFen' | 'basicFen' | 'projectFen') => own.reduce((s, i) => s + i[key], 0);
      const budgetFen = sum('budgetFen');
      const actualFen = sum('actualFen');
      return { code: group, name: this.chart.economicGroup(group).name, budgetFen, actualFen, basicFen: sum('basicFen'), projectFen: sum('projectFen'), rate: percentOf(actualFen, budgetFen), items: own };
    });
    const revenueRows = revenue.map((r) => ({ code: r.subject_code, name: this.chart.account(r.subject_code)?.name ?? r.subject_code, amountFen: Number(r.amount) }));
    const revenueFen = revenueRows.reduce((s, r) => s + r.amountFen, 0);
    const expenditureFen = items.reduce((s, i) => s + i.actualFen, 0);
    return {
      year,
      groups,
      totals: { budgetFen: items.reduce((s, i) => s + i.budgetFen, 0), actualFen: expenditureFen, rate: percentOf(expenditureFen, items.reduce((s, i) => s + i.budgetFen, 0)) },
      statement: {
        revenue: revenueRows,
        revenueFen,
        expenditure: { basicFen: items.reduce((s, i) => s + i.basicFen, 0), projectFen: items.reduce((s, i) => s + i.projectFen, 0), totalFen: expenditureFen },
        balanceFen: revenueFen - expenditureFen,
      },
    };
  }
}
