import { randomUUID } from 'node:crypto';
import { buildTravelClaim } from './factories/claim.factory';
import { readStack } from './setup/stack';
import { ApiClient } from './support/api';
import { approvedRequest, freshUnit, FreshUnit } from './support/people';

/** A submission sent again under the same Idempotency-Key files nothing twice. */
describe('Idempotency-Key on claim and request submission', () => {
  let unit: FreshUnit;
  beforeAll(async () => {
    unit = await freshUnit();
  });

  const send = async (client: ApiClient, method: string, path: string, body: unknown, key: string) => {
    const response = await fetch(readStack().baseUrl + path, {
      method,
      headers: { Authorization: client.authorization(), 'Content-Type': 'application/json', 'Idempotency-Key': key },
      body: JSON.stringify(body),
    });
    return { status: response.status, replayed: response.headers.get('idempotent-replayed'), body: await response.json() };
  };

  it('files one claim for 20 identical submissions at once, and answers a later repeat with the same claim', async () => {
    await approvedRequest(unit, { destination: '杭州', start: '2026-06-01', end: '2026-06-03' });
    const claim = buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, start: '2026-06-01', end: '2026-06-03' });
    const key = randomUUID();

    const answers = await Promise.all(Array.from({ length: 20 }, () => send(unit.staff, 'POST', '/api/claims', claim, key)));

    const created = answers.filter((a) => a.status === 201);
    expect(answers.every((a) => a.status === 201 || (a.status === 409 && a.body.error === 'IDEMPOTENCY_IN_PROGRESS'))).toBe(true);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    const mine = (await unit.staff.get('/api/claims')).body.filter((c: { purpose: string }) => c.purpose === claim.purpose);
    expect(mine).toHaveLength(1);

    const again = await send(unit.staff, 'POST', '/api/claims', claim, key);
    expect(again).toMatchObject({ status: 201, replayed: 'true', body: { id: created[0].body.id } });
  });

  it('refuses the same key for a different submission', async () => {
    const key = randomUUID();
    const request = { traveller: unit.staff.username, destination: '宁波', start: '2026-05-04', end: '2026-05-05', estimate: '300.00', purpose: '调研' };
    const first = await send(unit.staff, 'POST', '/api/travel-requests', request, key);
    expect(first.status).toBe(201);
    const twin = await send(unit.staff, 'POST', '/api/travel-requests', request, key);
    expect(twin).toMatchObject({ status: 201, replayed: 'true', body: { id: first.body.id } });

    const other = await send(unit.staff, 'POST', '/api/travel-requests', { ...request, destination: '温州' }, key);
    expect(other.status).toBe(409);
    expect(other.body.error).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('lets a refused submission be corrected and sent again under the same key', async () => {
    const key = randomUUID();
    const request = { traveller: unit.staff.username, destination: '', start: '2026-05-11', end: '2026-05-12', estimate: '300.00', purpose: '调研' };
    expect((await send(unit.staff, 'POST', '/api/travel-requests', request, key)).status).toBe(400);
    const fixed = await send(unit.staff, 'POST', '/api/travel-requests', { ...request, destination: '宁波' }, key);
    expect(fixed.status).toBe(201);
  });

  it('answers 400 naming the header for a malformed key', async () => {
    const answer = await send(unit.staff, 'POST', '/api/travel-requests', {}, 'short');
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual([{ field: 'Idempotency-Key', message: expect.any(String) }]);
  });
});
