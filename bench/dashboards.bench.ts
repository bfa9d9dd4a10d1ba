/**
 * Dashboard benchmark at a bureau's scale: a database of its own filled once with 1,000,000 claims,
 * 3,000,000 ledger entries and their findings (100 units, 8 subjects), then each dashboard query as
 * the API runs it (summaries and indexes of migrations DashboardSummaries and ClaimTally), beside the same figure
 * computed from the raw tables with those indexes dropped (inside a transaction that is rolled back).
 * Prints p50/p95/p99 per query. The approval cycle-time view reads the engine's history and is not
 * part of this database.
 *
 *   npm run bench:dashboards   DATABASE_URL (default: the embedded PostgreSQL of .data) names the server;
 *                              the bench database is jingbao_dashbench; CLAIMS=1000000 REQUESTS=50
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { Clock } from '../src/common/clock';
import { DashboardsService } from '../src/dashboards/dashboards.service';
import { dataSourceOptions } from '../src/database/data-source-options';
import type { EngineClient } from '../src/engine/engine-client';
import type { RulesService } from '../src/rules/rules.service';

const ROOT = resolve(__dirname, '..', '..');
const DATA_DIR = resolve(ROOT, process.env.DATA_DIR ?? '.data');
const CLAIMS = Number(process.env.CLAIMS ?? 1_000_000);
const REQUESTS = Number(process.env.REQUESTS ?? 50);
const YEAR = 2026;
const out = (line: string) => process.stdout.write(`${line}\n`);

function serverUrl(database: string): string {
  const base = process.env.DATABASE_URL ?? `postgres://postgres:${encodeURIComponent(readFileSync(join(DATA_DIR, 'pg-password'), 'utf8').trim())}@127.0.0.1:54329/jingbao`;
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}

async function fill(db: DataSource): Promise<void> {
  const [{ claims }] = await db.query(`SELECT count(*)::int AS claims FROM claim`);
  if (claims >= CLAIMS) {
    out(`bench database already holds ${claims} claims`);
    return;
  }
  out(`filling ${CLAIMS} claims, ${CLAIMS * 3} ledger entries …`);
  const started = Date.now();
  await db.transaction(async (tx) => {
    // The audit trail's triggers stay out of a bulk fill; the summaries' triggers are replayed below.
    await tx.query(`SET LOCAL session_replication_role = replica`);
    await tx.query(`INSERT INTO org_unit (id, code, name, invoice_title, credit_code) SELECT gen_random_uuid(), 'u' || g, '单位' || g, '义乌市公安局', '11330782002580471H' FROM generate_series(1, 100) g`);
    await tx.query(`INSERT INTO app_user (id, username, display_name, title, tier, unit_id, password_hash)
                    SELECT gen_random_uuid(), 'p' || g, '人员' || g, '民警', 'other', (SELECT id FROM org_unit WHERE code = 'u' || (1 + g % 100)), 'x' FROM generate_series(1, 2000) g`);
    await tx.query(`INSERT INTO budget_line (id, unit_id, fiscal_year, subject, fund_type, fund_name, fund_subjects, control_mode, allocated_fen, reserved_fen, committed_fen, last_year_actual_fen)
                    SELECT gen_random_uuid(), u.id, ${YEAR}, s, 'basic', '', '{}', 'WARN', 1000000000, 0, 0, 50000000
                    FROM org_unit u CROSS JOIN unnest(ARRAY['30201','30211','30212','30215','30216','30217','30231','30299']) s WHERE u.code LIKE 'u%'`);
    await tx.query(`
      INSERT INTO claim (id, type, status, claimant_id, unit_id, document, total_fen, submitted_on, revision, submission, reimbursable_fen)
      SELECT gen_random_uuid(), 'expense', (ARRAY['APPROVED','APPROVED','APPROVED','IN_APPROVAL','RETURNED','REJECTED'])[1 + g % 6], p.id, p.unit_id,
             jsonb_build_object('type', 'expense', 'purpose', '办公用品' || g, 'budgetLine', jsonb_build_object('subject', (ARRAY['30201','30211','30212','30215','30216','30217','30231','30299'])[1 + g % 8], 'fund', 'basic')),
             10000 + g % 500000, make_date(${YEAR}, 1, 1) + (g % 330), 1, 1 + (g % 23 = 0)::int, 10000 + g % 500000
      FROM generate_series(1, ${CLAIMS}) g JOIN app_user p ON p.username = 'p' || (1 + g % 2000)`);
    await tx.query(`
      INSERT INTO budget_entry (line_id, kind, amount_fen, claim_id, operation_key, actor, reason, created_at)
      SELECT l.id, k.kind, c.total_fen, c.id, c.id || ':' || k.kind, 'bench', 'bench', c.submitted_on + interval '10 hours' + k.n * interval '1 day'
      FROM claim c JOIN budget_line l ON l.unit_id = c.unit_id AND l.subject = c.document->'budgetLine'->>'subject' AND l.fiscal_year = ${YEAR}
      CROSS JOIN (VALUES ('reserve', 0), ('release', 1), ('commit', 2)) k(kind, n)`);
    await tx.query(`
      INSERT INTO claim_finding (claim_id, source, rule_id, severity, message_zh, message_en, facts)
      SELECT c.id, 'bench', (ARRAY['INV-MATH','STD-LODGING-CAP','BUD-WARN','TRP-NO-REQUEST','STD-FULL-FARE'])[1 + (hashtext(c.id::text) & 4095) % 5], 'warn', 'bench', 'bench', '{}'
      FROM claim c WHERE hashtext(c.id::text) % 4 = 0`);
    // Triggers were off: build the summaries from what was filled.
    await tx.query(`DELETE FROM budget_month_total`);
    await tx.query(`INSERT INTO budget_month_total (line_id, month, committed_fen) SELECT line_id, extract(month FROM created_at AT TIME ZONE 'Asia/Shanghai')::int, sum(amount_fen) FROM budget_entry WHERE kind IN ('commit', 'spend') GROUP BY 1, 2`);
    await tx.query(`DELETE FROM finding_tally`);
    await tx.query(`INSERT INTO finding_tally (year, unit_id, rule_id, severity, findings) SELECT extract(year FROM c.submitted_on)::int, c.unit_id, f.rule_id, f.severity, count(*) FROM claim_finding f JOIN claim c ON c.id = f.claim_id GROUP BY 1, 2, 3, 4`);
    await tx.query(`DELETE FROM claim_tally`);
    await tx.query(`INSERT INTO claim_tally (year, unit_id, claims, returned) SELECT extract(year FROM submitted_on)::int, unit_id, count(*), count(*) FILTER (WHERE submission > 1 OR status = 'RETURNED') FROM claim GROUP BY 1, 2`);
    await tx.query(`UPDATE budget_line l SET committed_fen = t.total FROM (SELECT line_id, sum(committed_fen) AS total FROM budget_month_total GROUP BY 1) t WHERE t.line_id = l.id`);
  });
  await db.query(`ANALYZE`);
  out(`filled in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

async function time(label: string, run: () => Promise<unknown>): Promise<string> {
  for (let i = 0; i < 3; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
  return `${at(0.5)} / ${at(0.95)} / ${at(0.99)}`;
}

/** The same figures straight from the raw tables, as they would be computed without the summaries. */
const RAW: Record<string, { sql: string; params: unknown[] }> = {
  monthly: {
    sql: `SELECT extract(month FROM e.created_at AT TIME ZONE 'Asia/Shanghai')::int AS month, sum(e.amount_fen)
          FROM budget_entry e JOIN budget_line l ON l.id = e.line_id WHERE l.fiscal_year = $1 AND e.kind IN ('commit', 'spend') GROUP BY 1`,
    params: [YEAR],
  },
  findings: {
    sql: `SELECT f.rule_id, f.severity, c.unit_id, count(*) FROM claim_finding f JOIN claim c ON c.id = f.claim_id
          WHERE c.submitted_on >= make_date($1, 1, 1) AND c.submitted_on < make_date($1 + 1, 1, 1) GROUP BY 1, 2, 3 ORDER BY 4 DESC LIMIT 200`,
    params: [YEAR],
  },
  returnedBureau: {
    sql: `SELECT count(*), count(*) FILTER (WHERE submission > 1 OR status = 'RETURNED') FROM claim c
          WHERE c.submitted_on >= make_date($1, 1, 1) AND c.submitted_on < make_date($1 + 1, 1, 1)`,
    params: [YEAR],
  },
  returned: {
    sql: `SELECT count(*), count(*) FILTER (WHERE submission > 1 OR status = 'RETURNED') FROM claim c JOIN org_unit u ON u.id = c.unit_id
          WHERE c.submitted_on >= make_date($1, 1, 1) AND c.submitted_on < make_date($1 + 1, 1, 1) AND u.code = 'u7'`,
    params: [YEAR],
  },
  drill: {
    sql: `SELECT c.id FROM claim c JOIN org_unit u ON u.id = c.unit_id WHERE u.code = 'u7' AND c.document->'budgetLine'->>'subject' = '30217'
          AND c.submitted_on >= make_date($1, 1, 1) AND c.submitted_on < make_date($1 + 1, 1, 1) ORDER BY c.submitted_on DESC LIMIT 20`,
    params: [YEAR],
  },
};

async function main(): Promise<void> {
  const admin = new Client({ connectionString: serverUrl('postgres') });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'jingbao_dashbench'`)).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE jingbao_dashbench`);
  await admin.end();
  const db = new DataSource(dataSourceOptions(serverUrl('jingbao_dashbench')));
  await db.initialize();
  await db.runMigrations({ transaction: 'each' });
  await fill(db);

  const rules = { inForce: () => ({ data: { sangongSubjects: ['30212', '30217', '30231'] } }) } as unknown as RulesService;
  const clock = { now: () => new Date(`${YEAR}-11-29T04:00:00Z`), today: () => `${YEAR}-11-29` } as Clock;
  const dashboards = new DashboardsService(db, {} as EngineClient, rules, clock);
  const [{ claims }] = await db.query(`SELECT count(*)::int AS claims FROM claim`);
  const [{ entries }] = await db.query(`SELECT count(*)::int AS entries FROM budget_entry`);
  out(`${claims} claims, ${entries} ledger entries; ${REQUESTS} runs of each after 3 warm-up (ms p50 / p95 / p99)`);
  out('');
  out('| dashboard query | as the API runs it | raw tables, without the summaries and indexes |');
  out('|---|---|---|');
  const indexes = ['claim_subject_submitted', 'claim_unit_submitted', 'claim_returned', 'claim_submitted_unit'];
  const raw = async (name: string) => {
    const runner = db.createQueryRunner();
    await runner.startTransaction();
    try {
      for (const index of indexes) await runner.query(`DROP INDEX ${index}`);
      return await time(name, () => runner.query(RAW[name].sql, RAW[name].params));
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  };
  out(`| execution, bureau (unit × subject) | ${await time('execution', () => dashboards.execution(YEAR, null))} | (reads the lines' running totals either way) |`);
  out(`| monthly trend, bureau | ${await time('monthly', () => dashboards.monthly(YEAR, null))} | ${await raw('monthly')} |`);
  out(`| 三公 against last year, bureau | ${await time('sangong', () => dashboards.sangong(YEAR, null))} | (reads the lines' running totals either way) |`);
  out(`| findings by rule and unit + returned share, bureau | ${await time('findings', () => dashboards.findings(YEAR, null))} | ${await raw('findings')} (findings) + ${await raw('returnedBureau')} (returned share) |`);
  out(`| returned share, one unit | ${await time('findings-unit', () => dashboards.findings(YEAR, 'u7'))} | ${await raw('returned')} |`);
  out(`| drill: one unit's 公务接待费 claims, page 1 + count | ${await time('drill', () => dashboards.claims({ year: YEAR, unit: 'u7', subject: '30217' }))} | ${await raw('drill')} |`);
  await db.destroy();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
