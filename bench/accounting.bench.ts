/**
 * Accounting benchmark.
 *  1. 自动制单: 10,000 claim-paid events in the log, raised into voucher drafts by the consumer (the
 *     same code the worker runs): events per second and p95 per event.
 *  2. The books over 1,000,000 posted voucher lines: 科目余额表 and a 明细账 filtered by a dimension,
 *     p95 of BooksService (per-period totals kept at posting, and the entries' ledger index) beside the
 *     same answers computed from the raw entries joined to their vouchers.
 *
 *   npm run bench:accounting      (BENCH_PG_PORT, default 54349; BENCH_EVENTS, BENCH_LINES to scale)
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { AccountingConsumer } from '../src/accounting/accounting-consumer';
import { BooksService } from '../src/accounting/books.service';
import { PostingRulesService } from '../src/accounting/posting-rules.service';
import { VoucherRaiser } from '../src/accounting/voucher-raiser';
import { BusinessEventsService } from '../src/business-events/business-events.service';
import { Clock } from '../src/common/clock';
import type { AppConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { EmbeddedPostgres } from '../src/launcher/embedded-postgres';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const LINES = Number(process.env.BENCH_LINES ?? 1_000_000);
const RUNS = 20;
const out = (line: string) => process.stdout.write(`${line}\n`);
const p95 = (samples: number[]) => [...samples].sort((a, b) => a - b)[Math.ceil(samples.length * 0.95) - 1];

async function timed(runs: number, work: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  await work(); // warm
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples;
}

async function main(): Promise<void> {
  const postgres = new EmbeddedPostgres({ dataDir: resolve(__dirname, '..', '..', '.data', 'bench-accounting'), port: Number(process.env.BENCH_PG_PORT ?? 54349), log: out });
  await postgres.start();
  const name = `bench_accounting_${Date.now().toString(36)}`;
  await postgres.ensureDatabase(name);
  const db = new DataSource({ ...dataSourceOptions(postgres.url(name)), extra: { max: 20 } } as never);
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    const events = new BusinessEventsService(db);
    const rules = new PostingRulesService(db, events);
    await rules.ensureShipped();
    const raiser = new VoucherRaiser(db, rules);
    const perEvent: number[] = [];
    const timedRaiser = Object.assign(Object.create(raiser) as VoucherRaiser, {
      raise: async (...args: Parameters<VoucherRaiser['raise']>) => {
        const started = performance.now();
        const outcome = await raiser.raise(...args);
        perEvent.push(performance.now() - started);
        return outcome;
      },
    });
    const consumer = new AccountingConsumer(db, events, timedRaiser, { ACCOUNTING_SETTLE_MS: 0 } as AppConfig, new Clock());

    // 1. Events as payments publish them: one line each, a person, a unit, an economic code.
    await db.query(
      `INSERT INTO business_event (kind, source_kind, source_id, occurred_on, payload, published_by)
       SELECT 'claim-paid', 'expense-claim', 'bench-' || i, date '2026-11-01' + (i % 28),
              jsonb_build_object('summary', '报销 #' || i, 'method', CASE WHEN i % 10 = 0 THEN 'direct' ELSE 'authorized' END,
                'lines', jsonb_build_array(jsonb_build_object('amountFen', 1000 + i % 90000, 'unit', 'u' || (i % 20), 'economicCode', (ARRAY['30211','30201','30216','30215','30217'])[1 + i % 5], 'functionalCode', '2040201', 'fund', 'basic', 'person', 'p' || (i % 500)))),
              'bench'
       FROM generate_series(1, $1) i`,
      [EVENTS],
    );
    const started = performance.now();
    let raised = 0;
    for (;;) {
      const round = await consumer.round();
      if (!round || round.raised + round.unbooked === 0) break;
      raised += round.raised;
    }
    const seconds = (performance.now() - started) / 1000;
    const [{ gapless }] = await db.query(`SELECT max(number) = count(*) AS gapless FROM voucher WHERE period = '2026-11'`);
    out(`PostgreSQL 17 embedded; posting rules v1`);
    out('');
    out(`自动制单: ${raised} of ${EVENTS} events raised in ${seconds.toFixed(1)} s — ${(raised / seconds).toFixed(0)} events/s; per event p50 ${perEvent.sort((a, b) => a - b)[Math.floor(perEvent.length / 2)].toFixed(1)} ms, p95 ${p95(perEvent).toFixed(1)} ms; numbers gapless: ${gapless}`);

    // 2. A million posted lines over 24 periods, loaded in bulk: vouchers as posted, entries marked
    //    with their period, and the per-period totals posting keeps, computed in one pass (triggers
    //    off for the load only; posting one voucher at a time is part 1's business).
    const vouchers = Math.floor(LINES / 4);
    await db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(
        `INSERT INTO voucher (id, period, number, voucher_date, summary, source_kind, source_id, state, made_by, reviewed_by, reviewed_at, posted_by, posted_at)
         SELECT md5('v' || i)::uuid, p, 100000 + i, (p || '-15')::date, '凭证 ' || i, 'expense-claim', 'load-' || i, 'posted', 'system', 'r', now(), 'q', now()
         FROM (SELECT i, to_char(date '2025-01-01' + ((i % 24) || ' month')::interval, 'YYYY-MM') AS p FROM generate_series(1, $1) i) s`,
        [vouchers],
      );
      await tx.query(
        `INSERT INTO voucher_entry (voucher_id, line_no, book, subject_code, summary, unit, economic_code, functional_code, person, debit_fen, credit_fen, posted_period)
         SELECT md5('v' || i)::uuid, l, CASE WHEN l <= 2 THEN 'financial' ELSE 'budget' END, (ARRAY['5001','1011','7101','8001'])[l], '报销',
                'u' || (i % 20), CASE WHEN l IN (1, 3) THEN (ARRAY['30211','30201','30216','30215','30217'])[1 + i % 5] END, '2040201', 'p' || (i % 500),
                CASE WHEN l IN (1, 3) THEN 1000 + i % 90000 ELSE 0 END, CASE WHEN l IN (2, 4) THEN 1000 + i % 90000 ELSE 0 END,
                to_char(date '2025-01-01' + ((i % 24) || ' month')::interval, 'YYYY-MM')
         FROM generate_series(1, $1) i, generate_series(1, 4) l`,
        [vouchers],
      );
      await tx.query(
        `INSERT INTO ledger_total (period, book, subject_code, unit, economic_code, debit_fen, credit_fen)
         SELECT posted_period, book, subject_code, coalesce(unit, ''), coalesce(economic_code, ''), sum(debit_fen), sum(credit_fen)
         FROM voucher_entry WHERE posted_period IS NOT NULL GROUP BY 1, 2, 3, 4, 5
         ON CONFLICT (book, subject_code, period, unit, economic_code) DO UPDATE SET debit_fen = ledger_total.debit_fen + EXCLUDED.debit_fen, credit_fen = ledger_total.credit_fen + EXCLUDED.credit_fen`,
      );
    });
    await db.query(`ANALYZE voucher; ANALYZE voucher_entry; ANALYZE ledger_total`);
    const [{ lines }] = await db.query(`SELECT count(*)::int AS lines FROM voucher_entry`);
    const books = new BooksService(db, rules);
    const period = '2026-06';

    const tb = await timed(RUNS, () => books.trialBalance(period));
    const tbRaw = await timed(RUNS, () =>
      db.query(
        `SELECT e.book, e.subject_code, sum(e.debit_fen - e.credit_fen) FILTER (WHERE v.period < $1), sum(e.debit_fen) FILTER (WHERE v.period = $1), sum(e.credit_fen) FILTER (WHERE v.period = $1)
         FROM voucher_entry e JOIN voucher v ON v.id = e.voucher_id WHERE v.state = 'posted' AND v.period <= $1 GROUP BY 1, 2`,
        [period],
      ),
    );
    const ledger = await timed(RUNS, () => books.ledger('5001', period, period, { unit: 'u7' }));
    const ledgerRaw = await timed(RUNS, async () => {
      await db.query(`SELECT sum(e.debit_fen - e.credit_fen) FROM voucher_entry e JOIN voucher v ON v.id = e.voucher_id WHERE v.state = 'posted' AND e.book = 'financial' AND e.subject_code = '5001' AND e.unit = 'u7' AND v.period < $1`, [period]);
      await db.query(
        `SELECT v.period, v.number, e.* FROM voucher_entry e JOIN voucher v ON v.id = e.voucher_id
         WHERE v.state = 'posted' AND e.book = 'financial' AND e.subject_code = '5001' AND e.unit = 'u7' AND v.period = $1 ORDER BY v.period, v.number, e.line_no LIMIT 5001`,
        [period],
      );
    });
    const ledgerPerson = await timed(RUNS, () => books.ledger('5001', period, period, { person: 'p42' }));
    const row = (label: string, fast: number[], raw: number[]) => out(`${label.padEnd(40)} | ${p95(fast).toFixed(1).padStart(14)} | ${p95(raw).toFixed(1).padStart(15)} | ${(p95(raw) / p95(fast)).toFixed(1).padStart(6)}×`);
    out('');
    out(`books over ${lines.toLocaleString('en')} posted voucher lines (${vouchers.toLocaleString('en')} vouchers, 24 periods), p95 of ${RUNS} runs after one warm-up`);
    out('');
    out('query                                    | p95 books (ms) | p95 raw (ms)    | faster');
    out('-----------------------------------------|----------------|-----------------|-------');
    row(`科目余额表 ${period}`, tb, tbRaw);
    row(`明细账 5001 ${period}, unit u7`, ledger, ledgerRaw);
    out(`${`明细账 5001 ${period}, person p42 (opening from entries)`.padEnd(40)} | ${p95(ledgerPerson).toFixed(1).padStart(14)} |                 |`);
    out('');
    out(`memory: rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB`);
  } finally {
    await db.destroy().catch(() => undefined);
    await postgres.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
