import { addDays } from '../src/common/days';
import { isoDayInChina } from '../src/common/clock';
import { contractBody, freshSupplier, importedAward, procurementClient, screenedRecord } from './factories/contract.factory';
import { buildRequest, procurementLine, screenedRequest, suppliers } from './factories/procurement.factory';
import { ApiClient } from './support/api';
import { adminClient, freshUnit, FreshUnit } from './support/people';

const TODAY = isoDayInChina(new Date());

/**
 * The dry run of the money chain's own rule sets replays their latest records — procurement
 * requests, contracts, contract payments — against the proposal, not claims: a proposal that
 * changes a threshold changes the findings of a stored record, and nothing is stored.
 */
describe('dry runs of the procurement, contract and contract-payment rule sets', () => {
  let admin: ApiClient;
  let unit: FreshUnit;

  beforeAll(async () => {
    admin = await adminClient();
    unit = await freshUnit();
  });

  /** The set in force with its data changed, as the rule admin page sends it. */
  async function proposal(set: string, data: (current: Record<string, any>) => Record<string, unknown>) {
    const { inForce } = (await admin.get(`/api/rules/${set}`)).body;
    return { effectiveFrom: '2099-01-01', data: data(inForce.data), rules: inForce.rules, dryRun: 50 };
  }

  async function versions(set: string): Promise<number> {
    return (await admin.get(`/api/rules/${set}`)).body.versions.length;
  }

  it('replays the latest procurement requests: a lower concentration count marks the proposed award of a stored request', async () => {
    const line = await procurementLine(unit);
    const [supplier] = await suppliers(1);
    const submitted = await unit.staff.post('/api/procurement/requests', buildRequest(line, { category: 'A020210', items: [{ name: '碎纸机', quantity: 10, unitPrice: '1500.00' }], supplier: supplier.name, amount: '15000.00' }));
    expect(submitted.status).toBe(201);
    expect((await screenedRequest(unit.staff, submitted.body.id)).findings).toEqual([]);

    const stored = await versions('procurement');
    const unchanged = await admin.post('/api/rules/procurement/dry-run', await proposal('procurement', (data) => data));
    expect(unchanged.status).toBe(200);
    expect(unchanged.body).toMatchObject({ kind: 'procurement-request', changed: 0, claims: 0 });
    expect(unchanged.body.records).toBeGreaterThan(0);

    const dry = await admin.post('/api/rules/procurement/dry-run', await proposal('procurement', (data) => ({ ...data, concentration: { ...data.concentration, minAwards: 1 } })));
    expect(dry.status).toBe(200);
    expect(dry.body.kind).toBe('procurement-request');
    expect(dry.body.changes).toContainEqual(expect.objectContaining({ kind: 'procurement-request', recordId: submitted.body.id, submitter: unit.staff.username, added: ['PROC-SUPPLIER-CONCENTRATION'], removed: [] }));
    expect(dry.body.byRule['PROC-SUPPLIER-CONCENTRATION'].after).toBeGreaterThan(dry.body.byRule['PROC-SUPPLIER-CONCENTRATION'].before);
    expect(await versions('procurement')).toBe(stored);
  });

  it('replays the latest contracts: a lower bond ceiling flags a stored contract’s bond (CTR-BOND)', async () => {
    const supplier = await freshSupplier();
    const awardId = await importedAward(unit, supplier, '4000.00');
    const created = await unit.staff.post('/api/contracts', contractBody(awardId, { bond: '320.00' }));
    expect(created.status).toBe(201);
    expect((await screenedRecord(unit.staff, `/api/contracts/${created.body.id}`)).findings).toEqual([]);

    const dry = await admin.post('/api/rules/contract/dry-run', await proposal('contract', (data) => ({ ...data, bondMaxPct: 5 })));
    expect(dry.status).toBe(200);
    expect(dry.body.kind).toBe('contract');
    expect(dry.body.changes).toContainEqual(expect.objectContaining({ kind: 'contract', recordId: created.body.id, added: ['CTR-BOND'], removed: [] }));
    expect(dry.body.changes.find((c: any) => c.recordId === created.body.id).label).toContain('执法记录仪采购合同');
  });

  it('replays the latest contract payments: a shorter SME payment term makes a stored payment late (PAY-SME-LATE)', async () => {
    const supplier = await freshSupplier({ sme: true });
    const imported = await (await procurementClient()).post('/api/contracts/import', {
      contracts: [{
        ref: `HT-DRY-${unit.code}`, unit: unit.code, budgetLine: { unit: unit.code, subject: '30211', fund: 'basic' }, supplier: supplier.creditCode, amount: '10000.00', awardAmount: '10000.00',
        awardedOn: addDays(TODAY, -25), signedOn: addDays(TODAY, -20), deliveredOn: addDays(TODAY, -6), acceptedOn: addDays(TODAY, -5),
        milestones: [{ name: '验收后付款', percent: 100, condition: 'acceptance' }],
      }],
    });
    expect(imported.status).toBe(201);
    // Any member of the unit asks for its contracts' payments; procurement reads the imported contract.
    const contract = (await (await procurementClient()).get(`/api/contracts/${imported.body.contracts[0].id}`)).body;
    const asked = await unit.staff.post('/api/contract-payments', { contractId: contract.id, milestoneId: contract.milestones[0].id, amount: '10000.00', payeeAccount: supplier.account });
    expect(asked.status).toBe(201);
    expect((await screenedRecord(unit.staff, `/api/contract-payments/${asked.body.id}`)).findings).toEqual([]);

    const dry = await admin.post('/api/rules/contract-payment/dry-run', await proposal('contract-payment', (data) => ({ ...data, defaultTermDays: 1, maxTermDays: 1 })));
    expect(dry.status).toBe(200);
    expect(dry.body.kind).toBe('contract-payment');
    expect(dry.body.changes).toContainEqual(expect.objectContaining({ kind: 'contract-payment', recordId: asked.body.id, added: ['PAY-SME-LATE'], removed: [] }));
  });
});
