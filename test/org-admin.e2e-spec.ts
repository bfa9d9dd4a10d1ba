import { randomBytes } from 'node:crypto';
import { buildExpenseClaim } from './factories/claim.factory';
import { anonymous, ApiClient, engine, login, screened } from './support/api';
import { adminClient, FRESH_PASSWORD, freshUnit, FreshUnit, taskFor } from './support/people';

/** 组织管理 on the real database and engine: units' invoice identity, groups with their audit trail, and leavers' steps. */
describe('organisation administration', () => {
  let admin: ApiClient;
  let unit: FreshUnit;

  beforeAll(async () => {
    admin = await adminClient();
    unit = await freshUnit({ budget: true });
  });

  async function colleague(groups: { code: string; unit?: string }[] = []): Promise<ApiClient> {
    const username = `o${randomBytes(4).toString('hex')}`;
    const created = await admin.post('/api/org/users', { username, displayName: `同事${username}`, title: '副所长', tier: 'other', unit: unit.code, password: FRESH_PASSWORD, groups });
    expect(created.status).toBe(201);
    return login(username, FRESH_PASSWORD);
  }

  async function claimInApproval(): Promise<string> {
    const submitted = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '800.00' }));
    expect(submitted.status).toBe(201);
    expect((await screened(unit.staff, submitted.body.id)).status).toBe('IN_APPROVAL');
    return submitted.body.id;
  }

  it('lists units with their heads and refuses a credit code whose check character is wrong, naming the field', async () => {
    const units = (await admin.get('/api/org/units')).body as any[];
    expect(units.find((u) => u.code === unit.code)).toMatchObject({ name: unit.name, people: 2, heads: [expect.objectContaining({ username: unit.head.username })], creditCode: '11330782002580471H' });

    const code = `u${randomBytes(4).toString('hex')}`;
    const badNew = await admin.post('/api/org/units', { code, name: `分局${code}`, creditCode: '11330782002580471A' });
    expect(badNew.status).toBe(400);
    expect(badNew.body.fields).toEqual([expect.objectContaining({ field: 'creditCode', message: expect.stringMatching(/校验位/) })]);
    expect((await admin.post('/api/org/units', { code, name: `分局${code}` })).status).toBe(201);

    const wrongCheck = await admin.patch(`/api/org/units/${code}`, { creditCode: '91330100MA27Y8K3P4' });
    expect(wrongCheck.status).toBe(400);
    expect(wrongCheck.body.fields[0].field).toBe('creditCode');
    expect((await admin.get('/api/org/units')).body.find((u: any) => u.code === code).creditCode).toBe('11330782002580471H');

    const changed = await admin.patch(`/api/org/units/${code}`, { invoiceTitle: '义乌市公安局测试分局', creditCode: '91330100MA27Y8K3P3' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ code, invoiceTitle: '义乌市公安局测试分局', creditCode: '91330100MA27Y8K3P3' });
    expect((await admin.patch('/api/org/units/no-such-unit', { name: 'x' })).status).toBe(404);
  });

  it('records granting and revoking finance in the audit trail with the administrator as actor', async () => {
    const person = await colleague();
    const granted = await admin.put(`/api/org/users/${person.username}/groups`, { groups: [{ code: 'finance' }, { code: 'fund-owner' }] });
    expect(granted.status).toBe(200);
    expect(granted.body.groups).toEqual(expect.arrayContaining([{ code: 'finance', unit: null }, { code: 'fund-owner', unit: { code: unit.code, name: unit.name } }]));
    expect((await (await login(person.username, FRESH_PASSWORD)).get('/api/me')).body.groups).toEqual(expect.arrayContaining(['finance', `fund-owner:${unit.code}`]));

    const revoked = await admin.put(`/api/org/users/${person.username}/groups`, { groups: [{ code: 'fund-owner' }] });
    expect(revoked.body.groups).toEqual([{ code: 'fund-owner', unit: { code: unit.code, name: unit.name } }]);
    const trail = (await admin.get(`/api/audit?entity=user_group&actor=admin&limit=50`)).body as any[];
    const personId = granted.body.id;
    const finance = trail.filter((e) => (e.after ?? e.before)?.group_code === 'finance' && (e.after ?? e.before)?.user_id === personId);
    expect(finance.map((e) => e.action).sort()).toEqual(['delete', 'insert']);

    const unknownGroup = await admin.put(`/api/org/users/${person.username}/groups`, { groups: [{ code: 'emperor' }] });
    expect(unknownGroup.status).toBe(400);
    expect(unknownGroup.body.fields[0].field).toBe('groups[0].code');
  });

  it('hands a leaver’s transferred step back to the unit head, and the leaver signs in no more', async () => {
    const leaver = await colleague();
    const claimId = await claimInApproval();
    const task = await taskFor(unit.head, claimId);
    expect((await unit.head.post(`/api/tasks/${task.id}/transfer`, { to: leaver.username, comment: '请代为审批' })).status).toBe(200);

    const deactivated = await admin.post(`/api/org/users/${leaver.username}/deactivate`, {});
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.moved).toEqual([{ taskId: task.id, kind: 'expense-claim', subjectId: claimId, to: unit.head.username }]);
    expect((await engine<any>('GET', `/task/${task.id}`)).assignee).toBe(unit.head.username);
    const timeline = (await unit.staff.get(`/api/claims/${claimId}/progress`)).body.actions as any[];
    expect(timeline.at(-1)).toMatchObject({ operation: 'transfer', actor: expect.objectContaining({ username: 'admin' }), comment: expect.stringMatching(/已停用/) });

    expect((await anonymous.post('/api/auth/login', { username: leaver.username, password: FRESH_PASSWORD })).status).toBe(401);
    expect((await leaver.get('/api/me')).status).toBe(401);
    expect((await unit.head.post(`/api/tasks/${task.id}/approve`, { comment: '同意' })).status).toBe(200);
  });

  it('gives the steps of a unit head who leaves to a deputy chief, and refuses deactivating oneself', async () => {
    const head = await colleague([{ code: 'unit-head' }]);
    const original = unit.head.username;
    // The unit's first head leaves the group, so the new one is its only member.
    expect((await admin.put(`/api/org/users/${original}/groups`, { groups: [] })).status).toBe(200);
    try {
      const claimId = await claimInApproval();
      const task = await taskFor(head, claimId);
      const deactivated = await admin.post(`/api/org/users/${head.username}/deactivate`, {});
      expect(deactivated.status).toBe(200);
      const deputies = ((await admin.get('/api/org/users')).body as any[]).filter((p) => p.groups.some((g: any) => g.code === 'deputy-chief')).map((p) => p.username);
      expect(deactivated.body.moved).toEqual([{ taskId: task.id, kind: 'expense-claim', subjectId: claimId, to: expect.any(String) }]);
      expect(deputies).toContain(deactivated.body.moved[0].to);
    } finally {
      expect((await admin.put(`/api/org/users/${original}/groups`, { groups: [{ code: 'unit-head' }] })).status).toBe(200);
    }
    const self = await admin.post('/api/org/users/admin/deactivate', {});
    expect(self.status).toBe(400);
    expect(self.body).toMatchObject({ error: 'ORG_SELF_DEACTIVATION', field: 'username' });
  });
});
