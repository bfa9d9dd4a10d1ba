/**
 * Payment batch benchmark: a batch of BENCH_LINES (default 5,000) approved claims exported as the
 * bank's file and its result imported, in both shipped layouts (CSV, XLSX), through the product's
 * services on a real database. The import applies the result in chunks (one transaction per
 * RESULT_CHUNK lines, a savepoint per line); the baseline in the same run imports the same kind of
 * file line by line, one transaction per line. Every line pays its claim (status, ledger `pay`,
 * `claim-paid` event, notification), one in fifty fails with the bank's reason.
 *
 *   npm run bench:payments          (BENCH_LINES, BENCH_PG_PORT)
 */
import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { EmbeddedPostgres } from '../src/launcher/embedded-postgres';
import type { Actor } from '../src/org/org.service';
import { parseCsv } from '../src/payments/bank-files';
import { ClaimPayables } from '../src/payments/claim-payables';
import { PaymentBatchesService, RESULT_CHUNK } from '../src/payments/payment-batches.service';
import { PaymentBatch } from '../src/payments/payment.entities';

const LINES = Number(process.env.BENCH_LINES ?? 5000);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54363);
const DATA_DIR = resolve(__dirname, '..', '..', '.data', 'bench-payments');
const out = (line: string) => process.stdout.write(`${line}\n`);
const CASHIER: Actor = { id: '00000000-0000-4000-8000-000000000001', username: 'bench-cashier', displayName: '基准出纳', tier: 'other', unit: { id: '', code: 'bench', name: '基准' }, groups: ['cashier'], active: true } as Actor;

async function seconds<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const result = await work();
  return [result, (performance.now() - started) / 1000];
}

/** LINES approved claims of one claimant, each with its budget committed on one line, and the claimant's account. */
async function seedClaims(db: DataSource, tag: string): Promise<void> {
  const [unit] = await db.query(`INSERT INTO org_unit (code, name, invoice_title, credit_code) VALUES ($1, $2, '义乌市公安局', '11330782002580471H') RETURNING id, name`, [tag, `基准所${tag}`]);
  const [user] = await db.query(`INSERT INTO app_user (username, display_name, title, tier, unit_id, password_hash) VALUES ($1, $2, '民警', 'other', $3, 'x') RETURNING id`, [`u${tag}`, `基准${tag}`, unit.id]);
  await db.query(`INSERT INTO person_account (user_id, account_no, bank_name, updated_by) VALUES ($1, $2, '中国工商银行义乌分行', 'bench')`, [user.id, `6222${tag.replace(/\D/g, '').padEnd(12, '0').slice(0, 12)}`]);
  const [line] = await db.query(
    `INSERT INTO budget_line (unit_id, fiscal_year, subject, fund_type, fund_name, control_mode, allocated_fen) VALUES ($1, 2026, '30201', 'basic', '', 'ALLOW', 100000000000) RETURNING id`,
    [unit.id],
  );
  const document = { type: 'expense', claimant: `u${tag}`, budgetLine: { unit: unit.name, subject: '30201', fund: 'basic' }, purpose: '购置办公用品', items: [], invoices: [] };
  const claims: { id: string; total_fen: string }[] = await db.query(
    `INSERT INTO claim (type, status, claimant_id, unit_id, document, total_fen, reimbursable_fen, submitted_on, approved_on, revision)
     SELECT 'expense', 'APPROVED', $1, $2, $3::jsonb, 10000 + i, 10000 + i, '2026-11-02', '2026-11-03', 1 FROM generate_series(1, ${LINES}) i RETURNING id, total_fen`,
    [user.id, unit.id, JSON.stringify(document)],
  );
  await db.query(
    `INSERT INTO budget_entry (line_id, kind, amount_fen, claim_id, operation_key, actor, reason)
     SELECT $1, 'commit', x.fen, x.id, 'bench-commit:' || x.id, 'bench', 'bench' FROM unnest($2::uuid[], $3::bigint[]) AS x(id, fen)`,
    [line.id, claims.map((c) => c.id), claims.map((c) => c.total_fen)],
  );
  await db.query(`UPDATE budget_line SET committed_fen = (SELECT sum(amount_fen) FROM budget_entry WHERE line_id = $1) WHERE id = $1`, [line.id]);
}

/** An approved batch of every due claim of the tag's claimant, as `build` would make it once approved. */
async function approvedBatch(app: INestApplicationContext, db: DataSource, tag: string): Promise<PaymentBatch> {
  const due = (await app.get(ClaimPayables).due(db.manager)).filter((p) => p.payee.key === `u${tag}`);
  const [batch] = await db.query(
    `INSERT INTO payment_batch (number, status, title, created_by, total_fen, line_count, approved_at) VALUES ($1, 'APPROVED', 'bench', 'bench-cashier', $2, $3, now()) RETURNING id`,
    [`PB-2026-${tag}`, due.reduce((s, p) => s + p.amountFen, 0), due.length],
  );
  await db.query(
    `INSERT INTO payment_line (batch_id, row_no, source_kind, source_id, reference, title, payee_kind, payee_key, payee_name, account_no, bank_name, amount_fen, method,
                               budget_line_id, budget_unit, budget_subject, budget_fund, due_since)
     SELECT $1, x.row_no, 'claim', x.id, x.ref, '购置办公用品', 'person', $2, $3, $4, '中国工商银行义乌分行', x.fen, 'authorized', $5, $6, '30201', 'basic', '2026-11-03'
       FROM unnest($7::int[], $8::text[], $9::text[], $10::bigint[]) AS x(row_no, id, ref, fen)`,
    [batch.id, `u${tag}`, due[0].payee.name, due[0].payee.account, due[0].budgetLine.id, due[0].budgetLine.unit, due.map((_, i) => i + 1), due.map((p) => p.source.id), due.map((p) => p.reference), due.map((p) => p.amountFen)],
  );
  return db.getRepository(PaymentBatch).findOneByOrFail({ id: batch.id });
}

const outcome = (row: number): [string, string] => (row % 50 === 0 ? ['失败', '收款账户已冻结'] : ['成功', '']);

function csvResult(exported: Buffer): Buffer {
  const [headers, ...rows] = parseCsv(exported.toString('utf8').replace(/^\uFEFF/, '')).filter((r) => r.some((c) => c !== ''));
  const lines = [[...headers, '状态', '备注'], ...rows.map((cells, i) => [...cells, ...outcome(i + 1)])];
  return Buffer.from('\uFEFF' + lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n', 'utf8');
}

async function xlsxResult(exported: Buffer): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(exported as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  const width = sheet.getRow(1).cellCount;
  sheet.getRow(1).getCell(width + 1).value = '状态';
  sheet.getRow(1).getCell(width + 2).value = '备注';
  for (let r = 2; r <= sheet.rowCount; r += 1) {
    const [status, reason] = outcome(r - 1);
    sheet.getRow(r).getCell(width + 1).value = status;
    sheet.getRow(r).getCell(width + 2).value = reason;
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function main(): Promise<void> {
  mkdirSync(DATA_DIR, { recursive: true });
  const postgres = new EmbeddedPostgres({ dataDir: DATA_DIR, port: PG_PORT, log: out });
  await postgres.start();
  await postgres.ensureDatabase('bench_payments');
  const url = postgres.url('bench_payments');
  const db = new DataSource(dataSourceOptions(url) as never);
  let app: INestApplicationContext | undefined;
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    const config = loadConfig({ DATABASE_URL: url, ENGINE_URL: 'http://127.0.0.1:9', WORKERS_ENABLED: 'false', JWT_SECRET: 'bench-payments-secret', LOG_LEVEL: 'warn', DATA_DIR });
    app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error'] });
    const batches = app.get(PaymentBatchesService);
    const run = Date.now().toString(36).slice(-6);
    out(`PostgreSQL 17 embedded, ${LINES} lines per batch, result applied ${RESULT_CHUNK} lines per transaction (baseline: 1), 1 in 50 lines failed by the bank`);
    out('');
    out('layout      | import            | export s | file KiB | import s | lines/s | paid  | failed');
    out('------------|-------------------|----------|----------|----------|---------|-------|-------');
    for (const [layout, chunk] of [['csv-generic', RESULT_CHUNK], ['csv-generic', 1], ['xlsx-bank', RESULT_CHUNK], ['xlsx-bank', 1]] as const) {
      const tag = `${run}${layout.slice(0, 1)}${chunk}`;
      await seedClaims(db, tag);
      const batch = await approvedBatch(app, db, tag);
      const [exported, exportSeconds] = await seconds(() => batches.export(CASHIER, batch.id, layout));
      const result = layout.startsWith('csv') ? csvResult(exported.content) : await xlsxResult(exported.content);
      const fresh = await db.getRepository(PaymentBatch).findOneByOrFail({ id: batch.id });
      const [report, importSeconds] = await seconds(() => batches.applyResult(CASHIER, fresh, result, chunk));
      if (report.refused.length > 0) throw new Error(`refused rows: ${JSON.stringify(report.refused.slice(0, 3))}`);
      const mode = chunk === 1 ? 'line by line (base)' : `chunks of ${chunk}`;
      out(`${layout.padEnd(11)} | ${mode.padEnd(17)} | ${exportSeconds.toFixed(2).padStart(8)} | ${(exported.content.length / 1024).toFixed(0).padStart(8)} | ${importSeconds.toFixed(2).padStart(8)} | ${(LINES / importSeconds).toFixed(0).padStart(7)} | ${String(report.paid).padStart(5)} | ${String(report.failed).padStart(6)}`);
    }
    out('');
    const [[{ events }]] = [await db.query(`SELECT count(*)::int AS events FROM business_event WHERE kind = 'claim-paid'`)];
    out(`claim-paid events published: ${events}; memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await app?.close().catch(() => undefined);
    await db.destroy().catch(() => undefined);
    await postgres.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
