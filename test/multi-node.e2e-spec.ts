import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { isoDayInChina } from '../src/common/days';
import { EngineProcess } from '../src/launcher/engine-process';
import { buildExpenseClaim } from './factories/claim.factory';
import { readStack } from './setup/stack';
import { ApiClient, eventually, screened } from './support/api';
import { adminClient, FRESH_PASSWORD, freshUnit, taskFor } from './support/people';

const ROOT = resolve(__dirname, '..');
const SECOND_PORT = Number(process.env.E2E_SECOND_PORT ?? 3937);
const SECOND_ENGINE_PORT = Number(process.env.E2E_SECOND_ENGINE_PORT ?? 8937);

/** A client of the second API instance (the ApiClient of the suite talks to the first). */
async function clientOf(baseUrl: string, username: string, password: string) {
  const signIn = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  expect(signIn.status).toBe(200);
  const { accessToken } = (await signIn.json()) as { accessToken: string };
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, { method, headers: { Authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };
  return { get: (path: string) => call('GET', path), post: (path: string, body?: unknown) => call('POST', path, body) };
}

/**
 * Two API-and-worker processes and two engine nodes (one engine database, each node's job executor
 * on) serve one product: a claim filed through either API is screened by whichever worker fetches
 * its tasks from whichever node, a rule-set version stored through one API is in force on the other
 * within seconds, and killing an engine node or an API process loses no claim.
 */
describe('a second API-and-worker process and a second engine node beside the first', () => {
  let second: ChildProcess;
  let secondEngine: EngineProcess;
  let dataDir: string;
  const baseUrl = `http://127.0.0.1:${SECOND_PORT}`;

  beforeAll(async () => {
    const stack = readStack();
    dataDir = mkdtempSync(join(tmpdir(), 'jingbao-second-'));
    const token = stack.engineHeaders['X-Jingbao-Engine-Token'];
    if (!token) throw new Error('the second engine node needs the API token of the first (X-Jingbao-Engine-Token)');
    // The bundled engine's database is `engine` beside the business database.
    const engineDatabase = new URL(stack.databaseUrl);
    engineDatabase.pathname = '/engine';
    secondEngine = new EngineProcess({
      flavour: 'operaton', port: SECOND_ENGINE_PORT, dataDir, databaseUrl: process.env.E2E_ENGINE_DATABASE_URL ?? engineDatabase.toString(),
      adminUser: 'admin', adminPassword: randomBytes(12).toString('base64url'), apiToken: token, javaOptions: ['-Xmx512m'], log: () => undefined,
    });
    await secondEngine.start();
    const log = openSync(join(dataDir, 'app.log'), 'w');
    second = spawn(process.execPath, [resolve(ROOT, 'dist', 'main.js')], {
      cwd: ROOT,
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        DATA_DIR: dataDir,
        PORT: String(SECOND_PORT),
        DATABASE_URL: stack.databaseUrl,
        // The new node first: this API works through it until it goes away.
        ENGINE_URL: `${secondEngine.restUrl},${stack.engineUrl}`,
        ENGINE_API_TOKEN: token,
        SEED_DEMO: 'false',
        WORKER_ID: 'second-node',
        NOTIFY_WEBHOOK_URL: '',
        TRUST_PROXY: 'loopback',
      },
    });
    await eventually(
      () => fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false),
      (healthy) => healthy || second.exitCode !== null,
      120_000,
    );
    if (second.exitCode !== null) throw new Error(`the second API exited: ${readFileSync(join(dataDir, 'app.log'), 'utf8').slice(-3000)}`);
  }, 400_000);

  afterAll(async () => {
    second?.kill('SIGKILL');
    await secondEngine?.crash();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('puts a routing version stored through the first API in force on the second within seconds', async () => {
    const admin = await adminClient();
    const onSecond = await clientOf(baseUrl, 'admin', process.env.DEMO_PASSWORD ?? 'demo');
    const current = (await onSecond.get('/api/rules/routing')).body;
    const stored = await admin.put('/api/rules/routing', { effectiveFrom: isoDayInChina(new Date()), data: current.latest.data, rules: current.latest.rules, description: current.latest.description });
    expect(stored.status).toBe(200);
    const started = Date.now();
    const seen = await eventually(() => onSecond.get('/api/rules/routing'), (r) => r.body.inForce.version === stored.body.stored.version, 15_000);
    expect(seen.body.inForce.version).toBe(stored.body.stored.version);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('screens a claim filed through the second API and lets the first decide it', async () => {
    const unit = await freshUnit();
    const staffOnSecond = await clientOf(baseUrl, unit.staff.username, FRESH_PASSWORD);
    const filed = await staffOnSecond.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '600.00' }));
    expect(filed.status).toBe(201);
    const claim = await screened(unit.staff as ApiClient, filed.body.id);
    expect(claim).toMatchObject({ status: 'IN_APPROVAL', route: ['unit-head'] });
    const task = await taskFor(unit.head, filed.body.id);
    expect((await unit.head.post(`/api/tasks/${task.id}/approve`, { comment: '同意' })).status).toBe(200);
    const closed = await eventually(() => staffOnSecond.get(`/api/claims/${filed.body.id}`), (r) => r.body.status === 'APPROVED');
    expect(closed.body.status).toBe('APPROVED');
  });

  it('goes on through the first engine node when the second is killed, and the first API finishes claims of a killed API', async () => {
    const unit = await freshUnit();
    const staffOnSecond = await clientOf(baseUrl, unit.staff.username, FRESH_PASSWORD);
    await secondEngine.crash();
    const afterEngineLoss = await staffOnSecond.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '700.00' }));
    expect(afterEngineLoss.status).toBe(201);
    expect(await screened(unit.staff, afterEngineLoss.body.id)).toMatchObject({ status: 'IN_APPROVAL' });

    const lastOnSecond = await staffOnSecond.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '750.00' }));
    expect(lastOnSecond.status).toBe(201);
    second.kill('SIGKILL');
    // Tasks the killed worker had locked come back when their lock runs out (WORKER_LOCK_MS).
    const claim = await eventually(() => unit.staff.get(`/api/claims/${lastOnSecond.body.id}`), (r) => r.body.status !== 'SCREENING', 90_000);
    expect(claim.body.status).toBe('IN_APPROVAL');
  }, 120_000);
});
