/**
 * Depreciation benchmark: the monthly run over 100,000 asset cards (the service the scheduler and
 * the accountant's button call: one locking read, set-based writes in chunks, one business event),
 * then the same month run again (books nothing), then the next month run card by card — read and
 * lock, insert, update, three round trips each — over a sample, as the baseline a loop would be.
 *
 *   npm run bench:depreciation      (BENCH_PG_PORT, default 54349; BENCH_CARDS, BENCH_NAIVE to scale)
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { AssetClassCatalogueService } from '../src/assets/asset-class-catalogue';
import { BusinessEventsService } from '../src/business-events/business-events.service';
import { Clock } from '../src/common/clock';
import { dataSourceOptions } from '../src/database/data-source-options';
import { DepreciableCard, depreciationDue } from '../src/depreciation/depreciation-rule';
import { DepreciationService } from '../src/depreciation/depreciation.service';
import { EmbeddedPostgres } from '../src/launcher/embedded-postgres';

const CARDS = Number(process.env.BENCH_CARDS ?? 100_000);
const NAIVE = Number(process.env.BENCH_NAIVE ?? 2_000);
const out = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function main(): Promise<void> {
  const postgres = new EmbeddedPostgres({ dataDir: resolve(__dirname, '..', '..', '.data', 'bench-depreciation'), port: Number(process.env.BENCH_PG_PORT ?? 54349), log: out });
  await postgres.start();
  const name = `bench_depreciation_${Date.now().toString(36)}`;
  await postgres.ensureDatabase(name);
  const db = new DataSource({ ...dataSourceOptions(postgres.url(name)), extra: { max: 10 } } as never);
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    const clock = new Clock();
    const service = new DepreciationService(db, new BusinessEventsService(db), new AssetClassCatalogueService(), clock);

    // 20 units; cards of six classes accepted over eight years, a few not depreciated or disposed.
    await db.query(`INSERT INTO org_unit (code, name, invoice_title, credit_code) SELECT 'u' || i, '单位' || i, '单位' || i, '11330100MB0000000' || (i % 10) FROM generate_series(0, 19) i`);
    const seeded = performance.now();
    await db.query(
      `INSERT INTO asset_card (number, class_code, name, original_value_fen, source, accepted_on, unit_id, useful_life_months, status)
       SELECT 'B' || lpad(i::text, 7, '0'), (ARRAY['A02010104','A02010105','A020201','A020305','A0602','A0501'])[1 + i % 6], '资产' || i,
              100000 + (i * 7919) % 50000000, 'opening', date '2019-01-01' + (i % 2850),
              (SELECT id FROM org_unit WHERE code = 'u' || (i % 20)),
              CASE WHEN i % 6 = 5 THEN NULL ELSE (ARRAY[72, 72, 72, 96, 180])[1 + i % 5] END,
              CASE WHEN i % 97 = 0 THEN 'DISPOSED' ELSE 'IN_STOCK' END
       FROM generate_series(1, $1) i`,
      [CARDS],
    );
    await db.query(`ANALYZE asset_card`);
    out(`seeded ${CARDS.toLocaleString('en')} cards in ${seconds(performance.now() - seeded)}`);

    // The months before are caught up in the first run, as for a bureau bringing its cards in.
    const first = '2026-10';
    const bulk = async (period: string) => {
      const started = performance.now();
      const outcome = await service.run(period, null);
      return { ms: performance.now() - started, outcome };
    };
    const catchUp = await bulk(first);
    const month = await bulk('2026-11');
    const again = await bulk('2026-11');
    const [{ rows, events }] = await db.query(`SELECT (SELECT count(*)::int FROM asset_depreciation WHERE period = '2026-11') AS rows, (SELECT count(*)::int FROM business_event WHERE kind = 'depreciation' AND source_id = '2026-11') AS events`);
    const [{ lines }] = await db.query(`SELECT jsonb_array_length(payload->'lines') AS lines FROM business_event WHERE kind = 'depreciation' AND source_id = '2026-11'`);

    // Baseline: the next month card by card, three round trips each, over a sample.
    const [{ id: runId }] = await db.query(`INSERT INTO depreciation_run (period, trigger) VALUES ('2026-12', 'schedule') RETURNING id`);
    const sample: { id: string }[] = await db.query(
      `SELECT id FROM asset_card WHERE status <> 'DISPOSED' AND useful_life_months IS NOT NULL AND depreciated_fen < original_value_fen AND depreciated_through = '2026-11' ORDER BY number LIMIT $1`,
      [NAIVE],
    );
    const naiveStarted = performance.now();
    await db.transaction(async (tx) => {
      for (const { id } of sample) {
        const [c] = await tx.query(
          `SELECT original_value_fen, useful_life_months, to_char(accepted_on, 'YYYY-MM-DD') AS accepted_on, depreciated_fen, depreciated_through, status, unit_id, class_code FROM asset_card WHERE id = $1 FOR UPDATE`,
          [id],
        );
        const card: DepreciableCard = { originalValueFen: Number(c.original_value_fen), usefulLifeMonths: c.useful_life_months, acceptedOn: c.accepted_on, depreciatedFen: Number(c.depreciated_fen), depreciatedThrough: c.depreciated_through, status: c.status };
        const due = depreciationDue(card, '2026-12');
        if (!due) continue;
        await tx.query(`INSERT INTO asset_depreciation (card_id, period, run_id, amount_fen, months, accumulated_fen, unit_id, class_code) VALUES ($1, '2026-12', $2, $3, $4, $5, $6, $7)`, [id, runId, due.amountFen, due.months, due.accumulatedFen, c.unit_id, c.class_code]);
        await tx.query(`UPDATE asset_card SET depreciated_fen = $2, depreciated_through = '2026-12' WHERE id = $1`, [id, due.accumulatedFen]);
      }
    });
    const naiveMs = performance.now() - naiveStarted;
    const perCardNaive = naiveMs / sample.length;
    const perCardBulk = month.ms / month.outcome.run.cards;

    out('');
    out(`monthly depreciation over ${CARDS.toLocaleString('en')} cards (20 units, 6 classes; 1/6 not depreciated, 1/97 disposed)`);
    out('');
    out('run                                         | cards booked | time      | per card');
    out('--------------------------------------------|--------------|-----------|----------');
    const row = (label: string, cards: number, ms: number) => out(`${label.padEnd(44)}| ${cards.toLocaleString('en').padStart(12)} | ${seconds(ms).padStart(9)} | ${cards ? `${((ms / cards) * 1000).toFixed(0)} µs` : '—'}`);
    row(`${first}, first run (catches up since 2019)`, catchUp.outcome.run.cards, catchUp.ms);
    row('2026-11, set-based run', month.outcome.run.cards, month.ms);
    row('2026-11 again (books nothing)', again.outcome.created ? again.outcome.run.cards : 0, again.ms);
    row(`2026-12 card by card, ${sample.length.toLocaleString('en')}-card sample`, sample.length, naiveMs);
    out('');
    out(`2026-11: ${rows.toLocaleString('en')} per-card rows, ${events} business event with ${lines} lines (unit × class); second run created: ${again.outcome.created}`);
    out(`card by card, extrapolated to ${month.outcome.run.cards.toLocaleString('en')} cards: ${seconds(perCardNaive * month.outcome.run.cards)} — the set-based run is ${(perCardNaive / perCardBulk).toFixed(1)}× faster per card`);
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
