import { badCreditCode, buildSupplier, creditCode, supplierSheet } from './factories/supplier.factory';
import { ApiClient, login } from './support/api';
import { financeClient, FISCAL_YEAR, freshUnit } from './support/people';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('the supplier register', () => {
  let procurement: ApiClient;
  beforeAll(async () => {
    procurement = await login('hesong');
  });

  it('registers a supplier with a valid credit code and shows its bank account to finance', async () => {
    const supplier = buildSupplier();
    const created = await procurement.post('/api/suppliers', supplier);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: supplier.name, creditCode: supplier.creditCode, account: supplier.account, sme: true });

    const seen = await (await financeClient()).get(`/api/suppliers/${created.body.id}`);
    expect(seen.body.account).toBe(supplier.account);
  });

  it('lets unit staff find a supplier by name for their quotes, without its bank account', async () => {
    const supplier = buildSupplier();
    await procurement.post('/api/suppliers', supplier);
    const unit = await freshUnit({ budget: false });

    const found = await unit.staff.get(`/api/suppliers?search=${encodeURIComponent(String(supplier.creditCode))}`);

    expect(found.body).toEqual([expect.objectContaining({ name: supplier.name, account: null })]);
  });

  it('refuses an invalid credit code naming the field, storing nothing', async () => {
    const supplier = buildSupplier({ creditCode: badCreditCode() });
    const refused = await procurement.post('/api/suppliers', supplier);
    expect(refused.status).toBe(400);
    expect(refused.body.fields).toEqual([expect.objectContaining({ field: 'creditCode' })]);
    expect((await procurement.get(`/api/suppliers?search=${supplier.creditCode}`)).body).toEqual([]);
  });

  it('refuses the same supplier twice (one record per credit code)', async () => {
    const supplier = buildSupplier();
    expect((await procurement.post('/api/suppliers', supplier)).status).toBe(201);
    const again = await procurement.post('/api/suppliers', { ...supplier, name: `${supplier.name}（重复）` });
    expect(again.status).toBe(409);
    expect(again.body.fields).toEqual([expect.objectContaining({ field: 'creditCode' })]);
  });

  it('lets only procurement keep the register', async () => {
    const unit = await freshUnit({ budget: false });
    expect((await unit.staff.post('/api/suppliers', buildSupplier())).status).toBe(403);
    expect((await (await financeClient()).post('/api/suppliers', buildSupplier())).status).toBe(403);
  });

  it('updates a supplier but never its credit code', async () => {
    const created = await procurement.post('/api/suppliers', buildSupplier({ sme: false }));
    const updated = await procurement.patch(`/api/suppliers/${created.body.id}`, { sme: true, account: '6222000011112222', creditCode: creditCode() });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ sme: true, account: '6222000011112222', creditCode: created.body.creditCode });
  });

  it('imports a register sheet with every row good', async () => {
    const [a, b] = [creditCode(), creditCode()];
    const sheet = await supplierSheet([
      [`导入甲公司${a.slice(10, 17)}`, a, '农业银行', '62284800000001', '是', '李', '13800000000'],
      [`导入乙公司${b.slice(10, 17)}`, b, '', '', '否', '', ''],
    ]);
    const imported = await procurement.upload('/api/suppliers/import', { name: 'register.xlsx', bytes: sheet, type: XLSX });
    expect(imported.status).toBe(201);
    expect(imported.body.imported).toBe(2);
    expect((await procurement.get(`/api/suppliers?search=${a}`)).body[0]).toMatchObject({ sme: true, account: '62284800000001' });
  });

  it('reports each bad row of an import by its row number and imports none of the sheet', async () => {
    const good = creditCode();
    const registered = buildSupplier();
    await procurement.post('/api/suppliers', registered);
    const dup = creditCode();
    const sheet = await supplierSheet([
      [`好公司${good.slice(10, 17)}`, good, '', '', '是', '', ''],
      ['坏代码公司', badCreditCode(), '', '', '是', '', ''],
      [`重复甲${dup.slice(10, 17)}`, dup, '', '', '否', '', ''],
      [`重复乙${dup.slice(10, 17)}`, dup, '', '', '否', '', ''],
      ['账号坏公司', creditCode(), '', '12ab', '也许', '', ''],
    ]);
    const refused = await procurement.upload('/api/suppliers/import', { name: 'register.xlsx', bytes: sheet, type: XLSX });
    expect(refused.status).toBe(400);
    const rows = refused.body.errors;
    expect(rows.map((e: { row: number; column: string }) => `${e.row}:${e.column}`).sort()).toEqual(['3:统一社会信用代码', '5:统一社会信用代码', '6:中小企业', '6:银行账号']);
    expect((await procurement.get(`/api/suppliers?search=${good}`)).body).toEqual([]);

    // A code the register already holds is a bad row too, found inside the one transaction.
    const again = await procurement.upload('/api/suppliers/import', { name: 'register.xlsx', bytes: await supplierSheet([[`新公司${good.slice(10, 17)}`, good, '', '', '是', '', ''], ['已登记', String(registered.creditCode), '', '', '是', '', '']]), type: XLSX });
    expect(again.status).toBe(400);
    expect((await procurement.get(`/api/suppliers?search=${good}`)).body).toEqual([]);
  });

  describe('earlier awards imported as given data', () => {
    it("imports a unit's earlier awards and lists them under the supplier", async () => {
      const unit = await freshUnit({ budget: false });
      const line = { unit: unit.name, subject: '31002', fund: 'special' as const, name: '信息化设备更新' };
      expect((await (await financeClient()).post('/api/budgets', { ...line, unit: unit.code, year: FISCAL_YEAR, mode: 'FORBID', allocated: '5000000.00' })).status).toBe(201);
      const supplier = (await procurement.post('/api/suppliers', buildSupplier())).body;

      const imported = await procurement.post('/api/procurement/awards/import', {
        awards: [{ unit: unit.name, budgetLine: line, category: 'A02010104', method: '询价', supplier: supplier.name, amount: '900000.00', awardedOn: `${FISCAL_YEAR}-03-02` }],
      });

      expect(imported.status).toBe(201);
      const listed = await procurement.get(`/api/procurement/awards/by-supplier/${supplier.id}`);
      expect(listed.body).toEqual([expect.objectContaining({ category: 'A02010104', method: 'inquiry', amount: '900000.00', source: 'import', requestId: null, unitCode: unit.code })]);
    });

    it('refuses an import naming an unregistered supplier or an unknown method, storing none of it', async () => {
      const unit = await freshUnit({ budget: false });
      const line = { unit: unit.name, subject: '31002', fund: 'special' as const, name: '信息化设备更新' };
      await (await financeClient()).post('/api/budgets', { ...line, unit: unit.code, year: FISCAL_YEAR, mode: 'FORBID', allocated: '5000000.00' });
      const supplier = (await procurement.post('/api/suppliers', buildSupplier())).body;
      const good = { unit: unit.name, budgetLine: line, category: 'A02010104', method: '询价', supplier: supplier.name, amount: '10000.00', awardedOn: `${FISCAL_YEAR}-03-02` };

      const refused = await procurement.post('/api/procurement/awards/import', { awards: [good, { ...good, supplier: '不存在的公司' }, { ...good, method: '抽签' }] });

      expect(refused.status).toBe(400);
      expect(refused.body.fields.map((f: { field: string }) => f.field)).toEqual(['awards[1].supplier', 'awards[2].method']);
      expect((await procurement.get(`/api/procurement/awards/by-supplier/${supplier.id}`)).body).toEqual([]);
    });
  });
});
