import { Injectable, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { setAudit } from './audit-settings';
import { BudgetLedger } from '../budget/budget-ledger';
import type { PaymentMethod } from '../business-events/business-event';
import { BusinessEventsService } from '../business-events/business-events.service';
import { CLAIM_KIND } from '../claims/claims.service';
import { Clock } from '../common/clock';
import { fenToYuan } from '../common/money';
import { NotificationsService } from '../notifications/notifications.service';
import { RulesService } from '../rules/rules.service';
import type { Payable, PayableNote, PayableSource } from './payable';
import { PayablesRegistry } from './payables.registry';
import { cardSettlement, CardRequiredPolicy } from './card-settlement';
import { PayableChangedError } from './payments.errors';

export const CLAIM_PAYABLE = 'claim';
export const PAYMENT_SET = 'payment';

/** Budget lines the treasury pays directly (直接支付), as the payment rule set's data says. */
export interface DirectPaymentRule {
  fund: 'basic' | 'special';
  subjectPrefixes: string[];
}

interface DueRow {
  id: string;
  type: 'travel' | 'expense';
  purpose: string | null;
  subjects: string[];
  total_fen: string;
  reimbursable_fen: string | null;
  due_since: string;
  username: string;
  display_name: string;
  account_no: string | null;
  bank_name: string | null;
  card_no: string | null;
  line_id: string | null;
  line_unit: string | null;
  line_unit_name: string | null;
  subject: string | null;
  fund_type: 'basic' | 'special' | null;
  fund_name: string | null;
  committed_fen: string | null;
  card_matches: number;
}

/** Approved claims, each with its claimant, account, the line it committed and what paid it by card. */
const DUE_CLAIMS = `
  SELECT c.id, c.type, c.document->>'purpose' AS purpose,
         ARRAY(SELECT DISTINCT s FROM (SELECT c.document->'budgetLine'->>'subject' AS s
                                       UNION ALL SELECT i->>'subject' FROM jsonb_array_elements(coalesce(c.document->'items', '[]')) i) x WHERE s IS NOT NULL) AS subjects,
         c.total_fen, c.reimbursable_fen, to_char(coalesce(c.approved_on, c.submitted_on), 'YYYY-MM-DD') AS due_since,
         u.username, u.display_name, a.account_no, a.bank_name, a.card_no,
         l.id AS line_id, lu.code AS line_unit, lu.name AS line_unit_name, l.subject, l.fund_type, l.fund_name, ce.committed_fen,
         (SELECT count(*)::int FROM card_transaction t WHERE t.claim_id = c.id) AS card_matches
    FROM claim c
    JOIN app_user u ON u.id = c.claimant_id
    LEFT JOIN person_account a ON a.user_id = u.id
    LEFT JOIN LATERAL (SELECT e.line_id, sum(e.amount_fen) AS committed_fen FROM budget_entry e
                        WHERE e.claim_id = c.id AND e.kind = 'commit' GROUP BY e.line_id ORDER BY 2 DESC LIMIT 1) ce ON true
    LEFT JOIN budget_line l ON l.id = ce.line_id
    LEFT JOIN org_unit lu ON lu.id = l.unit_id
   WHERE c.status = 'APPROVED'
     AND NOT EXISTS (SELECT 1 FROM payment_line p WHERE p.source_kind = '${CLAIM_PAYABLE}' AND p.source_id = c.id::text AND p.status IN ('PENDING', 'PAID'))`;

/** The reference a person reads for a claim (报销单号). */
export function claimReference(claimId: string): string {
  return `BX-${claimId.slice(0, 8).toUpperCase()}`;
}

/**
 * Approved claims as payables: the claimant is paid the reimbursable amount into their payroll
 * account — or, when the claim's expenses were paid by 公务卡 and matched on the statement, into
 * their card (公务卡还款); lines the payment rule set names are paid by the treasury (直接支付).
 * Paying a claim marks it `PAID`, marks its committed budget `paid`, tells the claimant and
 * publishes `claim-paid`, all in the caller's transaction.
 */
@Injectable()
export class ClaimPayables implements PayableSource, OnModuleInit {
  readonly kind = CLAIM_PAYABLE;

  constructor(
    private readonly registry: PayablesRegistry,
    private readonly rules: RulesService,
    private readonly ledger: BudgetLedger,
    private readonly notifications: NotificationsService,
    private readonly events: BusinessEventsService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.registry.register(this);
  }

  async due(manager: EntityManager): Promise<Payable[]> {
    const rows: DueRow[] = await manager.query(`${DUE_CLAIMS} ORDER BY coalesce(c.approved_on, c.submitted_on), c.id`);
    return Promise.all(rows.map((row) => this.payable(row)));
  }

  async dueOne(manager: EntityManager, id: string): Promise<Payable | null> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
    const [row]: DueRow[] = await manager.query(`${DUE_CLAIMS} AND c.id = $1`, [id]);
    return row ? this.payable(row) : null;
  }

  async markPaid(manager: EntityManager, id: string, paidOn: string, context: { batchId: string; actor: string; method: PaymentMethod }): Promise<void> {
    await setAudit(manager);
    const [claim]: { status: string; type: 'travel' | 'expense'; purpose: string | null; username: string; display_name: string; reimbursable_fen: string | null; total_fen: string; unit_code: string; budget_line: { subject: string; fund: 'basic' | 'special'; name?: string } }[] = await manager.query(
      `SELECT c.status, c.type, c.document->>'purpose' AS purpose, u.username, u.display_name, c.reimbursable_fen, c.total_fen,
              ou.code AS unit_code, c.document->'budgetLine' AS budget_line
         FROM claim c JOIN app_user u ON u.id = c.claimant_id JOIN org_unit ou ON ou.id = c.unit_id WHERE c.id = $1 FOR UPDATE OF c`,
      [id],
    );
    if (!claim) throw new PayableChangedError('报销单不存在', 'The claim does not exist');
    if (claim.status === 'PAID') return;
    if (claim.status !== 'APPROVED') throw new PayableChangedError(`报销单状态为 ${claim.status}，不能支付`, `The claim is ${claim.status} and cannot be paid`);
    await manager.query(`UPDATE claim SET status = 'PAID', revision = revision + 1, updated_at = now() WHERE id = $1`, [id]);
    const reference = claimReference(id);
    const amountFen = Number(claim.reimbursable_fen ?? claim.total_fen);
    const standing = (await this.ledger.standing({ claimId: id }, manager)).filter((s) => s.committedFen > 0);
    await this.ledger.moveWithin(manager, standing.map((s) => ({
      lineId: s.lineId,
      kind: 'pay' as const,
      amountFen: s.committedFen,
      operationKey: `pay:claim:${id}:${s.lineId}`,
      actor: context.actor,
      reason: `支付 ${reference}`,
      claimId: id,
    })));
    const committedLines: { unit: string; subject: string; fund_type: 'basic' | 'special'; fund_name: string; committed: string }[] = standing.length
      ? await manager.query(
          `SELECT u.code AS unit, l.subject, l.fund_type, l.fund_name, x.committed FROM budget_line l JOIN org_unit u ON u.id = l.unit_id
             JOIN unnest($1::uuid[], $2::bigint[]) AS x(line_id, committed) ON x.line_id = l.id`,
          [standing.map((s) => s.lineId), standing.map((s) => s.committedFen)],
        )
      : [];
    // A claim that committed nothing (no ledger line was found for it) still books on the line it names.
    const lines = committedLines.length
      ? committedLines
      : [{ unit: claim.unit_code, subject: claim.budget_line.subject, fund_type: claim.budget_line.fund, fund_name: claim.budget_line.name ?? '', committed: String(amountFen) }];
    const subjectName = this.subjectName(lines[0]?.subject);
    const summary = `${claim.display_name} 报销${subjectName} ${reference}`;
    await this.events.publish(manager, {
      kind: 'claim-paid',
      source: { kind: CLAIM_KIND[claim.type], id },
      occurredOn: paidOn,
      summary,
      method: context.method,
      lines: splitAmount(amountFen, lines).map(({ line, amountFen: part }) => ({
        amountFen: part,
        unit: line.unit,
        economicCode: line.subject,
        fund: line.fund_type,
        ...(line.fund_type === 'special' && line.fund_name ? { project: line.fund_name } : {}),
        person: claim.username,
        summary,
      })),
      facts: { batch: context.batchId, reference },
    }, context.actor);
    await this.notifications.notify([claim.username], {
      kind: 'paid',
      subject: { kind: CLAIM_KIND[claim.type], id },
      params: { purpose: claim.purpose, amount: fenToYuan(amountFen), paidOn },
      dedupe: `claim-paid:${id}`,
    }, manager);
  }

  async markFailed(manager: EntityManager, id: string, reason: string, context: { batchId: string; actor: string }): Promise<void> {
    // The claim stays APPROVED and is due again; the failed batch line keeps the bank's reason,
    // which 待支付 shows beside it. The claimant hears of it: their money is late.
    const [claim]: { type: 'travel' | 'expense'; username: string; purpose: string | null }[] = await manager.query(
      `SELECT c.type, u.username, c.document->>'purpose' AS purpose FROM claim c JOIN app_user u ON u.id = c.claimant_id WHERE c.id = $1`,
      [id],
    );
    if (!claim) return;
    await this.notifications.notify([claim.username], {
      kind: 'payment-failed',
      subject: { kind: CLAIM_KIND[claim.type], id },
      params: { purpose: claim.purpose, reason },
      dedupe: `claim-payment-failed:${context.batchId}:${id}`,
    }, manager);
  }

  private method(row: DueRow): PaymentMethod {
    const policy = this.rules.inForce(PAYMENT_SET, this.clock.today()).data as { directPayment?: DirectPaymentRule[] };
    const direct = (policy.directPayment ?? []).some((rule) => rule.fund === row.fund_type && rule.subjectPrefixes.some((prefix) => (row.subject ?? '').startsWith(prefix)));
    if (direct) return 'direct';
    if (row.card_no && row.card_matches > 0) return 'card';
    return 'authorized';
  }

  private async payable(row: DueRow): Promise<Payable> {
    const method = this.method(row);
    const amountFen = Number(row.reimbursable_fen ?? row.total_fen);
    return {
      source: { kind: CLAIM_PAYABLE, id: row.id },
      reference: claimReference(row.id),
      title: row.purpose ?? '',
      payee: {
        kind: 'person',
        key: row.username,
        name: row.display_name,
        account: (method === 'card' ? row.card_no : row.account_no) ?? '',
        bank: row.bank_name ? (method === 'card' ? `${row.bank_name}（公务卡）` : row.bank_name) : '',
      },
      amountFen,
      method,
      budgetLine: { id: row.line_id ?? '', unit: row.line_unit_name ?? '', subject: row.subject ?? '', fund: row.fund_type ?? '', name: row.fund_name || null },
      dueSince: row.due_since,
      link: `/claims/${row.id}`,
      notes: await this.notes(row, Number(row.total_fen)),
    };
  }

  /** PAY-CARD-REQUIRED and whatever else the payment rule set finds; the engine runs only where a rule could fire. */
  private async notes(row: DueRow, totalFen: number): Promise<PayableNote[]> {
    const definition = this.rules.inForce(PAYMENT_SET, row.due_since);
    const claim = { subjects: row.subjects, totalFen };
    if (!cardSettlement(claim, row.card_matches, (definition.data as { cardRequired?: CardRequiredPolicy }).cardRequired).required) return [];
    const { findings } = await this.rules.evaluate(definition, { claim, cardMatches: row.card_matches, submittedOn: row.due_since });
    return findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity === 'warn' ? 'warn' : 'info', message: f.message, facts: { ...f.facts, ruleSet: `${definition.set}@${definition.version}` } }));
  }

  private subjectName(code: string | undefined): string {
    const listed = (this.rules.inForce(PAYMENT_SET, this.clock.today()).data as { cardRequired?: CardRequiredPolicy }).cardRequired?.subjects ?? [];
    return listed.find((s) => s.code === code)?.name ?? (code ? `费用（${code}）` : '费用');
  }
}

/** The paid amount across the lines the claim committed, in proportion, to the fen (the last line takes the rest). */
function splitAmount<T extends { committed: string }>(amountFen: number, lines: T[]): { line: T; amountFen: number }[] {
  if (lines.length <= 1) return lines.map((line) => ({ line, amountFen }));
  const total = lines.reduce((sum, line) => sum + Number(line.committed), 0);
  let left = amountFen;
  return lines.map((line, index) => {
    const part = index === lines.length - 1 ? left : Math.floor((amountFen * Number(line.committed)) / total);
    left -= part;
    return { line, amountFen: part };
  }).filter((p) => p.amountFen > 0);
}
