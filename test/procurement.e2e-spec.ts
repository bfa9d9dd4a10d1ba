import { buildRequest, procurementLine, reservedOn, screenedRequest, suppliers } from './factories/procurement.factory';
import { ApiClient, eventually, login } from './support/api';
import { financeClient, FISCAL_YEAR, freshUnit, FreshUnit, taskFor } from './support/people';

const ruleIds = (view: { findings: { ruleId: string }[] }) => view.findings.map((f) => f.ruleId).sort();

describe('procurement requests', () => {
  let unit: FreshUnit;
  let line: Awaited<ReturnType<typeof procurementLine>>;
  let quoting: Awaited<ReturnType<typeof suppliers>>;
  let procurement: ApiClient;

  beforeAll(async () => {
    unit = await freshUnit({ budget: false });
    line = await procurementLine(unit);
    quoting = await suppliers(3);
    procurement = await login('hesong');
  });

  const threeQuotes = (amounts = ['71800.00', '72600.00', '73900.00']) => quoting.map((s, i) => ({ supplier: s.name, amount: amounts[i] }));

  it('reserves the estimate, screens, walks the chain, takes quotes and an award, and releases the difference', async () => {
    const before = Number(await reservedOn(line.id));
    const submitted = await unit.staff.post('/api/procurement/requests', buildRequest(line, { quotes: threeQuotes() }));
    expect(submitted.body).toMatchObject({ status: 'SCREENING' });
    expect(submitted.body.proposal).toMatchObject({ tier: 'self', proposed: 'self', quotesNeeded: 3 });
    expect(Number(await reservedOn(line.id)) - before).toBe(72000);

    const screened = await screenedRequest(unit.staff, submitted.body.id);
    expect(screened.status).toBe('IN_APPROVAL');
    expect(screened.findings).toEqual([]);
    expect(screened.route).toEqual(['unit-head', 'finance']);

    await unit.head.post(`/api/tasks/${(await taskFor(unit.head, submitted.body.id)).id}/complete`, { decision: 'approve' });
    const finance = await financeClient();
    await finance.post(`/api/tasks/${(await taskFor(finance, submitted.body.id)).id}/complete`, { decision: 'approve' });
    await eventually(() => unit.staff.get(`/api/procurement/requests/${submitted.body.id}`), (r) => r.body.status === 'APPROVED');

    const awarded = await procurement.post(`/api/procurement/requests/${submitted.body.id}/award`, { supplier: quoting[0].name, amount: '71800.00', noticeOn: `${FISCAL_YEAR}-12-31` });
    expect(awarded.status).toBe(200);
    expect(awarded.body.status).toBe('AWARDED');
    expect(awarded.body.award).toMatchObject({ supplier: quoting[0].name, amount: '71800.00', requestId: submitted.body.id, source: 'request' });
    expect(awarded.body.reserved).toBe('71800.00');
    expect(Number(await reservedOn(line.id)) - before).toBe(71800);
  });

  it('refuses an award above the estimate or to a supplier that did not quote', async () => {
    const id = await approvedRequest({ quotes: threeQuotes() });
    const [outsider] = await suppliers(1);
    const above = await procurement.post(`/api/procurement/requests/${id}/award`, { supplier: quoting[0].name, amount: '72000.01' });
    expect(above.status).toBe(400);
    expect(above.body.fields).toEqual([expect.objectContaining({ field: 'amount' })]);
    const stranger = await procurement.post(`/api/procurement/requests/${id}/award`, { supplier: outsider.name, amount: '70000.00' });
    expect(stranger.status).toBe(400);
    expect(stranger.body.fields).toEqual([expect.objectContaining({ field: 'supplier' })]);
  });

  it('refuses an award with fewer quotes than the method needs (PROC-QUOTES), and takes quotes recorded by procurement', async () => {
    const id = await approvedRequest({ method: '询价', items: [{ name: '对讲机', quantity: 100, unitPrice: '3200.00' }], category: 'A02080103' });
    const short = await procurement.post(`/api/procurement/requests/${id}/award`, { supplier: quoting[0].name, amount: '300000.00' });
    expect(short.status).toBe(400);
    expect(short.body.fields[0].message).toContain('PROC-QUOTES');
    for (const [i, supplier] of quoting.entries()) {
      expect((await procurement.post(`/api/procurement/requests/${id}/quotes`, { supplier: supplier.name, amount: `${300000 + i * 1000}.00` })).status).toBe(201);
    }
    const twice = await procurement.post(`/api/procurement/requests/${id}/quotes`, { supplier: quoting[0].name, amount: '1.00' });
    expect(twice.status).toBe(400);
    expect((await procurement.post(`/api/procurement/requests/${id}/award`, { supplier: quoting[0].name, amount: '300000.00' })).body.status).toBe('AWARDED');
  });

  it('returns a request choosing inquiry for 2.4 million of goods with PROC-METHOD and gives the reservation back', async () => {
    const before = await reservedOn(line.id);
    const submitted = await unit.staff.post('/api/procurement/requests', buildRequest(line, { method: '询价', items: [{ name: '执法记录仪', quantity: 800, unitPrice: '3000.00' }], quotes: threeQuotes(['2390000.00', '2400000.00', '2410000.00']) }));
    const screened = await screenedRequest(unit.staff, submitted.body.id);
    expect(screened.status).toBe('RETURNED');
    expect(ruleIds(screened)).toEqual(['PROC-METHOD']);
    expect(screened.findings[0].facts.procurementMethod).toMatchObject({ laxer: true, chosen: 'inquiry', required: ['open-tender'], tier: 'open-tender' });
    expect(screened.findings[0].facts.procurementMethod.thresholds).toMatchObject({ openTenderFen: 200000000 });
    expect(await reservedOn(line.id)).toBe(before);
  });

  it('releases the reservation when the unit head rejects the request', async () => {
    const before = await reservedOn(line.id);
    const submitted = await unit.staff.post('/api/procurement/requests', buildRequest(line, { quotes: threeQuotes() }));
    await screenedRequest(unit.staff, submitted.body.id);
    await unit.head.post(`/api/tasks/${(await taskFor(unit.head, submitted.body.id)).id}/complete`, { decision: 'reject', comment: '暂缓采购' });
    await eventually(() => unit.staff.get(`/api/procurement/requests/${submitted.body.id}`), (r) => r.body.status === 'REJECTED');
    expect(await reservedOn(line.id)).toBe(before);
  });

  it('releases the reservation when the requester withdraws', async () => {
    const before = await reservedOn(line.id);
    const submitted = await unit.staff.post('/api/procurement/requests', buildRequest(line, { quotes: threeQuotes() }));
    await screenedRequest(unit.staff, submitted.body.id);
    const withdrawn = await unit.staff.post(`/api/procurement/requests/${submitted.body.id}/withdraw`);
    expect(withdrawn.body.status).toBe('WITHDRAWN');
    expect(await reservedOn(line.id)).toBe(before);
  });

  it('warns of PROC-SUPPLIER-CONCENTRATION when the proposed award makes the third of the unit\'s awards and more than half the amount', async () => {
    const [favourite, other] = await suppliers(2);
    const awardLine = { unit: unit.name, budgetLine: { unit: unit.name, ...line.ref }, category: 'A020210', method: '自行采购' };
    await procurement.post('/api/procurement/awards/import', { awards: [
      { ...awardLine, supplier: favourite.name, amount: '20000.00', awardedOn: `${FISCAL_YEAR}-01-10` },
      { ...awardLine, supplier: favourite.name, amount: '20000.00', awardedOn: `${FISCAL_YEAR}-02-10` },
      { ...awardLine, supplier: other.name, amount: '30000.00', awardedOn: `${FISCAL_YEAR}-03-10` },
    ] });
    const submitted = await unit.staff.post('/api/procurement/requests', buildRequest(line, { category: 'A020210', items: [{ name: '碎纸机', quantity: 10, unitPrice: '1500.00' }], supplier: favourite.name, amount: '15000.00' }));
    const screened = await screenedRequest(unit.staff, submitted.body.id);
    expect(ruleIds(screened)).toEqual(['PROC-SUPPLIER-CONCENTRATION']);
    expect(screened.status).toBe('IN_APPROVAL');
    expect(screened.findings[0].facts.supplierConcentration).toMatchObject({ supplierAwards: 3, supplierFen: 5500000, categoryFen: 8500000, sharePercent: 64.71, includesProposed: true });
  });

  describe('bad input leaves nothing', () => {
    const refusedWith = async (body: Record<string, unknown>, field: string) => {
      const before = await reservedOn(line.id);
      const mine = await unit.staff.get('/api/procurement/requests?scope=mine');
      expect(mine.status).toBe(200);
      const refused = await unit.staff.post('/api/procurement/requests', body);
      expect(refused.status).toBe(400);
      expect(refused.body.fields.map((f: { field: string }) => f.field)).toContain(field);
      expect(await reservedOn(line.id)).toBe(before);
      expect((await unit.staff.get('/api/procurement/requests?scope=mine')).body).toHaveLength(mine.body.length);
    };

    it('refuses items that do not add up to the given total', () => refusedWith(buildRequest(line, { total: '72000.01' }), 'total'));
    it('refuses a zero unit price', () => refusedWith(buildRequest(line, { items: [{ name: '台式计算机', quantity: 1, unitPrice: '0.00' }] }), 'items[0].unitPrice'));
    it('refuses a non-positive quantity', () => refusedWith(buildRequest(line, { items: [{ name: '台式计算机', quantity: 0, unitPrice: '6000.00' }] }), 'items[0].quantity'));
    it('refuses an unknown 品目 code', () => refusedWith(buildRequest(line, { category: 'A99999999' }), 'category'));
    it('refuses the same supplier quoting twice', () => refusedWith(buildRequest(line, { quotes: [{ supplier: quoting[0].name, amount: '1.00' }, { supplier: quoting[0].creditCode, amount: '2.00' }] }), 'quotes[1].supplier'));
    it('refuses an unregistered supplier', () => refusedWith(buildRequest(line, { quotes: [{ supplier: '无此公司', amount: '1.00' }] }), 'quotes[0].supplier'));
    it('refuses more than the line has left', () => refusedWith(buildRequest(line, { items: [{ name: '业务用房', quantity: 1, unitPrice: '9000000.00' }], category: 'B0102', method: '公开招标' }), 'budgetLine'));
  });

  async function approvedRequest(overrides: Record<string, unknown>): Promise<string> {
    const submitted = await unit.staff.post('/api/procurement/requests', buildRequest(line, overrides));
    if (submitted.status !== 201) throw new Error(`request refused: ${JSON.stringify(submitted.body)}`);
    const screened = await screenedRequest(unit.staff, submitted.body.id);
    if (screened.status !== 'IN_APPROVAL') throw new Error(`request ${screened.status}: ${JSON.stringify(screened.findings)}`);
    for (const step of screened.approvalChain as { group: string }[]) {
      const approver = step.group.startsWith('unit-head') ? unit.head : step.group === 'finance' ? await financeClient() : await login(step.group === 'deputy-chief' ? 'zhaoliu' : 'chief');
      await approver.post(`/api/tasks/${(await taskFor(approver, submitted.body.id)).id}/complete`, { decision: 'approve' });
    }
    await eventually(() => unit.staff.get(`/api/procurement/requests/${submitted.body.id}`), (r) => r.body.status === 'APPROVED');
    return submitted.body.id;
  }
});
