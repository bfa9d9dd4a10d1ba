import { buildExpenseClaim } from './factories/claim.factory';
import { ApiClient } from './support/api';
import { adminClient, freshUnit, FreshUnit } from './support/people';

/** Walks a definition's components, grids and columns, calling `visit` on each. */
function eachComponent(components: any[], visit: (component: any) => void): void {
  for (const component of components ?? []) {
    visit(component);
    eachComponent(component.components, visit);
    for (const column of component.columns ?? []) eachComponent(column.components, visit);
  }
}

/**
 * A process administrator edits a form: the edit is the next version, in force for new submissions
 * on the server as in the browser; a version that drops a key the claim document needs is refused.
 */
describe('form administration', () => {
  let admin: ApiClient;
  let unit: FreshUnit;
  let original: any;

  beforeAll(async () => {
    admin = await adminClient();
    unit = await freshUnit();
    original = (await admin.get('/api/forms/expense-claim')).body.definition;
  });
  afterAll(async () => {
    // The edited form stays a version in the history; the next one is the original again.
    await admin.put('/api/forms/expense-claim', { definition: original });
  });

  it("makes an invoice's city required: the form in force says so and the server refuses a claim without it", async () => {
    const edited = structuredClone(original);
    eachComponent(edited.components, (c) => {
      if (c.key === 'city') c.validate = { ...(c.validate ?? {}), required: true };
    });
    const stored = await admin.put('/api/forms/expense-claim', { definition: edited });
    expect(stored.status).toBe(200);
    const inForce = (await unit.staff.get('/api/forms/expense-claim')).body;
    expect(inForce.version).toBe(stored.body.version);
    let required = false;
    eachComponent(inForce.definition.components, (c) => (required ||= c.key === 'city' && c.validate?.required === true));
    expect(required).toBe(true);

    const refused = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '300.00' }));
    expect(refused.status).toBe(400);
    expect(refused.body.fields.map((f: any) => f.field)).toContain('invoices[0].city');

    await admin.put('/api/forms/expense-claim', { definition: original });
    const accepted = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '300.00' }));
    expect(accepted.status).toBe(201);
  });

  it('refuses a version that drops a key the claim document needs, naming it', async () => {
    const dropped = structuredClone(original);
    eachComponent(dropped.components, (c) => {
      if (c.key === 'payee') c.key = 'supplier';
    });
    const refused = await admin.put('/api/forms/expense-claim', { definition: dropped });
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'items[].payee', message: expect.stringMatching(/不能删除或改名/) })]);
  });

  it('is open to process administrators only', async () => {
    expect((await unit.staff.put('/api/forms/expense-claim', { definition: original })).status).toBe(403);
    expect((await (await adminClient()).put('/api/forms/no-such-form', { definition: original })).status).toBe(404);
  });
});
