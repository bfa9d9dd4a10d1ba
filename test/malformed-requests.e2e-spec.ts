import { gzipSync } from 'node:zlib';
import type { Client } from 'pg';
import { readStack } from './setup/stack';
import { openDatabase } from './support/database';
import { ApiClient, engine, login } from './support/api';

/**
 * The probe as a suite: a corpus of malformed requests across every write endpoint (and the reads
 * that take ids or queries) answers 4xx — never 5xx — and leaves no row and no process instance behind.
 */
const deep = (levels: number) => `{"x":${'['.repeat(levels)}${']'.repeat(levels)}}`;
const BODIES: { name: string; body: string | Buffer; headers?: Record<string, string> }[] = [
  { name: 'NUL in text', body: JSON.stringify({ purpose: 'a\u0000b', destination: '杭\u0000州', name: 'x\u0000', username: 'u\u0000', traveller: 'z\u0000' }) },
  { name: 'lone surrogate', body: '{"purpose":"\\ud800","destination":"\\udc00","name":"\\ud83d","username":"\\udfff"}' },
  { name: 'NUL in a key', body: '{"a\\u0000b":"x"}' },
  { name: 'body over 100 KB', body: JSON.stringify({ purpose: 'x'.repeat(120_000) }) },
  { name: 'gzip header on a plain body', body: '{"purpose":"x"}', headers: { 'Content-Encoding': 'gzip' } },
  { name: 'deflate header on a plain body', body: '{"purpose":"x"}', headers: { 'Content-Encoding': 'deflate' } },
  { name: 'gzip of something that is not JSON', body: gzipSync('not json'), headers: { 'Content-Encoding': 'gzip' } },
  { name: 'unknown encoding', body: '{"purpose":"x"}', headers: { 'Content-Encoding': 'br2' } },
  { name: 'JSON nested 2,000 levels', body: deep(2000) },
  { name: 'JSON nested 15,000 levels', body: deep(15000) },
  { name: 'objects nested 500 levels', body: '{"a":'.repeat(500) + '1' + '}'.repeat(500) },
  { name: 'truncated JSON', body: '{"purpose":' },
  { name: 'array body', body: '[]' },
  { name: 'null body', body: 'null' },
  { name: 'string body', body: '"claim"' },
  { name: 'number body', body: '42' },
  { name: 'text/plain body', body: 'hello', headers: { 'Content-Type': 'text/plain' } },
  { name: 'empty object', body: '{}' },
  { name: 'wrong types', body: JSON.stringify({ type: 1, purpose: 2, traveller: [], start: {}, amount: true, decision: 7, username: 5, password: 6, code: [], name: {} }) },
];

const SOME_UUID = '6f1c2a52-0000-4000-8000-000000000000';
/** Write endpoints and who calls them (the role that may, so the refusal is about the input). */
const WRITES: { method: string; path: string; as: string }[] = [
  { method: 'POST', path: '/api/claims', as: 'zhangsan' },
  { method: 'PUT', path: `/api/claims/${SOME_UUID}`, as: 'zhangsan' },
  { method: 'POST', path: '/api/travel-requests', as: 'zhangsan' },
  { method: 'POST', path: `/api/tasks/${SOME_UUID}/complete`, as: 'lisi' },
  { method: 'POST', path: '/api/budgets', as: 'wangwu' },
  { method: 'POST', path: `/api/budgets/${SOME_UUID}/allocations`, as: 'wangwu' },
  { method: 'POST', path: '/api/budget-adjustments', as: 'wangwu' },
  { method: 'PUT', path: '/api/standards', as: 'wangwu' },
  { method: 'PUT', path: '/api/rules/invoice', as: 'admin' },
  { method: 'POST', path: '/api/rules/invoice/dry-run', as: 'admin' },
  { method: 'POST', path: '/api/org/units', as: 'admin' },
  { method: 'POST', path: '/api/org/users', as: 'admin' },
  { method: 'POST', path: '/api/auth/login', as: 'anonymous' },
];
const BAD_IDS = ['abc', '..%2Fversion', '..%2F..%2Fengine', '00000000-0000-0000-0000-00000000000g', '%00', 'a'.repeat(300)];
const ID_ROUTES: { method: string; path: (id: string) => string; as: string }[] = [
  { method: 'GET', path: (id) => `/api/claims/${id}`, as: 'zhangsan' },
  { method: 'GET', path: (id) => `/api/claims/${id}/progress`, as: 'zhangsan' },
  { method: 'POST', path: (id) => `/api/claims/${id}/withdraw`, as: 'zhangsan' },
  { method: 'GET', path: (id) => `/api/travel-requests/${id}`, as: 'zhangsan' },
  { method: 'GET', path: (id) => `/api/travel-requests/${id}/progress`, as: 'zhangsan' },
  { method: 'POST', path: (id) => `/api/tasks/${id}/complete`, as: 'lisi' },
  { method: 'GET', path: (id) => `/api/budgets/${id}`, as: 'wangwu' },
  { method: 'GET', path: (id) => `/api/budgets/${id}/ledger`, as: 'wangwu' },
  { method: 'GET', path: (id) => `/api/budget-adjustments/${id}`, as: 'wangwu' },
  { method: 'GET', path: (id) => `/api/forms/${id}`, as: 'zhangsan' },
  { method: 'GET', path: (id) => `/api/rules/${id}`, as: 'admin' },
];
/** Reads with query parameters, with values each one refuses; every read also refuses lists and objects. */
const QUERIES: { path: string; as: string; bad: string[] }[] = [
  { path: '/api/budgets', as: 'wangwu', bad: ['unit=a%00b', 'year=abc', 'year=20261'] },
  { path: '/api/standards', as: 'zhangsan', bad: ['on=2026-02-30', 'on=0000-01-01', 'on=yesterday'] },
  { path: '/api/reports/budget-execution', as: 'wangwu', bad: ['year=abc', 'unit=%00'] },
  { path: '/api/tasks', as: 'lisi', bad: [] },
  { path: '/api/claims', as: 'zhangsan', bad: [] },
];
const LIST_QUERIES = ['unit[]=a', 'year[]=2026', 'on[]=2026-01-01', 'x[y]=1', 'a%00=1'];

interface Case { name: string; method: string; path: string; as: string; body?: string | Buffer; headers?: Record<string, string> }

const CORPUS: Case[] = [
  ...WRITES.flatMap((w) => BODIES.map((b) => ({ name: `${w.method} ${w.path}: ${b.name}`, method: w.method, path: w.path, as: w.as, body: b.body, headers: b.headers }))),
  ...ID_ROUTES.flatMap((r) => BAD_IDS.map((id) => ({ name: `${r.method} ${r.path(id)}`, method: r.method, path: r.path(id), as: r.as, body: r.method === 'GET' ? undefined : '{"decision":"approve"}' }))),
  ...QUERIES.flatMap((q) => [...LIST_QUERIES, ...q.bad].map((query) => ({ name: `GET ${q.path}?${query}`, method: 'GET', path: `${q.path}?${query}`, as: q.as }))),
];

describe('malformed requests', () => {
  const clients = new Map<string, ApiClient>();
  let db: Client;

  beforeAll(async () => {
    db = await openDatabase();
    for (const username of ['zhangsan', 'lisi', 'wangwu', 'admin']) clients.set(username, await login(username));
  });
  afterAll(async () => db?.end());

  async function counts(): Promise<Record<string, number>> {
    const tables = ['claim', 'claim_finding', 'travel_request', 'budget_line', 'budget_entry', 'budget_adjustment', 'org_unit', 'app_user', 'rule_set_version', 'form_version', 'idempotency_key'];
    const out: Record<string, number> = {};
    for (const table of tables) out[table] = (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    out.engineInstances = (await engine<{ count: number }>('GET', '/history/process-instance/count')).count;
    return out;
  }

  it(`answers every one of ${CORPUS.length} malformed requests with a 4xx and writes nothing`, async () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(200);
    const before = await counts();
    const answers: { name: string; status: number }[] = [];
    for (const c of CORPUS) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(c.headers ?? {}) };
      const client = clients.get(c.as);
      if (client) headers.Authorization = client.authorization();
      const response = await fetch(readStack().baseUrl + c.path, { method: c.method, headers, body: typeof c.body === "string" || c.body === undefined ? c.body : new Uint8Array(c.body) });
      await response.arrayBuffer();
      answers.push({ name: c.name, status: response.status });
    }
    const notClientErrors = answers.filter((a) => a.status < 400 || a.status >= 500);
    expect(notClientErrors).toEqual([]);
    expect(await counts()).toEqual(before);
  });
});
