import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { StackInfo, STACK_FILE, TEST_DATA_DIR } from './stack';

const ROOT = resolve(__dirname, '..', '..');

/**
 * Starts the whole product once for the end-to-end tests, exactly as `npm start` does: an embedded
 * PostgreSQL and the real engine under .data/test, or the services named by DATABASE_URL and
 * ENGINE_URL in the environment. E2E_BASE_URL skips this and tests a stack that already runs.
 */
export default async function globalSetup(): Promise<void> {
  mkdirSync(TEST_DATA_DIR, { recursive: true });
  if (process.env.E2E_BASE_URL) {
    writeStack({
      baseUrl: process.env.E2E_BASE_URL,
      engineUrl: requireEnv('ENGINE_URL'),
      engineHeaders: engineHeaders(process.env.ENGINE_API_TOKEN, process.env.ENGINE_PASSWORD),
      databaseUrl: requireEnv('DATABASE_URL'),
      webhookUrl: process.env.NOTIFY_WEBHOOK_URL,
    });
    return;
  }
  const port = Number(process.env.E2E_PORT ?? 3917);
  const enginePort = Number(process.env.E2E_ENGINE_PORT ?? 8917);
  const webhookUrl = `http://127.0.0.1:${Number(process.env.E2E_WEBHOOK_PORT ?? 3927)}/webhook`;
  const logPath = resolve(TEST_DATA_DIR, 'app.log');
  const log = openSync(logPath, 'w');
  const child = spawn(process.execPath, [resolve(ROOT, 'dist', 'main.js')], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      DATA_DIR: TEST_DATA_DIR,
      PORT: String(port),
      EMBEDDED_PG_PORT: process.env.E2E_PG_PORT ?? '54339',
      ENGINE_PORT: String(enginePort),
      SEED_DEMO: 'true',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      // Fast retries, so a failing handler reaches its incident within the test's patience.
      WORKER_RETRIES: '3',
      WORKER_RETRY_BACKOFF_MS: '300',
      // Short long-polls: a retried task is fetched soon after its back-off ends.
      WORKER_LONG_POLL_MS: '1000',
      // The sign-in tests stand for callers behind a local proxy, told apart by X-Forwarded-For.
      TRUST_PROXY: 'loopback',
      // The notification test listens here; until then deliveries fail and are retried.
      NOTIFY_WEBHOOK_URL: webhookUrl,
      NOTIFY_POLL_MS: '500',
      // Voucher drafts follow a business event within a second.
      ACCOUNTING_POLL_MS: '300',
      // Tests run depreciation months by hand; a scheduled run would book every test's cards for last month.
      DEPRECIATION_ENABLED: 'false',
    },
  });
  (globalThis as { __STACK__?: ChildProcess }).__STACK__ = child;

  const baseUrl = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const deadline = started + 10 * 60_000; // a first run builds the engine with Maven
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the stack exited with ${child.exitCode}; see ${logPath}:\n${tail(logPath)}`);
    if (Date.now() > deadline) throw new Error(`the stack did not become healthy; see ${logPath}:\n${tail(logPath)}`);
    const healthy = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
    if (healthy) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  process.stdout.write(`\n[e2e] stack healthy at ${baseUrl} after ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

  const engineUrl = process.env.ENGINE_URL ?? `http://127.0.0.1:${enginePort}/engine-rest`;
  const passwordFile = resolve(TEST_DATA_DIR, 'engine-admin-password');
  const password = process.env.ENGINE_PASSWORD ?? (existsSync(passwordFile) ? readFileSync(passwordFile, 'utf8').trim() : undefined);
  const pgPort = process.env.E2E_PG_PORT ?? '54339';
  const pgPassword = () => encodeURIComponent(readFileSync(resolve(TEST_DATA_DIR, 'pg-password'), 'utf8').trim());
  const databaseUrl = process.env.DATABASE_URL ?? `postgres://postgres:${pgPassword()}@127.0.0.1:${pgPort}/jingbao`;
  const tokenFile = resolve(TEST_DATA_DIR, 'engine-api-token');
  const token = process.env.ENGINE_API_TOKEN ?? (existsSync(tokenFile) ? readFileSync(tokenFile, 'utf8').trim() : undefined);
  writeStack({ baseUrl, engineUrl, engineHeaders: engineHeaders(token, password), databaseUrl, webhookUrl });
}

function writeStack(info: StackInfo): void {
  writeFileSync(STACK_FILE, JSON.stringify(info, null, 2));
}

/** The API's engine token when there is one (no password lockout can touch it), else basic auth. */
function engineHeaders(token: string | undefined, password: string | undefined): Record<string, string> {
  if (token) return { 'X-Jingbao-Engine-Token': token };
  if (password !== undefined) return { Authorization: 'Basic ' + Buffer.from(`${process.env.ENGINE_USER ?? 'admin'}:${password}`).toString('base64') };
  return {};
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set when E2E_BASE_URL is`);
  return value;
}

function tail(path: string): string {
  return readFileSync(path, 'utf8').split('\n').slice(-40).join('\n');
}
