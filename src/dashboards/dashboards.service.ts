import { Injectable } from '@nestjs/common';
import { ExportCell, ExportWorkbook } from '../exports/export-writer';
import { DataSource } from 'typeorm';
import { BudgetVisibility } from '../budget/budget-visibility';
import { APPROVAL_TASK } from '../subjects/approval-loop';
import { Clock } from '../common/clock';
import { fenToYuan, percentOf } from '../common/money';
import { EngineClient } from '../engine/engine-client';
import type { Actor } from '../org/org.service';
import { RulesService } from '../rules/rules.service';
import { DashboardForbiddenError } from './dashboard.errors';

/** A view of the dashboard: its rows, named columns for the Excel export, and the scope it covers. */
export interface DashboardView<Row> {
  year: number;
  /** The unit the view is limited to (a unit head's own), or null for the bureau. */
  unit: string | null;
  rows: Row[];
}

export interface DrillQuery {
  year: number;
  unit?: string;
  subject?: string;
  month?: number;
  rule?: string;
  returned?: boolean;
  page?: number;
  size?: number;
}

const HOUR_MS = 3600_000;

/**
 * Budget execution and approval figures for leaders, finance and unit heads: read from the budget
 * lines' running totals, the ledger, the findings and the engine's history, scoped so a unit head
 * sees only their unit. Every view drills down to the claims behind it and exports to Excel.
 */
@Injectable()
export class DashboardsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly engine: EngineClient,
    private readonly rules: RulesService,
    private readonly clock: Clock,
  ) {}

  /** The unit code the caller is limited to, or null for all; a unit head asking for another unit is refused. */
  scope(actor: Actor, requested?: string): string | null {
    if (BudgetVisibility.readsAll(actor)) return requested || null;
    const headOf = actor.groups.find((group) => group.startsWith('unit-head:'))?.slice('unit-head:'.length);
    if (!headOf) throw new DashboardForbiddenError();
    if (requested && requested !== headOf) throw new DashboardForbiddenError();
    return headOf;
  }

  /** Budget execution by unit × subject: used against the share of the year gone. */
  async execution(year: number, unit: string | null) {
    const rows: any[] = await this.dataSource.query(
      `SELECT u.code AS unit_code, u.name AS unit, l.subject, sum(l.allocated_fen) AS allocated, sum(l.reserved_fen) AS reserved, sum(l.committed_fen) AS committed
       FROM budget_line l JOIN org_unit u ON u.id = l.unit_id
       WHERE l.fiscal_year = $1 AND ($2::text IS NULL OR u.code = $2)
       GROUP BY u.code, u.name, l.subject ORDER BY u.name, l.subject`,
      [year, unit],
    );
    return {
      year,
      unit,
      yearShare: this.yearShare(year),
      rows: rows.map((r) => ({
        unitCode: r.unit_code,
        unit: r.unit,
        subject: r.subject,
        allocated: fenToYuan(Number(r.allocated)),
        reserved: fenToYuan(Number(r.reserved)),
        committed: fenToYuan(Number(r.committed)),
        available: fenToYuan(Number(r.allocated) - Number(r.reserved) - Number(r.committed)),
        usageRate: percentOf(Number(r.committed) + Number(r.reserved), Number(r.allocated)),
        executionRate: percentOf(Number(r.committed), Number(r.allocated)),
      })),
    };
  }

  /** Money committed month by month (China time), from the per-line monthly totals the ledger keeps. */
  async monthly(year: number, unit: string | null) {
    const rows: { month: number; committed: string }[] = await this.dataSource.query(
      `SELECT m AS month, coalesce(sum(t.committed_fen), 0) AS committed
       FROM generate_series(1, 12) m
       LEFT JOIN (
         SELECT t.month, t.committed_fen FROM budget_month_total t JOIN budget_line l ON l.id = t.line_id JOIN org_unit u ON u.id = l.unit_id
         WHERE l.fiscal_year = $1 AND ($2::text IS NULL OR u.code = $2)
       ) t ON t.month = m
       GROUP BY m ORDER BY m`,
      [year, unit],
    );
    return { year, unit, rows: rows.map((r) => ({ month: Number(r.month), committed: fenToYuan(Number(r.committed)) })) };
  }

  /** 三公经费 this year (committed and reserved) against last year's actual, by category. */
  async sangong(year: number, unit: string | null) {
    const subjects = (this.rules.inForce('routing', `${year}-12-31`).data.sangongSubjects as string[] | undefined) ?? [];
    const rows: any[] = await this.dataSource.query(
      `SELECT l.subject, sum(l.committed_fen) AS committed, sum(l.reserved_fen) AS reserved, sum(coalesce(l.last_year_actual_fen, 0)) AS last_year
       FROM budget_line l JOIN org_unit u ON u.id = l.unit_id
       WHERE l.fiscal_year = $1 AND l.subject = ANY($2) AND ($3::text IS NULL OR u.code = $3)
       GROUP BY l.subject ORDER BY l.subject`,
      [year, subjects, unit],
    );
    const bySubject = new Map(rows.map((r) => [r.subject, r]));
    return {
      year,
      unit,
      rows: subjects.map((subject) => {
        const r = bySubject.get(subject);
        return {
          subject,
          committed: fenToYuan(Number(r?.committed ?? 0)),
          reserved: fenToYuan(Number(r?.reserved ?? 0)),
          lastYear: fenToYuan(Number(r?.last_year ?? 0)),
          change: r && Number(r.last_year) > 0 ? percentOf(Number(r.committed) - Number(r.last_year), Number(r.last_year)) : null,
        };
      }),
    };
  }

  /**
   * The most frequent findings by rule and unit, and the share of claims returned at least once. An
   * `info` finding (auto-approval's note) is no problem found, so it is not among them.
   */
  async findings(year: number, unit: string | null) {
    const [rows, [totals]] = await Promise.all([
      this.dataSource.query(
        `SELECT t.rule_id, t.severity, u.code AS unit_code, u.name AS unit, t.findings
         FROM finding_tally t JOIN org_unit u ON u.id = t.unit_id
         WHERE t.year = $1 AND t.findings > 0 AND t.severity <> 'info' AND ($2::text IS NULL OR u.code = $2)
         ORDER BY t.findings DESC, t.rule_id LIMIT 200`,
        [year, unit],
      ) as Promise<any[]>,
      this.dataSource.query(
        `SELECT coalesce(sum(t.claims), 0)::int AS claims, coalesce(sum(t.returned), 0)::int AS returned
         FROM claim_tally t JOIN org_unit u ON u.id = t.unit_id
         WHERE t.year = $1 AND ($2::text IS NULL OR u.code = $2)`,
        [year, unit],
      ),
    ]);
    return {
      year,
      unit,
      claims: totals.claims as number,
      returned: totals.returned as number,
      returnedShare: percentOf(totals.returned, totals.claims),
      rows: rows.map((r) => ({ rule: r.rule_id, severity: r.severity, unitCode: r.unit_code, unit: r.unit, findings: r.findings })),
    };
  }

  /**
   * 自动审批 and 事后抽查: the share of the year's claims that approved themselves, by unit and by
   * subject; the time from filing to approval of auto-approved and of manually approved claims of
   * the same subjects (medians, hours); the reviews drawn, done and their outcomes.
   */
  async autoApproval(year: number, unit: string | null) {
    const claims = `
      SELECT c.id, c.status, c.total_fen, c.created_at, u.code AS unit_code, u.name AS unit, c.document->'budgetLine'->>'subject' AS subject,
             EXISTS (SELECT 1 FROM claim_finding f WHERE f.claim_id = c.id AND f.rule_id = 'RTE-AUTO-APPROVE') AS auto
        FROM claim c JOIN org_unit u ON u.id = c.unit_id
       WHERE c.status NOT IN ('SCREENING', 'WITHDRAWN') AND c.submitted_on >= make_date($1, 1, 1) AND c.submitted_on < make_date($1 + 1, 1, 1)
         AND ($2::text IS NULL OR u.code = $2)`;
    const [byUnit, bySubject, reviews, [summary]] = await Promise.all([
      this.dataSource.query(
        `WITH yc AS (${claims}) SELECT unit_code, unit, count(*)::int AS claims, count(*) FILTER (WHERE auto)::int AS auto FROM yc GROUP BY unit_code, unit ORDER BY unit_code`,
        [year, unit],
      ) as Promise<any[]>,
      // Approval time: filing to the claim's first APPROVED row in the audit trail.
      this.dataSource.query(
        `WITH yc AS (${claims}),
              timed AS (SELECT yc.*, extract(epoch FROM (SELECT min(e.at) FROM audit_event e WHERE e.entity = 'claim' AND e.entity_id = yc.id::text AND e.after->>'status' = 'APPROVED') - yc.created_at) AS seconds
                          FROM yc WHERE yc.status IN ('APPROVED', 'PAID'))
         SELECT s.subject, s.claims, s.auto, t.auto_median, t.manual_median
           FROM (SELECT subject, count(*)::int AS claims, count(*) FILTER (WHERE auto)::int AS auto FROM yc GROUP BY subject) s
           LEFT JOIN (SELECT subject,
                             percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE auto) AS auto_median,
                             percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE NOT auto) AS manual_median
                        FROM timed GROUP BY subject) t USING (subject)
          ORDER BY s.subject`,
        [year, unit],
      ) as Promise<any[]>,
      this.dataSource.query(
        `SELECT r.claim_id, r.sample_reason, r.outcome, r.reason, r.reviewer, r.reviewed_at, c.total_fen, a.username AS claimant, u.code AS unit_code, u.name AS unit
           FROM claim_review r JOIN claim c ON c.id = r.claim_id JOIN org_unit u ON u.id = c.unit_id JOIN app_user a ON a.id = c.claimant_id
          WHERE r.sampled AND c.submitted_on >= make_date($1, 1, 1) AND c.submitted_on < make_date($1 + 1, 1, 1) AND ($2::text IS NULL OR u.code = $2)
          ORDER BY r.created_at DESC LIMIT 100`,
        [year, unit],
      ) as Promise<any[]>,
      this.dataSource.query(
        `SELECT count(*) FILTER (WHERE r.sampled)::int AS sampled, count(r.outcome)::int AS done,
                count(*) FILTER (WHERE r.outcome = 'COMPLIANT')::int AS compliant, count(*) FILTER (WHERE r.outcome = 'NONCOMPLIANT')::int AS noncompliant
           FROM claim_review r JOIN claim c ON c.id = r.claim_id JOIN org_unit u ON u.id = c.unit_id
          WHERE c.submitted_on >= make_date($1, 1, 1) AND c.submitted_on < make_date($1 + 1, 1, 1) AND ($2::text IS NULL OR u.code = $2)`,
        [year, unit],
      ),
    ]);
    const hours = (seconds: number | null) => (seconds === null ? null : Math.round((Number(seconds) / 3600) * 100) / 100);
    return {
      year,
      unit,
      rows: byUnit.map((r) => ({ unitCode: r.unit_code, unit: r.unit, claims: r.claims, auto: r.auto, autoShare: percentOf(r.auto, r.claims) })),
      bySubject: bySubject.map((r) => ({ subject: r.subject, claims: r.claims, auto: r.auto, autoShare: percentOf(r.auto, r.claims), autoMedianHours: hours(r.auto_median), manualMedianHours: hours(r.manual_median) })),
      reviewSummary: summary as { sampled: number; done: number; compliant: number; noncompliant: number },
      reviews: reviews.map((r) => ({
        claimId: r.claim_id, claimant: r.claimant, unitCode: r.unit_code, unit: r.unit, amount: fenToYuan(Number(r.total_fen)), sampleReason: r.sample_reason,
        outcome: r.outcome, reason: r.reason, reviewer: r.reviewer, reviewedAt: r.reviewed_at ? new Date(r.reviewed_at).toISOString() : null,
      })),
    };
  }

  /**
   * Approval cycle time per step and per unit (median and p90, hours) from the engine's history of
   * the year's finished approval steps, and the steps overdue now.
   */
  async cycleTimes(year: number, unit: string | null) {
    const steps = await this.engine.historicTasks({ taskDefinitionKey: APPROVAL_TASK, finished: true, taskDeleteReason: 'completed', startedAfter: `${year}-01-01T00:00:00.000+0800`, startedBefore: `${year + 1}-01-01T00:00:00.000+0800` }, 5000);
    const instanceIds = [...new Set(steps.map((s) => s.processInstanceId))];
    const claims: { process_instance_id: string; unit_code: string; unit: string }[] = instanceIds.length
      ? await this.dataSource.query(`SELECT c.process_instance_id, u.code AS unit_code, u.name AS unit FROM claim c JOIN org_unit u ON u.id = c.unit_id WHERE c.process_instance_id = ANY($1)`, [instanceIds])
      : [];
    const actions: { task_id: string; step: string }[] = steps.length
      ? await this.dataSource.query(`SELECT DISTINCT ON (task_id) task_id, step FROM approval_action WHERE task_id = ANY($1) AND step IS NOT NULL ORDER BY task_id, created_at DESC`, [steps.map((s) => s.id)])
      : [];
    const unitOf = new Map(claims.map((c) => [c.process_instance_id, c]));
    const stepOf = new Map(actions.map((a) => [a.task_id, a.step]));
    const byStep = new Map<string, number[]>();
    const byUnit = new Map<string, { unit: string; hours: number[] }>();
    for (const step of steps) {
      const claim = unitOf.get(step.processInstanceId);
      if (!claim || (unit && claim.unit_code !== unit) || step.duration === null) continue;
      const hours = step.duration / HOUR_MS;
      const key = stepOf.get(step.id) ?? APPROVAL_TASK;
      byStep.set(key, [...(byStep.get(key) ?? []), hours]);
      const entry = byUnit.get(claim.unit_code) ?? { unit: claim.unit, hours: [] };
      entry.hours.push(hours);
      byUnit.set(claim.unit_code, entry);
    }
    const overdue = await this.overdue(unit);
    return {
      year,
      unit,
      bySteps: [...byStep].map(([step, hours]) => ({ step, steps: hours.length, medianHours: quantile(hours, 0.5), p90Hours: quantile(hours, 0.9) })),
      byUnits: [...byUnit].map(([unitCode, { unit: name, hours }]) => ({ unitCode, unit: name, steps: hours.length, medianHours: quantile(hours, 0.5), p90Hours: quantile(hours, 0.9) })),
      overdue,
    };
  }

  /** Claims behind a figure: by unit, subject, month committed, rule, or returned. */
  async claims(query: DrillQuery) {
    const where = ['c.submitted_on >= make_date($1, 1, 1)', 'c.submitted_on < make_date($1 + 1, 1, 1)'];
    const params: unknown[] = [query.year];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace(/\?/g, `$${params.length}`));
    };
    if (query.unit) add('u.code = ?', query.unit);
    if (query.subject) add(`c.document->'budgetLine'->>'subject' = ?`, query.subject);
    if (query.month) add(`extract(month FROM c.submitted_on)::int = ?`, query.month);
    if (query.rule) add('EXISTS (SELECT 1 FROM claim_finding f WHERE f.claim_id = c.id AND f.rule_id = ?)', query.rule);
    if (query.returned) where.push(`(c.submission > 1 OR c.status = 'RETURNED')`);
    const size = query.size ?? 20;
    const page = query.page ?? 1;
    const from = `FROM claim c JOIN org_unit u ON u.id = c.unit_id JOIN app_user p ON p.id = c.claimant_id WHERE ${where.join(' AND ')}`;
    const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count ${from}`, params);
    const rows: any[] = await this.dataSource.query(
      `SELECT c.id, c.type, c.status, c.total_fen, c.submitted_on, c.document->>'purpose' AS purpose, c.document->'budgetLine'->>'subject' AS subject, u.name AS unit, p.display_name
       ${from} ORDER BY c.submitted_on DESC, c.id LIMIT ${size} OFFSET ${(page - 1) * size}`,
      params,
    );
    return {
      total: count as number,
      page,
      size,
      items: rows.map((r) => ({ id: r.id, type: r.type, status: r.status, total: fenToYuan(Number(r.total_fen)), submittedOn: r.submitted_on, purpose: r.purpose, subject: r.subject, unit: r.unit, claimant: r.display_name })),
    };
  }

  /** One view as an Excel workbook: a sheet of its rows with Chinese headers. */
  async workbook(title: string, columns: { header: string; key: string; width?: number }[], rows: Record<string, unknown>[]): Promise<Buffer> {
    const book = new ExportWorkbook();
    const sheet = book.addSheet(title);
    sheet.setColumns(columns);
    for (const row of rows) sheet.addRow(row as Record<string, ExportCell>);
    return book.toBuffer();
  }

  private async overdue(unit: string | null) {
    const now = this.clock.now().toISOString().replace('Z', '+0000');
    const tasks = await this.engine.queryTaskPage({ dueBefore: now, sorting: [{ sortBy: 'dueDate', sortOrder: 'asc' }] }, 0, 200);
    const instanceIds = [...new Set(tasks.map((t) => t.processInstanceId))];
    const claims: any[] = instanceIds.length
      ? await this.dataSource.query(
          `SELECT c.id, c.process_instance_id, c.document->>'purpose' AS purpose, c.total_fen, u.code AS unit_code, u.name AS unit FROM claim c JOIN org_unit u ON u.id = c.unit_id WHERE c.process_instance_id = ANY($1)`,
          [instanceIds],
        )
      : [];
    const byInstance = new Map(claims.map((c) => [c.process_instance_id, c]));
    return tasks
      .map((task) => ({ task, claim: byInstance.get(task.processInstanceId) }))
      .filter(({ claim }) => claim && (!unit || claim.unit_code === unit))
      .map(({ task, claim }) => ({ taskId: task.id, claimId: claim.id, purpose: claim.purpose, unit: claim.unit, amount: fenToYuan(Number(claim.total_fen)), due: task.due, assignee: task.assignee }));
  }

  private yearShare(year: number): number {
    const today = this.clock.today();
    const thisYear = Number(today.slice(0, 4));
    if (year < thisYear) return 100;
    if (year > thisYear) return 0;
    const start = Date.parse(`${year}-01-01`);
    const days = (Date.parse(`${year + 1}-01-01`) - start) / 86_400_000;
    return Math.round(((Date.parse(today) - start) / 86_400_000 + 1) / days * 1000) / 10;
  }
}

/** The q-quantile of a sample, in hours rounded to a tenth; null for none. */
function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
  return Math.round(sorted[Math.max(0, index)] * 10) / 10;
}
