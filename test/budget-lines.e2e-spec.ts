import { buildExpenseClaim } from './factories/claim.factory';
import { screened } from './support/api';
import { financeClient, FISCAL_YEAR, freshUnit, FreshUnit } from './support/people';
import { withRequiredDocuments } from './support/papers';

/** A claim is charged to the line its unit has for the year, subject and fund — or told it has none. */
describe('finding the budget line a claim charges', () => {
  let unit: FreshUnit;
  beforeAll(async () => {
    unit = await freshUnit();
  });

  const findingsOf = (view: { findings: { ruleId: string; severity: string }[] }) => view.findings.map((f) => `${f.ruleId}:${f.severity}`);

  it('returns a claim charged to a subject the unit has no line for with BUD-NO-LINE, not BUD-INSUFFICIENT', async () => {
    const claim = buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '226.00', subject: '30215', date: '2026-10-20' });
    const submitted = await unit.staff.post('/api/claims', await withRequiredDocuments(unit.staff, claim));
    expect(submitted.status).toBe(201);

    const view = await screened(unit.staff, submitted.body.id);

    expect(view.status).toBe('RETURNED');
    expect(findingsOf(view)).toEqual(['BUD-NO-LINE:block']);
    expect(view.findings[0].facts.budgetLine).toMatchObject({ found: false, sought: { subject: '30215', fund: 'basic' } });
  });

  it("finds the unit's one special fund for a subject without its name", async () => {
    const finance = await financeClient();
    const line = await finance.post('/api/budgets', { unit: unit.code, year: FISCAL_YEAR, subject: '30216', fund: 'special', name: '业务培训专项', mode: 'FORBID', allocated: '50000.00' });
    expect(line.status).toBe(201);
    const claim = buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '339.00', subject: '30216', fund: 'special', date: '2026-10-21' });

    const view = await screened(unit.staff, (await unit.staff.post('/api/claims', await withRequiredDocuments(unit.staff, claim))).body.id);

    expect(findingsOf(view).filter((f) => f.startsWith('BUD-'))).toEqual([]);
    expect(view.status).toBe('IN_APPROVAL');
  });
});
