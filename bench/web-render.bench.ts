/**
 * Web app benchmark: the size of the built bundle (gzip) and how long a claim's page takes to first
 * show the claim (its status) and to draw its diagram, in a cold headless Chromium — beside the login
 * page, the smallest page of the same app, measured in the same run as the baseline.
 *
 *   npm run bench:web        against the product on WEB_BASE_URL (default http://127.0.0.1:3000), RUNS loads each (default 15)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const BASE = process.env.WEB_BASE_URL ?? 'http://127.0.0.1:3000';
const RUNS = Number(process.env.RUNS ?? 15);
const DIST = resolve(__dirname, '..', '..', 'dist', 'web', 'assets');
const out = (line: string) => process.stdout.write(`${line}\n`);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function api<T>(method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${BASE}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const login = async (username: string) => (await api<{ accessToken: string }>('POST', '/auth/login', undefined, { username, password: process.env.DEMO_PASSWORD ?? 'demo' })).accessToken;

/** zhangsan's latest claim: the page under test. */
async function claimUnderTest(token: string): Promise<string> {
  const claims = await api<{ id: string }[]>('GET', '/claims', token);
  if (claims.length === 0) throw new Error('zhangsan has no claim: file one (README walk-through) and run again');
  return claims[0].id;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const files = readdirSync(DIST).filter((f) => /\.(js|css)$/.test(f));
  const gz = new Map(files.map((f) => [f, gzipSync(readFileSync(join(DIST, f))).length]));
  const total = (ext: string) => files.filter((f) => f.endsWith(ext)).reduce((sum, f) => sum + gz.get(f)!, 0);
  const raw = files.reduce((sum, f) => sum + statSync(join(DIST, f)).size, 0);
  out(`bundle: ${files.length} files, ${kib(raw)} raw, ${kib(total('.js'))} JS + ${kib(total('.css'))} CSS gzip`);

  const token = await login('zhangsan');
  const claimId = await claimUnderTest(token);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
  const loaded = new Map<string, Set<string>>();

  /** A cold load (new context, empty cache) of a page, timed until `ready` shows. */
  async function load(name: string, path: string, ready: string, signedIn: boolean): Promise<number> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    if (signedIn) await context.addInitScript((value) => localStorage.setItem('jingbao.token', value), token);
    const page = await context.newPage();
    const assets = loaded.get(name) ?? new Set<string>();
    page.on('response', (response) => {
      const match = /\/assets\/([^?]+)$/.exec(response.url());
      if (match) assets.add(match[1]);
    });
    const started = Date.now();
    await page.goto(`${BASE}${path}`);
    await page.waitForSelector(ready, { state: 'visible', timeout: 30_000 });
    const elapsed = Date.now() - started;
    loaded.set(name, assets);
    await context.close();
    return elapsed;
  }

  const pages = [
    { name: 'login page (baseline)', path: '/login', ready: '[data-test=login-submit]', signedIn: false },
    { name: 'claim page: status shown', path: `/claims/${claimId}`, ready: '[data-test=status]', signedIn: true },
    { name: 'claim page: diagram drawn', path: `/claims/${claimId}`, ready: '[data-test=diagram] .djs-element', signedIn: true },
  ];
  for (const p of pages) await load(p.name, p.path, p.ready, p.signedIn); // warm-up: server caches, JIT
  const results = [];
  for (const p of pages) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) times.push(await load(p.name, p.path, p.ready, p.signedIn));
    results.push({ ...p, median: percentile(times, 50), p95: percentile(times, 95) });
  }
  await browser.close();

  const baseline = results[0].median;
  out(`\n| page (cold load, ${RUNS} runs) | median | p95 | × baseline | JS + CSS loaded (gzip) |`);
  out('|---|---|---|---|---|');
  for (const r of results) {
    const bytes = [...(loaded.get(r.name) ?? [])].reduce((sum, f) => sum + (gz.get(f) ?? 0), 0);
    out(`| ${r.name} | ${r.median} ms | ${r.p95} ms | ${(r.median / baseline).toFixed(2)} | ${kib(bytes)} |`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
