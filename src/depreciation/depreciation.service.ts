import { Injectable, Logger } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, EntityManager } from 'typeorm';
import { AssetClassCatalogueService } from '../assets/asset-class-catalogue';
import { BusinessEventLine } from '../business-events/business-event';
import { BusinessEventsService } from '../business-events/business-events.service';
import { Clock } from '../common/clock';
import { RequestValidationError } from '../common/domain-error';
import { bilingual } from '../common/validation';
import type { Actor } from '../org/org.service';
import { RULES_DIR } from '../rules/rules.service';
import { DepreciableCard, depreciationDue, lastDayOf, Period, PERIOD_PATTERN } from './depreciation-rule';
import { DepreciationPeriodClosedError, DepreciationRunNotFoundError } from './depreciation.errors';
import { DepreciationRunLine, DepreciationRunOutcome, DepreciationRunView } from './depreciation.views';

/** Rows written per statement: large enough that 100,000 cards take a few dozen statements. */
const CHUNK = 10_000;

interface DueCard {
  id: string;
  unitId: string;
  unitCode: string;
  unitName: string;
  classCode: string;
  amountFen: number;
  months: number;
  accumulatedFen: number;
}

/** A period parameter, 'YYYY-MM', named in the error when it is not one. */
export function periodInput(value: unknown, field = 'period'): Period {
  if (typeof value !== 'string' || !PERIOD_PATTERN.test(value)) throw new RequestValidationError([{ field, message: bilingual('期间应为 YYYY-MM 格式的月份', 'period must be a month, YYYY-MM') }]);
  return value;
}

/**
 * The monthly depreciation run. One transaction per month: the run row (UNIQUE period) is taken
 * first, so a second or concurrent run of the month waits for the first and then books nothing; the
 * due cards are read and locked in one statement, their amounts worked out by the one rule
 * (`depreciationDue`), and the per-card rows and card totals written in a few set-based statements;
 * one `depreciation` business event per month carries a line per unit and class, from which
 * accounting raises Dr 5001 / Cr 1602.
 */
@Injectable()
export class DepreciationService {
  private readonly logger = new Logger(DepreciationService.name);
  private readonly economicCode: string;

  constructor(
    private readonly dataSource: DataSource,
    private readonly events: BusinessEventsService,
    private readonly classes: AssetClassCatalogueService,
    private readonly clock: Clock,
  ) {
    this.economicCode = (JSON.parse(readFileSync(join(RULES_DIR, 'data', 'depreciation.json'), 'utf8')) as { economicCode: string }).economicCode;
  }

  /** Books `period` unless it has been booked; an accountant's run names them, the schedule's does not. */
  async run(period: Period, runBy: Actor | null): Promise<DepreciationRunOutcome> {
    if (period > this.clock.today().slice(0, 7)) throw new RequestValidationError([{ field: 'period', message: bilingual('不能计提未来月份的折旧', 'a month still to come cannot be depreciated') }]);
    const [closed] = await this.dataSource.query(`SELECT 1 FROM accounting_period WHERE period = $1 AND status = 'closed'`, [period]);
    if (closed) throw new DepreciationPeriodClosedError(period);
    const outcome = await this.dataSource.transaction(async (tx) => {
      const [created] = await tx.query(
        `INSERT INTO depreciation_run (period, trigger, run_by) VALUES ($1, $2, $3) ON CONFLICT (period) DO NOTHING RETURNING id`,
        [period, runBy ? 'manual' : 'schedule', runBy?.id ?? null],
      );
      if (!created) return { created: false };
      const due = await this.dueCards(tx, period);
      await this.book(tx, created.id, period, due);
      const lines = this.lines(period, due);
      const totalFen = due.reduce((sum, card) => sum + card.amountFen, 0);
      let eventId: string | null = null;
      if (lines.length > 0) {
        const event = await this.events.publish(
          tx,
          { kind: 'depreciation', source: { kind: 'depreciation-run', id: period }, occurredOn: lastDayOf(period), summary: `计提 ${period} 固定资产折旧（${due.length} 张卡片）`, lines, facts: { period, cards: due.length } },
          runBy?.username ?? null,
        );
        eventId = event.id;
      }
      await tx.query(`UPDATE depreciation_run SET cards = $2, total_fen = $3, event_id = $4, finished_at = clock_timestamp() WHERE id = $1`, [created.id, due.length, totalFen, eventId]);
      return { created: true };
    });
    const run = await this.get(period);
    if (outcome.created) this.logger.log(`depreciation ${period}: ${run.cards} card(s), ${run.totalFen} fen${runBy ? ` by ${runBy.username}` : ''}`);
    return { run, created: outcome.created };
  }

  async list(): Promise<DepreciationRunView[]> {
    const rows = await this.dataSource.query(`${RUN_SELECT} ORDER BY r.period DESC LIMIT 240`);
    return rows.map(toRunView);
  }

  async get(period: Period): Promise<DepreciationRunView> {
    const [row] = await this.dataSource.query(`${RUN_SELECT} WHERE r.period = $1`, [period]);
    if (!row) throw new DepreciationRunNotFoundError(period);
    return toRunView(row);
  }

  async has(period: Period): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM depreciation_run WHERE period = $1`, [period]);
    return rows.length > 0;
  }

  /** What a run booked per unit and class. */
  async runLines(period: Period): Promise<DepreciationRunLine[]> {
    await this.get(period);
    const rows: { unit_code: string; unit_name: string; class_code: string; cards: number; amount: string }[] = await this.dataSource.query(
      `SELECT u.code AS unit_code, u.name AS unit_name, d.class_code, count(*)::int AS cards, sum(d.amount_fen)::bigint AS amount
       FROM asset_depreciation d JOIN org_unit u ON u.id = d.unit_id WHERE d.period = $1
       GROUP BY u.code, u.name, d.class_code ORDER BY u.code, d.class_code`,
      [period],
    );
    return rows.map((r) => ({ unitCode: r.unit_code, unitName: r.unit_name, classCode: r.class_code, className: this.classes.find(r.class_code)?.name ?? r.class_code, cards: r.cards, amountFen: Number(r.amount) }));
  }

  /** The cards with something due in `period`, locked until the run commits (a disposal waits for it). */
  private async dueCards(tx: EntityManager, period: Period): Promise<DueCard[]> {
    const rows: Record<string, any>[] = await tx.query(
      `SELECT c.id, c.original_value_fen, c.useful_life_months, to_char(c.accepted_on, 'YYYY-MM-DD') AS accepted_on, c.depreciated_fen,
              c.depreciated_through, c.status, c.unit_id, u.code AS unit_code, u.name AS unit_name, c.class_code
       FROM asset_card c JOIN org_unit u ON u.id = c.unit_id
       WHERE c.status <> 'DISPOSED' AND c.useful_life_months IS NOT NULL AND c.depreciated_fen < c.original_value_fen
         AND c.accepted_on < to_date($1, 'YYYY-MM') AND (c.depreciated_through IS NULL OR c.depreciated_through < $1)
       FOR UPDATE OF c`,
      [period],
    );
    const due: DueCard[] = [];
    for (const row of rows) {
      const card: DepreciableCard = {
        originalValueFen: Number(row.original_value_fen),
        usefulLifeMonths: row.useful_life_months,
        acceptedOn: row.accepted_on,
        depreciatedFen: Number(row.depreciated_fen),
        depreciatedThrough: row.depreciated_through,
        status: row.status,
      };
      const amount = depreciationDue(card, period);
      if (amount) due.push({ id: row.id, unitId: row.unit_id, unitCode: row.unit_code, unitName: row.unit_name, classCode: row.class_code, ...amount });
    }
    return due;
  }

  private async book(tx: EntityManager, runId: string, period: Period, due: DueCard[]): Promise<void> {
    for (let start = 0; start < due.length; start += CHUNK) {
      const chunk = due.slice(start, start + CHUNK);
      const ids = chunk.map((c) => c.id);
      const accumulated = chunk.map((c) => c.accumulatedFen);
      await tx.query(
        `INSERT INTO asset_depreciation (card_id, period, run_id, amount_fen, months, accumulated_fen, unit_id, class_code)
         SELECT d.card_id, $1, $2, d.amount_fen, d.months, d.accumulated_fen, d.unit_id, d.class_code
         FROM unnest($3::uuid[], $4::bigint[], $5::int[], $6::bigint[], $7::uuid[], $8::text[]) AS d(card_id, amount_fen, months, accumulated_fen, unit_id, class_code)`,
        [period, runId, ids, chunk.map((c) => c.amountFen), chunk.map((c) => c.months), accumulated, chunk.map((c) => c.unitId), chunk.map((c) => c.classCode)],
      );
      await tx.query(
        `UPDATE asset_card c SET depreciated_fen = d.accumulated_fen, depreciated_through = $1
         FROM unnest($2::uuid[], $3::bigint[]) AS d(id, accumulated_fen) WHERE c.id = d.id`,
        [period, ids, accumulated],
      );
    }
  }

  /** One event line per unit and class: the voucher's auxiliary lines. */
  private lines(period: Period, due: DueCard[]): BusinessEventLine[] {
    const groups = new Map<string, BusinessEventLine>();
    for (const card of due) {
      const key = `${card.unitCode}\u0000${card.classCode}`;
      const line = groups.get(key);
      if (line) {
        line.amountFen += card.amountFen;
        continue;
      }
      const className = this.classes.find(card.classCode)?.name ?? card.classCode;
      groups.set(key, { amountFen: card.amountFen, unit: card.unitCode, economicCode: this.economicCode, fund: 'basic', assetClass: card.classCode, summary: `${period} 折旧 ${card.unitName} ${className}（${card.classCode}）` });
    }
    return [...groups.values()].sort((a, b) => a.unit.localeCompare(b.unit) || a.assetClass!.localeCompare(b.assetClass!));
  }
}

const RUN_SELECT = `
  SELECT r.id, r.period, r.trigger, p.display_name AS run_by, r.cards, r.total_fen, r.event_id, r.started_at, r.finished_at
  FROM depreciation_run r LEFT JOIN app_user p ON p.id = r.run_by`;

function toRunView(row: Record<string, any>): DepreciationRunView {
  return {
    id: row.id,
    period: row.period,
    trigger: row.trigger,
    runBy: row.run_by,
    cards: row.cards,
    totalFen: Number(row.total_fen),
    eventId: row.event_id === null ? null : String(row.event_id),
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at ? new Date(row.finished_at).toISOString() : null,
  };
}
