import type { Client } from 'pg';
import { buildTravelClaim } from './factories/claim.factory';
import { engine, screened } from './support/api';
import { approvedRequest, freshUnit, FreshUnit } from './support/people';
import { openDatabase } from './support/database';

/** The Form.io definitions in forms/ are the contract the server holds every submission to. */
describe('forms as the contract', () => {
  let db: Client;
  let unit: FreshUnit;

  beforeAll(async () => {
    db = await openDatabase();
    unit = await freshUnit();
  });
  afterAll(async () => db?.end());

  const claimFor = (overrides: { start?: string; end?: string } = {}) =>
    buildTravelClaim({ claimant: unit.staff.username, unit: unit.name, start: overrides.start, end: overrides.end });

  it('serves the form in force, and a claim records the version it was filed with', async () => {
    const form = await unit.staff.get('/api/forms/travel-claim');
    expect(form.status).toBe(200);
    expect(form.body).toMatchObject({ name: 'travel-claim', version: expect.any(Number), definition: { components: expect.any(Array) } });
    await approvedRequest(unit, { destination: '杭州', start: '2026-10-13', end: '2026-10-15' });
    const submitted = await unit.staff.post('/api/claims', claimFor());
    expect(submitted.status).toBe(201);
    const view = await screened(unit.staff, submitted.body.id);
    expect(view.formVersion).toBe(form.body.version);
  });

  it('answers 404 for a form that does not exist', async () => {
    const missing = await unit.staff.get('/api/forms/no-such-form');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('FORM_NOT_FOUND');
  });

  it('refuses a submission the form in force refuses, naming the field, and stores and starts nothing', async () => {
    // An administrator makes the invoice city required: a new version of the form, no code change.
    const current = (await unit.staff.get('/api/forms/travel-claim')).body;
    const stricter = structuredClone(current.definition);
    const invoices = stricter.components.find((c: { key: string }) => c.key === 'invoices');
    invoices.components.find((c: { key: string }) => c.key === 'city').validate.required = true;
    await db.query(`INSERT INTO form_version (name, version, definition, created_by) VALUES ('travel-claim', $1, $2, 'e2e')`, [current.version + 1, JSON.stringify(stricter)]);
    try {
      const claim = claimFor({ start: '2026-09-01', end: '2026-09-03' });
      delete (claim.invoices[0] as { city?: string }).city;
      const claimsBefore = await countClaims(unit.staff.username);
      const instancesBefore = await engine<{ count: number }>('GET', '/history/process-instance/count?processDefinitionKey=travel-claim');

      const refused = await unit.staff.post('/api/claims', claim);

      expect(refused.status).toBe(400);
      expect(refused.body.fields).toEqual([{ field: 'invoices[0].city', message: expect.stringContaining('开票城市必填') }]);
      expect(refused.body.fields[0].message).toContain('invoices[0].city is required');
      expect(await countClaims(unit.staff.username)).toBe(claimsBefore);
      expect(await engine('GET', '/history/process-instance/count?processDefinitionKey=travel-claim')).toEqual(instancesBefore);
    } finally {
      // Versions are never removed: the one before goes back in force as the next version.
      await db.query(`INSERT INTO form_version (name, version, definition, created_by) VALUES ('travel-claim', $1, $2, 'e2e')`, [current.version + 2, JSON.stringify(current.definition)]);
    }
  });

  it('takes an empty lodging invoice as no invoice, so the lodging is not reimbursed (STD-NO-LODGING-INVOICE)', async () => {
    await approvedRequest(unit, { destination: '杭州', start: '2026-08-10', end: '2026-08-12' });
    const claim = claimFor({ start: '2026-08-10', end: '2026-08-12' });
    claim.trips[0].lodging[0].invoice = '';
    claim.invoices = [];

    const submitted = await unit.staff.post('/api/claims', claim);

    expect(submitted.status).toBe(201);
    const view = await screened(unit.staff, submitted.body.id);
    expect(view.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('STD-NO-LODGING-INVOICE');
    expect(view.document.trips[0].lodging[0]).not.toHaveProperty('invoice');
  });

  async function countClaims(username: string): Promise<number> {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM claim c JOIN app_user u ON u.id = c.claimant_id WHERE u.username = $1`, [username]);
    return rows[0].n;
  }
});
