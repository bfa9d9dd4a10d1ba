/**
 * Web app benchmark: how long the login page and a claim's page (its status shown, its diagram drawn)
 * take in a cold headless Chromium, and the bytes they load — for the build under test and, beside it
 * in the same run, a baseline build served by a second API process on the same database and engine
 * (loads alternate between the two, so both see the same machine).
 *
 *   npm run bench:web        against the product on WEB_BASE_URL (default http://127.0.0.1:3000), RUNS loads each (default 15);
 *                            BASELINE_URL: the baseline build's API (see docs/benchmarks.md); without it, this build alone
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';

const BASE = process.env.WEB_BASE_URL ?? 'http://127.0.0.1:3000';
const RUNS = Number(process.env.RUNS ?? 15);
const DIST = resolve(__dirname, '..', '..', 'dist', 'web', 'static');
const out = (line: string) => process.stdout.write(`${line}\n`);
const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;

async function api<T>(base: string, method: string, path: string, token?: string, body?: unknown): Promise<T> {
  const response = await fetch(`${base}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const login = async (base: string, username: string) => (await api<{ accessToken: string }>(base, 'POST', '/auth/login', undefined, { username, password: process.env.DEMO_PASSWORD ?? 'demo' })).accessToken;

/** zhangsan's latest claim: the page under test. */
async function claimUnderTest(base: string, token: string): Promise<string> {
  const claims = await api<{ id: string }[]>(base, 'GET', '/claims', token);
  if (claims.length === 0) throw new Error('zhangsan has no claim: file one (README walk-through) and run again');
  return claims[0].id;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface Build {
  name: string;
  base: string;
  token: string;
  /** GET /api/me as the web app remembers it after signing in (a returning user's browser holds both). */
  actor: unknown;
  claimId: string;
}

async function main(): Promise<void> {
  const files = readdirSync(DIST).filter((f) => /\.(js|css)$/.test(f));
  const gz = new Map(files.map((f) => [f, gzipSync(readFileSync(join(DIST, f))).length]));
  const total = (ext: string) => files.filter((f) => f.endsWith(ext)).reduce((sum, f) => sum + gz.get(f)!, 0);
  const raw = files.reduce((sum, f) => sum + statSync(join(DIST, f)).size, 0);
  out(`this build's bundle: ${files.length} files, ${kib(raw)} raw, ${kib(total('.js'))} JS + ${kib(total('.css'))} CSS gzip`);

  const builds: Build[] = [];
  for (const [name, base] of [['baseline', process.env.BASELINE_URL], ['this build', BASE]] as const) {
    if (!base) continue;
    const token = await login(base, 'zhangsan');
    builds.push({ name, base, token, actor: await api(base, 'GET', '/me', token), claimId: await claimUnderTest(base, token) });
  }
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });

  /** A cold load (new context, empty cache) of a page, timed until `ready` shows; the script and style bytes it received. */
  async function load(build: Build, path: string, ready: string, signedIn: boolean): Promise<{ ms: number; bytes: number }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    if (signedIn) {
      await context.addInitScript(
        ({ token, actor }) => {
          localStorage.setItem('jingbao.token', token);
          localStorage.setItem('jingbao.actor', actor);
        },
        { token: build.token, actor: JSON.stringify(build.actor) },
      );
    }
    const page = await context.newPage();
    let bytes = 0;
    page.on('requestfinished', (request) => {
      if (!/\/static\/[^?]+\.(js|css)$/.test(request.url())) return;
      void request.sizes().then((sizes) => (bytes += sizes.responseBodySize)).catch(() => undefined);
    });
    const started = Date.now();
    await page.goto(`${build.base}${path}`);
    await page.waitForSelector(ready, { state: 'visible', timeout: 30_000 });
    const ms = Date.now() - started;
    await page.waitForLoadState('networkidle').catch(() => undefined);
    await context.close();
    return { ms, bytes };
  }

  const pages = [
    { name: 'login page', path: () => '/login', ready: '[data-test=login-submit]', signedIn: false },
    { name: 'claim page: status shown', path: (b: Build) => `/claims/${b.claimId}`, ready: '[data-test=status]', signedIn: true },
    { name: 'claim page: diagram drawn', path: (b: Build) => `/claims/${b.claimId}`, ready: '[data-test=diagram] .djs-element', signedIn: true },
  ];
  for (const p of pages) for (const b of builds) await load(b, p.path(b), p.ready, p.signedIn); // warm-up: server caches, JIT
  const results = [];
  for (const p of pages) {
    const samples = new Map(builds.map((b) => [b.name, [] as { ms: number; bytes: number }[]]));
    for (let i = 0; i < RUNS; i++) for (const b of builds) samples.get(b.name)!.push(await load(b, p.path(b), p.ready, p.signedIn));
    for (const b of builds) {
      const times = samples.get(b.name)!.map((s) => s.ms);
      results.push({ page: p.name, build: b.name, median: percentile(times, 50), p95: percentile(times, 95), bytes: percentile(samples.get(b.name)!.map((s) => s.bytes), 50) });
    }
  }
  await browser.close();

  out(`\n| page (cold load, ${RUNS} runs each) | build | median | p95 | JS + CSS transferred |`);
  out('|---|---|---|---|---|');
  for (const r of results) out(`| ${r.page} | ${r.build} | ${r.median} ms | ${r.p95} ms | ${kib(r.bytes)} |`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
