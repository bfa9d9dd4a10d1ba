import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock';
import { addDays, daysBetween } from '../common/days';
import { fenToYuan } from '../common/money';
import { ExportWorkbook } from '../exports/export-writer';
import { NotificationsService } from '../notifications/notifications.service';
import { OrgService } from '../org/org.service';
import type { Actor } from '../org/org.service';
import { RulesService } from '../rules/rules.service';
import { CONTRACT_KIND, CONTRACT_READERS } from './contract-access';
import { conditionDay, MilestoneCondition } from './contract-facts';
import { PAYMENT_SET } from './contract-screening.service';

/** One signed contract with its supplements folded in, as 合同执行情况表 shows it (amounts in fen). */
export interface ExecutionRow {
  contractId: string;
  number: string;
  title: string;
  unit: string;
  unitCode: string;
  supplier: string;
  supplierId: string;
  sme: boolean;
  amountFen: number;
  supplementsFen: number;
  paidFen: number;
  /** Milestones whose condition holds, less what was paid on them. */
  dueFen: number;
  /** The part of the due amount past its payment term. */
  overdueFen: number;
  nextMilestone: { name: string; condition: MilestoneCondition; amountFen: number } | null;
}

/** An SME milestone due and unpaid, late or within `dueSoonDays` of its payment term. */
export interface SmeDueItem {
  contractId: string;
  number: string;
  supplier: string;
  unit: string;
  milestoneId: string;
  milestone: string;
  outstandingFen: number;
  since: string;
  dueOn: string;
  daysLeft: number;
  late: boolean;
}

interface MilestoneFacts {
  id: string;
  contractId: string;
  name: string;
  condition: MilestoneCondition;
  amountFen: number;
  paidFen: number;
}

const DAILY_CHECK_MS = 3600_000;

/**
 * 合同执行情况表 (per contract, supplier, unit) and the SME payments about to go late: the daily run
 * (hourly check, once per day by the alert table's key) keeps what it found and tells finance of
 * what is new that day.
 */
@Injectable()
export class ContractExecutionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ContractExecutionService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    private readonly rules: RulesService,
    private readonly clock: Clock,
    private readonly notifications: NotificationsService,
    private readonly org: OrgService,
  ) {}

  onApplicationBootstrap(): void {
    const run = () => void this.runDaily(this.clock.today()).catch((error: Error) => this.logger.warn(`the SME due run failed: ${error.message}`));
    setTimeout(run, 10_000).unref();
    this.timer = setInterval(run, DAILY_CHECK_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  today(): string {
    return this.clock.today();
  }

  async rows(actor: Actor): Promise<ExecutionRow[]> {
    const today = this.clock.today();
    const all = actor.groups.some((g) => [...CONTRACT_READERS, 'cashier'].includes(g));
    const units = actor.groups.filter((g) => g.startsWith('unit-head:')).map((g) => g.slice('unit-head:'.length));
    const contracts: Record<string, any>[] = await this.dataSource.query(
      `SELECT c.id, c.number, c.title, c.amount_fen, c.signed_on, c.delivered_on, c.accepted_on, c.warranty_ends_on, c.payment_term_days,
              u.name AS unit, u.code AS unit_code, s.name AS supplier, s.id AS supplier_id, s.sme,
              (SELECT coalesce(sum(x.amount_fen), 0) FROM contract x WHERE x.original_id = c.id AND x.status = 'SIGNED') AS supplements_fen
       FROM contract c JOIN org_unit u ON u.id = c.unit_id JOIN supplier s ON s.id = c.supplier_id
       WHERE c.status = 'SIGNED' AND c.original_id IS NULL AND ($1 OR u.code = ANY($2::text[]) OR c.submitter_id = $3)
       ORDER BY c.signed_on DESC, c.number LIMIT 5000`,
      [all, units, actor.id],
    );
    const milestones = await this.milestoneFacts(contracts.map((c) => c.id));
    return contracts.map((c) => this.executionOf(c, milestones.get(c.id) ?? [], today));
  }

  /** The rows summed per supplier or per unit. */
  async grouped(actor: Actor, by: 'supplier' | 'unit'): Promise<{ key: string; name: string; contracts: number; amountFen: number; supplementsFen: number; paidFen: number; dueFen: number; overdueFen: number }[]> {
    const groups = new Map<string, { key: string; name: string; contracts: number; amountFen: number; supplementsFen: number; paidFen: number; dueFen: number; overdueFen: number }>();
    for (const row of await this.rows(actor)) {
      const key = by === 'supplier' ? row.supplierId : row.unitCode;
      const group = groups.get(key) ?? { key, name: by === 'supplier' ? row.supplier : row.unit, contracts: 0, amountFen: 0, supplementsFen: 0, paidFen: 0, dueFen: 0, overdueFen: 0 };
      group.contracts += 1;
      group.amountFen += row.amountFen;
      group.supplementsFen += row.supplementsFen;
      group.paidFen += row.paidFen;
      group.dueFen += row.dueFen;
      group.overdueFen += row.overdueFen;
      groups.set(key, group);
    }
    return [...groups.values()].sort((a, b) => b.amountFen - a.amountFen);
  }

  async export(actor: Actor): Promise<Buffer> {
    const rows = await this.rows(actor);
    const book = new ExportWorkbook();
    const sheet = book.addSheet('合同执行情况表');
    sheet.setColumns([
      { header: '合同编号 Number', key: 'number', width: 20 },
      { header: '合同名称 Title', key: 'title', width: 30 },
      { header: '单位 Unit', key: 'unit', width: 18 },
      { header: '供应商 Supplier', key: 'supplier', width: 30 },
      { header: '合同金额 Amount', key: 'amount' },
      { header: '补充合同 Supplements', key: 'supplements' },
      { header: '已付 Paid', key: 'paid' },
      { header: '应付 Due', key: 'due' },
      { header: '逾期 Overdue', key: 'overdue' },
      { header: '下一付款节点 Next milestone', key: 'next', width: 30 },
    ]);
    for (const r of rows) {
      sheet.addRow({
        number: r.number, title: r.title, unit: r.unit, supplier: r.supplier,
        amount: fenToYuan(r.amountFen), supplements: fenToYuan(r.supplementsFen), paid: fenToYuan(r.paidFen),
        due: fenToYuan(r.dueFen), overdue: fenToYuan(r.overdueFen),
        next: r.nextMilestone ? `${r.nextMilestone.name} ${fenToYuan(r.nextMilestone.amountFen)}` : '',
      });
    }
    return book.toBuffer();
  }

  /** SME milestones due and unpaid that are late or go late within the payment rule set's `dueSoonDays`. */
  async smeDue(day: string, scope?: { all: boolean; units: string[] }): Promise<SmeDueItem[]> {
    const policy = this.rules.inForce(PAYMENT_SET, day).data as { dueSoonDays: number; defaultTermDays: number; maxTermDays: number };
    const contracts: Record<string, any>[] = await this.dataSource.query(
      `SELECT c.id, c.number, c.signed_on, c.delivered_on, c.accepted_on, c.warranty_ends_on, c.payment_term_days, u.name AS unit, s.name AS supplier
       FROM contract c JOIN supplier s ON s.id = c.supplier_id AND s.sme JOIN org_unit u ON u.id = c.unit_id
       WHERE c.status = 'SIGNED' AND ($1 OR u.code = ANY($2::text[]))`,
      [scope?.all ?? true, scope?.units ?? []],
    );
    const milestones = await this.milestoneFacts(contracts.map((c) => c.id));
    const items: SmeDueItem[] = [];
    for (const c of contracts) {
      const term = Math.min(c.payment_term_days || policy.defaultTermDays, policy.maxTermDays);
      for (const m of milestones.get(c.id) ?? []) {
        const since = conditionDay(m.condition, contractDays(c), day);
        const outstanding = m.amountFen - m.paidFen;
        if (!since || outstanding <= 0) continue;
        const dueOn = addDays(since, term);
        const daysLeft = daysBetween(day, dueOn);
        if (daysLeft > policy.dueSoonDays) continue;
        items.push({ contractId: c.id, number: c.number, supplier: c.supplier, unit: c.unit, milestoneId: m.id, milestone: m.name, outstandingFen: outstanding, since, dueOn, daysLeft, late: daysLeft < 0 });
      }
    }
    return items.sort((a, b) => a.dueOn.localeCompare(b.dueOn));
  }

  /**
   * The day's run: keeps each SME milestone due soon or late once per day, and tells finance of the
   * ones first found that day. Running it again the same day changes nothing.
   */
  async runDaily(day: string): Promise<{ found: number; added: number }> {
    const items = await this.smeDue(day);
    let added = 0;
    for (const item of items) {
      const inserted: unknown[] = await this.dataSource.query(
        `INSERT INTO sme_due_alert (milestone_id, day, contract_id, due_on, outstanding_fen, late) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING milestone_id`,
        [item.milestoneId, day, item.contractId, item.dueOn, item.outstandingFen, item.late],
      );
      if (inserted.length === 0) continue;
      added += 1;
      const finance = (await this.org.membersOfGroups(['finance'])).get('finance') ?? [];
      await this.notifications.notify(finance.map((m) => m.username), {
        kind: 'sme-payment-due',
        subject: { kind: CONTRACT_KIND, id: item.contractId },
        params: { contract: item.number, supplier: item.supplier, milestone: item.milestone, amount: fenToYuan(item.outstandingFen), dueOn: item.dueOn, late: item.late },
        dedupe: `sme-due:${item.milestoneId}:${day}`,
      });
    }
    if (added > 0) this.logger.log(`SME due run of ${day}: ${items.length} due soon or late, ${added} new`);
    return { found: items.length, added };
  }

  private async milestoneFacts(contractIds: string[]): Promise<Map<string, MilestoneFacts[]>> {
    const byContract = new Map<string, MilestoneFacts[]>();
    if (contractIds.length === 0) return byContract;
    const rows: Record<string, any>[] = await this.dataSource.query(
      `SELECT m.id, m.contract_id, m.name, m.condition, m.amount_fen,
              coalesce((SELECT sum(p.amount_fen) FROM contract_payment p WHERE p.milestone_id = m.id AND p.status = 'PAID'), 0) AS paid_fen
       FROM contract_milestone m WHERE m.contract_id = ANY($1::uuid[]) ORDER BY m.contract_id, m.position`,
      [contractIds],
    );
    for (const r of rows) {
      const list = byContract.get(r.contract_id) ?? [];
      list.push({ id: r.id, contractId: r.contract_id, name: r.name, condition: r.condition, amountFen: Number(r.amount_fen), paidFen: Number(r.paid_fen) });
      byContract.set(r.contract_id, list);
    }
    return byContract;
  }

  private executionOf(c: Record<string, any>, milestones: MilestoneFacts[], today: string): ExecutionRow {
    const days = contractDays(c);
    let dueFen = 0;
    let overdueFen = 0;
    let next: ExecutionRow['nextMilestone'] = null;
    for (const m of milestones) {
      const outstanding = m.amountFen - m.paidFen;
      const since = conditionDay(m.condition, days, today);
      if (since && outstanding > 0) {
        dueFen += outstanding;
        if (addDays(since, c.payment_term_days) < today) overdueFen += outstanding;
      }
      if (!since && !next) next = { name: m.name, condition: m.condition, amountFen: m.amountFen };
    }
    return {
      contractId: c.id,
      number: c.number,
      title: c.title,
      unit: c.unit,
      unitCode: c.unit_code,
      supplier: c.supplier,
      supplierId: c.supplier_id,
      sme: c.sme,
      amountFen: Number(c.amount_fen),
      supplementsFen: Number(c.supplements_fen),
      paidFen: milestones.reduce((sum, m) => sum + m.paidFen, 0),
      dueFen,
      overdueFen,
      nextMilestone: next,
    };
  }
}

function contractDays(c: Record<string, any>) {
  return { signedOn: c.signed_on, deliveredOn: c.delivered_on, acceptedOn: c.accepted_on, warrantyEndsOn: c.warranty_ends_on };
}
