/**
 * Task-list benchmark: the approver's 待办 with N open approval tasks in one unit head's group (by
 * default 10,000, then 100,000), one page at a time through GET /api/tasks — answered from the
 * projection of open tasks — in each sort, beside the engine's own paged query on the same data
 * (POST /task + /task/count with the same candidate groups and sorting), which 待办 ran before.
 * Prints p50/p95/p99 and the answer sizes per level.
 *
 *   npm run bench:tasks   against the running product (E2E_BASE_URL, default http://127.0.0.1:3000;
 *                         DATA_DIR .data for its engine token and database); TASKS=10000,100000 REQUESTS=100
 *
 * The open tasks are made directly: claim rows inserted in the business database and instances of
 * expense-claim started before the approval step (the engine's start instructions), so filling takes
 * a minute rather than the hours screening 10,000 claims would. They are deleted at the end.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Pool as PgPool } from 'pg';
import { loadConfig } from '../src/config/app-config';
import { engineCredentials } from '../src/engine/engine-client';
import { toEngineVariables } from '../src/engine/engine-variables';

const ROOT = resolve(__dirname, '..', '..');
const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3000';
const DATA_DIR = resolve(ROOT, process.env.DATA_DIR ?? '.data');
const ENGINE_URL = process.env.ENGINE_URL ?? 'http://127.0.0.1:8080/engine-rest';
const LEVELS = (process.env.TASKS ?? '10000,100000').split(',').map(Number);
const REQUESTS = Number(process.env.REQUESTS ?? 100);
const PG_PORT = process.env.EMBEDDED_PG_PORT ?? '54329';
const out = (line: string) => process.stdout.write(`${line}\n`);
const config = loadConfig({ ...process.env, ENGINE_URL, ENGINE_API_TOKEN: process.env.ENGINE_API_TOKEN ?? readFileSync(join(DATA_DIR, 'engine-api-token'), 'utf8').trim() });
const engineHeaders = engineCredentials(config);

async function http(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ json: any; bytes: number }> {
  const response = await fetch(url, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${text.slice(0, 300)}`);
  return { json: text ? JSON.parse(text) : undefined, bytes: Buffer.byteLength(text) };
}
const api = async (method: string, path: string, token?: string, body?: unknown) => (await http(method, `${BASE}/api${path}`, body, token ? { Authorization: `Bearer ${token}` } : {})).json;
const engine = (method: string, path: string, body?: unknown) => http(method, `${ENGINE_URL}${path}`, body, engineHeaders);
const login = async (username: string, password: string) => (await api('POST', '/auth/login', undefined, { username, password })).accessToken as string;

function businessDatabaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const password = readFileSync(join(DATA_DIR, 'pg-password'), 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${PG_PORT}/jingbao`;
}

async function pool<T>(items: T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

async function time(label: string, call: () => Promise<number>, requests = REQUESTS): Promise<void> {
  for (let i = 0; i < 5; i++) await call(); // warm-up
  const samples: number[] = [];
  let bytes = 0;
  for (let i = 0; i < requests; i++) {
    const started = process.hrtime.bigint();
    bytes = await call();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))].toFixed(1);
  out(`| ${label} | ${at(0.5)} | ${at(0.95)} | ${at(0.99)} | ${(bytes / 1024).toFixed(1)} KiB |`);
}

async function main(): Promise<void> {
  const suffix = randomBytes(4).toString('hex');
  const demo = process.env.DEMO_PASSWORD ?? 'demo';
  const admin = await login('admin', demo);
  const unitCode = `q${suffix}`;
  await api('POST', '/org/units', admin, { code: unitCode, name: `基准待办所${suffix}` });
  await api('POST', '/org/users', admin, { username: `qs${suffix}`, displayName: `基准民警${suffix}`, title: '民警', tier: 'other', unit: unitCode, password: 'bench-password-1' });
  await api('POST', '/org/users', admin, { username: `qh${suffix}`, displayName: `基准所长${suffix}`, title: '所长', tier: 'other', unit: unitCode, password: 'bench-password-1', groups: [{ code: 'unit-head' }] });
  const head = await login(`qh${suffix}`, 'bench-password-1');
  const group = `unit-head:${unitCode}`;

  const db = new PgPool({ connectionString: businessDatabaseUrl(), max: 8 });
  const [{ unit_id, claimant_id }] = (await db.query(`SELECT u.id AS unit_id, p.id AS claimant_id FROM org_unit u JOIN app_user p ON p.unit_id = u.id WHERE u.code = $1 AND p.username = $2`, [unitCode, `qs${suffix}`])).rows;

  const chain = [{ step: 'unit-head', group, reason: { zh: '部门负责人审批每一张报销单', en: 'The unit head approves every claim' } }];
  const dueBase = Date.now() + 30 * 86_400_000;
  const fill = async (count: number) => {
    const ids = Array.from({ length: count }, () => randomUUID());
    await pool(ids, 8, async (id) => {
      const amountFen = 10_000 + Math.floor(Math.random() * 2_000_000);
      // Due dates spread over a year, so the due sort has an order to find.
      const due = new Date(dueBase + Math.floor(Math.random() * 365) * 86_400_000).toISOString().replace('Z', '+0000');
      const document = { type: 'expense', claimant: `qs${suffix}`, purpose: '基准报销', budgetLine: { unit: `基准待办所${suffix}`, subject: '30201', fund: 'basic' }, items: [], invoices: [] };
      await db.query(
        `INSERT INTO claim (id, type, status, claimant_id, unit_id, document, total_fen, submitted_on, revision, approval_chain, reimbursable_fen)
         VALUES ($1, 'expense', 'IN_APPROVAL', $2, $3, $4, $5, current_date, 1, $6, $5)`,
        [id, claimant_id, unit_id, JSON.stringify(document), amountFen, JSON.stringify(chain)],
      );
      const started = await engine('POST', '/process-definition/key/expense-claim/start', {
        businessKey: id,
        startInstructions: [{ type: 'startBeforeActivity', activityId: 'approval' }],
        variables: toEngineVariables({
          claimId: id, claimType: 'expense', claimant: `qs${suffix}`, unitHeadGroup: group, unitCode, submittedOn: Number(new Date().toISOString().slice(0, 10).replace(/-/g, '')),
          amountFen, approvalChain: group, approvalSteps: 1, approvalIndex: 0, approvalGroup: group, approvalAssignee: null, approvalDue: due, approvalEscalateAt: due, approvalNext: 'step', blocking: false,
        }),
      });
      await db.query(`UPDATE claim SET process_instance_id = $2 WHERE id = $1`, [id, started.json.id]);
    });
  };

  const query = { orQueries: [{ assignee: `qh${suffix}`, candidateUser: `qh${suffix}`, candidateGroups: [group], owner: `qh${suffix}` }] };
  const bearer = { Authorization: `Bearer ${head}` };
  const SORTS = [
    { label: 'by creation (default)', api: 'sort=created&order=asc', engine: [{ sortBy: 'created', sortOrder: 'asc' }] },
    { label: 'by due date', api: 'sort=due&order=asc', engine: [{ sortBy: 'dueDate', sortOrder: 'asc' }] },
    { label: 'by amount, largest first', api: 'sort=amount&order=desc', engine: [{ sortBy: 'processVariable', sortOrder: 'desc', parameters: { variable: 'amountFen', type: 'Integer' } }] },
  ];
  let filled = 0;
  for (const level of LEVELS) {
    out(`filling to ${level} open approval tasks for ${group} …`);
    const filling = Date.now();
    await fill(level - filled);
    filled = level;
    out(`filled in ${((Date.now() - filling) / 1000).toFixed(0)} s`);
    const count = (await engine('POST', '/task/count', query)).json.count;
    // The projection drains the engine's outbox in the background: measure once it has caught up.
    const caughtUp = Date.now();
    while ((await http('GET', `${BASE}/api/tasks?size=1`, undefined, bearer)).json.total !== count) await new Promise((r) => setTimeout(r, 500));
    out(`the projection caught up ${((Date.now() - caughtUp) / 1000).toFixed(0)} s after the last start`);
    out('');
    out(`open tasks in the approver's list: ${count}; ${REQUESTS} sequential requests each after 5 warm-up (the engine's amount sort: ${Math.max(10, Math.floor(REQUESTS / 5))})`);
    out('');
    out('| request | p50 ms | p95 ms | p99 ms | answer |');
    out('|---|---|---|---|---|');
    for (const sort of SORTS) {
      await time(`API 待办 (projection), page 1 of 20, ${sort.label}`, async () => (await http('GET', `${BASE}/api/tasks?page=1&size=20&${sort.api}`, undefined, bearer)).bytes);
      const slow = sort.engine[0].sortBy === 'processVariable';
      await time(`engine query, page of 20 + count, ${sort.label}`, async () => {
        const [page, total] = await Promise.all([engine('POST', '/task?firstResult=0&maxResults=20', { ...query, sorting: sort.engine }), engine('POST', '/task/count', query)]);
        return page.bytes + total.bytes;
      }, slow ? Math.max(10, Math.floor(REQUESTS / 5)) : REQUESTS);
    }
    await time('API 待办 (projection), page 250 of 20 (deep), by creation', async () => (await http('GET', `${BASE}/api/tasks?page=250&size=20`, undefined, bearer)).bytes);
    await time('API 待办 (projection), ≥ 10,000 yuan, by amount', async () => (await http('GET', `${BASE}/api/tasks?page=1&size=20&minAmount=10000&sort=amount`, undefined, bearer)).bytes);
    await time('API counts (menu badges)', async () => (await http('GET', `${BASE}/api/tasks/counts`, undefined, bearer)).bytes);
    out('');
  }
  out('');
  out('cleaning up …');
  const instanceIds = (await db.query(`SELECT process_instance_id FROM claim WHERE unit_id = $1 AND process_instance_id IS NOT NULL`, [unit_id])).rows.map((r) => r.process_instance_id);
  for (let i = 0; i < instanceIds.length; i += 500) {
    await engine('POST', '/process-instance/delete', { processInstanceIds: instanceIds.slice(i, i + 500), deleteReason: 'bench', skipCustomListeners: true, skipSubprocesses: true });
  }
  await db.query(`UPDATE claim SET status = 'WITHDRAWN' WHERE unit_id = $1`, [unit_id]);
  await db.end();
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
