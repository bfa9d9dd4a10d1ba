/**
 * Screening benchmark: on a database holding 1,000,000 trips and 1,000,000 registered invoices, the
 * median and p99 time of a trip-conflict check and of a full screening of a 3-trip claim (invoice,
 * trip, standards and route steps, without the engine round trips), through the GiST and B-tree
 * indexes and again with index scans switched off (sequential scans), as a ratio.
 *
 *   npm run bench:screening            (BENCH_TRIPS, BENCH_CHECKS, BENCH_SCREENINGS to change sizes)
 *
 * The data is generated once into .data/bench (an embedded PostgreSQL on port 54349) and reused.
 */
import 'reflect-metadata';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { AppModule } from '../src/app.module';
import { Claim, ClaimStatus } from '../src/claims/claim.entities';
import type { ClaimDocument } from '../src/claims/dto/claim-document.dto';
import { claimTotalFen } from '../src/claims/claim-total';
import { loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { InvoiceCheckService } from '../src/invoices/invoice-check.service';
import { EmbeddedPostgres } from '../src/launcher/embedded-postgres';
import { DemoSeeder } from '../src/org/demo-seeder';
import { RouteService } from '../src/routing/route.service';
import { StandardsCheckService } from '../src/standards/standards-check.service';
import { TripCheckService } from '../src/travel/trip-check.service';
import { TripsRepository } from '../src/travel/trips.repository';
import { buildInvoice } from '../test/factories/claim.factory';

const TRIPS = Number(process.env.BENCH_TRIPS ?? 1_000_000);
const INVOICES = Number(process.env.BENCH_INVOICES ?? 1_000_000);
const TRAVELLERS = 10_000;
const CHECKS = Number(process.env.BENCH_CHECKS ?? 2_000);
const SCREENINGS = Number(process.env.BENCH_SCREENINGS ?? 200);
const CITIES = ['杭州', '宁波', '北京', '上海', '金华', '温州', '拉萨', '西宁'];

const out = (line: string) => process.stdout.write(`${line}\n`);

interface Timing {
  median: number;
  p99: number;
  mean: number;
  n: number;
}

function summarise(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p99: at(0.99), mean: sorted.reduce((s, x) => s + x, 0) / sorted.length, n: sorted.length };
}

const ms = (t: Timing) => `median ${t.median.toFixed(3)} ms, p99 ${t.p99.toFixed(3)} ms (n=${t.n})`;

async function time(n: number, run: (i: number) => Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const began = performance.now();
    await run(i);
    samples.push(performance.now() - began);
  }
  return summarise(samples);
}

/** A deterministic pseudo-random sequence, so every run checks the same travellers and days. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

async function populate(db: DataSource): Promise<void> {
  const [{ count }] = await db.query(`SELECT count(*)::int AS count FROM trip`);
  if (count >= TRIPS) {
    out(`reusing ${count} trips in .data/bench`);
    return;
  }
  out(`generating ${TRIPS} trips, ${INVOICES} invoices and ${TRAVELLERS} travellers (once; kept in .data/bench) …`);
  const began = performance.now();
  await db.query(`INSERT INTO org_unit (code, name, invoice_title, credit_code) VALUES ('bench', '基准测试所', '义乌市公安局', '11330782002580471H') ON CONFLICT DO NOTHING`);
  await db.query(`
    INSERT INTO app_user (username, display_name, title, tier, unit_id, password_hash)
    SELECT 'bench' || i, '基准' || i, '民警', 'other', (SELECT id FROM org_unit WHERE code = 'bench'), 'x'
    FROM generate_series(1, ${TRAVELLERS}) i ON CONFLICT DO NOTHING`);
  const claims = Math.ceil(TRIPS / 3);
  // Filler claims: three trips each, approved or in approval, spread over two years.
  await db.query(`
    INSERT INTO claim (type, status, claimant_id, unit_id, document, total_fen, submitted_on, revision)
    SELECT 'travel', CASE WHEN i % 4 = 0 THEN 'IN_APPROVAL' ELSE 'APPROVED' END,
           (SELECT id FROM app_user WHERE username = 'bench' || (1 + i % ${TRAVELLERS})),
           (SELECT id FROM org_unit WHERE code = 'bench'), '{"invoices": []}'::jsonb, 100000, DATE '2025-01-01' + (i % 700), 1
    FROM generate_series(1, ${claims}) i`);
  await db.query(`
    WITH travellers AS (SELECT row_number() OVER (ORDER BY username) AS n, id FROM app_user WHERE username LIKE 'bench%'),
         numbered AS (SELECT row_number() OVER (ORDER BY id) AS n, id, claimant_id FROM claim WHERE unit_id = (SELECT id FROM org_unit WHERE code = 'bench'))
    INSERT INTO trip (claim_id, position, traveller_id, destination, start_day, end_day)
    SELECT c.id, p, c.claimant_id, (ARRAY['杭州','宁波','北京','上海','金华','温州','拉萨','西宁'])[1 + (c.n * 3 + p) % 8],
           DATE '2025-01-01' + ((c.n * 7 + p * 3) % 700)::int, DATE '2025-01-01' + ((c.n * 7 + p * 3) % 700)::int + 1 + (c.n % 3)::int
    FROM numbered c CROSS JOIN generate_series(0, 2) p
    LIMIT ${TRIPS}`);
  await db.query(`
    INSERT INTO claim_invoice (claim_id, invoice_key, invoice_date, seller_tax_id, total_fen)
    SELECT (SELECT id FROM claim WHERE unit_id = (SELECT id FROM org_unit WHERE code = 'bench') LIMIT 1),
           '2533' || lpad(i::text, 16, '0'), DATE '2025-01-01' + (i % 700), '91330100MA27Y8K3P3', 76000
    FROM generate_series(1, ${INVOICES}) i`);
  await db.query(`
    INSERT INTO travel_request (traveller_id, requester_id, unit_id, destination, start_day, end_day, estimate_fen, purpose, status)
    SELECT t.traveller_id, t.traveller_id, (SELECT id FROM org_unit WHERE code = 'bench'), t.destination, t.start_day, t.end_day, 150000, '基准', 'APPROVED'
    FROM trip t WHERE t.position = 0`);
  await db.query(`VACUUM ANALYZE trip`);
  await db.query(`VACUUM ANALYZE claim_invoice`);
  await db.query(`VACUUM ANALYZE travel_request`);
  await db.query(`VACUUM ANALYZE claim`);
  out(`generated in ${((performance.now() - began) / 1000).toFixed(1)} s`);
}

async function benchClaim(db: DataSource, travellerId: string, username: string): Promise<string> {
  const trips = [0, 1, 2].map((i) => {
    const start = `2026-0${3 + i * 2}-10`;
    const end = `2026-0${3 + i * 2}-12`;
    const invoice = buildInvoice({ date: end, city: CITIES[i] });
    return {
      trip: {
        traveller: username,
        destination: CITIES[i],
        start,
        end,
        legs: [{ mode: 'train', class: '二等座', from: '义乌', to: CITIES[i], date: start, fare: '47.50' }],
        lodging: [{ city: CITIES[i], nights: 2, amount: invoice.total, invoice: invoice.number }],
        allowances: { mealDays: 3, meal: '300.00', transportDays: 3, transport: '240.00' },
      },
      invoice,
    };
  });
  const document = {
    type: 'travel',
    claimant: username,
    budgetLine: { unit: '基准测试所', subject: '30211', fund: 'basic' as const },
    purpose: '基准测试：三段行程',
    trips: trips.map((t) => t.trip),
    invoices: trips.map((t) => t.invoice),
  } as ClaimDocument;
  const unit = await db.query(`SELECT id FROM org_unit WHERE code = 'bench'`);
  const claim = await db.getRepository(Claim).save(
    db.getRepository(Claim).create({ type: 'travel', status: ClaimStatus.SCREENING, claimantId: travellerId, unitId: unit[0].id, document, totalFen: claimTotalFen(document), submittedOn: '2026-11-23' }),
  );
  return claim.id;
}

interface Measured {
  check: Timing;
  screening: Timing;
}

async function measure(app: INestApplicationContext, label: string, checks: number, screenings: number): Promise<Measured> {
  const db = app.get(DataSource);
  const trips = app.get(TripsRepository);
  const travellers: { id: string; username: string }[] = await db.query(`SELECT id, username FROM app_user WHERE username LIKE 'bench%' ORDER BY username`);
  const next = random(42);
  const check = await time(checks, async () => {
    const traveller = travellers[Math.floor(next() * travellers.length)];
    const offset = Math.floor(next() * 700);
    const start = new Date(Date.UTC(2025, 0, 1 + offset)).toISOString().slice(0, 10);
    const end = new Date(Date.UTC(2025, 0, 3 + offset)).toISOString().slice(0, 10);
    await trips.near(traveller.id, start, end, { claimId: '00000000-0000-0000-0000-000000000000', position: 0 });
  });
  out(`${label} trip-conflict check:        ${ms(check)}`);

  const traveller = travellers[0];
  const claimId = await benchClaim(db, traveller.id, traveller.username);
  const [invoices, tripCheck, standards, route] = [app.get(InvoiceCheckService), app.get(TripCheckService), app.get(StandardsCheckService), app.get(RouteService)];
  const screening = await time(screenings, async () => {
    await invoices.screen(claimId);
    await tripCheck.screen(claimId);
    await standards.screen(claimId);
    await route.screen(claimId);
  });
  out(`${label} full screening, 3 trips:    ${ms(screening)}`);
  await db.query(`DELETE FROM claim WHERE id = $1`, [claimId]);
  return { check, screening };
}

async function context(databaseUrl: string): Promise<INestApplicationContext> {
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    ENGINE_URL: 'http://127.0.0.1:9/engine-rest', // never called: screening services run without the engine here
    WORKERS_ENABLED: 'false',
    // Nothing here talks to an engine: no task notifier polling one every two seconds either.
    NOTIFY_TASKS_ENABLED: 'false',
    JWT_SECRET: 'bench-secret-bench-secret',
    LOG_LEVEL: 'warn',
  });
  // The context runs its start-up hooks at once, and they read tables the migrations create.
  const migrations = new DataSource(dataSourceOptions(databaseUrl));
  await migrations.initialize();
  await migrations.runMigrations({ transaction: 'each' });
  await migrations.destroy();
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  await app.get(DemoSeeder).seedIfEmpty('bench');
  return app;
}

async function main(): Promise<void> {
  Logger.overrideLogger(['error', 'warn']);
  const postgres = new EmbeddedPostgres({ dataDir: resolve(__dirname, '..', '..', '.data', 'bench'), port: 54349, log: out });
  await postgres.start();
  await postgres.ensureDatabase('bench');
  try {
    const url = postgres.url('bench');
    let app = await context(url);
    await populate(app.get(DataSource));
    const counts = await app.get(DataSource).query(`SELECT (SELECT count(*) FROM trip)::int AS trips, (SELECT count(*) FROM claim_invoice)::int AS invoices, (SELECT count(*) FROM travel_request)::int AS requests`);
    out(`database: ${counts[0].trips} trips, ${counts[0].invoices} invoices, ${counts[0].requests} approved requests`);

    // Warm the caches once so both runs read from memory.
    await measure(app, '(warm-up)', 200, 5);
    const indexed = await measure(app, 'index:', CHECKS, SCREENINGS);
    await app.close();

    await postgresSetting(url, 'off');
    app = await context(url);
    const seq = await measure(app, 'seq scan:', Math.max(20, Math.floor(CHECKS / 50)), Math.max(10, Math.floor(SCREENINGS / 10)));
    await app.close();
    await postgresSetting(url, 'on');

    out('');
    out(`trip-conflict check: seq scan / index = ${(seq.check.median / indexed.check.median).toFixed(0)}× (median), ${(seq.check.p99 / indexed.check.p99).toFixed(0)}× (p99)`);
    out(`full screening:      seq scan / index = ${(seq.screening.median / indexed.screening.median).toFixed(1)}× (median), ${(seq.screening.p99 / indexed.screening.p99).toFixed(1)}× (p99)`);
    out(`memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await postgres.stop();
  }
}

/** Switches index and bitmap scans for new sessions of the bench database. */
async function postgresSetting(url: string, value: 'on' | 'off'): Promise<void> {
  const db = new DataSource({ type: 'postgres', url });
  await db.initialize();
  for (const setting of ['enable_indexscan', 'enable_bitmapscan', 'enable_indexonlyscan']) {
    await db.query(value === 'off' ? `ALTER DATABASE bench SET ${setting} = off` : `ALTER DATABASE bench RESET ${setting}`);
  }
  await db.destroy();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
