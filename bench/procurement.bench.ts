/**
 * Procurement screening benchmark: screening a procurement request — the method proposal (PROC-METHOD),
 * the quotes, the year's awards of its budget line and category (PROC-SPLIT) and the unit's awards of
 * its category over twelve months (PROC-SUPPLIER-CONCENTRATION), through the real rule set — with
 * 100,000 earlier awards in the database. p50/p95 beside the same checks run without the award
 * table's indexes (the baseline), and the plain split and concentration queries alone both ways.
 *
 *   npm run bench:procurement       AWARDS=100000 SCREENINGS=400 (embedded PostgreSQL under .data/bench-procurement)
 */
import 'reflect-metadata';
import { randomInt } from 'node:crypto';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { EmbeddedPostgres } from '../src/launcher/embedded-postgres';
import { ProcurementPolicy } from '../src/procurement/procurement-policy';
import { ProcurementScreeningService, RequestFacts } from '../src/procurement/procurement-screening.service';
import type { ProcurementMethod } from '../src/procurement/procurement-methods';
import { RuleSetStore } from '../src/rules/rule-set.store';
import { RULES_DIR, RulesService } from '../src/rules/rules.service';

const AWARDS = Number(process.env.AWARDS ?? 100_000);
const SCREENINGS = Number(process.env.SCREENINGS ?? 400);
const UNITS = 60;
const LINES_PER_UNIT = 3;
const SUPPLIERS = 800;
const CATEGORIES = ['A02010104', 'A02010105', 'A02010601', 'A020210', 'A0603', 'A0605', 'A032702', 'A02080103', 'B0801', 'B0701', 'C0205', 'C0401', 'C0501', 'C0901'];
const METHODS: ProcurementMethod[] = ['self', 'inquiry', 'competitive-consultation', 'open-tender'];
const INDEXES = ['procurement_award_split', 'procurement_award_concentration', 'procurement_award_supplier'];
const out = (line: string) => process.stdout.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed(runs: number, work: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await work(i);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

async function main(): Promise<void> {
  const postgres = new EmbeddedPostgres({ dataDir: resolve(__dirname, '..', '..', '.data', 'bench-procurement'), port: Number(process.env.BENCH_PG_PORT ?? 54463), log: out });
  await postgres.start();
  await postgres.ensureDatabase('bench_procurement');
  const db = new DataSource({ ...dataSourceOptions(postgres.url('bench_procurement')), extra: { max: 4 } } as never);
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM procurement_award`);
    if (count < AWARDS) await seed(db, AWARDS - count);
    const units: { id: string }[] = await db.query(`SELECT DISTINCT unit_id AS id FROM procurement_award`);
    const lines: { id: string; unit_id: string }[] = await db.query(`SELECT DISTINCT budget_line_id AS id, unit_id FROM procurement_award`);
    const suppliers: { id: string; name: string }[] = await db.query(`SELECT id, name FROM supplier LIMIT ${SUPPLIERS}`);

    // Only the procurement rule set: the other sets' facts belong to features not started here.
    const rulesDir = mkdtempSync(join(tmpdir(), 'bench-procurement-rules-'));
    copyFileSync(join(RULES_DIR, 'procurement.json'), join(rulesDir, 'procurement.json'));
    const rules = new RulesService(new RuleSetStore(db), rulesDir);
    const policy = new ProcurementPolicy(rules);
    const screening = new ProcurementScreeningService(db, rules, policy);
    screening.onModuleInit();
    await rules.loadAll();

    const day = new Date().toISOString().slice(0, 10);
    const requests: RequestFacts[] = Array.from({ length: SCREENINGS }, () => {
      const line = lines[randomInt(lines.length)];
      const supplier = suppliers[randomInt(suppliers.length)];
      const estimateFen = randomInt(1_000_000, 250_000_000);
      return {
        id: null, unitId: line.unit_id, budgetLineId: line.id, category: CATEGORIES[randomInt(CATEGORIES.length)], estimateFen, method: METHODS[randomInt(METHODS.length)],
        quotes: 3, supplierId: supplier.id, supplierName: supplier.name, awardFen: estimateFen, day,
      };
    });
    const plain = async (request: RequestFacts) => {
      await db.query(`SELECT sum(amount_fen) FILTER (WHERE method <> 'open-tender'), sum(amount_fen) FILTER (WHERE amount_fen < 30000000) FROM procurement_award WHERE budget_line_id = $1 AND category = $2 AND awarded_on BETWEEN $3::date AND $4::date`, [request.budgetLineId, request.category, `${day.slice(0, 4)}-01-01`, `${day.slice(0, 4)}-12-31`]);
      await db.query(`SELECT count(*) FILTER (WHERE supplier_id = $4), sum(amount_fen) FILTER (WHERE supplier_id = $4), count(*), sum(amount_fen) FROM procurement_award WHERE unit_id = $1 AND category = $2 AND awarded_on > $3::date - interval '12 months'`, [request.unitId, request.category, day, request.supplierId]);
    };
    // Warm the caches and the rule engine once.
    for (const request of requests.slice(0, 20)) await screening.screen(request);

    out(`PostgreSQL 17 embedded; ${AWARDS.toLocaleString('en')} awards over ${units.length} units, ${lines.length} budget lines, ${CATEGORIES.length} categories, ${suppliers.length} suppliers; ${SCREENINGS} screenings per measurement`);
    out('');
    const withIndexes = await timed(SCREENINGS, (i) => screening.screen(requests[i]));
    const plainWith = await timed(SCREENINGS, (i) => plain(requests[i]));
    const definitions: { indexname: string; indexdef: string }[] = await db.query(`SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY($1)`, [INDEXES]);
    for (const index of INDEXES) await db.query(`DROP INDEX IF EXISTS ${index}`);
    await db.query('ANALYZE procurement_award');
    const withoutIndexes = await timed(SCREENINGS, (i) => screening.screen(requests[i]));
    const plainWithout = await timed(SCREENINGS, (i) => plain(requests[i]));
    for (const { indexdef } of definitions) await db.query(indexdef);
    await db.query('ANALYZE procurement_award');

    out('measurement                                               |   p50 ms |   p95 ms');
    out('----------------------------------------------------------|----------|---------');
    const row = (name: string, t: { p50: number; p95: number }) => out(`${name.padEnd(58)}| ${t.p50.toFixed(2).padStart(8)} | ${t.p95.toFixed(2).padStart(8)}`);
    row('screening (method, quotes, split, concentration), indexed', withIndexes);
    row('the same screening without the award indexes (baseline)', withoutIndexes);
    row('plain split + concentration queries, indexed', plainWith);
    row('plain split + concentration queries, no indexes', plainWithout);
    out('');
    out(`goal p95 ≤ 20 ms: ${withIndexes.p95 <= 20 ? 'met' : 'NOT met'}`);
  } finally {
    await db.destroy().catch(() => undefined);
    await postgres.stop();
  }
}

/** Units, lines, suppliers and awards over the last 18 months, in a few set-based statements. */
async function seed(db: DataSource, awards: number): Promise<void> {
  const tag = Date.now().toString(36);
  await db.query(`INSERT INTO org_unit (code, name, invoice_title, credit_code) SELECT 'pb' || $1 || i, '基准派出所' || $1 || '-' || i, '义乌市公安局', '11330782002580471H' FROM generate_series(1, ${UNITS}) i`, [tag]);
  await db.query(
    `INSERT INTO budget_line (unit_id, fiscal_year, subject, fund_type, fund_name, control_mode, allocated_fen)
     SELECT u.id, y, '31002', 'special', '装备更新' || n, 'FORBID', 100000000000
     FROM org_unit u, generate_series(1, ${LINES_PER_UNIT}) n, (VALUES (extract(year FROM now())::int), (extract(year FROM now())::int - 1)) years(y) WHERE u.code LIKE 'pb' || $1 || '%'`,
    [tag],
  );
  // Credit codes need not pass the check character here (the table keeps only their shape).
  await db.query(`INSERT INTO supplier (name, credit_code, sme, created_by) SELECT '基准供应商' || $1 || '-' || i, '91330782' || upper(lpad(to_hex(i + (extract(epoch FROM now())::int % 100000) * 1000), 10, '0')), i % 3 = 0, 'bench' FROM generate_series(1, ${SUPPLIERS}) i`, [tag]);
  await db.query(
    `WITH lines AS (SELECT l.id, l.unit_id, l.fiscal_year, row_number() OVER (PARTITION BY l.fiscal_year ORDER BY l.id) AS n FROM budget_line l JOIN org_unit u ON u.id = l.unit_id WHERE u.code LIKE 'pb' || $1 || '%'),
          sups AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM supplier WHERE name LIKE '基准供应商' || $1 || '%'),
          picks AS (SELECT g, (current_date - (random() * 540)::int) AS day FROM generate_series(1, $2::int) g)
     INSERT INTO procurement_award (unit_id, budget_line_id, category, method, supplier_id, amount_fen, awarded_on, source, recorded_by)
     SELECT l.unit_id, l.id, ($3::text[])[1 + (p.g % ${CATEGORIES.length})], ($4::text[])[1 + (p.g % ${METHODS.length})], s.id, 100000 + (random() * 50000000)::bigint, p.day, 'import', 'bench'
     FROM picks p
     JOIN lines l ON l.fiscal_year = extract(year FROM p.day)::int AND l.n = 1 + ((p.g::bigint * 7919) % ${UNITS * LINES_PER_UNIT})
     JOIN sups s ON s.n = 1 + ((p.g::bigint * 104729) % ${SUPPLIERS})`,
    [tag, awards, CATEGORIES, METHODS],
  );
  await db.query('ANALYZE procurement_award');
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
