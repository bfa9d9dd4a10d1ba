import type { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../src/app';
import { loadConfig } from '../src/config/app-config';
import { EngineClient } from '../src/engine/engine-client';
import { buildExpenseClaim } from './factories/claim.factory';
import { readStack } from './setup/stack';
import { engine, eventually, screened } from './support/api';
import { adminClient, FRESH_PASSWORD, freshUnit, FreshUnit } from './support/people';
import { TEST_SUBJECT_KIND, TestSubjectModule, TestSubjects, testSubjectBpmn } from './support/test-subject.module';

/** A signed-in user of the API started in this test process (the suite's ApiClient talks to the stack). */
class Client {
  constructor(readonly username: string, private readonly baseUrl: string, private readonly token: string) {}

  get(path: string) {
    return this.call('GET', path);
  }
  post(path: string, body: unknown = {}) {
    return this.call('POST', path, body);
  }

  async call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
}

async function signIn(baseUrl: string, username: string, password: string): Promise<Client> {
  const response = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  const body = (await response.json()) as { accessToken?: string };
  if (response.status !== 200 || !body.accessToken) throw new Error(`login of ${username} failed: ${response.status} ${JSON.stringify(body)}`);
  return new Client(username, baseUrl, body.accessToken);
}

/** A port nothing listens on now. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The promise: a kind of record registered from a module of a test — a kind tasks/ has never
 * heard of — gets the whole task list (待办, 已办, 抄送我的, filters, detail) and every approval
 * operation on the real engine, and 关联查询 over its links, with nothing in tasks/ touched. The
 * product runs in this process with TestSubjectModule beside its own modules, on the stack's
 * database and engine.
 */
describe('a kind of subject registered by a test module', () => {
  let app: INestApplication;
  let kind: TestSubjects;
  let dataDir: string;
  let unit: FreshUnit;
  let staff: Client;
  let head: Client;
  let colleague: Client;
  let finance: Client;
  let stranger: Client;

  beforeAll(async () => {
    const stack = readStack();
    const port = await freePort();
    dataDir = mkdtempSync(join(tmpdir(), 'jingbao-subjects-'));
    const token = stack.engineHeaders['X-Jingbao-Engine-Token'];
    const basic = stack.engineHeaders.Authorization?.replace(/^Basic /, '');
    const [engineUser, enginePassword] = basic ? Buffer.from(basic, 'base64').toString().split(/:(.*)/s) : [];
    app = await startApp(
      loadConfig({
        PORT: String(port),
        DATA_DIR: dataDir,
        DATABASE_URL: stack.databaseUrl,
        ENGINE_URL: stack.engineUrl,
        ...(token ? { ENGINE_API_TOKEN: token } : basic ? { ENGINE_USER: engineUser, ENGINE_PASSWORD: enginePassword } : {}),
        WORKERS_ENABLED: 'false',
        SEED_DEMO: 'false',
        JWT_SECRET: randomBytes(24).toString('base64url'),
        LOG_LEVEL: 'warn',
      }),
      [TestSubjectModule],
    );
    kind = app.get(TestSubjects);
    await app.get(EngineClient).deploy('e2e-test-subject', [testSubjectBpmn()]);

    const baseUrl = `http://127.0.0.1:${port}`;
    unit = await freshUnit();
    const colleagueName = `c${randomBytes(4).toString('hex')}`;
    const created = await (await adminClient()).post('/api/org/users', { username: colleagueName, displayName: `副所长${colleagueName}`, title: '副所长', tier: 'other', unit: unit.code, password: FRESH_PASSWORD });
    expect(created.status).toBe(201);
    const elsewhere = await freshUnit({ budget: false });
    [staff, head, colleague, finance, stranger] = await Promise.all([
      signIn(baseUrl, unit.staff.username, FRESH_PASSWORD),
      signIn(baseUrl, unit.head.username, FRESH_PASSWORD),
      signIn(baseUrl, colleagueName, FRESH_PASSWORD),
      signIn(baseUrl, 'wangwu', process.env.DEMO_PASSWORD ?? 'demo'),
      signIn(baseUrl, elsewhere.staff.username, FRESH_PASSWORD),
    ]);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const twoSteps = () => [{ step: 'unit-head', group: `unit-head:${unit.code}` }, { step: 'finance', group: 'finance' }];

  /** Files a test subject as the unit's staff member; its approval loop starts at once. */
  async function file(options: { title?: string; amount?: string; chain?: { step: string; group: string }[]; claimId?: string } = {}): Promise<{ id: string; processInstanceId: string; title: string }> {
    const title = options.title ?? `测试单据 ${randomBytes(3).toString('hex')}`;
    const response = await staff.post('/api/e2e-test-subjects', { title, amount: options.amount ?? '800.00', chain: options.chain ?? twoSteps(), ...(options.claimId ? { claimId: options.claimId } : {}) });
    expect(response.status).toBe(201);
    expect(response.body.processInstanceId).toEqual(expect.any(String));
    return { ...response.body, title };
  }

  const openTasks = async (client: Client, subjectId: string): Promise<any[]> => {
    const response = await client.get(`/api/tasks?kind=${TEST_SUBJECT_KIND}&subject=${subjectId}`);
    expect(response.status).toBe(200);
    return response.body.items;
  };
  /** The one open step of the subject in the person's 待办, once it is there. */
  const taskOf = async (client: Client, subjectId: string): Promise<any> => {
    const response = await eventually(() => client.get(`/api/tasks?kind=${TEST_SUBJECT_KIND}&subject=${subjectId}`), (r) => r.status === 200 && r.body.items.length > 0);
    expect(response.body.items).toHaveLength(1);
    return response.body.items[0];
  };
  /** Where the engine ended the instance: the end event it reached, or null while it runs. */
  const endOf = async (processInstanceId: string): Promise<string | null> => {
    const instance = await engine<any>('GET', `/history/process-instance/${processInstanceId}`);
    if (instance.state !== 'COMPLETED') return null;
    const ends = await engine<any[]>('GET', `/history/activity-instance?processInstanceId=${processInstanceId}&activityType=noneEndEvent`);
    return ends.map((a) => a.activityId).join(',');
  };
  const engineTasks = (processInstanceId: string) => engine<any[]>('GET', `/task?processInstanceId=${processInstanceId}`);
  const decisionsOf = (id: string) => kind.decisions.filter((d) => d.id === id).map((d) => d.decision);

  it('is unknown to the stack that runs without the test module: its task list refuses the kind', async () => {
    const refused = await unit.head.get(`/api/tasks?kind=${TEST_SUBJECT_KIND}`);
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/kind/);
    // The app with the module knows it, and every kind of the product besides.
    const known = await head.get(`/api/tasks?kind=${TEST_SUBJECT_KIND}`);
    expect(known.status).toBe(200);
  });

  it("lists a filed subject in the unit head's 待办 with its kind, title, amount, unit and step, and filters it by amount and unit", async () => {
    const big = await file({ amount: '1234.50' });
    const small = await file({ amount: '300.00' });
    const task = await taskOf(head, big.id);
    expect(task).toMatchObject({
      kind: TEST_SUBJECT_KIND,
      subjectId: big.id,
      title: big.title,
      amount: '1234.50',
      unitCode: unit.code,
      unit: unit.name,
      submitter: staff.username,
      status: 'IN_APPROVAL',
      step: 'unit-head',
      taskDefinitionKey: 'approval',
      assignee: null,
      clean: true,
      link: `/e2e-test-subjects/${big.id}`,
    });
    expect(task.due).toEqual(expect.any(String));
    await taskOf(head, small.id);

    const ids = async (query: string) => ((await head.get(`/api/tasks?kind=${TEST_SUBJECT_KIND}&size=100&${query}`)).body.items as any[]).map((t) => t.subjectId);
    const above = await ids('minAmount=1000');
    expect(above).toContain(big.id);
    expect(above).not.toContain(small.id);
    const below = await ids('maxAmount=500');
    expect(below).toContain(small.id);
    expect(below).not.toContain(big.id);
    expect(await ids(`unit=${unit.code}`)).toEqual(expect.arrayContaining([big.id, small.id]));
    expect(await ids('unit=no-such-unit')).toEqual([]);
    // Another kind's filter leaves it out; nobody outside the step's group sees it.
    expect(((await head.get(`/api/tasks?kind=expense-claim&subject=${big.id}`)).body.items as any[])).toEqual([]);
    expect(await openTasks(colleague, big.id)).toEqual([]);
    expect(await openTasks(staff, big.id)).toEqual([]);
  });

  it('offers the holder every operation in the task detail, and nothing to the submitter; a stranger may not open it', async () => {
    const subject = await file();
    const task = await taskOf(head, subject.id);
    const detail = await head.get(`/api/tasks/${task.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.operations).toEqual(['approve', 'reject', 'return', 'transfer', 'delegate', 'add-signer-before', 'add-signer-after', 'copy']);
    expect(detail.body.stepIndex).toBe(0);
    expect(detail.body.chain.map((s: any) => [s.step, s.state])).toEqual([['unit-head', 'current'], ['finance', 'waiting']]);
    expect(detail.body.holders.map((h: any) => h.username)).toContain(head.username);
    expect(detail.body.task).toMatchObject({ kind: TEST_SUBJECT_KIND, subjectId: subject.id, title: subject.title });

    const asSubmitter = await staff.get(`/api/tasks/${task.id}`);
    expect(asSubmitter.status).toBe(200);
    expect(asSubmitter.body.operations).toEqual([]);
    const asStranger = await stranger.get(`/api/tasks/${task.id}`);
    expect(asStranger.status).toBe(403);
    expect(asStranger.body.error).toBe('E2E_SUBJECT_FORBIDDEN');
  });

  it('refuses the submitter their own step, and refuses handing the step to the submitter', async () => {
    const subject = await file();
    const task = await taskOf(head, subject.id);
    const own = await staff.post(`/api/tasks/${task.id}/approve`, { comment: '自己批' });
    expect(own.status).toBe(403);
    expect(own.body.error).toBe('TASK_OWN_SUBMISSION');
    for (const [path, body] of [
      ['transfer', { to: staff.username }],
      ['delegate', { to: staff.username }],
      ['add-signer', { to: staff.username, position: 'after' }],
    ] as const) {
      const refused = await head.post(`/api/tasks/${task.id}/${path}`, body);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ error: 'TASK_TARGET_REFUSED', field: 'to' });
    }
    // Nothing moved: the step is still open to the unit head's group, its chain as filed.
    const [open] = await engineTasks(subject.processInstanceId);
    expect(open).toMatchObject({ id: task.id, assignee: null, taskDefinitionKey: 'approval' });
    expect(kind.records.get(subject.id)!.chain.map((s) => s.step)).toEqual(['unit-head', 'finance']);
    expect(decisionsOf(subject.id)).toEqual([]);
  });

  it('adds a signer after the unit head, walks the chain to finance, returns to the previous step, approves to the end and lists it all under 已办', async () => {
    const subject = await file();
    const first = await taskOf(head, subject.id);
    expect((await head.post(`/api/tasks/${first.id}/add-signer`, { to: colleague.username, position: 'after', comment: '请副所长把关' })).status).toBe(200);
    expect(kind.records.get(subject.id)!.chain.map((s) => s.step)).toEqual(['unit-head', 'added-signer', 'finance']);
    expect(await engine<any>('GET', `/process-instance/${subject.processInstanceId}/variables/approvalSteps`)).toMatchObject({ value: 3 });
    // The step stays with its holder until they approve.
    expect((await taskOf(head, subject.id)).id).toBe(first.id);

    const approved = await head.post(`/api/tasks/${first.id}/approve`, { comment: '同意' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ kind: TEST_SUBJECT_KIND, subjectId: subject.id, decision: 'approve' });
    expect((await engine<any[]>('GET', `/history/task?taskId=${first.id}`))[0]).toMatchObject({ assignee: head.username, deleteReason: 'completed' });
    expect(await openTasks(head, subject.id)).toEqual([]);
    const signerStep = await taskOf(colleague, subject.id);
    expect(signerStep).toMatchObject({ step: 'added-signer', assignee: colleague.username });

    expect((await colleague.post(`/api/tasks/${signerStep.id}/approve`, {})).status).toBe(200);
    const financeStep = await taskOf(finance, subject.id);
    expect(financeStep).toMatchObject({ step: 'finance', assignee: null, kind: TEST_SUBJECT_KIND });
    expect((await finance.get(`/api/tasks/${financeStep.id}`)).body.operations).toContain('return-previous');

    expect((await finance.post(`/api/tasks/${financeStep.id}/return`, { to: 'previous', comment: '请补充说明' })).status).toBe(200);
    const again = await taskOf(colleague, subject.id);
    expect(again).toMatchObject({ step: 'added-signer', assignee: colleague.username });
    expect(await openTasks(finance, subject.id)).toEqual([]);

    expect((await colleague.post(`/api/tasks/${again.id}/approve`, { comment: '已补充' })).status).toBe(200);
    const last = await taskOf(finance, subject.id);
    expect((await finance.post(`/api/tasks/${last.id}/approve`, { comment: '同意' })).status).toBe(200);
    expect(await endOf(subject.processInstanceId)).toBe('approved');
    expect(decisionsOf(subject.id)).toEqual(['approve', 'approve', 'approve', 'approve']);

    const done = async (client: Client) => ((await client.get(`/api/tasks?view=done&kind=${TEST_SUBJECT_KIND}&subject=${subject.id}`)).body.items as any[]);
    const headDone = await done(head);
    expect(headDone.map((d) => [d.operation, d.step])).toEqual([['approve', 'unit-head'], ['add-signer-after', 'unit-head']]);
    expect(headDone[0]).toMatchObject({ kind: TEST_SUBJECT_KIND, subjectId: subject.id, title: subject.title, amount: '800.00', unitCode: unit.code, comment: '同意' });
    expect(headDone[1]).toMatchObject({ target: colleague.username });
    expect((await done(finance)).map((d) => [d.operation, d.step])).toEqual([['approve', 'finance'], ['return-previous', 'finance']]);
    expect((await done(colleague)).map((d) => [d.operation, d.step])).toEqual([['approve', 'added-signer'], ['approve', 'added-signer']]);
  });

  it('adds a signer before the unit head: the signer decides first, then the step comes back to the unit head by name', async () => {
    const subject = await file();
    const task = await taskOf(head, subject.id);
    const added = await head.post(`/api/tasks/${task.id}/add-signer`, { to: colleague.username, position: 'before', comment: '请先把关' });
    expect(added.status).toBe(200);
    expect(kind.records.get(subject.id)!.chain.map((s) => [s.step, s.assignee ?? null])).toEqual([['added-signer', colleague.username], ['unit-head', head.username], ['finance', null]]);
    expect(await openTasks(head, subject.id)).toEqual([]);
    const signerStep = await taskOf(colleague, subject.id);
    expect(signerStep).toMatchObject({ step: 'added-signer', assignee: colleague.username });
    expect((await colleague.get(`/api/tasks/${signerStep.id}`)).body.chain.map((s: any) => s.state)).toEqual(['current', 'waiting', 'waiting']);

    expect((await colleague.post(`/api/tasks/${signerStep.id}/approve`, { comment: '已把关' })).status).toBe(200);
    const back = await taskOf(head, subject.id);
    expect(back).toMatchObject({ step: 'unit-head', assignee: head.username });
    expect((await head.get(`/api/tasks/${back.id}`)).body.operations).toContain('return-previous');
    expect((await head.post(`/api/tasks/${back.id}/approve`, {})).status).toBe(200);
    expect((await taskOf(finance, subject.id)).step).toBe('finance');
    expect(decisionsOf(subject.id)).toEqual(['approve', 'approve']);
  });

  it('delegates a step and has it sent back with an opinion, transfers it, and has finance reject it', async () => {
    const subject = await file();
    const task = await taskOf(head, subject.id);
    expect((await head.post(`/api/tasks/${task.id}/delegate`, { to: colleague.username, comment: '请核实' })).status).toBe(200);

    const delegated = await colleague.get(`/api/tasks/${task.id}`);
    expect(delegated.body.operations).toEqual(['resolve']);
    expect(delegated.body.task.delegatedBy).toBe(head.username);
    expect((await colleague.post(`/api/tasks/${task.id}/approve`, {})).status).toBe(409);
    expect((await head.get(`/api/tasks/${task.id}`)).body.operations).toEqual([]);
    expect((await colleague.post(`/api/tasks/${task.id}/resolve`, { comment: '情况属实' })).status).toBe(200);
    // Back with the delegator, who no longer owns it: the transfer below must take it out of their list.
    expect(await engine<any>('GET', `/task/${task.id}`)).toMatchObject({ assignee: head.username, owner: null, delegationState: 'RESOLVED' });
    const comments = await engine<any[]>('GET', `/task/${task.id}/comment`);
    expect(comments.map((c) => c.message).join('\n')).toMatch(/情况属实/);

    expect((await head.post(`/api/tasks/${task.id}/transfer`, { to: colleague.username, comment: '请代为审批' })).status).toBe(200);
    // The transferor no longer sees the step.
    expect(await openTasks(head, subject.id)).toEqual([]);
    expect((await taskOf(colleague, subject.id)).id).toBe(task.id);
    expect((await head.post(`/api/tasks/${task.id}/approve`, {})).status).toBe(403);
    expect((await colleague.post(`/api/tasks/${task.id}/approve`, { comment: '同意' })).status).toBe(200);

    const financeStep = await taskOf(finance, subject.id);
    expect(financeStep.step).toBe('finance');
    expect((await finance.post(`/api/tasks/${financeStep.id}/reject`, {})).status).toBe(400);
    const rejected = await finance.post(`/api/tasks/${financeStep.id}/reject`, { comment: '不符合规定' });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ subjectId: subject.id, decision: 'reject' });
    expect(await endOf(subject.processInstanceId)).toBe('rejected');
    expect(kind.records.get(subject.id)!.status).toBe('REJECTED');
    expect(decisionsOf(subject.id)).toEqual(['approve', 'reject']);
    expect(((await head.get(`/api/tasks?view=done&kind=${TEST_SUBJECT_KIND}&subject=${subject.id}`)).body.items as any[]).map((d) => d.operation)).toEqual(['transfer', 'delegate']);
  });

  it('returns a subject to its submitter: the revise step is theirs, the kind hears of it, and resubmitting starts the chain again', async () => {
    const subject = await file();
    const task = await taskOf(head, subject.id);
    expect((await head.post(`/api/tasks/${task.id}/return`, {})).status).toBe(400);
    const returned = await head.post(`/api/tasks/${task.id}/return`, { comment: '请补充附件' });
    expect(returned.status).toBe(200);
    expect(returned.body).toMatchObject({ subjectId: subject.id, decision: 'return' });

    const open = await engineTasks(subject.processInstanceId);
    expect(open.map((t) => [t.taskDefinitionKey, t.assignee])).toEqual([['revise', staff.username]]);
    expect(kind.decisions.filter((d) => d.id === subject.id)).toEqual([{ decision: 'return', id: subject.id, status: 'RETURNED' }]);
    expect(await openTasks(head, subject.id)).toEqual([]);
    const revise = await taskOf(staff, subject.id);
    expect(revise).toMatchObject({ taskDefinitionKey: 'revise', status: 'RETURNED', step: null });
    const notAnApproval = await staff.post(`/api/tasks/${revise.id}/approve`, {});
    expect(notAnApproval.status).toBe(409);
    expect(notAnApproval.body.error).toBe('TASK_NOT_AN_APPROVAL');
    expect((await staff.get(`/api/tasks/${revise.id}`)).body.operations).toEqual([]);

    expect((await staff.post(`/api/e2e-test-subjects/${subject.id}/resubmit`)).status).toBe(201);
    const resubmitted = await taskOf(head, subject.id);
    expect(resubmitted).toMatchObject({ taskDefinitionKey: 'approval', step: 'unit-head', status: 'IN_APPROVAL' });
    expect(resubmitted.id).not.toBe(task.id);
  });

  it('copies a subject to a colleague, who may then read it and finds it under 抄送我的 with a notification', async () => {
    const subject = await file();
    await taskOf(head, subject.id);
    expect((await colleague.get(`/api/subjects/${TEST_SUBJECT_KIND}/${subject.id}/related`)).status).toBe(403);

    const copied = await staff.post(`/api/subjects/${TEST_SUBJECT_KIND}/${subject.id}/copy`, { to: [colleague.username], comment: '请知悉' });
    expect(copied.status).toBe(200);
    expect(copied.body).toEqual({ kind: TEST_SUBJECT_KIND, subjectId: subject.id, copiedTo: [colleague.username] });

    const copiedList = async () => ((await colleague.get('/api/tasks?view=copied&size=100')).body.items as any[]).find((i) => i.subjectId === subject.id);
    expect(await copiedList()).toMatchObject({ kind: TEST_SUBJECT_KIND, title: subject.title, copiedBy: staff.username, comment: '请知悉', read: false });
    expect((await colleague.get(`/api/subjects/${TEST_SUBJECT_KIND}/${subject.id}/related`)).status).toBe(200);
    expect((await copiedList()).read).toBe(true);
    const notifications = (await colleague.get('/api/notifications')).body.items as any[];
    expect(notifications.some((n) => n.kind === 'copied' && n.subjectId === subject.id)).toBe(true);

    const byStranger = await stranger.post(`/api/subjects/${TEST_SUBJECT_KIND}/${subject.id}/copy`, { to: [colleague.username] });
    expect(byStranger.status).toBe(403);
    expect(byStranger.body.error).toBe('SUBJECT_OPERATION_FORBIDDEN');
    // The current holder may copy too.
    expect((await head.post(`/api/subjects/${TEST_SUBJECT_KIND}/${subject.id}/copy`, { to: [finance.username] })).status).toBe(200);
  });

  it('urges the current holder once an hour, at the request of the submitter only', async () => {
    const subject = await file();
    const task = await taskOf(head, subject.id);
    const urged = await staff.post(`/api/subjects/${TEST_SUBJECT_KIND}/${subject.id}/urge`, { comment: '急用' });
    expect(urged.status).toBe(200);
    expect(urged.body).toEqual({ kind: TEST_SUBJECT_KIND, subjectId: subject.id, urged: 1 });
    const again = await staff.post(`/api/subjects/${TEST_SUBJECT_KIND}/${subject.id}/urge`, {});
    expect(again.status).toBe(429);
    expect(again.body.error).toBe('URGE_TOO_SOON');
    expect((await stranger.post(`/api/subjects/${TEST_SUBJECT_KIND}/${subject.id}/urge`, {})).status).toBe(403);
    // The holder has approved no earlier step: not theirs to urge.
    expect((await head.post(`/api/subjects/${TEST_SUBJECT_KIND}/${subject.id}/urge`, {})).status).toBe(403);
    await eventually(() => head.get('/api/notifications'), (r) => r.body.items.some((n: any) => n.kind === 'urged' && n.subjectId === subject.id));
    const history = (await staff.get(`/api/subjects/${TEST_SUBJECT_KIND}/${subject.id}/related`)).body.history as any[];
    expect(history.map((h) => [h.operation, h.actor, h.target])).toEqual([['urge', staff.username, expect.stringContaining(head.username)]]);
    expect((await engineTasks(subject.processInstanceId)).map((t) => t.id)).toEqual([task.id]);
  });

  it('batch-approves clean subjects of the kind and answers each task on its own', async () => {
    const oneStep = [{ step: 'unit-head', group: `unit-head:${unit.code}` }];
    const subjects = [await file({ chain: oneStep }), await file({ chain: oneStep })];
    const tasks = await Promise.all(subjects.map((s) => taskOf(head, s.id)));
    expect(tasks.every((t) => t.clean)).toBe(true);

    const byStaff = await staff.post('/api/tasks/batch-approve', { taskIds: [tasks[0].id] });
    expect(byStaff.status).toBe(200);
    expect(byStaff.body).toMatchObject({ approved: 0, results: [{ taskId: tasks[0].id, ok: false, error: { code: 'TASK_OWN_SUBMISSION' } }] });

    const answer = await head.post('/api/tasks/batch-approve', { taskIds: [...tasks.map((t) => t.id), 'no-such-task'], comment: '批量同意' });
    expect(answer.status).toBe(200);
    expect(answer.body.approved).toBe(2);
    expect(answer.body.results.filter((r: any) => r.ok).map((r: any) => r.subjectId).sort()).toEqual(subjects.map((s) => s.id).sort());
    expect(answer.body.results.find((r: any) => r.taskId === 'no-such-task')).toMatchObject({ ok: false, error: { code: 'TASK_NOT_FOUND' } });
    for (const subject of subjects) {
      expect(await endOf(subject.processInstanceId)).toBe('approved');
      expect(decisionsOf(subject.id)).toEqual(['approve']);
    }
    const done = (await head.get(`/api/tasks?view=done&kind=${TEST_SUBJECT_KIND}&size=100`)).body.items as any[];
    expect(done.filter((d) => subjects.some((s) => s.id === d.subjectId)).map((d) => [d.operation, d.comment, d.title])).toEqual(
      expect.arrayContaining(subjects.map((s) => ['approve', '批量同意', s.title])),
    );
  });

  it("shows 关联查询 of a subject: itself, its history, its links and the linked claim's own links; a stranger is refused", async () => {
    const claim = buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '800.00' });
    const filedClaim = await unit.staff.post('/api/claims', claim);
    expect(filedClaim.status).toBe(201);
    const claimId: string = filedClaim.body.id;
    await screened(unit.staff, claimId);

    const subject = await file({ claimId, amount: '456.00' });
    const task = await taskOf(head, subject.id);
    expect((await head.post(`/api/tasks/${task.id}/approve`, { comment: '同意' })).status).toBe(200);
    await taskOf(finance, subject.id);

    const related = await staff.get(`/api/subjects/${TEST_SUBJECT_KIND}/${subject.id}/related`);
    expect(related.status).toBe(200);
    expect(related.body.subject).toMatchObject({ kind: TEST_SUBJECT_KIND, subjectId: subject.id, title: subject.title, amount: '456.00', submitter: staff.username });
    expect(related.body.history.map((h: any) => [h.operation, h.actor, h.step, h.comment])).toEqual([['approve', head.username, 'unit-head', '同意']]);
    const links = related.body.links as any[];
    expect(links.filter((l) => l.hop === 1).map((l) => [l.relation, l.kind, l.id]).sort()).toEqual(
      [['claim', 'expense-claim', claimId], ['reference', null, `REF-${subject.id.slice(0, 8)}`]].sort(),
    );
    expect(links.find((l) => l.relation === 'claim')).toMatchObject({ via: null, link: `/claims/${claimId}`, history: [] });
    const secondHop = links.filter((l) => l.hop === 2);
    expect(secondHop.length).toBeGreaterThan(0);
    expect(secondHop.every((l) => l.via?.kind === 'expense-claim' && l.via?.id === claimId)).toBe(true);
    expect(secondHop.filter((l) => l.relation === 'invoice').map((l) => l.id)).toEqual([claim.invoices[0].number]);
    // The budget feature's links of the claim (its reservation on the line) come along the same way.
    expect(secondHop.map((l) => l.relation)).toContain('ledger-entry');

    const refused = await stranger.get(`/api/subjects/${TEST_SUBJECT_KIND}/${subject.id}/related`);
    expect(refused.status).toBe(403);
    expect((await staff.get(`/api/subjects/${TEST_SUBJECT_KIND}/${randomUUID()}/related`)).status).toBe(404);
    expect((await staff.get(`/api/subjects/no-such-kind/${subject.id}/related`)).status).toBe(404);
  });
});
