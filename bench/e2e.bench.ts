/**
 * End-to-end claim benchmark: expense claims submitted by C concurrent clients (closed loop), timed
 * from POST /api/claims until the engine holds the claim's first approval task — beside the bare
 * engine in the same run: the same expense-claim.bpmn deployed as `expense-claim-bare` with renamed
 * topics, served by a no-op worker of the same client library and polling settings. Prints
 * throughput, p50/p95/p99, the ratio product/bare, CPU per claim (API node process, engine JVM,
 * PostgreSQL less the bench's own connections, and the bench's own no-op worker) and database transactions per claim. Both sides are
 * watched in the engine's database (its task table, by process instance id), not through its REST API,
 * so that the measuring does not load the engine it measures. PROFILE_SQL=1 prints, per cell, the
 * statements that took the most time in both databases (needs pg_stat_statements loaded).
 *
 *   npm run bench:e2e     against the product at E2E_BASE_URL (DATA_DIR .data for its engine token
 *                         and database), else the one `npm start` runs on port 3000, else a stack of
 *                         its own under .data/bench-e2e (started and stopped by the bench);
 *                         CLIENTS=1,8,32,64 CLAIMS=300
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, openSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Client as PgClient, Pool } from 'pg';
import { stepVariables } from '../src/subjects/approval-loop';
import type { ApprovalStep } from '../src/claims/claim.entities';
import { loadConfig } from '../src/config/app-config';
import { engineCredentials } from '../src/engine/engine-client';
import { ExternalTaskClientFactory, pollingOptions } from '../src/engine/worker-host';
import { benchTraveller, expenseClaim, ProductApi, TRAVEL_CLAIMS_MAX, travelClaim } from './support/product';

const ROOT = resolve(__dirname, '..', '..');
const CLIENTS = (process.env.CLIENTS ?? '1,8,32,64').split(',').map(Number);
const CLAIMS = Number(process.env.CLAIMS ?? 300);
const WARM_UP = 20;
/** How long after a cell the bench waits before reading the transaction counters (PostgreSQL's idle backends report within 10 s). */
const STATS_SETTLE_MS = 11_000;
/** How often the bench looks for the approval tasks it waits for. */
const WATCH_MS = 2;
/** Connections of the claim lookups (one per claim, at up to 64 clients). */
const LOOKUP_CONNECTIONS = 4;
/** With PROFILE_SQL=1 (and pg_stat_statements loaded), each cell also prints its busiest statements per claim. */
const PROFILE_SQL = process.env.PROFILE_SQL === '1';
const out = (line: string) => process.stdout.write(`${line}\n`);
const OWN_STACK = { dataDir: resolve(ROOT, '.data', 'bench-e2e'), port: 3959, postgres: 54359, engine: 8959 };

// Where the product under test runs; set by target() before anything else.
let BASE: string;
let DATA_DIR: string;
let ENGINE_URL: string;
let config: ReturnType<typeof loadConfig>;
let engineHeaders: Record<string, string>;
let api: ProductApi;
/** The API process when the bench started it, so CPU is counted for that process only. */
let ownStack: ChildProcess | undefined;

const answers = (base: string) => fetch(`${base}/api/health`).then((r) => r.status < 500, () => false);

/** The product at E2E_BASE_URL, else `npm start`'s on port 3000, else a stack the bench starts. */
async function target(): Promise<void> {
  const running = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';
  if (process.env.E2E_BASE_URL || (await answers(running))) {
    BASE = running;
    DATA_DIR = resolve(ROOT, process.env.DATA_DIR ?? '.data');
    ENGINE_URL = process.env.ENGINE_URL ?? 'http://127.0.0.1:8080/engine-rest';
  } else {
    DATA_DIR = OWN_STACK.dataDir;
    BASE = `http://127.0.0.1:${OWN_STACK.port}`;
    ENGINE_URL = `http://127.0.0.1:${OWN_STACK.engine}/engine-rest`;
    mkdirSync(DATA_DIR, { recursive: true });
    out(`starting a stack of its own under ${DATA_DIR} …`);
    const log = openSync(join(DATA_DIR, 'app.log'), 'a');
    ownStack = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
      cwd: ROOT,
      stdio: ['ignore', log, log],
      env: { ...process.env, DATA_DIR, PORT: String(OWN_STACK.port), EMBEDDED_PG_PORT: String(OWN_STACK.postgres), ENGINE_PORT: String(OWN_STACK.engine), SEED_DEMO: 'true', LOG_LEVEL: 'warn' },
    });
    const deadline = Date.now() + 10 * 60_000;
    while (!(await answers(BASE))) {
      if (ownStack.exitCode !== null || Date.now() > deadline) throw new Error(`the bench's own stack did not start; see ${join(DATA_DIR, 'app.log')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  config = loadConfig({ ...process.env, ENGINE_URL, ENGINE_API_TOKEN: process.env.ENGINE_API_TOKEN ?? readFileSync(join(DATA_DIR, 'engine-api-token'), 'utf8').trim() });
  engineHeaders = engineCredentials(config);
  api = new ProductApi(BASE);
}

async function http<T>(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const response = await fetch(url, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
const engine = <T>(method: string, path: string, body?: unknown) => http<T>(method, `${ENGINE_URL}${path}`, body, engineHeaders);

/** Statements the bench itself ran (each its own transaction), left out of the transactions per claim. */
let benchQueries = 0;
/**
 * The bench's own PostgreSQL backends (the task watch, the claim lookups, the counters): their CPU is
 * the instrument's, not the system's. The watch runs every 2 ms whatever the pace, so counting it
 * charged a slower side more per claim.
 */
const benchBackends = new Set<number>();
async function ownBackend(client: { query: PgClient['query'] }): Promise<void> {
  const { rows } = await client.query('SELECT pg_backend_pid() AS pid');
  benchBackends.add(Number(rows[0].pid));
}

/**
 * Waits for instances to hold their approval task, watching the engine's database rather than its
 * REST API (a REST task query costs the JVM a few milliseconds of CPU, and polled often it would load
 * the engine under test). One query every WATCH_MS asks for every instance still waited for, so the
 * watching costs the same at any number of clients.
 */
class TaskWatch {
  private readonly waiting = new Map<string, { resolve: () => void; reject: (error: Error) => void; deadline: number }>();
  private running = false;

  constructor(private readonly engineDb: PgClient) {}

  until(processInstanceId: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.set(processInstanceId, { resolve, reject, deadline: Date.now() + 60_000 });
      if (!this.running) void this.loop();
    });
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.size > 0) {
        benchQueries += 1;
        const { rows } = await this.engineDb.query({
          name: 'approval-tasks',
          text: `SELECT DISTINCT proc_inst_id_ AS id FROM act_ru_task WHERE task_def_key_ = 'approval' AND proc_inst_id_ = ANY($1)`,
          values: [[...this.waiting.keys()]],
        });
        for (const { id } of rows) {
          this.waiting.get(id)?.resolve();
          this.waiting.delete(id);
        }
        for (const [id, waiter] of this.waiting) {
          if (Date.now() < waiter.deadline) continue;
          waiter.reject(new Error(`instance ${id} had no approval task after a minute (a finding returned the claim?)`));
          this.waiting.delete(id);
        }
        await new Promise((r) => setTimeout(r, WATCH_MS));
      }
    } finally {
      this.running = false;
    }
  }
}

/** The bare engine: the same model under another key, its topics renamed, and a worker that decides nothing. */
async function deployBare(): Promise<{ stop: () => void; calls: () => number }> {
  const form = new FormData();
  form.append('deployment-name', 'bench-bare');
  form.append('enable-duplicate-filtering', 'true');
  for (const model of ['expense-claim', 'travel-claim']) {
    const xml = readFileSync(join(ROOT, 'processes', `${model}.bpmn`), 'utf8')
      .replace(new RegExp(`id="${model}"`), `id="${model}-bare"`)
      .replace(/camunda:topic="([^"]+)"/g, 'camunda:topic="bare-$1"');
    form.append(`${model}-bare.bpmn`, new Blob([xml], { type: 'application/xml' }), `${model}-bare.bpmn`);
  }
  const response = await fetch(`${ENGINE_URL}/deployment/create`, { method: 'POST', headers: engineHeaders, body: form });
  if (!response.ok) throw new Error(`deploying the bare models: ${response.status} ${await response.text()}`);
  const factory = new ExternalTaskClientFactory();
  const client = factory.create({ ...pollingOptions(config), workerId: `bench-bare-${process.pid}` }, engineHeaders);
  const answers: Record<string, Record<string, unknown>> = {
    // What the route worker answers for a one-step chain (see src/routing/route.worker.ts).
    route: {
      blocking: false,
      approvalChain: 'unit-head:bench',
      approvalSteps: 1,
      approvalNext: 'step',
      ...stepVariables([{ step: 'unit-head', group: 'unit-head:bench', reason: { zh: '', en: '' } } satisfies ApprovalStep], 0, {
        due: new Date(Date.now() + 86_400_000).toISOString(),
        escalateAt: new Date(Date.now() + 2 * 86_400_000).toISOString(),
      }),
    },
  };
  for (const topic of ['invoice-check', 'trip-check', 'standards-check', 'budget-reserve', 'route', 'budget-commit', 'budget-release', 'claim-close']) {
    client.subscribe(`bare-${topic}`, { lockDuration: 30_000 }, async ({ task, taskService }) => {
      await taskService.complete(task, factory.variables(answers[topic] ?? {}));
    });
  }
  client.start();
  return { stop: () => client.stop(), calls: () => factory.calls };
}

/** CPU seconds a process has used (with its threads); `children` adds what its ended children used. */
function cpuOf(pid: number, children = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (children ? own + Number(fields[13]) + Number(fields[14]) : own) / 100;
  } catch {
    return 0;
  }
}

function processes(): { pid: number; ppid: number; cmdline: string }[] {
  return readdirSync('/proc').filter((name) => /^\d+$/.test(name)).flatMap((name) => {
    try {
      const ppid = Number(readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1].split(' ')[1]);
      return [{ pid: Number(name), ppid, cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ') }];
    } catch {
      return [];
    }
  });
}

/** CPU seconds so far of the product's API process, its engine, and its PostgreSQL (ended backends included). */
function cpuNow(): Record<'node' | 'jvm' | 'postgres', number> {
  const all = processes();
  const api = ownStack ? all.filter((p) => p.pid === ownStack!.pid) : all.filter((p) => p.cmdline.includes('dist/main.js') && safeCwd(p.pid) === ROOT);
  const enginePid = Number(readFileSync(join(DATA_DIR, 'engine.pid'), 'utf8').trim());
  const postmaster = Number(readFileSync(join(DATA_DIR, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  const backends = all.filter((p) => p.ppid === postmaster && !benchBackends.has(p.pid));
  return {
    node: api.reduce((sum, p) => sum + cpuOf(p.pid), 0),
    jvm: cpuOf(enginePid),
    postgres: cpuOf(postmaster, true) + backends.reduce((sum, p) => sum + cpuOf(p.pid), 0),
  };
}

function safeCwd(pid: number): string | null {
  try {
    return realpathSync(`/proc/${pid}/cwd`);
  } catch {
    return null;
  }
}

async function transactions(db: PgClient): Promise<number> {
  const { rows } = await db.query(`SELECT sum(xact_commit + xact_rollback)::bigint AS n FROM pg_stat_database WHERE datname IN ('jingbao', 'engine')`);
  return Number(rows[0].n);
}

/** The statements that took the most time in both databases since the reset, per claim. */
async function printStatements(db: PgClient, total: number): Promise<void> {
  const { rows } = await db.query(
    `SELECT d.datname AS db, s.calls, s.total_exec_time AS ms, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 110) AS query
       FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
      WHERE d.datname IN ('jingbao', 'engine') ORDER BY s.total_exec_time DESC LIMIT 25`,
  );
  const totals = await db.query(`SELECT d.datname AS db, sum(s.calls)::bigint AS calls, sum(s.total_exec_time) AS ms FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid WHERE d.datname IN ('jingbao', 'engine') GROUP BY 1`);
  for (const t of totals.rows) out(`  ${t.db}: ${(Number(t.calls) / total).toFixed(1)} statements, ${(Number(t.ms) / total).toFixed(2)} ms per claim`);
  for (const r of rows) out(`  ${r.db.padEnd(7)} ${(Number(r.calls) / total).toFixed(2).padStart(6)}/claim ${(Number(r.ms) / total).toFixed(3).padStart(7)} ms  ${r.query}`);
}

interface Run { throughput: number; p50: number; p95: number; p99: number; cpu: { node: number; jvm: number; postgres: number; bench: number }; xacts: number; engineCalls: number }

/** Engine REST calls a side has made so far: the product's API and workers (from its health), or the bare side's. */
type CallCounter = () => Promise<number>;

async function run(clients: number, total: number, one: () => Promise<void>, db: PgClient, calls: CallCounter): Promise<Run> {
  const latencies: number[] = [];
  const callsBefore = await calls();
  const cpuBefore = cpuNow();
  const benchBefore = process.cpuUsage();
  const xactsBefore = await transactions(db);
  const benchQueriesBefore = benchQueries;
  if (PROFILE_SQL) await db.query('SELECT pg_stat_statements_reset()');
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < total) {
      next += 1;
      const t0 = performance.now();
      await one();
      latencies.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - started) / 1000;
  const bench = process.cpuUsage(benchBefore);
  const cpuAfter = cpuNow();
  const cpu = {
    node: ((cpuAfter.node - cpuBefore.node) * 1000) / total,
    jvm: ((cpuAfter.jvm - cpuBefore.jvm) * 1000) / total,
    postgres: ((cpuAfter.postgres - cpuBefore.postgres) * 1000) / total,
    bench: (bench.user + bench.system) / 1000 / total,
  };
  if (PROFILE_SQL) await printStatements(db, total);
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)];
  const engineCalls = ((await calls()) - callsBefore) / total;
  // PostgreSQL's backends report their transactions within 10 s of going idle: wait for the count.
  await new Promise((r) => setTimeout(r, STATS_SETTLE_MS));
  const xacts = ((await transactions(db)) - xactsBefore - (benchQueries - benchQueriesBefore)) / total;
  return { throughput: total / seconds, p50: at(50), p95: at(95), p99: at(99), cpu, xacts, engineCalls };
}

/** A table row: the product's cell beside the bare engine's. */
function row(c: number, p: Run, b: Run): string {
  const f = (n: number) => n.toFixed(0);
  return `| ${c} | ${p.throughput.toFixed(1)} | ${b.throughput.toFixed(1)} | ${(p.throughput / b.throughput).toFixed(2)} | ${f(p.p50)} / ${f(p.p95)} / ${f(p.p99)} | ${f(b.p50)} / ${f(b.p95)} / ${f(b.p99)} | ${f(p.cpu.node)} + ${f(p.cpu.jvm)} + ${f(p.cpu.postgres)} = ${f(p.cpu.node + p.cpu.jvm + p.cpu.postgres)} | ${f(b.cpu.bench)} + ${f(b.cpu.jvm)} + ${f(b.cpu.postgres)} = ${f(b.cpu.bench + b.cpu.jvm + b.cpu.postgres)} | ${p.xacts.toFixed(1)} / ${b.xacts.toFixed(1)} | ${p.engineCalls.toFixed(1)} / ${b.engineCalls.toFixed(1)} |`;
}

async function main(): Promise<void> {
  await target();
  const databaseUrl = process.env.DATABASE_URL ?? `postgres://postgres:${encodeURIComponent(readFileSync(join(DATA_DIR, 'pg-password'), 'utf8').trim())}@127.0.0.1:${ownStack ? OWN_STACK.postgres : (process.env.EMBEDDED_PG_PORT ?? 54329)}/jingbao`;
  const db = new PgClient({ connectionString: databaseUrl });
  await db.connect();
  await ownBackend(db);
  // The engine's database beside the product's (the launcher names it "engine").
  const engineDb = new URL(databaseUrl);
  engineDb.pathname = '/engine';
  const watchDb = new PgClient({ connectionString: engineDb.toString() });
  await watchDb.connect();
  await ownBackend(watchDb);
  const watch = new TaskWatch(watchDb);
  // The lookups' connections are opened up front and kept (no idle timeout), each backend noted
  // before the pool hands it out: a query sent from the pool's 'connect' event would share the new
  // client with the query the pool runs on it next, which pg deprecates (and pg 9 refuses).
  const lookups = new Pool({ connectionString: databaseUrl, max: LOOKUP_CONNECTIONS, idleTimeoutMillis: 0 });
  const opened = await Promise.all(Array.from({ length: LOOKUP_CONNECTIONS }, () => lookups.connect()));
  for (const client of opened) {
    await ownBackend(client);
    client.release();
  }
  const bare = await deployBare();
  const people = await api.benchClaimant();
  const admin = await api.login('admin', process.env.DEMO_PASSWORD ?? 'demo');
  // The product's own calls (API and workers), less the health check's own version call.
  const productCalls: CallCounter = async () => {
    const health = await api.call<{ engine: { apiCalls: number }; workers: { engineCalls: number } }>('GET', '/health', admin);
    return health.engine.apiCalls - 1 + health.workers.engineCalls;
  };
  let bareStarts = 0;
  const bareCalls: CallCounter = async () => bare.calls() + bareStarts;
  const product = async () => {
    const { id } = await api.call<{ id: string }>('POST', '/claims', people.token, expenseClaim(people.username, people.unit));
    // The claim row holds its instance id by the time the POST answers.
    benchQueries += 1;
    const { rows } = await lookups.query({ name: 'claim-instance', text: 'SELECT process_instance_id FROM claim WHERE id = $1', values: [id] });
    await watch.until(rows[0].process_instance_id);
  };
  const bareOf = (type: 'expense' | 'travel') => async () => {
    const claimId = randomUUID();
    bareStarts += 1;
    const instance = await engine<{ id: string }>('POST', `/process-definition/key/${type}-claim-bare/start`, {
      businessKey: claimId,
      variables: { claimId: { value: claimId }, claimType: { value: type }, claimant: { value: people.username }, unitHeadGroup: { value: 'unit-head:bench' }, amountFen: { value: 11300, type: 'Long' } },
    });
    await watch.until(instance.id);
  };
  const bareClaim = bareOf('expense');
  // Travel claims: five screening steps (invoices, trips, standards, budget, route) instead of three.
  const traveller = await benchTraveller(api);
  let travelClaims = 0;
  const productTravel = async () => {
    const { id } = await api.call<{ id: string }>('POST', '/claims', traveller.token, travelClaim(traveller, travelClaims++));
    benchQueries += 1;
    const { rows } = await lookups.query({ name: 'claim-instance', text: 'SELECT process_instance_id FROM claim WHERE id = $1', values: [id] });
    await watch.until(rows[0].process_instance_id);
  };
  out(`warming up (${WARM_UP} claims each) …`);
  await run(4, WARM_UP, product, db, productCalls);
  await run(4, WARM_UP, bareClaim, db, bareCalls);
  out(`\n| C | product claims/s | bare claims/s | product / bare | product p50 / p95 / p99 ms | bare p50 / p95 / p99 ms | CPU ms per claim, product: node + JVM + PG | bare: worker + JVM + PG | DB transactions per claim, product / bare | engine REST calls per claim, product / bare |`);
  out('|---|---|---|---|---|---|---|---|---|---|');
  for (const c of CLIENTS) {
    if (PROFILE_SQL) out(`product, C = ${c}:`);
    const p = await run(c, CLAIMS, product, db, productCalls);
    if (PROFILE_SQL) out(`bare, C = ${c}:`);
    const b = await run(c, CLAIMS, bareClaim, db, bareCalls);
    out(row(c, p, b));
  }
  const travelTotal = Math.min(CLAIMS, TRAVEL_CLAIMS_MAX - 10);
  await run(1, 10, productTravel, db, productCalls);
  await run(1, 10, bareOf('travel'), db, bareCalls);
  const p = await run(1, travelTotal, productTravel, db, productCalls);
  const b = await run(1, travelTotal, bareOf('travel'), db, bareCalls);
  out(`\nTravel claims (five screening steps), C = 1, ${travelTotal} each after 10 to warm up:\n`);
  out(`| C | product claims/s | bare claims/s | product / bare | product p50 / p95 / p99 ms | bare p50 / p95 / p99 ms | CPU ms per claim, product: node + JVM + PG | bare: worker + JVM + PG | DB transactions per claim, product / bare | engine REST calls per claim, product / bare |`);
  out('|---|---|---|---|---|---|---|---|---|---|');
  out(row(1, p, b));
  bare.stop();
  await watchDb.end();
  await lookups.end();
  await db.end();
  if (ownStack) {
    const stopped = new Promise((r) => ownStack!.once('exit', r));
    ownStack.kill('SIGTERM');
    await stopped;
  }
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
