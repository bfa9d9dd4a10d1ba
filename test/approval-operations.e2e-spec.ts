import { randomBytes } from 'node:crypto';
import { buildExpenseClaim } from './factories/claim.factory';
import { ApiClient, engine, eventually, login, screened } from './support/api';
import { drillApprovalDue } from './support/approval-due';
import { adminClient, financeClient, FRESH_PASSWORD, freshUnit, FreshUnit, taskFor } from './support/people';

/**
 * Every operation of the approval table on the real engine: who holds the step afterwards, what the
 * engine's history and the timeline show, and the refusals (4xx, in Chinese and English).
 */
describe('approval operations', () => {
  let unit: FreshUnit;
  let colleague: ApiClient;
  let finance: ApiClient;

  beforeAll(async () => {
    unit = await freshUnit();
    finance = await financeClient();
    const username = `c${randomBytes(4).toString('hex')}`;
    const created = await (await adminClient()).post('/api/org/users', { username, displayName: `副所长${username}`, title: '副所长', tier: 'other', unit: unit.code, password: FRESH_PASSWORD });
    expect(created.status).toBe(201);
    colleague = await login(username, FRESH_PASSWORD);
  });

  /**
   * An expense claim of the fresh unit in approval; above 5,000 yuan finance approves after the unit
   * head. Charged to 差旅费, no subject of auto-approval, so it waits for a person at any amount.
   */
  async function claimInApproval(amount = '800.00'): Promise<string> {
    const submitted = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount, subject: '30211' }));
    expect(submitted.status).toBe(201);
    expect((await screened(unit.staff, submitted.body.id)).status).toBe('IN_APPROVAL');
    return submitted.body.id;
  }

  const openTask = (client: ApiClient, claimId: string) => taskFor(client, claimId);
  const statusOf = (claimId: string) => eventually(() => unit.staff.get(`/api/claims/${claimId}`), (r) => ['APPROVED', 'REJECTED'].includes(r.body.status)).then((r) => r.body.status);
  const tasksOf = async (client: ApiClient, claimId: string) => (await client.get(`/api/tasks?subject=${claimId}`)).body.items as any[];

  it('returns a claim from finance to the unit head who approved it, and refuses to return from the first step', async () => {
    const claimId = await claimInApproval('6000.00');
    const first = await openTask(unit.head, claimId);
    const fromFirst = await unit.head.post(`/api/tasks/${first.id}/return`, { to: 'previous', comment: '退回上一步' });
    expect(fromFirst.status).toBe(409);
    expect(fromFirst.body).toMatchObject({ error: 'TASK_FIRST_STEP', message: expect.stringMatching(/第一个审批步骤/), messageEn: expect.stringMatching(/first approval step/) });

    expect((await unit.head.post(`/api/tasks/${first.id}/approve`, { comment: '同意' })).status).toBe(200);
    const financeStep = await openTask(finance, claimId);
    expect(financeStep.step).toBe('finance');
    const noReason = await finance.post(`/api/tasks/${financeStep.id}/return`, { to: 'previous' });
    expect(noReason.status).toBe(400);
    expect((await finance.post(`/api/tasks/${financeStep.id}/return`, { to: 'previous', comment: '请补充采购清单' })).status).toBe(200);

    const again = await openTask(unit.head, claimId);
    expect(again).toMatchObject({ assignee: unit.head.username, step: 'unit-head' });
    const history = await engine<any[]>('GET', `/history/task?taskId=${financeStep.id}`);
    expect(history[0]).toMatchObject({ assignee: 'wangwu', deleteReason: 'completed' });
    const progress = (await unit.staff.get(`/api/claims/${claimId}/progress`)).body;
    expect(progress.approvalIndex).toBe(0);
    expect(progress.activities.filter((a: any) => a.activityId === 'approval' && a.decision === 'return-previous')).toHaveLength(1);
  });

  it('transfers a step to a colleague, who then holds it alone, and refuses the submitter and oneself', async () => {
    const claimId = await claimInApproval();
    const task = await openTask(unit.head, claimId);

    const toSubmitter = await unit.head.post(`/api/tasks/${task.id}/transfer`, { to: unit.staff.username });
    expect(toSubmitter.status).toBe(400);
    expect(toSubmitter.body).toMatchObject({ error: 'TASK_TARGET_REFUSED', field: 'to', message: expect.stringMatching(/提交人/), messageEn: expect.stringMatching(/submitter/) });
    expect((await unit.head.post(`/api/tasks/${task.id}/transfer`, { to: unit.head.username })).status).toBe(400);
    expect((await unit.head.post(`/api/tasks/${task.id}/transfer`, { to: 'nobody-such-person' })).status).toBe(400);

    expect((await unit.head.post(`/api/tasks/${task.id}/transfer`, { to: colleague.username, comment: '请代为审批' })).status).toBe(200);
    expect(await tasksOf(unit.head, claimId)).toHaveLength(0);
    expect(await tasksOf(colleague, claimId)).toHaveLength(1);
    expect((await unit.head.post(`/api/tasks/${task.id}/approve`, {})).status).toBe(403);
    expect((await colleague.get(`/api/claims/${claimId}`)).status).toBe(200);

    expect((await colleague.post(`/api/tasks/${task.id}/approve`, { comment: '同意' })).status).toBe(200);
    expect(await statusOf(claimId)).toBe('APPROVED');
    const comments = await engine<any[]>('GET', `/task/${task.id}/comment`);
    const timeline = (await unit.staff.get(`/api/claims/${claimId}/progress`)).body.actions;
    expect(timeline.map((a: any) => [a.operation, a.actor.username, a.targets.map((p: any) => p.username)])).toEqual(
      expect.arrayContaining([['transfer', unit.head.username, [colleague.username]], ['approve', colleague.username, []]]),
    );
    expect(comments.map((c) => c.message).join('\n')).toMatch(/转办给 .*请代为审批/);
  });

  it('delegates a step and has it sent back with an opinion; the delegator decides', async () => {
    const claimId = await claimInApproval();
    const task = await openTask(unit.head, claimId);
    expect((await unit.head.post(`/api/tasks/${task.id}/delegate`, { to: colleague.username, comment: '请核实数量' })).status).toBe(200);

    const delegated = (await colleague.get(`/api/tasks/${task.id}`)).body;
    expect(delegated.operations).toEqual(['resolve']);
    expect(delegated.task.delegatedBy).toBe(unit.head.username);
    const decide = await colleague.post(`/api/tasks/${task.id}/approve`, {});
    expect(decide.status).toBe(409);
    expect((await unit.head.get(`/api/tasks/${task.id}`)).body.operations).toEqual([]);

    expect((await colleague.post(`/api/tasks/${task.id}/resolve`, { comment: '数量属实' })).status).toBe(200);
    const back = await engine<any>('GET', `/task/${task.id}`);
    // Back with the delegator, who no longer owns it: a later transfer takes it out of their list.
    expect(back).toMatchObject({ assignee: unit.head.username, owner: null, delegationState: 'RESOLVED' });
    const comments = await engine<any[]>('GET', `/task/${task.id}/comment`);
    expect(comments.map((c) => c.message).join('\n')).toMatch(/数量属实/);
    expect((await unit.head.post(`/api/tasks/${task.id}/approve`, { comment: '同意' })).status).toBe(200);
    expect(await statusOf(claimId)).toBe('APPROVED');
  });

  it('adds a signer before: the signer approves first, then the step returns to its holder', async () => {
    const claimId = await claimInApproval();
    const task = await openTask(unit.head, claimId);
    expect((await unit.head.post(`/api/tasks/${task.id}/add-signer`, { to: colleague.username, position: 'before', comment: '请先把关' })).status).toBe(200);

    const signerTask = await openTask(colleague, claimId);
    expect(signerTask).toMatchObject({ assignee: colleague.username, step: 'added-signer' });
    expect(await tasksOf(unit.head, claimId)).toHaveLength(0);
    expect((await colleague.post(`/api/tasks/${signerTask.id}/approve`, { comment: '已把关' })).status).toBe(200);

    const back = await openTask(unit.head, claimId);
    expect(back).toMatchObject({ assignee: unit.head.username, step: 'unit-head' });
    expect((await unit.head.post(`/api/tasks/${back.id}/approve`, {})).status).toBe(200);
    expect(await statusOf(claimId)).toBe('APPROVED');
    const chain = (await unit.staff.get(`/api/claims/${claimId}`)).body.approvalChain;
    expect(chain.map((s: any) => s.step)).toEqual(['added-signer', 'unit-head']);
  });

  it('adds a signer after: the signer becomes an extra step once the holder approves', async () => {
    const claimId = await claimInApproval();
    const task = await openTask(unit.head, claimId);
    expect((await unit.head.post(`/api/tasks/${task.id}/add-signer`, { to: unit.staff.username, position: 'after' })).status).toBe(400);
    expect((await unit.head.post(`/api/tasks/${task.id}/add-signer`, { to: colleague.username, position: 'after' })).status).toBe(200);
    expect((await unit.head.post(`/api/tasks/${task.id}/approve`, {})).status).toBe(200);

    const signerTask = await openTask(colleague, claimId);
    expect(signerTask.step).toBe('added-signer');
    expect((await colleague.post(`/api/tasks/${signerTask.id}/approve`, {})).status).toBe(200);
    expect(await statusOf(claimId)).toBe('APPROVED');
  });

  it('copies a claim to a colleague, who may read it and finds it under 抄送我的 with a notification', async () => {
    const claimId = await claimInApproval();
    expect((await colleague.get(`/api/claims/${claimId}`)).status).toBe(403);
    const copied = await unit.staff.post(`/api/subjects/expense-claim/${claimId}/copy`, { to: [colleague.username], comment: '请知悉' });
    expect(copied.status).toBe(200);

    expect((await colleague.get(`/api/claims/${claimId}`)).status).toBe(200);
    const list = (await colleague.get('/api/tasks?view=copied')).body;
    expect(list.items.map((i: any) => i.subjectId)).toContain(claimId);
    const notifications = (await colleague.get('/api/notifications')).body.items;
    expect(notifications.some((n: any) => n.kind === 'copied' && n.subjectId === claimId)).toBe(true);
    expect((await finance.post(`/api/subjects/expense-claim/${claimId}/copy`, { to: [colleague.username] })).status).toBe(403);
  });

  it('urges the current holder once an hour', async () => {
    const claimId = await claimInApproval();
    await openTask(unit.head, claimId);
    expect((await unit.staff.post(`/api/subjects/expense-claim/${claimId}/urge`, { comment: '急用' })).status).toBe(200);
    const again = await unit.staff.post(`/api/subjects/expense-claim/${claimId}/urge`, {});
    expect(again.status).toBe(429);
    expect(again.body.error).toBe('URGE_TOO_SOON');
    const notifications = (await unit.head.get('/api/notifications')).body.items;
    expect(notifications.some((n: any) => n.kind === 'urged' && n.subjectId === claimId)).toBe(true);
    expect((await colleague.post(`/api/subjects/expense-claim/${claimId}/urge`, {})).status).toBe(403);
  });

  it('batch-approves three clean claims and answers each unknown task on its own', async () => {
    const claims = [await claimInApproval(), await claimInApproval(), await claimInApproval()];
    const tasks = await Promise.all(claims.map((id) => openTask(unit.head, id)));
    expect(tasks.every((t) => t.clean)).toBe(true);
    const answer = await unit.head.post('/api/tasks/batch-approve', { taskIds: [...tasks.map((t) => t.id), 'no-such-task'] });
    expect(answer.status).toBe(200);
    expect(answer.body.approved).toBe(3);
    expect(answer.body.results.find((r: any) => r.taskId === 'no-such-task')).toMatchObject({ ok: false, error: { code: 'TASK_NOT_FOUND' } });
    for (const id of claims) expect(await statusOf(id)).toBe('APPROVED');
    const done = (await unit.head.get('/api/tasks?view=done&size=10')).body.items;
    expect(done.filter((d: any) => claims.includes(d.subjectId) && d.operation === 'approve')).toHaveLength(3);
  });

  it('pages the task list and filters it by amount', async () => {
    const claims = [await claimInApproval('300.00'), await claimInApproval('900.00')];
    await Promise.all(claims.map((id) => openTask(unit.head, id)));
    const page = (await unit.head.get(`/api/tasks?unit=${unit.code}&size=1`)).body;
    expect(page.items).toHaveLength(1);
    expect(page.total).toBeGreaterThanOrEqual(2);
    const big = (await unit.head.get(`/api/tasks?unit=${unit.code}&minAmount=500&size=100`)).body.items.map((t: any) => t.subjectId);
    expect(big).toContain(claims[1]);
    expect(big).not.toContain(claims[0]);
    expect((await unit.head.get('/api/tasks?size=1000')).status).toBe(400);
  });

  it("sends a unit head's own travel request to the deputy chief in charge", async () => {
    const request = await unit.head.post('/api/travel-requests', { traveller: unit.head.username, destination: '杭州', start: '2026-12-07', end: '2026-12-08', estimate: '800.00', purpose: '业务培训' });
    expect(request.status).toBe(201);
    const deputy = await login('zhaoliu');
    const task = await taskFor(deputy, request.body.id);
    expect(task.kind).toBe('travel-request');
    expect(await tasksOf(unit.head, request.body.id)).toHaveLength(0);
    expect((await deputy.post(`/api/tasks/${task.id}/transfer`, { to: unit.head.username })).status).toBe(400);
  });

  describe('a step overdue', () => {
    let restore: () => Promise<void>;
    beforeAll(async () => {
      restore = await drillApprovalDue(2);
    });
    afterAll(async () => restore?.());

    it('reminds the holder when the step falls due and escalates it to the deputy chief a period later', async () => {
      const claimId = await claimInApproval();
      const task = await openTask(unit.head, claimId);
      await eventually(() => unit.head.get('/api/notifications'), (r) => r.body.items.some((n: any) => n.kind === 'overdue' && n.subjectId === claimId), 90_000);
      const deputy = await login('zhaoliu');
      await eventually(() => deputy.get('/api/notifications'), (r) => r.body.items.some((n: any) => n.kind === 'escalated' && n.subjectId === claimId), 90_000);
      const view = (await unit.head.get(`/api/tasks/${task.id}`)).body.task;
      expect(view).toMatchObject({ overdue: true, escalated: true });
      const overdueOnly = (await unit.head.get(`/api/tasks?overdue=true&subject=${claimId}`)).body.items;
      expect(overdueOnly.map((t: any) => t.id)).toEqual([task.id]);
      // The step is still the holder's to decide.
      expect((await unit.head.post(`/api/tasks/${task.id}/approve`, {})).status).toBe(200);
    });
  });
});
