import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ApiClient, engine, login } from './support/api';
import { readStack } from './setup/stack';
import { adminClient } from './support/people';
import { copyOf, SHIPPED_EXPENSE as SHIPPED, withReview } from './factories/process.factory';

/** A BPMN download: XML, not JSON. */
async function bpmnOf(client: ApiClient, path: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${readStack().baseUrl}${path}`, { headers: { Authorization: client.authorization() } });
  return { status: response.status, text: await response.text() };
}

describe('process administration', () => {
  it('lists the process definitions with their versions and running instances', async () => {
    const admin = await adminClient();
    const list = (await admin.get('/api/processes')).body;
    const expense = list.find((p: any) => p.key === 'expense-claim');
    expect(expense.versions[0]).toMatchObject({ version: expect.any(Number), runningInstances: expect.any(Number), deployedAt: expect.any(String) });
    const xml = await bpmnOf(admin, `/api/processes/expense-claim/versions/${expense.versions[0].version}/xml`);
    expect(xml.status).toBe(200);
    expect(xml.text).toContain('<bpmn:process id="expense-claim"');
    const topics = (await admin.get('/api/processes/topics')).body;
    expect(topics).toEqual(expect.arrayContaining(['invoice-check', 'route', 'approval-deadline']));
  });

  it('lints every shipped flow clean through the modeler\'s own check: no errors, no warnings', async () => {
    const admin = await adminClient();
    const dir = resolve(__dirname, '..', 'processes');
    for (const name of readdirSync(dir).filter((file) => file.endsWith('.bpmn'))) {
      const lint = (await admin.post('/api/processes/lint', { xml: readFileSync(join(dir, name), 'utf8') })).body;
      expect({ name, ...lint }).toEqual({ name, problems: [], parseError: null });
    }
  });

  it('flags a user task nobody holds and a topic no worker serves, and deploys only once they are fixed', async () => {
    const admin = await adminClient();
    const key = `expense-claim-e2e-${randomBytes(3).toString('hex')}`;
    const unheld = copyOf(key, (xml) => withReview('')(xml).replace('camunda:topic="invoice-check"', 'camunda:topic="invoice-check-typo"'));
    const lint = (await admin.post('/api/processes/lint', { xml: unheld })).body;
    expect(lint.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: 'political-review', rule: 'jingbao/user-task-holder', category: 'error' }),
      expect.objectContaining({ id: 'invoice-check', rule: 'jingbao/topic-served', category: 'error' }),
    ]));
    const refused = await admin.post('/api/processes/deploy', { xml: unheld });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'PROCESS_REFUSED', message: expect.stringMatching(/未部署/) });
    expect((await admin.get('/api/processes')).body.some((p: any) => p.key === key)).toBe(false);

    const first = await admin.post('/api/processes/deploy', { xml: copyOf(key) });
    expect(first.status).toBe(201);
    const second = await admin.post('/api/processes/deploy', { xml: copyOf(key, withReview('camunda:candidateGroups="finance"')) });
    expect(second.status).toBe(201);
    expect(second.body.version).toBe(first.body.version + 1);
    const deployed = await bpmnOf(admin, `/api/processes/${key}/versions/${second.body.version}/xml`);
    expect(deployed.text).toContain('id="political-review"');
    const definition = await engine<any>('GET', `/process-definition/key/${key}`);
    expect(definition.version).toBe(second.body.version);
  });

  it('is closed to everyone but process administrators', async () => {
    const staff = await login('zhangsan');
    const finance = await login('wangwu');
    for (const client of [staff, finance]) {
      expect((await client.get('/api/processes')).status).toBe(403);
      expect((await client.post('/api/processes/lint', { xml: SHIPPED })).status).toBe(403);
      expect((await client.post('/api/processes/deploy', { xml: SHIPPED })).status).toBe(403);
    }
  });
});
