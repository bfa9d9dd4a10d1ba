import { gzipSync } from 'node:zlib';
import type { Client } from 'pg';
import { readStack } from './setup/stack';
import { openDatabase } from './support/database';
import { ApiClient, engine, login } from './support/api';
import { GeneratedCase, generateCorpus, OpenApi } from './support/malformed-corpus';

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
  { method: 'POST', path: '/api/accounting/posting-rules', as: 'fengjun' },
  { method: 'POST', path: '/api/accounting/posting-rules/dry-run', as: 'fengjun' },
  { method: 'POST', path: `/api/accounting/vouchers/${SOME_UUID}/reverse`, as: 'fengjun' },
  { method: 'POST', path: '/api/accounting/periods/2026-01/reopen', as: 'fengjun' },
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
  { method: 'GET', path: (id) => `/api/accounting/vouchers/${id}`, as: 'fengjun' },
  { method: 'POST', path: (id) => `/api/accounting/vouchers/${id}/post`, as: 'fengjun' },
  { method: 'POST', path: (id) => `/api/accounting/periods/${id}/close`, as: 'fengjun' },
  { method: 'GET', path: (id) => `/api/accounting/posting-rules/${id}`, as: 'fengjun' },
];
/** Reads with query parameters, with values each one refuses; every read also refuses lists and objects. */
const QUERIES: { path: string; as: string; bad: string[] }[] = [
  { path: '/api/budgets', as: 'wangwu', bad: ['unit=a%00b', 'year=abc', 'year=20261', 'year=0000', 'year=2101'] },
  { path: '/api/standards', as: 'zhangsan', bad: ['on=2026-02-30', 'on=0000-01-01', 'on=yesterday'] },
  { path: '/api/reports/budget-execution', as: 'wangwu', bad: ['year=abc', 'unit=%00', 'year=0000', 'year=1999', 'year=2101', 'year=9999'] },
  { path: '/api/reports/budget-execution.xlsx', as: 'wangwu', bad: ['year=0000'] },
  { path: '/api/tasks', as: 'lisi', bad: [] },
  { path: '/api/claims', as: 'zhangsan', bad: [] },
  { path: '/api/accounting/vouchers', as: 'fengjun', bad: ['period=2026-13', 'period=abc', 'state=lost', 'page=0', 'page=abc', 'pageSize=201', 'sourceId=a%00b'] },
  { path: '/api/accounting/books/trial-balance', as: 'fengjun', bad: ['period=2026-00', 'period=26-01', ''] },
  { path: '/api/accounting/books/ledger', as: 'fengjun', bad: ['subject=5001', 'subject=abc&from=2026-01', 'subject=5001&from=2026-13', 'subject=5001&from=2026-01&unit=a%00b', 'subject=9999&from=2026-01'] },
  { path: '/api/accounting/books/final-accounts', as: 'fengjun', bad: ['year=abc', 'year=1999', ''] },
  { path: '/api/accounting/vouchers/export', as: 'fengjun', bad: ['period=2026-01&layout=nope', 'layout=generic'] },
];
const LIST_QUERIES = ['unit[]=a', 'year[]=2026', 'on[]=2026-01-01', 'x[y]=1', 'a%00=1'];

interface Case { name: string; method: string; path: string; as: string; body?: string | Buffer; headers?: Record<string, string> }

const CORPUS: Case[] = [
  ...WRITES.flatMap((w) => BODIES.map((b) => ({ name: `${w.method} ${w.path}: ${b.name}`, method: w.method, path: w.path, as: w.as, body: b.body, headers: b.headers }))),
  ...ID_ROUTES.flatMap((r) => BAD_IDS.map((id) => ({ name: `${r.method} ${r.path(id)}`, method: r.method, path: r.path(id), as: r.as, body: r.method === 'GET' ? undefined : '{"decision":"approve"}' }))),
  ...QUERIES.flatMap((q) => [...LIST_QUERIES, ...q.bad].map((query) => ({ name: `GET ${q.path}?${query}`, method: 'GET', path: `${q.path}?${query}`, as: q.as }))),
];

/** Who may call a generated route, so its refusal is about the input and not the caller. */
function callerOf(path: string): string {
  if (/^\/api\/(processes|rules|forms|org|audit|health)/.test(path)) return 'admin';
  if (/^\/api\/(tasks|notifications)/.test(path)) return 'lisi';
  if (/^\/api\/(budgets|budget-|standards|reports|dashboards)/.test(path)) return 'wangwu';
  if (path.startsWith('/api/accounting')) return 'wangwu';
  if (path.startsWith('/api/auth/login')) return 'anonymous';
  return 'zhangsan';
}

/** Conditions of the dry run in shapes json-rules-engine cannot read, and the path each refusal names. */
const CONDITION_SHAPES: { name: string; conditions: unknown; path: string }[] = [
  { name: 'a leaf that is a string', conditions: { all: ['amount > 1'] }, path: 'rules[0].conditions.all[0]' },
  { name: 'a list that is a number', conditions: { any: 5 }, path: 'rules[0].conditions.any' },
  { name: 'a negation that is a string', conditions: { not: 'x' }, path: 'rules[0].conditions.not' },
  { name: 'an empty leaf', conditions: { all: [{}] }, path: 'rules[0].conditions.all[0]' },
  { name: 'a leaf inside a list inside a negation that is null', conditions: { not: { any: [null] } }, path: 'rules[0].conditions.not.any[0]' },
  { name: 'a fact that is a list', conditions: { all: [{ fact: ['x'], operator: 'equal', value: 1 }] }, path: 'rules[0].conditions.all[0].fact' },
  { name: 'conditions that are a string', conditions: 'amount > 1', path: 'rules[0].conditions' },
];

describe('malformed requests', () => {
  const clients = new Map<string, ApiClient>();
  let db: Client;

  beforeAll(async () => {
    db = await openDatabase();
    for (const username of ['zhangsan', 'lisi', 'wangwu', 'admin', 'fengjun']) clients.set(username, await login(username));
  });
  afterAll(async () => db?.end());

  async function counts(): Promise<Record<string, number>> {
    const tables = ['claim', 'claim_finding', 'travel_request', 'budget_line', 'budget_entry', 'budget_adjustment', 'org_unit', 'app_user', 'rule_set_version', 'form_version', 'idempotency_key', 'voucher', 'voucher_entry', 'posting_rule_version', 'accounting_period'];
    const out: Record<string, number> = {};
    for (const table of tables) out[table] = (await db.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
    out.engineInstances = (await engine<{ count: number }>('GET', '/history/process-instance/count')).count;
    return out;
  }

  it(`answers every one of ${CORPUS.length} hand-made malformed requests with a 4xx and writes nothing`, async () => {
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

  it('answers a wrong type, an out-of-range value and a wrong shape in every field of every route with a 4xx, writing nothing', async () => {
    const api = (await (await fetch(`${readStack().baseUrl}/api/docs/openapi.json`)).json()) as OpenApi;
    const generated: GeneratedCase[] = generateCorpus(api);
    expect(generated.length).toBeGreaterThan(500);
    const before = await counts();
    const answers: { name: string; status: number; error?: string }[] = [];
    for (const c of generated) {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      const client = clients.get(callerOf(c.path));
      if (client) headers.Authorization = client.authorization();
      // Sign-in probes come from addresses of their own, so no lockout reaches the other tests.
      else headers['X-Forwarded-For'] = `10.${answers.length % 250}.${Math.floor(answers.length / 250) % 250}.7`;
      const response = await fetch(readStack().baseUrl + c.path, { method: c.method, headers, body: c.body });
      const text = await response.text();
      answers.push({ name: c.name, status: response.status, ...(response.status >= 500 ? { error: text.slice(0, 200) } : {}) });
    }
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.filter((a) => a.status < 400)).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it.each(CONDITION_SHAPES.map((shape) => [shape.name, shape] as const))('refuses a dry run whose condition is %s with a 400 naming its path', async (_name, shape) => {
    const admin = clients.get('admin')!;
    const current = (await admin.get('/api/rules/routing')).body;
    const latest = current.latest;
    const body = { effectiveFrom: '2099-01-01', data: latest.data, rules: [{ ...latest.rules[0], conditions: shape.conditions }, ...latest.rules.slice(1)], dryRun: 1 };
    const answer = await admin.post('/api/rules/routing/dry-run', body);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'RULE_SET_INVALID', fields: [expect.objectContaining({ field: shape.path })] });
  });
});
