/**
 * Attachment upload benchmark: N parallel uploads of S MB files (POST /api/attachments, streamed to
 * disk and into the store) — throughput, and the API process's resident memory at its peak during
 * the uploads beside its idle figure measured just before in the same run (streaming keeps it flat:
 * the goal is growth under 100 MB). Then the same files downloaded in parallel, the same way.
 *
 *   npm run bench:attachments     starts a product of its own under .data/bench-attachments
 *                                 (embedded PostgreSQL and engine), stopped at the end;
 *                                 UPLOADS=50 SIZE_MB=10 ROUNDS=2
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');
const UPLOADS = Number(process.env.UPLOADS ?? 50);
const SIZE_MB = Number(process.env.SIZE_MB ?? 10);
const ROUNDS = Number(process.env.ROUNDS ?? 2);
const STACK = { dataDir: resolve(ROOT, '.data', 'bench-attachments'), port: 3961, postgres: 54361, engine: 8961 };
const out = (line: string) => process.stdout.write(`${line}\n`);

/** Resident set size of a process, in MB (Linux /proc). */
function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** Samples a process's RSS every 20 ms while `work` runs; answers the peak. */
async function peakRssDuring(pid: number, work: () => Promise<void>): Promise<number> {
  let peak = rssMb(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMb(pid))), 20);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, rssMb(pid));
}

async function start(): Promise<ChildProcess> {
  rmSync(STACK.dataDir, { recursive: true, force: true });
  mkdirSync(STACK.dataDir, { recursive: true });
  const log = openSync(join(STACK.dataDir, 'product.log'), 'a');
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'main.js')], {
    env: { ...process.env, PORT: String(STACK.port), DATA_DIR: STACK.dataDir, EMBEDDED_PG_PORT: String(STACK.postgres), ENGINE_PORT: String(STACK.engine), LOG_LEVEL: 'warn', NOTIFY_TASKS_ENABLED: 'false' },
    stdio: ['ignore', log, log],
  });
  const deadline = Date.now() + 300_000;
  while (Date.now() < deadline) {
    if (await fetch(`http://127.0.0.1:${STACK.port}/api/health`).then((r) => r.ok, () => false)) return child;
    if (child.exitCode !== null) throw new Error(`the product exited; see ${STACK.dataDir}/product.log`);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the product did not start');
}

async function main(): Promise<void> {
  const product = await start();
  const base = `http://127.0.0.1:${STACK.port}`;
  try {
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'zhangsan', password: process.env.DEMO_PASSWORD ?? 'demo' }) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const auth = { Authorization: `Bearer ${token}` };
    // Every file different (content-addressed storage would keep one copy of equal files).
    const header = Buffer.from('%PDF-1.4\n% 样例 synthetic bench file\n');
    const fileOf = () => Buffer.concat([header, randomBytes(SIZE_MB * 1024 * 1024 - header.length)]);

    const upload = async (bytes: Buffer): Promise<string> => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)]), 'bench.pdf');
      const response = await fetch(`${base}/api/attachments`, { method: 'POST', headers: auth, body: form });
      if (response.status !== 201) throw new Error(`upload answered ${response.status}: ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    };
    // Warm-up: code paths loaded, a first file stored.
    await upload(fileOf());
    await new Promise((r) => setTimeout(r, 2000));

    out(`attachments: ${UPLOADS} parallel uploads of ${SIZE_MB} MB, ${ROUNDS} rounds; API process pid ${product.pid}`);
    out('round  idle RSS MB  peak RSS MB  growth MB  upload s  upload MB/s  download s  download MB/s  peak RSS (download) MB');
    for (let round = 1; round <= ROUNDS; round++) {
      const files = Array.from({ length: UPLOADS }, fileOf);
      (globalThis as { gc?: () => void }).gc?.();
      await new Promise((r) => setTimeout(r, 1000));
      const idle = rssMb(product.pid!);
      let ids: string[] = [];
      const started = Date.now();
      const peak = await peakRssDuring(product.pid!, async () => {
        ids = await Promise.all(files.map(upload));
      });
      const uploadSeconds = (Date.now() - started) / 1000;
      const downStarted = Date.now();
      const downPeak = await peakRssDuring(product.pid!, async () => {
        await Promise.all(ids.map(async (id) => {
          const response = await fetch(`${base}/api/attachments/${id}/content`, { headers: auth });
          const reader = response.body!.getReader();
          for (;;) if ((await reader.read()).done) break;
        }));
      });
      const downloadSeconds = (Date.now() - downStarted) / 1000;
      const total = UPLOADS * SIZE_MB;
      out(`${String(round).padStart(5)}  ${idle.toFixed(0).padStart(11)}  ${peak.toFixed(0).padStart(11)}  ${(peak - idle).toFixed(0).padStart(9)}  ${uploadSeconds.toFixed(1).padStart(8)}  ${(total / uploadSeconds).toFixed(0).padStart(11)}  ${downloadSeconds.toFixed(1).padStart(10)}  ${(total / downloadSeconds).toFixed(0).padStart(13)}  ${downPeak.toFixed(0).padStart(22)}`);
    }
  } finally {
    product.kill('SIGTERM');
    await new Promise((r) => product.once('exit', r));
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
