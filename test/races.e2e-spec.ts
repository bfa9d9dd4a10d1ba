import { buildTravelClaim } from './factories/claim.factory';
import { screened } from './support/api';
import { approvedRequest, freshUnit, FreshUnit, taskFor } from './support/people';

/** Two people acting on one step at once: one succeeds, the other hears 409 — never a 500. */
describe('concurrent decisions', () => {
  let unit: FreshUnit;
  beforeAll(async () => {
    unit = await freshUnit();
  });

  async function claimInApproval(start: string, end: string): Promise<string> {
    await approvedRequest(unit, { destination: '杭州', start, end });
    const submitted = await unit.staff.post('/api/claims', buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, start, end }));
    expect(submitted.status).toBe(201);
    expect((await screened(unit.staff, submitted.body.id)).status).toBe('IN_APPROVAL');
    return submitted.body.id;
  }

  it('answers the second of two simultaneous approvals of one step with 409', async () => {
    const claimId = await claimInApproval('2026-04-06', '2026-04-08');
    const task = await taskFor(unit.head, claimId);

    const answers = await Promise.all([1, 2].map(() => unit.head.post(`/api/tasks/${task.id}/complete`, { decision: 'approve', comment: '同意' })));

    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const loser = answers.find((a) => a.status === 409)!;
    expect(loser.body.message).toMatch(/刷新/);
  });

  it('answers a withdrawal racing an approval with one success and a 409 or 4xx, never a 500', async () => {
    const claimId = await claimInApproval('2026-04-13', '2026-04-15');
    const task = await taskFor(unit.head, claimId);

    const [approve, withdraw] = await Promise.all([
      unit.head.post(`/api/tasks/${task.id}/complete`, { decision: 'approve' }),
      unit.staff.post(`/api/claims/${claimId}/withdraw`),
    ]);

    expect([approve.status, withdraw.status].every((status) => status < 500)).toBe(true);
    expect([approve.status, withdraw.status]).toContain(200);
  });
});
