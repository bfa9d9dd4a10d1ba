import { createServer, Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { buildExpenseClaim } from './factories/claim.factory';
import { readStack } from './setup/stack';
import { ApiClient, eventually, login, screened } from './support/api';
import { adminClient, FRESH_PASSWORD, freshUnit, FreshUnit, taskFor } from './support/people';

/**
 * Notifications: kept for the bell (new task, copied, approved…), and posted to the outbound webhook
 * the stack is configured with — a failure there is retried and never holds up the approval.
 */
describe('notifications', () => {
  let unit: FreshUnit;
  let colleague: ApiClient;
  let server: Server | undefined;
  const received: { content: string; status: number }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    unit = await freshUnit();
    const username = `n${randomBytes(4).toString('hex')}`;
    expect((await (await adminClient()).post('/api/org/users', { username, displayName: `内勤${username}`, title: '内勤', tier: 'other', unit: unit.code, password: FRESH_PASSWORD })).status).toBe(201);
    colleague = await login(username, FRESH_PASSWORD);
    const webhook = readStack().webhookUrl;
    if (!webhook) throw new Error('the stack has no NOTIFY_WEBHOOK_URL: start it with one (the e2e setup does)');
    const { port } = new URL(webhook);
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        const status = failNext > 0 ? 500 : 200;
        if (failNext > 0) failNext -= 1;
        received.push({ content: (JSON.parse(body) as { text: { content: string } }).text.content, status });
        response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ errcode: 0 }));
      });
    });
    await new Promise<void>((done) => server!.listen(Number(port), '127.0.0.1', done));
  });
  afterAll(async () => new Promise((done) => (server ? server.close(() => done(undefined)) : done(undefined))));

  it('tells the unit head of a new step and the claimant of the approval, in the bell', async () => {
    const submitted = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '600.00' }));
    const claimId = submitted.body.id;
    await screened(unit.staff, claimId);
    const task = await taskFor(unit.head, claimId);
    await eventually(() => unit.head.get('/api/notifications'), (r) => r.body.items.some((n: any) => n.kind === 'new-task' && n.taskId === task.id));
    expect((await unit.head.post(`/api/tasks/${task.id}/approve`, {})).status).toBe(200);
    const approved = await eventually(() => unit.staff.get('/api/notifications'), (r) => r.body.items.some((n: any) => n.kind === 'approved' && n.subjectId === claimId));
    expect(approved.body.unread).toBeGreaterThan(0);
    expect((await unit.staff.post('/api/notifications/read', {})).body.unread).toBe(0);
  });

  it('posts a notification to the webhook, retrying after the channel fails, without holding up the operation', async () => {
    const submitted = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '700.00' }));
    await screened(unit.staff, submitted.body.id);
    failNext = 1_000; // the channel is down
    const started = Date.now();
    expect((await unit.staff.post(`/api/subjects/expense-claim/${submitted.body.id}/copy`, { to: [colleague.username] })).status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    const mine = () => received.filter((r) => r.content.includes(colleague.username));
    await eventually(async () => mine().length, (n) => n >= 1, 30_000);
    failNext = 0; // the channel is back
    await eventually(async () => mine().filter((r) => r.status === 200).length, (n) => n === 1, 60_000);
    expect(mine()[0]).toMatchObject({ status: 500 });
    expect(mine().find((r) => r.status === 200)!.content).toMatch(/抄送/);
  });
});
