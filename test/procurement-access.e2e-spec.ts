import { buildRequest, procurementLine, screenedRequest, suppliers } from './factories/procurement.factory';
import { buildSupplier } from './factories/supplier.factory';
import { ApiClient, login } from './support/api';
import { freshUnit, FreshUnit, FISCAL_YEAR } from './support/people';

/** Who sees procurement and suppliers (money-chain.md, "Who sees what"), one group at a time. */
describe('who sees procurement requests and suppliers', () => {
  let unit: FreshUnit;
  let otherUnit: FreshUnit;
  let requestId: string;
  const demo = new Map<string, ApiClient>();

  beforeAll(async () => {
    unit = await freshUnit({ budget: false });
    otherUnit = await freshUnit({ budget: false });
    const line = await procurementLine(unit);
    const quoting = await suppliers(3);
    const submitted = await unit.staff.post('/api/procurement/requests', buildRequest(line, { quotes: quoting.map((s, i) => ({ supplier: s.name, amount: `${71000 + i * 100}.00` })) }));
    requestId = submitted.body.id;
    await screenedRequest(unit.staff, requestId);
    for (const name of ['hesong', 'luming', 'wangwu', 'fengjun', 'zhaoliu', 'chief', 'admin', 'qianfang']) demo.set(name, await login(name));
  });

  const status = async (client: ApiClient) => (await client.get(`/api/procurement/requests/${requestId}`)).status;

  it('shows staff their own request and not another unit staff member', async () => {
    expect(await status(unit.staff)).toBe(200);
    expect(await status(otherUnit.staff)).toBe(403);
    expect((await otherUnit.staff.get('/api/procurement/requests')).body.map((r: { id: string }) => r.id)).not.toContain(requestId);
  });

  it("shows a unit head their unit's requests and not another unit's", async () => {
    expect(await status(unit.head)).toBe(200);
    expect((await unit.head.get('/api/procurement/requests?scope=unit')).body.map((r: { id: string }) => r.id)).toContain(requestId);
    expect(await status(otherUnit.head)).toBe(403);
  });

  it('shows procurement and contract review every request', async () => {
    expect(await status(demo.get('hesong')!)).toBe(200);
    expect(await status(demo.get('luming')!)).toBe(200);
    expect((await demo.get('hesong')!.get('/api/procurement/requests')).body.map((r: { id: string }) => r.id)).toContain(requestId);
  });

  it('shows finance and the accountant every request', async () => {
    expect(await status(demo.get('wangwu')!)).toBe(200);
    expect(await status(demo.get('fengjun')!)).toBe(200);
  });

  it('lets leaders read every request', async () => {
    expect(await status(demo.get('zhaoliu')!)).toBe(200);
    expect(await status(demo.get('chief')!)).toBe(200);
  });

  it('shows the process administrator none by role', async () => {
    expect(await status(demo.get('admin')!)).toBe(403);
  });

  it('lets only procurement keep suppliers, and those who work with suppliers read the register with accounts and the 供应商信息表', async () => {
    expect((await demo.get('luming')!.post('/api/suppliers', buildSupplier())).status).toBe(403);
    expect((await demo.get('hesong')!.post('/api/suppliers', buildSupplier())).status).toBe(201);
    for (const reader of ['hesong', 'luming', 'wangwu', 'fengjun', 'zhaoliu', 'chief', 'qianfang']) {
      expect([reader, (await demo.get(reader)!.get('/api/procurement/supplier-report')).status]).toEqual([reader, 200]);
    }
    expect((await unit.staff.get('/api/procurement/supplier-report')).status).toBe(403);
    expect((await demo.get('admin')!.get('/api/procurement/supplier-report')).status).toBe(403);
  });

  it("marks a supplier's concentration in the unit's category on the 供应商信息表", async () => {
    const [favourite, other] = await suppliers(2);
    const line = await procurementLine(otherUnit);
    const base = { unit: otherUnit.name, budgetLine: { unit: otherUnit.name, ...line.ref }, category: 'A0603', method: '自行采购' };
    const awardedOn = (month: string) => `${FISCAL_YEAR}-${month}-01`;
    await demo.get('hesong')!.post('/api/procurement/awards/import', { awards: [
      ...['01', '02', '03'].map((m) => ({ ...base, supplier: favourite.name, amount: '10000.00', awardedOn: awardedOn(m) })),
      { ...base, supplier: other.name, amount: '29999.99', awardedOn: awardedOn('04') },
    ] });
    const report = (await demo.get('wangwu')!.get('/api/procurement/supplier-report')).body;
    const rows = report.rows.filter((r: { unitCode: string }) => r.unitCode === otherUnit.code);
    expect(rows.map((r: any) => [r.supplier, r.awards, r.amount, r.sharePercent, r.concentrated]).sort()).toEqual([
      [favourite.name, 3, '30000.00', 50.01, true],
      [other.name, 1, '29999.99', 50, false],
    ].sort());
  });
});
