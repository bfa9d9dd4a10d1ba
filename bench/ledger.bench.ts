/**
 * Ledger benchmark: reservations per second through BudgetLedger (an entry under a unique key and a
 * guarded line update, in one transaction) with 1, 8 and 64 concurrent clients, on one contended
 * line and spread over 1,000 lines — beside a bare `UPDATE … RETURNING` loop on the same database
 * as the ceiling, and the ratio.
 *
 *   npm run bench:ledger            (BENCH_SECONDS per measurement, default 4)
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { BudgetLedger } from '../src/budget/budget-ledger';
import { dataSourceOptions } from '../src/database/data-source-options';
import { EmbeddedPostgres } from '../src/launcher/embedded-postgres';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const CLIENTS = [1, 8, 64];
const LINES = 1000;
const out = (line: string) => process.stdout.write(`${line}\n`);

async function forSeconds(clients: number, work: (client: number, i: number) => Promise<unknown>): Promise<number> {
  const deadline = performance.now() + SECONDS * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let i = 0; performance.now() < deadline; i += 1) {
        await work(client, i);
        done += 1;
      }
    }),
  );
  return done / SECONDS;
}

async function main(): Promise<void> {
  const postgres = new EmbeddedPostgres({ dataDir: resolve(__dirname, '..', '..', '.data', 'bench'), port: 54349, log: out });
  await postgres.start();
  await postgres.ensureDatabase('bench_ledger');
  const db = new DataSource({ ...dataSourceOptions(postgres.url('bench_ledger')), extra: { max: 70 } } as never);
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    await db.query(`INSERT INTO org_unit (code, name, invoice_title, credit_code) VALUES ('bench', '基准测试所', '义乌市公安局', '11330782002580471H') ON CONFLICT DO NOTHING`);
    const unit = (await db.query(`SELECT id FROM org_unit WHERE code = 'bench'`))[0].id;
    const run = Date.now().toString(36);
    // Fresh lines each run, allocated far beyond what the run can reserve, under FORBID control.
    const lines: string[] = (
      await db.query(
        `INSERT INTO budget_line (unit_id, fiscal_year, subject, fund_type, fund_name, control_mode, allocated_fen)
         SELECT $1, 2026, '30201', 'special', $2 || '-' || i, 'FORBID', 100000000000 FROM generate_series(1, ${LINES}) i RETURNING id`,
        [unit, run],
      )
    ).map((row: { id: string }) => row.id);
    const ledger = new BudgetLedger(db);
    out(`PostgreSQL 17 embedded, ${LINES} lines, ${SECONDS} s per measurement, reservations of 1 fen under FORBID`);
    out('');
    out('clients | lines | ledger reservations/s | bare UPDATE … RETURNING/s | ledger / bare');
    out('--------|-------|-----------------------|----------------------------|--------------');
    for (const spread of [1, LINES]) {
      for (const clients of CLIENTS) {
        const pick = (client: number, i: number) => lines[spread === 1 ? 0 : (client * 7919 + i) % LINES];
        const ledgerRate = await forSeconds(clients, (client, i) =>
          ledger.move({ lineId: pick(client, i), kind: 'reserve', amountFen: 1, operationKey: `bench:${run}:${spread}:${clients}:${client}:${i}`, actor: 'bench', reason: 'bench', enforceAvailable: true }),
        );
        const bareRate = await forSeconds(clients, (client, i) =>
          db.query(`UPDATE budget_line SET reserved_fen = reserved_fen + 1 WHERE id = $1 AND allocated_fen - reserved_fen - committed_fen >= 1 RETURNING reserved_fen`, [pick(client, i)]),
        );
        out(`${String(clients).padStart(7)} | ${String(spread).padStart(5)} | ${ledgerRate.toFixed(0).padStart(21)} | ${bareRate.toFixed(0).padStart(26)} | ${(ledgerRate / bareRate).toFixed(2).padStart(12)}`);
      }
    }
    out('');
    out(`memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await db.destroy().catch(() => undefined);
    await postgres.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
