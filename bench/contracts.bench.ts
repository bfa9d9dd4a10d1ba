/**
 * Contract payment screening with 50,000 signed contracts (100,000 milestones, 75,000 payments) in
 * the database: p50/p95 of screening one payment request — the contract with its supplier, the
 * contract's paid and asked-for sums, approved supplements and the milestone, then the
 * contract-payment rule set — beside the same look-ups as plain queries with the contract payment
 * index dropped (each sum then scans the payments table).
 *
 *   npm run bench:contracts          (BENCH_SAMPLES per measurement, default 400)
 */
import 'reflect-metadata';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { Clock } from '../src/common/clock';
import { ContractRecords } from '../src/contracts/contract-records';
import { ContractScreeningService, PAYMENT_SET } from '../src/contracts/contract-screening.service';
import { dataSourceOptions } from '../src/database/data-source-options';
import { EmbeddedPostgres } from '../src/launcher/embedded-postgres';
import type { OrgService } from '../src/org/org.service';
import { RuleSetStore } from '../src/rules/rule-set.store';
import { RulesService } from '../src/rules/rules.service';

const CONTRACTS = 50_000;
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 400);
const out = (line: string) => process.stdout.write(`${line}\n`);

function percentiles(times: number[]): { p50: number; p95: number } {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: sorted[Math.floor(sorted.length * 0.5)], p95: sorted[Math.floor(sorted.length * 0.95)] };
}

async function measure(work: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  for (let i = 0; i < 20; i++) await work(i);
  const times: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const start = performance.now();
    await work(i);
    times.push(performance.now() - start);
  }
  return percentiles(times);
}

async function seed(db: DataSource): Promise<void> {
  const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM contract`);
  if (count >= CONTRACTS) return;
  await db.query(`INSERT INTO org_unit (code, name, invoice_title, credit_code) VALUES ('bench', '基准测试所', '义乌市公安局', '11330782002580471H') ON CONFLICT DO NOTHING`);
  const [{ id: unit }] = await db.query(`SELECT id FROM org_unit WHERE code = 'bench'`);
  const [{ id: user }] = await db.query(`INSERT INTO app_user (username, display_name, title, tier, unit_id, password_hash) VALUES ('bench', '基准', '民警', 'other', $1, 'x') ON CONFLICT (username) DO UPDATE SET title = excluded.title RETURNING id`, [unit]);
  const [{ id: line }] = await db.query(`INSERT INTO budget_line (unit_id, fiscal_year, subject, fund_type, fund_name, control_mode, allocated_fen) VALUES ($1, 2026, '31002', 'special', 'bench-' || now(), 'ALLOW', 100000000000) RETURNING id`, [unit]);
  await db.query(`INSERT INTO supplier (name, credit_code, bank_account, sme, created_by)
                  SELECT '基准供应商' || i, '91330782MA' || lpad(i::text, 8, '0'), '6222' || lpad(i::text, 13, '0'), i % 3 = 0, 'bench' FROM generate_series(1, 2000) i ON CONFLICT DO NOTHING`);
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO contract (number, title, unit_id, budget_line_id, supplier_id, amount_fen, award_amount_fen, awarded_on, signed_on, delivered_on, accepted_on, status, submitter_id, imported)
       SELECT 'HT-BENCH-' || i, '基准合同' || i, $1, $2, (SELECT id FROM supplier WHERE credit_code = '91330782MA' || lpad((1 + i % 2000)::text, 8, '0')),
              1000000, 1000000, date '2026-01-01' + (i % 200), date '2026-01-10' + (i % 200), date '2026-02-10' + (i % 200), CASE WHEN i % 2 = 0 THEN date '2026-02-20' + (i % 200) END, 'SIGNED', $3, true
       FROM generate_series(1, ${CONTRACTS}) i`,
      [unit, line, user],
    );
    await tx.query(`INSERT INTO contract_milestone (contract_id, position, name, condition, amount_fen)
                    SELECT c.id, m.position, m.name, m.condition, m.amount FROM contract c
                    CROSS JOIN (VALUES (0, '预付款', 'signing', 300000), (1, '验收后付清', 'acceptance', 700000)) AS m(position, name, condition, amount)
                    WHERE c.number LIKE 'HT-BENCH-%'`);
    await tx.query(`INSERT INTO contract_payment (number, contract_id, milestone_id, amount_fen, payee_account, requested_on, status, paid_on, approved_on, imported)
                    SELECT 'FK-BENCH-' || m.id, m.contract_id, m.id, m.amount_fen, '62220000000000000', c.signed_on, 'PAID', c.signed_on + 10, c.signed_on + 5, true
                    FROM contract_milestone m JOIN contract c ON c.id = m.contract_id
                    WHERE c.number LIKE 'HT-BENCH-%' AND (m.position = 0 OR (c.accepted_on IS NOT NULL AND right(c.number, 1) IN ('0', '4')))`);
  });
  await db.query(`ANALYZE`);
}

async function main(): Promise<void> {
  const postgres = new EmbeddedPostgres({ dataDir: resolve(__dirname, '..', '..', '.data', 'bench-contracts'), port: Number(process.env.BENCH_PG_PORT ?? 54464), log: out });
  await postgres.start();
  await postgres.ensureDatabase('bench_contracts');
  const db = new DataSource({ ...dataSourceOptions(postgres.url('bench_contracts')), extra: { max: 4 } } as never);
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    const seeding = performance.now();
    await seed(db);
    out(`seeded in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    // Only the contract-payment set: the other sets name facts their features register.
    const dir = mkdtempSync(join(tmpdir(), 'bench-rules-'));
    copyFileSync(resolve(__dirname, '..', '..', 'rules', 'contract-payment.json'), join(dir, 'contract-payment.json'));
    const rules = new RulesService(new RuleSetStore(db), dir);
    await rules.loadAll();
    const records = new ContractRecords(db);
    const screening = new ContractScreeningService(db, records, rules, null as unknown as OrgService, new Clock());
    const definition = rules.inForce(PAYMENT_SET, '2026-12-05');
    const targets: { contract: string; milestone: string }[] = await db.query(
      `SELECT c.id AS contract, m.id AS milestone FROM contract c JOIN contract_milestone m ON m.contract_id = c.id AND m.position = 1 WHERE c.number LIKE 'HT-BENCH-%' ORDER BY random() LIMIT ${SAMPLES + 20}`,
    );
    const [counts] = await db.query(`SELECT (SELECT count(*) FROM contract) AS contracts, (SELECT count(*) FROM contract_milestone) AS milestones, (SELECT count(*) FROM contract_payment) AS payments`);
    out(`PostgreSQL embedded: ${counts.contracts} contracts, ${counts.milestones} milestones, ${counts.payments} payments; ${SAMPLES} samples, random contracts`);

    const screenOne = async (i: number) => {
      const target = targets[i % targets.length];
      const contract = (await records.contract(target.contract))!;
      const payment = { id: '00000000-0000-4000-8000-000000000000', amountFen: 700000, payeeAccount: contract.supplierAccount ?? '', milestoneId: target.milestone, requestedOn: '2026-12-05', contractId: contract.id } as never;
      return screening.evaluatePayment(payment, contract, definition, '2026-12-05');
    };
    const plainChecks = async (i: number) => {
      const target = targets[i % targets.length];
      await db.query(`SELECT c.*, s.bank_account, s.sme FROM contract c JOIN supplier s ON s.id = c.supplier_id WHERE c.id = $1`, [target.contract]);
      await db.query(`SELECT coalesce(sum(amount_fen) FILTER (WHERE status = 'PAID'), 0), coalesce(sum(amount_fen) FILTER (WHERE status IN ('SCREENING', 'IN_APPROVAL', 'APPROVED')), 0) FROM contract_payment WHERE contract_id = $1`, [target.contract]);
      await db.query(`SELECT coalesce(sum(amount_fen), 0) FROM contract WHERE original_id = $1 AND status IN ('SIGNING', 'SIGNED')`, [target.contract]);
      await db.query(`SELECT name, condition, amount_fen FROM contract_milestone WHERE id = $1`, [target.milestone]);
    };

    const indexed = await measure(screenOne);
    const plainIndexed = await measure(plainChecks);
    await db.query(`DROP INDEX contract_payment_contract`);
    await db.query(`DROP INDEX contract_original`);
    const plainBare = await measure(plainChecks);
    await db.query(`CREATE INDEX contract_original ON contract (original_id) WHERE original_id IS NOT NULL`);
    await db.query(`CREATE INDEX contract_payment_contract ON contract_payment (contract_id, status) INCLUDE (amount_fen, milestone_id)`);
    out('');
    out('measurement                                                        | p50 ms | p95 ms');
    out('-------------------------------------------------------------------|--------|-------');
    const row = (name: string, r: { p50: number; p95: number }) => out(`${name.padEnd(67)}| ${r.p50.toFixed(2).padStart(6)} | ${r.p95.toFixed(2).padStart(6)}`);
    row('screening a contract payment (look-ups + PAY-* rule set), indexed', indexed);
    row('the same look-ups as plain queries, indexed', plainIndexed);
    row('the same look-ups as plain queries, without the contract indexes', plainBare);
  } finally {
    await db.destroy().catch(() => undefined);
    await postgres.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
