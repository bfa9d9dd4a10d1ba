import type { Client } from 'pg';
import { buildTravelClaim } from './factories/claim.factory';
import { openDatabase } from './support/database';
import { anonymous, eventually, login, screened } from './support/api';
import { adminClient, approvedRequest, financeClient, freshUnit, FreshUnit, taskFor } from './support/people';

/** Every change leaves a row of who, when, from where, what, before and after, chained by hash. */
describe('audit trail', () => {
  let db: Client;
  let unit: FreshUnit;

  beforeAll(async () => {
    db = await openDatabase();
    unit = await freshUnit();
  });
  afterAll(async () => db?.end());

  const auditOf = async (query: string) => (await (await financeClient()).get(`/api/audit?${query}`)).body as any[];

  it('records a claim filed, screened and decided: who did it, from where, before and after', async () => {
    await approvedRequest(unit, { destination: '杭州', start: '2026-03-02', end: '2026-03-04' });
    const submitted = await unit.staff.post('/api/claims', buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, start: '2026-03-02', end: '2026-03-04' }));
    await screened(unit.staff, submitted.body.id);
    const task = await taskFor(unit.head, submitted.body.id);
    expect((await unit.head.post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意' })).status).toBe(200);

    const rows = await eventually(() => auditOf(`entity=claim&entityId=${submitted.body.id}`), (r) => r.some((row) => row.after?.status === 'APPROVED'));
    const filed = rows.find((row) => row.action === 'insert');
    expect(filed).toMatchObject({ actor: unit.staff.username, address: expect.any(String), before: null, after: { status: 'SCREENING' } });
    expect(rows.some((row) => row.action === 'update' && row.actor.startsWith('worker:'))).toBe(true);
    const decision = (await auditOf(`entity=task&entityId=${task.id}`))[0];
    expect(decision).toMatchObject({ actor: unit.head.username, action: 'task.approve', after: { decision: 'approve', comment: '同意', subjectKind: 'travel-claim', subjectId: submitted.body.id } });
  });

  it('keeps of an update the columns it changed, before and after, not the whole row twice', async () => {
    await approvedRequest(unit, { destination: '杭州', start: '2026-04-06', end: '2026-04-08' });
    const submitted = await unit.staff.post('/api/claims', buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, start: '2026-04-06', end: '2026-04-08' }));
    await screened(unit.staff, submitted.body.id);
    const rows = await eventually(() => auditOf(`entity=claim&entityId=${submitted.body.id}`), (r) => r.some((row) => row.after?.status === 'IN_APPROVAL'));
    expect(rows.find((row) => row.action === 'insert').after).toHaveProperty('document.purpose');
    // The instance id is recorded as the submitter's doing, not an anonymous system change.
    expect(rows.find((row) => row.action === 'update' && row.after?.process_instance_id)).toMatchObject({ actor: unit.staff.username, before: { process_instance_id: null } });
    const routed = rows.find((row) => row.action === 'update' && row.after?.status === 'IN_APPROVAL');
    expect(routed.before).toMatchObject({ status: 'SCREENING' });
    expect(routed.after).toHaveProperty('approval_chain');
    for (const update of rows.filter((row) => row.action === 'update')) {
      expect(Object.keys(update.after)).not.toContain('document');
      expect(Object.keys(update.before).sort()).toEqual(Object.keys(update.after).sort());
    }
  });

  it('records failed sign-ins under the name tried, and people by what they did', async () => {
    expect((await anonymous.post('/api/auth/login', { username: unit.staff.username, password: 'not-it' })).status).toBe(401);
    const attempts = await auditOf(`entity=login_attempt&actor=${unit.staff.username}`);
    expect(attempts[0]).toMatchObject({ action: 'insert', after: { username: unit.staff.username, succeeded: false } });
    expect(attempts[0].after).not.toHaveProperty('password_hash');
  });

  it('refuses to change or remove an audit row', async () => {
    const [{ id }] = (await db.query(`SELECT id FROM audit_event ORDER BY id LIMIT 1`)).rows;
    await expect(db.query(`UPDATE audit_event SET actor = 'someone else' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_event WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
  });

  it('verifies the chain, and finds a row a superuser edited past the trigger', async () => {
    const admin = await adminClient();
    const clean = await admin.get('/api/audit/verify');
    expect(clean.status).toBe(200);
    expect(clean.body).toMatchObject({ ok: true, firstMismatch: null });
    expect(clean.body.checked).toBeGreaterThan(0);

    const [victim] = (await db.query(`SELECT id, seq, after FROM audit_event WHERE seq IS NOT NULL AND entity = 'claim' ORDER BY seq DESC LIMIT 1`)).rows;
    const tamper = async (after: unknown) => {
      await db.query('BEGIN');
      await db.query(`SET LOCAL session_replication_role = replica`);
      await db.query(`UPDATE audit_event SET after = $2 WHERE id = $1`, [victim.id, JSON.stringify(after)]);
      await db.query('COMMIT');
    };
    await tamper({ ...victim.after, status: 'APPROVED', total_fen: 1 });
    try {
      const broken = await admin.get('/api/audit/verify');
      expect(broken.body).toMatchObject({ ok: false, firstMismatch: { id: Number(victim.id), seq: Number(victim.seq), reason: 'hash' } });
    } finally {
      await tamper(victim.after);
    }
    expect((await admin.get('/api/audit/verify')).body.ok).toBe(true);
  });

  it('is open to administrators and finance only', async () => {
    expect((await unit.staff.get('/api/audit')).status).toBe(403);
    expect((await (await login('zhaoliu')).get('/api/audit/verify')).status).toBe(403);
  });
});
