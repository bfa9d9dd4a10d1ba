/**
 * Stocktake scanning over HTTP against a started product: a count of BENCH_CARDS (default 5,000)
 * assets scanned by three phones at once (each its own session, sending one scan per request as the
 * page does online, a twentieth of the labels read by two phones), beside the baseline in the same
 * run — one phone scanning another 5,000-card count alone. Prints scans per second the API takes and
 * p50/p95 per scan; checks that every card counted exactly once; then times closing the count (an
 * event on each of the 5,000 cards) and a queued offline batch of 500 scans sent at once.
 *
 *   npm run bench:stocktake     (starts the product under .data/bench-stocktake on BENCH_PORT 4771,
 *                                engine BENCH_ENGINE_PORT 9771, PostgreSQL BENCH_PG_PORT 54571)
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { seedCards } from './support/asset-cards';
import { ProductApi } from './support/product';

const CARDS = Number(process.env.BENCH_CARDS ?? 5000);
const PORT = Number(process.env.BENCH_PORT ?? 4771);
const ENGINE_PORT = Number(process.env.BENCH_ENGINE_PORT ?? 9771);
const PG_PORT = Number(process.env.BENCH_PG_PORT ?? 54571);
const ROOT = resolve(__dirname, '..', '..');
const DATA_DIR = resolve(ROOT, '.data', 'bench-stocktake');
const KEEPER = 'jiangtao';
const out = (line: string) => process.stdout.write(`${line}\n`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

async function startProduct(): Promise<ChildProcess> {
  mkdirSync(DATA_DIR, { recursive: true });
  const log = openSync(join(DATA_DIR, 'app.log'), 'a');
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    env: { ...process.env, DATA_DIR, PORT: String(PORT), EMBEDDED_PG_PORT: String(PG_PORT), ENGINE_PORT: String(ENGINE_PORT), SEED_DEMO: 'true', LOG_LEVEL: 'warn' },
  });
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`the product did not start; see ${join(DATA_DIR, 'app.log')}`);
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}

interface PhoneRun {
  times: number[];
  outcomes: Record<string, number>;
}

/** One phone: scans its labels one request each, as the page sends them online. */
async function phone(api: ProductApi, token: string, stocktakeId: string, labels: string[], device: string): Promise<PhoneRun> {
  const times: number[] = [];
  const outcomes: Record<string, number> = {};
  for (const code of labels) {
    const started = performance.now();
    const answer = await api.call<{ scans: { outcome: string }[] }>('POST', `/stocktakes/${stocktakeId}/scans`, token, { scans: [{ id: randomUUID(), code, scannedAt: new Date().toISOString(), device }] });
    times.push(performance.now() - started);
    for (const s of answer.scans) outcomes[s.outcome] = (outcomes[s.outcome] ?? 0) + 1;
  }
  return { times, outcomes };
}

async function count(api: ProductApi, tokens: string[], stocktakeId: string, shares: string[][]): Promise<{ perSecond: number; p50: number; p95: number; scans: number; seconds: number; outcomes: Record<string, number> }> {
  const started = performance.now();
  const runs = await Promise.all(shares.map((labels, i) => phone(api, tokens[i], stocktakeId, labels, `bench-phone-${i + 1}`)));
  const seconds = (performance.now() - started) / 1000;
  const times = runs.flatMap((r) => r.times).sort((a, b) => a - b);
  const outcomes: Record<string, number> = {};
  for (const run of runs) for (const [k, v] of Object.entries(run.outcomes)) outcomes[k] = (outcomes[k] ?? 0) + v;
  return { perSecond: times.length / seconds, p50: percentile(times, 0.5), p95: percentile(times, 0.95), scans: times.length, seconds, outcomes };
}

async function main(): Promise<void> {
  out(`stocktake bench: ${CARDS} cards a count; starting the product under ${DATA_DIR} …`);
  const product = await startProduct();
  const db = new Client({ connectionString: `postgres://postgres:${encodeURIComponent(readFileSync(join(DATA_DIR, 'pg-password'), 'utf8').trim())}@127.0.0.1:${PG_PORT}/jingbao` });
  await db.connect();
  try {
    const api = new ProductApi(`http://127.0.0.1:${PORT}`);
    const tag = Date.now().toString(36).toUpperCase();
    const admin = await api.login('admin', process.env.DEMO_PASSWORD ?? 'demo');
    const unit = `bst${tag.toLowerCase()}`;
    await api.call('POST', '/org/units', admin, { code: unit, name: `盘点基准所${tag}` });
    const single = await seedCards(db, unit, '一号库房', CARDS, `${tag}A`);
    const many = await seedCards(db, unit, '二号库房', CARDS, `${tag}B`);
    const tokens = await Promise.all([1, 2, 3].map(() => api.login(KEEPER, process.env.DEMO_PASSWORD ?? 'demo')));
    const open = async (location: string) => (await api.call<{ id: string; expected: number }>('POST', '/stocktakes', tokens[0], { unit, location }, { 'Idempotency-Key': randomUUID() })).id;

    // Warm up the connection pool and the query plans on a few scans of a third count.
    const warm = await seedCards(db, unit, '预热', 60, `${tag}W`);
    await count(api, tokens, await open('预热'), [warm.slice(0, 20), warm.slice(20, 40), warm.slice(40)]);

    const baselineId = await open('一号库房');
    const baseline = await count(api, tokens, baselineId, [single]);

    // Three phones split the shelves; one label in twenty is read by the next phone as well.
    const threeId = await open('二号库房');
    const shares: string[][] = [[], [], []];
    many.forEach((code, i) => {
      shares[i % 3].push(code);
      if (i % 20 === 0) shares[(i + 1) % 3].push(code);
    });
    const three = await count(api, tokens, threeId, shares);

    const check = async (id: string) => api.call<{ found: number; expected: number; missing: number; scanCount: number }>('GET', `/stocktakes/${id}`, tokens[0]);
    const [b, t] = [await check(baselineId), await check(threeId)];

    // A phone that was offline sends its queue of 500 scans in one batch, then the same batch again.
    const offlineCards = await seedCards(db, unit, '三号库房', 500, `${tag}C`);
    const offlineId = await open('三号库房');
    const batch = offlineCards.map((code) => ({ id: randomUUID(), code, scannedAt: new Date().toISOString(), device: 'bench-offline' }));
    let started = performance.now();
    await api.call('POST', `/stocktakes/${offlineId}/scans`, tokens[0], { scans: batch });
    const batchMs = performance.now() - started;
    started = performance.now();
    const replay = await api.call<{ scans: { outcome: string }[]; found: number }>('POST', `/stocktakes/${offlineId}/scans`, tokens[0], { scans: batch });
    const replayMs = performance.now() - started;

    started = performance.now();
    await api.call('POST', `/stocktakes/${threeId}/close`, tokens[0]);
    const closeSeconds = (performance.now() - started) / 1000;

    out('');
    out(`| ${CARDS} cards | scans | seconds | scans/s | p50 ms/scan | p95 ms/scan | found/expected |`);
    out('|---|---|---|---|---|---|---|');
    out(`| 1 phone (baseline) | ${baseline.scans} | ${baseline.seconds.toFixed(1)} | ${baseline.perSecond.toFixed(0)} | ${baseline.p50.toFixed(1)} | ${baseline.p95.toFixed(1)} | ${b.found}/${b.expected} |`);
    out(`| 3 phones at once | ${three.scans} | ${three.seconds.toFixed(1)} | ${three.perSecond.toFixed(0)} | ${three.p50.toFixed(1)} | ${three.p95.toFixed(1)} | ${t.found}/${t.expected} |`);
    out('');
    out(`3 phones: ${(three.perSecond / baseline.perSecond).toFixed(2)}× the scans per second of one phone; outcomes ${JSON.stringify(three.outcomes)}; ${t.scanCount} scans stored`);
    out(`offline queue of 500 in one request: ${batchMs.toFixed(0)} ms; the same 500 replayed: ${replayMs.toFixed(0)} ms, all ${replay.scans.every((s) => s.outcome === 'replayed') ? 'replayed' : 'NOT replayed'}, found ${replay.found}/500`);
    out(`closing the 3-phone count (an event on each of ${CARDS} cards): ${closeSeconds.toFixed(2)} s`);
    if (b.found !== CARDS || t.found !== CARDS || replay.found !== 500) throw new Error('a count did not find every card exactly once');
  } finally {
    await db.end();
    product.kill('SIGTERM');
    await new Promise((r) => product.once('exit', r));
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
  process.exit(1);
});
