import { ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { files } from './factories/file.factory';
import { readStack } from './setup/stack';

const ROOT = resolve(__dirname, '..');
const run = promisify(execFile);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/**
 * `npm run backup` / `npm run restore` round-trip a product of its own (an embedded database in a
 * fresh DATA_DIR, the stack's engine): after backup → wipe → restore, the audit chain verifies and
 * every attachment comes back with its hash.
 */
describe('backup and restore', () => {
  let dataDir: string;
  let backupDir: string;
  let env: NodeJS.ProcessEnv;
  let product: ChildProcess | undefined;
  let baseUrl: string;

  beforeAll(async () => {
    const stack = readStack();
    const token = stack.engineHeaders['X-Jingbao-Engine-Token'];
    if (!token) throw new Error('the backup test starts a product on the stack engine and needs its API token');
    dataDir = mkdtempSync(join(tmpdir(), 'jingbao-backup-data-'));
    // The embedded PostgreSQL runs as the postgres user when the tests run as root: it must reach its folder.
    chmodSync(dataDir, 0o755);
    backupDir = join(mkdtempSync(join(tmpdir(), 'jingbao-backup-')), 'nightly');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    env = {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(await freePort()),
      ENGINE_URL: stack.engineUrl,
      ENGINE_API_TOKEN: token,
      WORKERS_ENABLED: 'false',
      NOTIFY_TASKS_ENABLED: 'false',
      LOG_LEVEL: 'warn',
    };
  }, 60_000);

  afterAll(async () => {
    await stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (backupDir) rmSync(resolve(backupDir, '..'), { recursive: true, force: true });
  });

  async function start(): Promise<void> {
    const log = openSync(join(dataDir, 'product.log'), 'a');
    product = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], { env, stdio: ['ignore', log, log] });
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      const healthy = await fetch(`${baseUrl}/api/health`).then((r) => r.ok, () => false);
      if (healthy) return;
      if (product.exitCode !== null) throw new Error(`the product exited with ${product.exitCode}:\n${readFileSync(join(dataDir, 'product.log'), 'utf8').slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('the product did not become healthy');
  }

  async function stop(): Promise<void> {
    if (!product || product.exitCode !== null) return;
    const exited = new Promise((r) => product!.once('exit', r));
    product.kill('SIGTERM');
    await exited;
  }

  async function signIn(username: string): Promise<string> {
    const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: process.env.DEMO_PASSWORD ?? 'demo' }) });
    return ((await response.json()) as { accessToken: string }).accessToken;
  }

  const tool = (...args: string[]) => run(process.execPath, [join(ROOT, 'dist', 'backup', 'cli.js'), ...args], { env, cwd: ROOT });

  it('brings back the database and every attachment after the data is wiped', async () => {
    await start();
    const token = await signIn('zhangsan');
    const content = Buffer.concat([files.pdf(), Buffer.from(`样例 ${randomBytes(16).toString('hex')}`)]);
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(content)]), '会议通知.pdf');
    const uploaded = await fetch(`${baseUrl}/api/attachments`, { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
    expect(uploaded.status).toBe(201);
    const attachment = (await uploaded.json()) as { id: string };

    // Refused while the product runs: a copy of a live cluster would not be one moment.
    await expect(tool('backup', backupDir)).rejects.toMatchObject({ stderr: expect.stringContaining('stop it first') });
    await stop();

    const backedUp = await tool('backup', backupDir);
    expect(backedUp.stdout).toContain('backup written to');
    expect(readdirSync(join(backupDir, 'attachments'))).toContain(sha256(content));

    rmSync(join(dataDir, 'pg'), { recursive: true, force: true });
    rmSync(join(dataDir, 'attachments'), { recursive: true, force: true });

    const restored = await tool('restore', backupDir);
    expect(restored.stdout).toMatch(/audit chain: verified \(\d+ entries\); attachments: \d+ checked, 0 missing, 0 not matching/);

    await start();
    const again = await signIn('zhangsan');
    const download = await fetch(`${baseUrl}/api/attachments/${attachment.id}/content`, { headers: { Authorization: `Bearer ${again}` } });
    expect(download.status).toBe(200);
    expect(sha256(Buffer.from(await download.arrayBuffer()))).toBe(sha256(content));
    await stop();
  }, 600_000);

  it('says so when an attachment no longer matches its hash', async () => {
    const store = join(dataDir, 'attachments');
    const blob = readdirSync(store, { recursive: true }).map(String).find((name) => /[0-9a-f]{64}$/.test(name));
    expect(blob).toBeDefined();
    writeFileSync(join(store, blob!), 'tampered');
    await expect(tool('verify')).rejects.toMatchObject({ code: 1, stdout: expect.stringMatching(/1 not matching their hash/) });
  }, 300_000);
});
