import { contractBody, freshSupplier, importedAward, procurementClient, screenedRecord } from './factories/contract.factory';
import { ApiClient } from './support/api';
import { FISCAL_YEAR, freshUnit, FreshUnit } from './support/people';

/**
 * A contract or a contract payment request that screening returned is revised by its submitter and
 * screened again, as a returned claim is: nobody else revises it, a bad revision changes nothing,
 * and only a returned one can be revised.
 */
describe('revising a returned contract or contract payment', () => {
  let unit: FreshUnit;
  let procurement: ApiClient;

  beforeAll(async () => {
    unit = await freshUnit();
    procurement = await procurementClient();
  });

  it('takes a contract returned for exceeding its award, revised to the award, through screening into approval', async () => {
    const supplier = await freshSupplier();
    const awardId = await importedAward(unit, supplier, '4000.00');
    const created = await unit.staff.post('/api/contracts', contractBody(awardId, { amount: '4000.01' }));
    expect(created.status).toBe(201);
    const returned = await screenedRecord(unit.staff, `/api/contracts/${created.body.id}`);
    expect(returned.status).toBe('RETURNED');
    expect(returned.findings.map((f: any) => f.ruleId)).toEqual(['CTR-OVER-AWARD']);

    const { awardId: _award, ...terms } = contractBody(awardId);
    expect((await unit.head.put(`/api/contracts/${created.body.id}`, terms)).status).toBe(403);
    const unbalanced = await unit.staff.put(`/api/contracts/${created.body.id}`, { ...terms, milestones: [{ name: '一次付清', condition: 'acceptance', amount: '3999.99' }] });
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.body.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining([expect.stringMatching(/^milestones/)]));
    const untouched = (await unit.staff.get(`/api/contracts/${created.body.id}`)).body;
    expect(untouched).toMatchObject({ status: 'RETURNED', amount: '4000.01' });
    expect(untouched.milestones).toHaveLength(2);

    const revised = await unit.staff.put(`/api/contracts/${created.body.id}`, { ...terms, title: '执法记录仪采购合同（修改）', bond: '200.00' });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ id: created.body.id, status: 'SCREENING' });
    const screened = await screenedRecord(unit.staff, `/api/contracts/${created.body.id}`);
    expect(screened).toMatchObject({ status: 'IN_APPROVAL', amount: '4000.00', bond: '200.00', title: '执法记录仪采购合同（修改）', findings: [] });
    expect(screened.approvalChain.map((s: any) => s.group)).toContain('contract-review');
    expect(screened.processInstanceId).not.toBe(returned.processInstanceId);

    const again = await unit.staff.put(`/api/contracts/${created.body.id}`, terms);
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('CONTRACT_NOT_RETURNED');
  });

  it('takes a payment returned because its milestone has not come, revised to the signing milestone, into approval', async () => {
    // Not an SME: the signing milestone lies months back, and PAY-SME-LATE would warn of it.
    const supplier = await freshSupplier({ sme: false });
    const imported = await procurement.post('/api/contracts/import', {
      contracts: [
        { ref: `HT-REV-${unit.code}`, unit: unit.code, budgetLine: { unit: unit.code, subject: '30211', fund: 'basic' }, supplier: supplier.creditCode, amount: '10000.00', awardAmount: '10000.00',
          awardedOn: `${FISCAL_YEAR}-01-05`, signedOn: `${FISCAL_YEAR}-01-10`, milestones: [{ name: '签订后预付', percent: 30, condition: 'signing' }, { name: '验收后付款', percent: 70, condition: 'acceptance' }] },
        { ref: `HT-REV-OTHER-${unit.code}`, unit: unit.code, budgetLine: { unit: unit.code, subject: '30211', fund: 'basic' }, supplier: supplier.creditCode, amount: '500.00', awardAmount: '500.00',
          awardedOn: `${FISCAL_YEAR}-01-05`, signedOn: `${FISCAL_YEAR}-01-10`, milestones: [{ name: '一次付清', percent: 100, condition: 'signing' }] },
      ],
    });
    expect(imported.status).toBe(201);
    const [contract, other] = await Promise.all(imported.body.contracts.map(async (c: any) => (await procurement.get(`/api/contracts/${c.id}`)).body));
    const [atSigning, atAcceptance] = contract.milestones;

    const asked = await unit.staff.post('/api/contract-payments', { contractId: contract.id, milestoneId: atAcceptance.id, amount: '7000.00', payeeAccount: supplier.account });
    expect(asked.status).toBe(201);
    const returned = await screenedRecord(unit.staff, `/api/contract-payments/${asked.body.id}`);
    expect(returned).toMatchObject({ status: 'RETURNED', findings: [expect.objectContaining({ ruleId: 'PAY-CONDITION' })] });

    const elsewhere = await unit.staff.put(`/api/contract-payments/${asked.body.id}`, { milestoneId: other.milestones[0].id, amount: '500.00', payeeAccount: supplier.account });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.fields).toEqual([expect.objectContaining({ field: 'milestoneId' })]);
    expect((await unit.staff.get(`/api/contract-payments/${asked.body.id}`)).body).toMatchObject({ status: 'RETURNED', amount: '7000.00' });
    expect((await unit.head.put(`/api/contract-payments/${asked.body.id}`, { milestoneId: atSigning.id, amount: '3000.00', payeeAccount: supplier.account })).status).toBe(403);

    const revised = await unit.staff.put(`/api/contract-payments/${asked.body.id}`, { milestoneId: atSigning.id, amount: '3000.00', payeeAccount: supplier.account });
    expect(revised.status).toBe(200);
    expect(revised.body).toMatchObject({ id: asked.body.id, status: 'SCREENING' });
    const screened = await screenedRecord(unit.staff, `/api/contract-payments/${asked.body.id}`);
    expect(screened).toMatchObject({ status: 'IN_APPROVAL', amount: '3000.00', milestone: { id: atSigning.id }, findings: [] });
    expect((await unit.staff.put(`/api/contract-payments/${asked.body.id}`, { milestoneId: atSigning.id, amount: '3000.00', payeeAccount: supplier.account })).status).toBe(409);
  });
});
