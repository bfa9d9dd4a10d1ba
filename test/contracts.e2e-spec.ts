import { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isoDayInChina } from '../src/common/clock';
import { PayablesRegistry } from '../src/payments/payables.registry';
import { attach, contractBody, freshSupplier, FreshSupplier, importedAward, procurementClient, screenedRecord } from './factories/contract.factory';
import { serviceContext } from './support/app-context';
import { ApiClient, eventually, login } from './support/api';
import { financeClient, FISCAL_YEAR, freshUnit, FreshUnit, taskFor } from './support/people';
import { buildRequest, procurementLine, screenedRequest } from './factories/procurement.factory';

const TODAY = isoDayInChina(new Date());

async function approveAll(subjectId: string, approvers: ApiClient[]): Promise<void> {
  for (const approver of approvers) {
    const task = await taskFor(approver, subjectId);
    const decided = await approver.post(`/api/tasks/${task.id}/complete`, { decision: 'approve' });
    if (decided.status !== 200) throw new Error(`${approver.username} could not approve: ${decided.status} ${JSON.stringify(decided.body)}`);
  }
}

async function line30211(unit: FreshUnit): Promise<any> {
  const lines = (await (await financeClient()).get(`/api/budgets?unit=${unit.code}&year=${FISCAL_YEAR}`)).body;
  return lines.find((l: any) => l.subject === '30211');
}

describe('contracts: award → contract → acceptance → payment', () => {
  let luming: ApiClient;
  let wangwu: ApiClient;
  let context: INestApplicationContext;

  beforeAll(async () => {
    luming = await login('luming');
    wangwu = await financeClient();
    context = await serviceContext();
  });
  afterAll(async () => context?.close());

  /** A unit with a supplier, an award of ¥4,000 and a contract drawn from it, reviewed, approved and signed. */
  async function signedContract(): Promise<{ unit: FreshUnit; supplier: FreshSupplier; contract: any }> {
    const unit = await freshUnit();
    const supplier = await freshSupplier({ sme: true });
    const awardId = await importedAward(unit, supplier, '4000.00');
    const created = await unit.staff.post('/api/contracts', contractBody(awardId));
    expect(created.status).toBe(201);
    const screened = await screenedRecord(unit.staff, `/api/contracts/${created.body.id}`);
    expect(screened).toMatchObject({ status: 'IN_APPROVAL', findings: [] });
    await approveAll(created.body.id, [luming, unit.head]);
    await eventually(() => unit.staff.get(`/api/contracts/${created.body.id}`), (r) => r.body.status === 'SIGNING');
    await attach(unit.staff, 'contract', created.body.id, 'signed-contract');
    const signed = await unit.staff.post(`/api/contracts/${created.body.id}/sign`, { signedOn: `${FISCAL_YEAR}-11-30` });
    expect(signed.status).toBe(200);
    const contract = (await eventually(() => unit.staff.get(`/api/contracts/${created.body.id}`), (r) => r.body.status === 'SIGNED')).body;
    return { unit, supplier, contract };
  }

  it('takes a contract from the award through contract review and the unit head to signing, and commits its amount on the line', async () => {
    const unit = await freshUnit();
    const supplier = await freshSupplier();
    const awardId = await importedAward(unit, supplier, '4000.00');
    const before = await line30211(unit);
    const created = await unit.staff.post('/api/contracts', contractBody(awardId));
    expect(created.status).toBe(201);
    const screened = await screenedRecord(unit.staff, `/api/contracts/${created.body.id}`);
    expect(screened).toMatchObject({ status: 'IN_APPROVAL', amount: '4000.00', awardAmount: '4000.00', supplier: { id: supplier.id, creditCode: supplier.creditCode } });
    expect(screened.approvalChain.map((s: any) => s.group)).toEqual(['contract-review', `unit-head:${unit.code}`]);
    // Percent milestones: 30 % and 70 % of ¥4,000, adding up exactly.
    expect(screened.milestones.map((m: any) => [m.name, m.amount])).toEqual([['签订后预付', '1200.00'], ['验收后付清', '2800.00']]);

    // contract-review lands on its task list and reads it first.
    const review = await taskFor(luming, created.body.id);
    expect(review).toMatchObject({ kind: 'contract', subjectId: created.body.id });
    expect((await unit.head.get(`/api/tasks?subject=${created.body.id}`)).body.items).toEqual([]);
    await approveAll(created.body.id, [luming, unit.head]);
    await eventually(() => unit.staff.get(`/api/contracts/${created.body.id}`), (r) => r.body.status === 'SIGNING');

    // Signing needs the signed scan.
    const early = await unit.staff.post(`/api/contracts/${created.body.id}/sign`, { signedOn: `${FISCAL_YEAR}-11-30` });
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('CONTRACT_SIGNED_SCAN_MISSING');
    await attach(unit.staff, 'contract', created.body.id, 'signed-contract');
    expect((await unit.staff.post(`/api/contracts/${created.body.id}/sign`, { signedOn: `${FISCAL_YEAR}-11-30` })).status).toBe(200);
    const signed = (await eventually(() => unit.staff.get(`/api/contracts/${created.body.id}`), (r) => r.body.status === 'SIGNED')).body;
    expect(signed.signedOn).toBe(`${FISCAL_YEAR}-11-30`);
    const after = await line30211(unit);
    expect(Number(after.committed) - Number(before.committed)).toBe(4000);

    // 关联查询 from the contract: its line, its award, and the approval history of each step.
    const related = (await unit.head.get(`/api/subjects/contract/${created.body.id}/related`)).body;
    expect(related.history.map((h: any) => [h.operation, h.actor])).toEqual([['approve', 'luming'], ['approve', unit.head.username]]);
    expect(related.links.map((l: any) => l.relation)).toEqual(expect.arrayContaining(['budget-line', 'award']));
  });

  it('turns the procurement request’s reservation into the contract’s commitment at signing and releases the difference', async () => {
    const unit = await freshUnit();
    const supplier = await freshSupplier();
    const line = await procurementLine(unit);
    const budget = async () => (await wangwu.get(`/api/budgets/${line.id}`)).body;
    const submitted = await unit.staff.post('/api/procurement/requests', buildRequest(line, { items: [{ name: '执法记录仪', quantity: 2, unitPrice: '1500.00' }], quotes: [{ supplier: supplier.name, amount: '3000.00' }] }));
    expect(submitted.status).toBe(201);
    const request = await screenedRequest(unit.staff, submitted.body.id);
    expect(request.status).toBe('IN_APPROVAL');
    await approveAll(submitted.body.id, request.route.map((step: string) => (step === 'unit-head' ? unit.head : wangwu)));
    await eventually(() => unit.staff.get(`/api/procurement/requests/${submitted.body.id}`), (r) => r.body.status === 'APPROVED');
    const awarded = await (await procurementClient()).post(`/api/procurement/requests/${submitted.body.id}/award`, { supplier: supplier.name, amount: '3000.00' });
    expect(awarded.status).toBe(200);
    expect((await budget()).reserved).toBe('3000.00');

    const created = await unit.staff.post('/api/contracts', contractBody(awarded.body.award.id, { amount: '2900.00', signedOn: TODAY, milestones: [{ name: '验收后付清', condition: 'acceptance', amount: '2900.00' }], items: [] }));
    expect(created.status).toBe(201);
    expect((await screenedRecord(unit.staff, `/api/contracts/${created.body.id}`)).status).toBe('IN_APPROVAL');
    await approveAll(created.body.id, [luming, unit.head]);
    await eventually(() => unit.staff.get(`/api/contracts/${created.body.id}`), (r) => r.body.status === 'SIGNING');
    await attach(unit.staff, 'contract', created.body.id, 'signed-contract');
    expect((await unit.staff.post(`/api/contracts/${created.body.id}/sign`, { signedOn: TODAY })).status).toBe(200);
    await eventually(() => unit.staff.get(`/api/contracts/${created.body.id}`), (r) => r.body.status === 'SIGNED');
    expect(await budget()).toMatchObject({ reserved: '0.00', committed: '2900.00' });
  });

  it('records acceptance against the items, marks those at the asset threshold for cards, and publishes asset-accepted', async () => {
    const { unit, contract } = await signedContract();
    const [recorder, card] = contract.items;
    const report = await attach(unit.staff, 'contract', contract.id, 'acceptance-report');
    const accepted = await unit.staff.post(`/api/contracts/${contract.id}/acceptances`, {
      deliveredOn: `${FISCAL_YEAR}-12-01`, acceptedOn: TODAY, acceptedBy: '装备科 张三、李四', reportAttachmentId: report,
      lines: [{ itemId: recorder.id, quantity: 2 }, { itemId: card.id, quantity: 4 }],
    });
    expect(accepted.status).toBe(201);
    expect(accepted.body.lines.map((l: any) => [l.name, l.forAssetCard])).toEqual([['执法记录仪', true], ['存储卡', false]]);
    const view = (await unit.staff.get(`/api/contracts/${contract.id}`)).body;
    expect(view).toMatchObject({ deliveredOn: `${FISCAL_YEAR}-12-01`, acceptedOn: TODAY });
    const dataSource = context.get(DataSource);
    const [event] = await dataSource.query(`SELECT payload FROM business_event WHERE kind = 'asset-accepted' AND source_kind = 'acceptance' AND source_id = $1`, [accepted.body.id]);
    expect(event.payload.lines).toEqual([expect.objectContaining({ amountFen: 300_000, unit: unit.code, economicCode: '30211' })]);
  });

  it('screens payment requests: the condition, the payee account, the contract amount; an approved one is due, paid and booked', async () => {
    const { unit, supplier, contract } = await signedContract();
    const [atSigning, atAcceptance] = contract.milestones;
    const pay = async (milestoneId: string, amount: string, payeeAccount = supplier.account) => {
      const created = await unit.staff.post('/api/contract-payments', { contractId: contract.id, milestoneId, amount, payeeAccount });
      expect(created.status).toBe(201);
      return screenedRecord(unit.staff, `/api/contract-payments/${created.body.id}`);
    };

    const beforeAcceptance = await pay(atAcceptance.id, '2800.00');
    expect(beforeAcceptance).toMatchObject({ status: 'RETURNED', findings: [expect.objectContaining({ ruleId: 'PAY-CONDITION', severity: 'block' })] });

    const wrongAccount = await pay(atSigning.id, '1200.00', '62220000000000000');
    expect(wrongAccount.findings.map((f: any) => f.ruleId)).toEqual(['PAY-PAYEE']);
    expect(wrongAccount.findings[0].facts.paymentPayee).toMatchObject({ registered: supplier.account, given: '62220000000000000' });

    const first = await pay(atSigning.id, '1200.00');
    expect(first).toMatchObject({ status: 'IN_APPROVAL', findings: [] });
    expect(first.approvalChain.map((s: any) => s.group)).toEqual([`unit-head:${unit.code}`, 'finance']);

    // ¥1,200 asked for already: ¥2,800.01 more would pass the contract amount by one fen.
    const report = await attach(unit.staff, 'contract', contract.id, 'acceptance-report');
    expect((await unit.staff.post(`/api/contracts/${contract.id}/acceptances`, { deliveredOn: `${FISCAL_YEAR}-12-01`, acceptedOn: TODAY, acceptedBy: '装备科', reportAttachmentId: report, lines: [] })).status).toBe(201);
    const over = await pay(atAcceptance.id, '2800.01');
    expect(over.findings.map((f: any) => f.ruleId)).toEqual(['PAY-OVER-CONTRACT']);
    expect(over.findings[0].facts.paymentOverContract).toMatchObject({ askedFen: 120_000, thisFen: 280_001, ceilingFen: 400_000, overFen: 1 });
    const last = await pay(atAcceptance.id, '2800.00');
    expect(last.status).toBe('IN_APPROVAL');

    await approveAll(first.id, [unit.head, wangwu]);
    await approveAll(last.id, [unit.head, wangwu]);
    await eventually(() => unit.staff.get(`/api/contract-payments/${last.id}`), (r) => r.body.status === 'APPROVED');
    await eventually(() => unit.staff.get(`/api/contract-payments/${first.id}`), (r) => r.body.status === 'APPROVED');

    // The cashier's batch sees them through the registered payable source, payee from the register.
    const source = context.get(PayablesRegistry).source('contract-payment')!;
    const dataSource = context.get(DataSource);
    const due = await dataSource.transaction((tx) => source.dueOne(tx, first.id));
    expect(due).toMatchObject({ amountFen: 120_000, method: 'authorized', payee: { kind: 'supplier', key: supplier.creditCode, account: supplier.account }, budgetLine: { unit: unit.code, subject: '30211' } });

    await dataSource.transaction((tx) => source.markPaid(tx, first.id, TODAY, { batchId: 'PB-TEST-1', actor: 'qianfang', method: 'authorized' }));
    // A replayed bank result pays nothing twice.
    await dataSource.transaction((tx) => source.markPaid(tx, first.id, TODAY, { batchId: 'PB-TEST-1', actor: 'qianfang', method: 'authorized' }));
    expect((await unit.staff.get(`/api/contract-payments/${first.id}`)).body).toMatchObject({ status: 'PAID', paidOn: TODAY });
    // Paid out of the contract's commitment, once.
    const paidEntries = await dataSource.query(`SELECT amount_fen FROM budget_entry WHERE kind = 'pay' AND operation_key = $1`, [`pay:contract-payment:${first.id}`]);
    expect(paidEntries.map((e: { amount_fen: string }) => Number(e.amount_fen))).toEqual([120_000]);
    const events = await dataSource.query(`SELECT payload FROM business_event WHERE kind = 'contract-payment-paid' AND source_id = $1`, [first.id]);
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({ method: 'authorized', lines: [{ amountFen: 120_000, unit: unit.code, economicCode: '30211', fund: 'basic', supplier: supplier.creditCode }] });
    expect(await dataSource.transaction((tx) => source.dueOne(tx, first.id))).toBeNull();

    await dataSource.transaction((tx) => source.markFailed(tx, last.id, '账户状态异常', { batchId: 'PB-TEST-1', actor: 'qianfang' }));
    expect((await unit.staff.get(`/api/contract-payments/${last.id}`)).body).toMatchObject({ status: 'APPROVED', failureReason: '账户状态异常' });
    expect(await dataSource.transaction((tx) => source.dueOne(tx, last.id))).toMatchObject({ amountFen: 280_000 });

    // 合同执行情况表: paid ¥1,200, ¥2,800 due, nothing next.
    const rows = (await wangwu.get('/api/contracts/execution')).body;
    expect(rows.find((r: any) => r.contractId === contract.id)).toMatchObject({ amountFen: 400_000, paidFen: 120_000, dueFen: 280_000, overdueFen: 0, nextMilestone: null });
    const byUnit = (await wangwu.get('/api/contracts/execution?by=unit')).body;
    expect(byUnit.find((g: any) => g.key === unit.code)).toMatchObject({ contracts: 1, paidFen: 120_000 });
    const sheet = await wangwu.download('/api/contracts/execution/export');
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toContain('spreadsheetml');
  });

  it('fires each contract rule at its boundary: one fen over the award or the 10 % bond, day 31 after the notice', async () => {
    const unit = await freshUnit();
    const supplier = await freshSupplier();
    const awardId = await importedAward(unit, supplier, '4000.00', `${FISCAL_YEAR}-10-30`);
    const submit = async (overrides: Record<string, unknown>) => {
      const created = await unit.staff.post('/api/contracts', contractBody(awardId, overrides));
      expect(created.status).toBe(201);
      return screenedRecord(unit.staff, `/api/contracts/${created.body.id}`);
    };
    const overAward = await submit({ amount: '4000.01', milestones: [{ name: '验收后付清', condition: 'acceptance', amount: '4000.01' }], signedOn: `${FISCAL_YEAR}-11-29` });
    expect(overAward).toMatchObject({ status: 'RETURNED', findings: [expect.objectContaining({ ruleId: 'CTR-OVER-AWARD', severity: 'block' })] });
    expect((await submit({ bond: '400.00', signedOn: `${FISCAL_YEAR}-11-29` })).findings).toEqual([]);
    const bond = await submit({ bond: '400.01', signedOn: `${FISCAL_YEAR}-11-29` });
    expect(bond.findings.map((f: any) => f.ruleId)).toEqual(['CTR-BOND']);
    expect(bond.findings[0].facts.contractBond).toMatchObject({ limitFen: 40_000, bondFen: 40_001 });
    const late = await submit({ signedOn: `${FISCAL_YEAR}-11-30` });
    expect(late).toMatchObject({ status: 'IN_APPROVAL', findings: [expect.objectContaining({ ruleId: 'CTR-LATE-SIGN', severity: 'warn' })] });
    expect(late.findings[0].facts.contractSigning).toMatchObject({ days: 31, limitDays: 30 });
  });

  it('weighs supplements for the same subject together against 10 % of the original', async () => {
    const { unit, contract } = await signedContract();
    const supplement = async (amount: string) => {
      const created = await unit.staff.post('/api/contracts', { supplementOf: contract.id, title: '补充协议', amount, milestones: [{ name: '验收后付清', condition: 'acceptance', amount }] });
      expect(created.status).toBe(201);
      return screenedRecord(unit.staff, `/api/contracts/${created.body.id}`);
    };
    const first = await supplement('400.00');
    expect(first).toMatchObject({ status: 'IN_APPROVAL', findings: [], original: { id: contract.id } });
    const second = await supplement('0.01');
    expect(second.findings.map((f: any) => f.ruleId)).toEqual(['CTR-SUPPLEMENT']);
    expect(second.findings[0].facts.contractSupplements).toMatchObject({ totalFen: 40_001, limitFen: 40_000, others: [{ number: first.number, amountFen: 40_000 }] });
    expect((await unit.staff.get(`/api/contracts/${contract.id}`)).body.supplements.map((s: any) => s.id)).toEqual([first.id, second.id]);
  });

  it('refuses bad input naming the field, storing nothing and starting nothing', async () => {
    const unit = await freshUnit();
    const supplier = await freshSupplier();
    const awardId = await importedAward(unit, supplier, '4000.00');
    const before = await line30211(unit);

    const unbalanced = await unit.staff.post('/api/contracts', contractBody(awardId, { milestones: [{ name: '预付', condition: 'signing', amount: '1000.00' }, { name: '尾款', condition: 'acceptance', amount: '2999.99' }] }));
    expect(unbalanced.status).toBe(400);
    expect(unbalanced.body.fields).toEqual([expect.objectContaining({ field: 'milestones', message: expect.stringContaining('3999.99') })]);
    const unknownAward = await unit.staff.post('/api/contracts', contractBody('6f1c2a52-0000-4000-8000-000000000000'));
    expect(unknownAward.status).toBe(400);
    expect(unknownAward.body.fields.map((f: any) => f.field)).toEqual(['awardId']);
    const badCondition = await unit.staff.post('/api/contracts', contractBody(awardId, { milestones: [{ name: '尾款', condition: 'someday', amount: '4000.00' }] }));
    expect(badCondition.status).toBe(400);
    expect(badCondition.body.fields.map((f: any) => f.field)).toEqual(['milestones[0].condition']);
    expect((await unit.staff.get('/api/contracts')).body).toEqual([]);
    expect(await line30211(unit)).toMatchObject({ reserved: before.reserved, committed: before.committed });

    // A payment of a milestone of another contract.
    const { unit: otherUnit, contract: other } = await signedContract();
    const { contract: mine } = await signedContract();
    const foreign = await otherUnit.staff.post('/api/contract-payments', { contractId: other.id, milestoneId: mine.milestones[0].id, amount: '1200.00', payeeAccount: '62220000000000000' });
    expect(foreign.status).toBe(400);
    expect(foreign.body.fields.map((f: any) => f.field)).toEqual(['milestoneId']);
    expect((await otherUnit.staff.get('/api/contract-payments')).body).toEqual([]);
  });

  it('shows contracts to who may see them: the submitter, the unit head, procurement and contract review, finance — not another unit nor the process administrator', async () => {
    const { unit, contract } = await signedContract();
    const stranger = await freshUnit({ budget: false });
    for (const reader of [unit.staff, unit.head, luming, wangwu, await procurementClient(), await login('zhaoliu'), await login('fengjun')]) {
      expect([reader.username, (await reader.get(`/api/contracts/${contract.id}`)).status]).toEqual([reader.username, 200]);
    }
    for (const outsider of [stranger.staff, stranger.head, await login('admin')]) {
      expect([outsider.username, (await outsider.get(`/api/contracts/${contract.id}`)).status]).toEqual([outsider.username, 403]);
    }
    expect((await stranger.head.get('/api/contracts')).body.some((c: any) => c.id === contract.id)).toBe(false);
    expect((await unit.head.get('/api/contracts')).body.map((c: any) => c.id)).toContain(contract.id);
  });
});
