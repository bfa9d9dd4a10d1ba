import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { BusinessEventLine } from '../business-events/business-event';
import { BusinessEventsService } from '../business-events/business-events.service';
import { Clock } from '../common/clock';
import { fenToYuan } from '../common/money';
import type { Actor } from '../org/org.service';
import type { Payable } from '../payments/payable';
import { PayablesRegistry } from '../payments/payables.registry';
import { AccountingForbiddenError, PeriodStateError } from './accounting.errors';
import { refusal } from './vouchers.service';
import { VoucherRaiser } from './voucher-raiser';

export const ACCRUAL_SOURCE_KIND = 'accounting-period';

export interface PeriodCheck {
  id: 'unposted' | 'unbooked' | 'accrual';
  /** block: the period cannot close until it is dealt with. */
  severity: 'block' | 'ok';
  title: string;
  detail: string;
  items: { label: string; amount?: string; link?: string }[];
}

/** The last day of a YYYY-MM period. */
export function periodEnd(period: string): string {
  const [year, month] = period.split('-').map(Number);
  const day = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${period}-${String(day).padStart(2, '0')}`;
}

/** What every registered payable source has due on or before the period's last day (approved, unpaid). */
export async function dueAtPeriodEnd(payables: PayablesRegistry, manager: EntityManager, period: string): Promise<Payable[]> {
  const end = periodEnd(period);
  const all = await Promise.all(payables.all().map((source) => source.due(manager)));
  return all.flat().filter((p) => p.dueSince <= end);
}

/** The accrual event's lines: one per unpaid item, with its budget line's unit, economic code, fund and payee. */
export function accrualLines(due: Payable[]): BusinessEventLine[] {
  return due.map((p) => ({
    amountFen: p.amountFen,
    unit: p.budgetLine.unit,
    economicCode: p.budgetLine.subject,
    fund: p.budgetLine.fund === 'special' ? 'special' : 'basic',
    ...(p.budgetLine.fund === 'special' && p.budgetLine.name ? { project: p.budgetLine.name } : {}),
    ...(p.payee.kind === 'person' ? { person: p.payee.key } : { supplier: p.payee.key }),
    summary: `期末计提 ${p.reference} ${p.title}`,
  }));
}

/** 期末结账: the checks, the accrual of what was approved but not paid, closing, and reopening by a second person. */
@Injectable()
export class PeriodsService {
  private readonly logger = new Logger(PeriodsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly payables: PayablesRegistry,
    private readonly events: BusinessEventsService,
    private readonly raiser: VoucherRaiser,
    private readonly clock: Clock,
  ) {}

  /** Every period with vouchers or a close, newest first, with the voucher counts by state. */
  async list() {
    return this.dataSource.query(
      `SELECT p.period, coalesce(a.status, 'open') AS status, a.closed_by AS "closedBy", a.closed_at AS "closedAt", a.reopened_by AS "reopenedBy", a.reopened_at AS "reopenedAt", a.reopen_reason AS "reopenReason",
              (SELECT count(*)::int FROM voucher v WHERE v.period = p.period AND v.state = 'draft') AS drafts,
              (SELECT count(*)::int FROM voucher v WHERE v.period = p.period AND v.state = 'reviewed') AS reviewed,
              (SELECT count(*)::int FROM voucher v WHERE v.period = p.period AND v.state = 'posted') AS posted
       FROM (SELECT DISTINCT period FROM voucher UNION SELECT period FROM accounting_period UNION SELECT $1) p
       LEFT JOIN accounting_period a ON a.period = p.period ORDER BY p.period DESC`,
      [this.clock.today().slice(0, 7)],
    );
  }

  private due(period: string): Promise<Payable[]> {
    return dueAtPeriodEnd(this.payables, this.dataSource.manager, period);
  }

  async checks(period: string): Promise<{ period: string; status: string; closable: boolean; checks: PeriodCheck[] }> {
    const [state] = await this.dataSource.query(`SELECT status FROM accounting_period WHERE period = $1`, [period]);
    const unposted: { id: string; number: number; state: string; summary: string }[] = await this.dataSource.query(
      `SELECT id, number, state, summary FROM voucher WHERE period = $1 AND state <> 'posted' ORDER BY number`,
      [period],
    );
    const unbooked: { event_id: string; kind: string; reason: string }[] = await this.dataSource.query(
      `SELECT u.event_id::text, e.kind, u.reason FROM unbooked_event u JOIN business_event e ON e.id = u.event_id WHERE to_char(e.occurred_on, 'YYYY-MM') = $1 ORDER BY u.event_id`,
      [period],
    );
    const due = await this.due(period);
    const [accrual] = await this.dataSource.query(`SELECT e.id FROM business_event e WHERE e.kind = 'period-end-accrual' AND e.source_kind = $1 AND e.source_id = $2`, [ACCRUAL_SOURCE_KIND, period]);
    const dueFen = due.reduce((sum, p) => sum + p.amountFen, 0);
    const checks: PeriodCheck[] = [
      {
        id: 'unposted',
        severity: unposted.length ? 'block' : 'ok',
        title: '未记账凭证 / vouchers not posted',
        detail: unposted.length ? `${unposted.length} 张凭证未审核或未记账 / ${unposted.length} voucher(s) not posted` : '本期凭证均已记账 / every voucher is posted',
        items: unposted.map((v) => ({ label: `记-${String(v.number).padStart(4, '0')} ${v.state} ${v.summary}`, link: `/accounting/vouchers/${v.id}` })),
      },
      {
        id: 'unbooked',
        severity: unbooked.length ? 'block' : 'ok',
        title: '未制单业务事件 / events without a voucher',
        detail: unbooked.length ? `${unbooked.length} 个业务事件未生成凭证 / ${unbooked.length} event(s) without a voucher` : '本期业务事件均已制单 / every event has its voucher',
        items: unbooked.map((u) => ({ label: `#${u.event_id} ${u.kind}：${u.reason}` })),
      },
      {
        id: 'accrual',
        severity: due.length && !accrual ? 'block' : 'ok',
        title: '已批准未支付（期末计提 Dr 5001 / Cr 2307） / approved but unpaid (period-end accrual)',
        detail: due.length
          ? `${due.length} 笔共 ¥${fenToYuan(dueFen)} 于期末未支付${accrual ? '，已计提' : '，需先计提'} / ${due.length} item(s), ¥${fenToYuan(dueFen)}, unpaid at period end${accrual ? ', accrued' : ', to be accrued'}`
          : '无期末应付未付款项 / nothing approved and unpaid at period end',
        items: due.map((p) => ({ label: `${p.reference} ${p.payee.name} ${p.title}`, amount: fenToYuan(p.amountFen) })),
      },
    ];
    return { period, status: state?.status ?? 'open', closable: checks.every((c) => c.severity === 'ok'), checks };
  }

  /**
   * Publishes the period's accrual event — one line per unpaid approved item, Dr 5001 / Cr 2307 by the
   * posting rules, no budget entry — and raises its voucher at once. Once per period.
   */
  async accrue(period: string, actor: Actor): Promise<{ eventId: string | null; created: boolean; items: number }> {
    await this.assertOpen(period);
    const due = await this.due(period);
    if (due.length === 0) return { eventId: null, created: false, items: 0 };
    const lines = accrualLines(due);
    const published = await this.dataSource.transaction((tx) =>
      this.events.publish(tx, { kind: 'period-end-accrual', source: { kind: ACCRUAL_SOURCE_KIND, id: period }, occurredOn: periodEnd(period), summary: `${period} 期末计提已批准未支付款项`, lines }, actor.username),
    );
    const [event] = await this.events.ofSource(ACCRUAL_SOURCE_KIND, period);
    await this.raiser.raise(event, await this.raiser.versions());
    return { eventId: published.id, created: published.created, items: due.length };
  }

  async close(period: string, actor: Actor) {
    if (period > this.clock.today().slice(0, 7)) {
      throw new PeriodStateError(`会计期间 ${period} 尚未开始，不能结账`, `Period ${period} has not begun`);
    }
    await this.assertOpen(period);
    const result = await this.checks(period);
    if (!result.closable) throw new PeriodStateError(`会计期间 ${period} 有未通过的结账检查`, `Period ${period} has checks that block closing`, { checks: result.checks });
    try {
      await this.dataSource.query(
        `INSERT INTO accounting_period (period, status, closed_by, closed_at, checks) VALUES ($1, 'closed', $2, now(), $3)
         ON CONFLICT (period) DO UPDATE SET status = 'closed', closed_by = EXCLUDED.closed_by, closed_at = EXCLUDED.closed_at, checks = EXCLUDED.checks`,
        [period, actor.username, JSON.stringify(result.checks)],
      );
    } catch (error) {
      throw refusal(error) ?? error;
    }
    this.logger.log(`${actor.username} closed period ${period}`);
    return this.checks(period);
  }

  /** Reopening needs a second person: not the one who closed the period. The audit trail keeps both. */
  async reopen(period: string, actor: Actor, reason: string) {
    const [row] = await this.dataSource.query(`SELECT status, closed_by FROM accounting_period WHERE period = $1`, [period]);
    if (!row || row.status !== 'closed') throw new PeriodStateError(`会计期间 ${period} 未结账`, `Period ${period} is not closed`);
    if (row.closed_by === actor.username) throw new AccountingForbiddenError('结账人不能重新打开自己结账的期间，须由另一位会计或财务人员操作', 'The person who closed the period cannot reopen it; a second accountant or finance officer must');
    await this.dataSource.query(`UPDATE accounting_period SET status = 'open', reopened_by = $2, reopened_at = now(), reopen_reason = $3 WHERE period = $1`, [period, actor.username, reason]);
    this.logger.log(`${actor.username} reopened period ${period} (closed by ${row.closed_by}): ${reason}`);
    return this.checks(period);
  }

  private async assertOpen(period: string): Promise<void> {
    const [row] = await this.dataSource.query(`SELECT status FROM accounting_period WHERE period = $1`, [period]);
    if (row?.status === 'closed') throw new PeriodStateError(`会计期间 ${period} 已结账`, `Period ${period} is closed`);
  }
}
