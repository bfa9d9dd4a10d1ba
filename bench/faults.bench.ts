/**
 * Fault run: CLAIMS expense claims submitted by CLIENTS clients while the worker process is killed
 * with SIGKILL WORKER_KILLS times and the engine is killed and started again ENGINE_RESTARTS times.
 * Then, once screening has settled, it counts what must be zero: claims lost (accepted but without
 * their process), claims stuck in SCREENING, duplicate ledger entries and duplicate findings, and
 * prints how many claims reached approval, incidents and instances without a claim.
 *
 * It starts a stack of its own under .data/faults (embedded PostgreSQL on 54349, the engine on 8949)
 * with the API (3949, workers off) and the worker (3950, WORKERS_ENABLED) as separate processes.
 *
 *   npm run bench:faults     CLAIMS=1000 CLIENTS=8 WORKER_KILLS=20 ENGINE_RESTARTS=3
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, openSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client as PgClient } from 'pg';
import { EmbeddedPostgres } from '../src/launcher/embedded-postgres';
import { EngineProcess } from '../src/launcher/engine-process';
import { HttpError, ProductApi, expenseClaim } from './support/product';

const ROOT = resolve(__dirname, '..', '..');
const DATA_DIR = resolve(ROOT, '.data', 'faults');
const CLAIMS = Number(process.env.CLAIMS ?? 1000);
const CLIENTS = Number(process.env.CLIENTS ?? 8);
const WORKER_KILLS = Number(process.env.WORKER_KILLS ?? 20);
const ENGINE_RESTARTS = Number(process.env.ENGINE_RESTARTS ?? 3);
const PORTS = { postgres: 54349, engine: 8949, api: 3949, worker: 3950 };
const SETTLE_MS = Number(process.env.SETTLE_MS ?? 10 * 60_000);
const out = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Node {
  child: ChildProcess;
  port: number;
}

function startNode(name: string, port: number, env: Record<string, string>): Node {
  const log = openSync(join(DATA_DIR, `${name}.log`), 'a');
  const child = spawn(process.execPath, [resolve(ROOT, 'dist', 'main.js')], { cwd: ROOT, stdio: ['ignore', log, log], env: { ...process.env, ...env, PORT: String(port) } });
  return { child, port };
}

async function healthy(port: number, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.status < 500, () => false)) return;
    await sleep(200);
  }
  throw new Error(`nothing healthy on port ${port}; see ${DATA_DIR}`);
}

async function main(): Promise<void> {
  rmSync(DATA_DIR, { recursive: true, force: true });
  mkdirSync(DATA_DIR, { recursive: true });
  const log = (line: string) => out(`  [stack] ${line}`);
  const postgres = new EmbeddedPostgres({ dataDir: DATA_DIR, port: PORTS.postgres, log });
  await postgres.start();
  await postgres.ensureDatabase('jingbao');
  await postgres.ensureDatabase('engine');
  const token = randomBytes(24).toString('base64url');
  const engine = new EngineProcess({
    flavour: 'operaton', port: PORTS.engine, dataDir: DATA_DIR, databaseUrl: postgres.url('engine'), adminUser: 'admin',
    adminPassword: randomBytes(12).toString('base64url'), apiToken: token, javaOptions: ['-Xmx1g'], log,
  });
  engine.buildIfStale();
  await engine.start();

  const common = {
    DATA_DIR, DATABASE_URL: postgres.url('jingbao'), ENGINE_URL: engine.restUrl, ENGINE_API_TOKEN: token,
    JWT_SECRET: randomBytes(24).toString('base64url'), LOG_LEVEL: 'warn', NOTIFY_WEBHOOK_URL: '',
  };
  const api = startNode('api', PORTS.api, { ...common, SEED_DEMO: 'true', WORKERS_ENABLED: 'false' });
  await healthy(PORTS.api);
  let worker = startNode('worker', PORTS.worker, { ...common, SEED_DEMO: 'false', WORKERS_ENABLED: 'true', WORKER_ID: 'faults-worker-0' });
  await healthy(PORTS.worker);
  const product = new ProductApi(`http://127.0.0.1:${PORTS.api}`);
  const people = await product.benchClaimant();
  out(`stack up: API ${PORTS.api}, worker ${PORTS.worker}, engine ${PORTS.engine}; ${CLAIMS} claims, ${CLIENTS} clients, ${WORKER_KILLS} worker kills, ${ENGINE_RESTARTS} engine restarts`);

  // --- load: every claim is sent until accepted, with the same Idempotency-Key each time -------------
  const accepted = new Set<string>();
  let retries = 0;
  let next = 0;
  const started = Date.now();
  const client = async () => {
    while (next < CLAIMS) {
      next += 1;
      const key = randomUUID();
      const document = expenseClaim(people.username, people.unit);
      for (;;) {
        try {
          const { id } = await product.call<{ id: string }>('POST', '/claims', people.token, document, { 'Idempotency-Key': key });
          accepted.add(id);
          break;
        } catch (error) {
          if (error instanceof HttpError && error.status < 500 && error.status !== 409 && error.status !== 429) throw error;
          retries += 1;
          await sleep(300);
        }
      }
    }
  };

  // --- faults, spread over the submissions ---------------------------------------------------------
  let kills = 0;
  let restarts = 0;
  const faults = async () => {
    const killAt = Array.from({ length: WORKER_KILLS }, (_, i) => Math.round(((i + 1) * CLAIMS) / (WORKER_KILLS + 1)));
    const restartAt = Array.from({ length: ENGINE_RESTARTS }, (_, i) => Math.round(((i + 1) * CLAIMS) / (ENGINE_RESTARTS + 1) + CLAIMS / (4 * (WORKER_KILLS + 1))));
    while (kills < WORKER_KILLS || restarts < ENGINE_RESTARTS) {
      if (kills < WORKER_KILLS && accepted.size >= killAt[kills]) {
        worker.child.kill('SIGKILL');
        await new Promise((r) => (worker.child.exitCode !== null || worker.child.signalCode ? r(null) : worker.child.once('exit', r)));
        kills += 1;
        worker = startNode('worker', PORTS.worker, { ...common, SEED_DEMO: 'false', WORKERS_ENABLED: 'true', WORKER_ID: `faults-worker-${kills}` });
        out(`  worker killed (${kills}/${WORKER_KILLS}) at ${accepted.size} claims`);
      } else if (restarts < ENGINE_RESTARTS && accepted.size >= restartAt[restarts]) {
        await engine.crash();
        restarts += 1;
        out(`  engine killed (${restarts}/${ENGINE_RESTARTS}) at ${accepted.size} claims; starting it again`);
        await engine.start();
      } else if (accepted.size >= CLAIMS) {
        break;
      } else {
        await sleep(100);
      }
    }
  };
  await Promise.all([...Array.from({ length: CLIENTS }, client), faults()]);
  const submitted = (Date.now() - started) / 1000;
  out(`${accepted.size} claims accepted in ${submitted.toFixed(0)} s (${retries} retried submissions)`);

  // --- settle, then count ----------------------------------------------------------------------------
  const db = new PgClient({ connectionString: postgres.url('jingbao') });
  await db.connect();
  const ids = [...accepted];
  const screening = async () => Number((await db.query(`SELECT count(*) FROM claim WHERE status = 'SCREENING'`)).rows[0].count);
  const engineGet = async <T>(path: string) => (await (await fetch(`${engine.restUrl}${path}`, { headers: { 'X-Jingbao-Engine-Token': token } })).json()) as T;
  // Settled: no claim in screening and no external task left (a route step whose worker died after
  // writing the claim but before completing comes back when its lock runs out).
  const openSteps = async () => (await engineGet<{ count: number }>('/external-task/count?withRetriesLeft=true')).count;
  const settleStart = Date.now();
  while (((await screening()) > 0 || (await openSteps()) > 0) && Date.now() - settleStart < SETTLE_MS) await sleep(1000);
  out(`settled ${((Date.now() - settleStart) / 1000).toFixed(0)} s after the last submission`);

  const count = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].count);
  const lost = await count(`SELECT count(*) FROM unnest($1::uuid[]) AS a(id) WHERE NOT EXISTS (SELECT 1 FROM claim c WHERE c.id = a.id AND c.process_instance_id IS NOT NULL)`, [ids]);
  const stuck = await screening();
  const duplicateEntries = await count(`SELECT count(*) FROM (SELECT claim_id, kind FROM budget_entry WHERE claim_id IS NOT NULL GROUP BY claim_id, kind HAVING count(*) > 1) d`);
  const duplicateFindings = await count(`SELECT count(*) FROM (SELECT claim_id, source, rule_id, facts::text FROM claim_finding GROUP BY 1, 2, 3, 4 HAVING count(*) > 1) d`);
  const inApproval = await count(`SELECT count(*) FROM claim WHERE status = 'IN_APPROVAL'`);
  const reserved = await count(`SELECT count(DISTINCT claim_id) FROM budget_entry WHERE kind = 'reserve' AND claim_id = ANY($1::uuid[])`, [ids]);
  const statuses = (await db.query(`SELECT status, count(*) FROM claim WHERE id = ANY($1::uuid[]) GROUP BY status ORDER BY status`, [ids])).rows.map((r) => `${r.status} ${r.count}`).join(', ');
  const approvalTasks = (await engineGet<{ count: number }>('/task/count?processDefinitionKey=expense-claim&taskDefinitionKey=approval')).count;
  const incidents = (await engineGet<{ count: number }>('/incident/count')).count;
  const instances = await engineGet<{ businessKey: string }[]>('/process-instance?processDefinitionKey=expense-claim&maxResults=100000');
  const known = new Set((await db.query(`SELECT id::text FROM claim`)).rows.map((r) => r.id as string));
  const orphans = instances.filter((i) => !known.has(i.businessKey)).length;
  await db.end();

  out('');
  out(`| accepted | lost | stuck in SCREENING | duplicate ledger entries | duplicate findings | statuses | reserved once | approval tasks | incidents | instances without a claim | worker kills | engine restarts |`);
  out('|---|---|---|---|---|---|---|---|---|---|---|---|');
  out(`| ${accepted.size} | ${lost} | ${stuck} | ${duplicateEntries} | ${duplicateFindings} | ${statuses} | ${reserved} | ${approvalTasks} of ${inApproval} in approval | ${incidents} | ${orphans} | ${kills} | ${restarts} |`);

  api.child.kill('SIGTERM');
  worker.child.kill('SIGTERM');
  await sleep(2000);
  await engine.stop();
  await postgres.stop();
  process.exit(lost + stuck + duplicateEntries + duplicateFindings === 0 ? 0 : 1);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exit(1);
});
