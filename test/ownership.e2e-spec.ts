import { buildTravelClaim } from './factories/claim.factory';
import { login } from './support/api';
import { approvedRequest, financeClient, freshUnit, FreshUnit } from './support/people';

/**
 * Staff file for their own unit only — its budget lines and its travellers — every date is a real
 * day, and budget lines are seen as "Who sees what" in the product brief says.
 */
describe('claims stay within the claimant unit, with real dates', () => {
  let own: FreshUnit;
  let other: FreshUnit;

  beforeAll(async () => {
    [own, other] = await Promise.all([freshUnit(), freshUnit()]);
  });

  const countOwnClaims = async () => (await own.staff.get('/api/claims')).body.length;

  it("refuses a claim charged to another unit's budget line, naming the field, and stores nothing", async () => {
    const before = await countOwnClaims();
    const claim = buildTravelClaim({ claimant: own.staff.username, unit: other.name, start: '2026-07-01', end: '2026-07-03' });

    const refused = await own.staff.post('/api/claims', claim);

    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([{ field: 'budgetLine.unit', message: expect.stringContaining('只能报销本单位') }]);
    expect(await countOwnClaims()).toBe(before);
  });

  it('refuses a trip whose traveller belongs to another unit, even with an approved request', async () => {
    await approvedRequest(other, { destination: '杭州', start: '2026-07-06', end: '2026-07-08' });
    const claim = buildTravelClaim({ claimant: own.staff.username, unit: own.name, start: '2026-07-06', end: '2026-07-08' });
    claim.trips[0].traveller = other.staff.username;
    const before = await countOwnClaims();

    const refused = await own.staff.post('/api/claims', claim);

    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([{ field: 'trips[0].traveller', message: expect.stringContaining('不是本单位人员') }]);
    expect(await countOwnClaims()).toBe(before);
  });

  it.each(['2026-02-30', '2026-04-31', '0000-01-01'])('answers 400 naming the field for the impossible date %s, on claims, requests and standards', async (day) => {
    const claim = buildTravelClaim({ claimant: own.staff.username, unit: own.name, start: '2026-07-10', end: '2026-07-12' });
    claim.invoices[0].date = day;
    const onClaim = await own.staff.post('/api/claims', claim);
    expect(onClaim.status).toBe(400);
    expect(onClaim.body.fields).toContainEqual({ field: 'invoices[0].date', message: expect.stringContaining('YYYY-MM-DD') });

    const onRequest = await own.staff.post('/api/travel-requests', { traveller: own.staff.username, destination: '杭州', start: day, end: '2026-07-12', estimate: '100.00', purpose: '培训' });
    expect(onRequest.status).toBe(400);
    expect(onRequest.body.fields.map((f: { field: string }) => f.field)).toContain('start');

    const onStandards = await own.staff.get(`/api/standards?on=${day}`);
    expect(onStandards.status).toBe(400);
    expect(onStandards.body.fields).toEqual([{ field: 'on', message: expect.any(String) }]);
  });

  it("shows staff their own unit's lines only, the ledger to the unit head and finance, and no budget to a process administrator", async () => {
    const finance = await financeClient();
    const [ownLine] = (await finance.get(`/api/budgets?unit=${own.code}`)).body;
    const [otherLine] = (await finance.get(`/api/budgets?unit=${other.code}`)).body;

    const mine = await own.staff.get('/api/budgets');
    expect(mine.status).toBe(200);
    expect(new Set(mine.body.map((line: { unitCode: string }) => line.unitCode))).toEqual(new Set([own.code]));
    expect((await own.staff.get(`/api/budgets?unit=${other.code}`)).status).toBe(403);
    expect((await own.staff.get(`/api/budgets/${otherLine.id}`)).status).toBe(403);
    expect((await own.staff.get(`/api/budgets/${ownLine.id}`)).status).toBe(200);
    expect((await own.staff.get(`/api/budgets/${ownLine.id}/ledger`)).status).toBe(403);
    expect((await own.head.get(`/api/budgets/${ownLine.id}/ledger`)).status).toBe(200);
    expect((await own.head.get(`/api/budgets/${otherLine.id}/ledger`)).status).toBe(403);
    expect((await finance.get(`/api/budgets/${otherLine.id}/ledger`)).status).toBe(200);
    expect((await (await login('zhaoliu')).get(`/api/budgets/${otherLine.id}`)).status).toBe(200);
    expect((await (await login('admin')).get('/api/budgets')).status).toBe(403);
  });
});
