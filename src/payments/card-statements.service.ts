import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { readFile } from 'node:fs/promises';
import { DataSource, EntityManager } from 'typeorm';
import { AttachmentsService } from '../attachments/attachments.service';
import { setAudit } from './audit-settings';
import { Clock } from '../common/clock';
import { isCalendarDay } from '../common/dto-fields';
import { fenToYuan, MONEY_PATTERN, yuanToFen } from '../common/money';
import type { Actor } from '../org/org.service';
import { RulesService } from '../rules/rules.service';
import { CARD_NO, maskNumber, normaliseNumber } from './account-numbers';
import { CardLayout, loadCardLayouts, readTable } from './bank-files';
import { cardSettlement, CardRequiredPolicy } from './card-settlement';
import { claimReference, PAYMENT_SET } from './claim-payables';
import { assertMay, PAY, READ_PAYMENTS } from './payment-batches.service';
import { PaymentFileRefusedError } from './payments.errors';
import { READ_ACCOUNTS_WHOLE } from './person-accounts.service';

/** How far a card transaction's day may be from the invoice's (holder, day ±3, amount to the fen). */
export const MATCH_DAYS = 3;

export interface StatementReport {
  statementId: string;
  layout: string;
  rows: number;
  imported: number;
  /** Rows whose transaction number was imported before: kept once. */
  duplicates: { row: number; reference: string }[];
  matched: number;
}

export interface CardTransactionView {
  id: string;
  reference: string;
  card: string | null;
  holder: string;
  day: string;
  amount: string;
  merchant: string;
  claim: { id: string; reference: string; invoice: string; link: string } | null;
}

export interface UnmatchedExpense {
  claimId: string;
  reference: string;
  claimant: string;
  purpose: string;
  status: string;
  total: string;
  subjects: string[];
  invoices: { number: string; date: string; total: string }[];
  link: string;
}

/**
 * 公务卡对账: the card bank's statement is imported (CSV, layout as data), each transaction matched
 * to a claim invoice of its holder (day ±3, amount to the fen), and what is left shown both ways —
 * transactions no claim accounts for, and claims the 公务卡强制结算目录 says should have been paid by
 * card (PAY-CARD-REQUIRED) with no transaction.
 */
@Injectable()
export class CardStatementsService {
  private readonly logger = new Logger(CardStatementsService.name);
  private readonly layouts: CardLayout[] = loadCardLayouts();

  constructor(
    private readonly dataSource: DataSource,
    private readonly attachments: AttachmentsService,
    private readonly rules: RulesService,
    private readonly clock: Clock,
  ) {}

  async importStatement(actor: Actor, request: Request): Promise<StatementReport> {
    assertMay(actor, PAY);
    const received = await this.attachments.receive(request);
    try {
      return await this.apply(actor, received.fileName, await readFile(received.path));
    } finally {
      await received.discard();
    }
  }

  /** Every row checked first; one bad row refuses the statement whole, naming each bad row. */
  async apply(actor: Actor, fileName: string, content: Buffer): Promise<StatementReport> {
    const table = await readTable(content);
    if (table.format !== 'csv') throw new PaymentFileRefusedError('type', '公务卡对账单应为 CSV 文件', 'The card statement must be a CSV file');
    const layout = this.layouts.find((l) => l.columns.every((c) => table.headers.includes(c.header)));
    if (!layout) {
      const missing = this.layouts[0].columns.map((c) => c.header).filter((h) => !table.headers.includes(h));
      throw new PaymentFileRefusedError('headers', `对账单的表头不是公务卡对账单格式，缺少：${missing.join('、')}`, `The headers are not a card statement layout; missing: ${missing.join(', ')}`, { missing });
    }
    if (table.rows.length === 0) throw new PaymentFileRefusedError('empty', '对账单没有数据行', 'The statement has no rows');
    const at = Object.fromEntries(layout.columns.map((c) => [c.field, table.headers.indexOf(c.header)])) as Record<CardLayout['columns'][number]['field'], number>;
    const problems: { row: number; problem: string }[] = [];
    const parsed = table.rows.map(({ rowNo, cells }) => {
      const cell = (field: keyof typeof at) => (cells[at[field]] ?? '').trim();
      const cardNo = normaliseNumber(cell('cardNo'));
      const rawDay = cell('day');
      const day = /^\d{8}$/.test(rawDay) ? `${rawDay.slice(0, 4)}-${rawDay.slice(4, 6)}-${rawDay.slice(6)}` : rawDay.replace(/\//g, '-');
      const amount = cell('amount');
      const row = { rowNo, cardNo, holder: cell('holder'), day, amount, merchant: cell('merchant'), reference: cell('reference') };
      if (!CARD_NO.test(cardNo)) problems.push({ row: rowNo, problem: '卡号应为 16 至 19 位数字 / card number must be 16 to 19 digits' });
      if (!isCalendarDay(day)) problems.push({ row: rowNo, problem: '交易日期无效 / transaction day is not a date' });
      if (!MONEY_PATTERN.test(amount) || yuanToFen(amount) <= 0) problems.push({ row: rowNo, problem: '交易金额无效 / amount is not a positive amount' });
      if (!row.reference) problems.push({ row: rowNo, problem: '交易流水号不能为空 / transaction number is empty' });
      if (!row.holder) problems.push({ row: rowNo, problem: '持卡人不能为空 / holder is empty' });
      return row;
    });
    if (problems.length > 0) {
      throw new PaymentFileRefusedError('rows', `对账单有 ${problems.length} 处错误，未导入任何交易（第 ${[...new Set(problems.map((p) => p.row))].join('、')} 行）`, `The statement has ${problems.length} problem(s); nothing was imported`, { rows: problems });
    }
    const report = await this.dataSource.transaction(async (tx) => {
      await setAudit(tx);
      const [statement] = await tx.query(`INSERT INTO card_statement (file_name, layout, transactions, imported_by) VALUES ($1, $2, $3, $4) RETURNING id`, [fileName || 'statement.csv', layout.id, parsed.length, actor.username]);
      const duplicates: StatementReport['duplicates'] = [];
      let imported = 0;
      for (const row of parsed) {
        const inserted = await tx.query(
          `INSERT INTO card_transaction (statement_id, reference, card_no, holder, txn_day, amount_fen, merchant) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (reference) DO NOTHING RETURNING id`,
          [statement.id, row.reference, row.cardNo, row.holder, row.day, yuanToFen(row.amount), row.merchant || '—'],
        );
        if (inserted.length === 0) duplicates.push({ row: row.rowNo, reference: row.reference });
        else imported += 1;
      }
      const matched = await this.matchUnmatched(tx);
      return { statementId: statement.id as string, layout: layout.id, rows: parsed.length, imported, duplicates, matched };
    });
    this.logger.log(`${actor.username} imported a card statement: ${report.imported} transactions, ${report.matched} matched`);
    return report;
  }

  /** Matches every unmatched transaction it can; the closest invoice day wins. Returns how many matched. */
  async matchUnmatched(tx: EntityManager): Promise<number> {
    const open: { id: string; card_no: string; txn_day: string; amount_fen: string }[] = await tx.query(
      `SELECT id, card_no, to_char(txn_day, 'YYYY-MM-DD') AS txn_day, amount_fen FROM card_transaction WHERE claim_id IS NULL ORDER BY txn_day, reference`,
    );
    let matched = 0;
    for (const txn of open) {
      const [invoice]: { claim_id: string; number: string }[] = await tx.query(
        `SELECT c.id AS claim_id, inv->>'number' AS number
           FROM person_account a JOIN claim c ON c.claimant_id = a.user_id, jsonb_array_elements(c.document->'invoices') inv
          WHERE a.card_no = $1 AND c.status NOT IN ('WITHDRAWN', 'REJECTED')
            AND (inv->>'date') ~ '^\\d{4}-\\d{2}-\\d{2}$' AND (inv->>'date')::date BETWEEN $2::date - ${MATCH_DAYS} AND $2::date + ${MATCH_DAYS}
            AND (inv->>'total') ~ '^\\d+(\\.\\d{1,2})?$' AND round((inv->>'total')::numeric * 100) = $3::bigint
            AND NOT EXISTS (SELECT 1 FROM card_transaction t WHERE t.claim_id = c.id AND t.invoice_number = inv->>'number')
          ORDER BY abs((inv->>'date')::date - $2::date), c.submitted_on, c.id LIMIT 1`,
        [txn.card_no, txn.txn_day, txn.amount_fen],
      );
      if (!invoice) continue;
      await tx.query(`UPDATE card_transaction SET claim_id = $2, invoice_number = $3, matched_at = now() WHERE id = $1 AND claim_id IS NULL`, [txn.id, invoice.claim_id, invoice.number]);
      matched += 1;
    }
    return matched;
  }

  /** Runs the matching again (claims filed after the statement arrived). */
  async rematch(actor: Actor): Promise<{ matched: number }> {
    assertMay(actor, PAY);
    return { matched: await this.dataSource.transaction(async (tx) => { await setAudit(tx); return this.matchUnmatched(tx); }) };
  }

  async reconciliation(actor: Actor): Promise<{ matched: CardTransactionView[]; unmatchedTransactions: CardTransactionView[]; unmatchedExpenses: UnmatchedExpense[]; matchDays: number }> {
    assertMay(actor, READ_PAYMENTS);
    const whole = actor.groups.some((g) => READ_ACCOUNTS_WHOLE.includes(g));
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT id, reference, card_no, holder, to_char(txn_day, 'YYYY-MM-DD') AS day, amount_fen, merchant, claim_id, invoice_number
         FROM card_transaction ORDER BY txn_day DESC, reference LIMIT 2000`,
    );
    const views: CardTransactionView[] = rows.map((r) => ({
      id: r.id,
      reference: r.reference,
      card: whole ? r.card_no : maskNumber(r.card_no),
      holder: r.holder,
      day: r.day,
      amount: fenToYuan(Number(r.amount_fen)),
      merchant: r.merchant,
      claim: r.claim_id ? { id: r.claim_id, reference: claimReference(r.claim_id), invoice: r.invoice_number, link: `/claims/${r.claim_id}` } : null,
    }));
    return { matched: views.filter((v) => v.claim), unmatchedTransactions: views.filter((v) => !v.claim), unmatchedExpenses: await this.unmatchedExpenses(), matchDays: MATCH_DAYS };
  }

  /** Claims of the 公务卡强制结算目录 above the threshold with no card transaction: what PAY-CARD-REQUIRED flags. */
  private async unmatchedExpenses(): Promise<UnmatchedExpense[]> {
    const policy = (this.rules.inForce(PAYMENT_SET, this.clock.today()).data as { cardRequired?: CardRequiredPolicy }).cardRequired;
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT c.id, c.status, c.total_fen, c.document->>'purpose' AS purpose, u.display_name,
              ARRAY(SELECT DISTINCT s FROM (SELECT c.document->'budgetLine'->>'subject' AS s
                                            UNION ALL SELECT i->>'subject' FROM jsonb_array_elements(coalesce(c.document->'items', '[]')) i) x WHERE s IS NOT NULL) AS subjects,
              c.document->'invoices' AS invoices
         FROM claim c JOIN app_user u ON u.id = c.claimant_id
        WHERE c.status IN ('IN_APPROVAL', 'APPROVED', 'PAID') AND c.total_fen > $1
          AND NOT EXISTS (SELECT 1 FROM card_transaction t WHERE t.claim_id = c.id)
        ORDER BY c.submitted_on DESC LIMIT 500`,
      [policy?.overFen ?? 0],
    );
    return rows
      .filter((r) => cardSettlement({ subjects: r.subjects, totalFen: Number(r.total_fen) }, 0, policy).required)
      .map((r) => ({
        claimId: r.id,
        reference: claimReference(r.id),
        claimant: r.display_name,
        purpose: r.purpose ?? '',
        status: r.status,
        total: fenToYuan(Number(r.total_fen)),
        subjects: r.subjects,
        invoices: ((r.invoices ?? []) as { number: string; date: string; total: string }[]).map((i) => ({ number: i.number, date: i.date, total: i.total })),
        link: `/claims/${r.id}`,
      }));
  }
}
