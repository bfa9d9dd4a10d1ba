import ExcelJS from 'exceljs';
import { buildExpenseClaim } from './factories/claim.factory';
import { readStack } from './setup/stack';
import { ApiClient, eventually, login, screened } from './support/api';
import { financeClient, FISCAL_YEAR, freshUnit, FreshUnit, taskFor } from './support/people';

const HEADERS = ['单位', '年度', '科目编码', '资金性质', '专项名称', '控制方式', '预算数', '上年决算'];

/** An Excel sheet of budget lines in the import's columns. */
async function sheet(rows: (string | number)[][]): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('预算指标');
  ws.addRow(HEADERS);
  for (const row of rows) ws.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}

async function upload(client: ApiClient, file: Buffer): Promise<{ status: number; body: any }> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(file)]), 'lines.xlsx');
  const response = await fetch(`${readStack().baseUrl}/api/budgets/import`, { method: 'POST', headers: { Authorization: client.authorization() }, body: form });
  return { status: response.status, body: await response.json() };
}

/**
 * Finance keeps the budget from Excel and leaders read its execution: the import takes all rows or
 * none and names every bad cell; the dashboards are scoped (a unit head sees only his unit) and drill
 * down to the claims behind a figure.
 */
describe('budget workspace and dashboards', () => {
  let unit: FreshUnit;
  let finance: ApiClient;
  const nextYear = FISCAL_YEAR + 1;

  beforeAll(async () => {
    unit = await freshUnit();
    finance = await financeClient();
  });

  it('refuses a sheet with one bad row, naming its row and column, and imports nothing; the corrected sheet imports every line', async () => {
    const rows = [
      [unit.code, nextYear, '30211', '基本支出', '', '禁止超支', '60000.00', '52000.00'],
      [unit.code, nextYear, '30201', '基本支出', '', '预警', '一万', ''],
      [unit.name, nextYear, '30217', '基本支出', '', '禁止超支', '20000', '18000'],
    ];
    const refused = await upload(finance, await sheet(rows));
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'BUDGET_SHEET_REFUSED', errors: [{ row: 3, column: '预算数', message: expect.stringMatching(/金额/) }] });
    expect((await finance.get(`/api/budgets?unit=${unit.code}&year=${nextYear}`)).body).toEqual([]);

    rows[1][6] = '10000.00';
    const imported = await upload(finance, await sheet(rows));
    expect(imported.status).toBe(201);
    expect(imported.body.imported).toBe(3);
    const lines = (await finance.get(`/api/budgets?unit=${unit.code}&year=${nextYear}`)).body;
    expect(lines.map((l: any) => [l.subject, l.allocated, l.mode]).sort()).toEqual([['30201', '10000.00', 'WARN'], ['30211', '60000.00', 'FORBID'], ['30217', '20000.00', 'FORBID']]);

    const again = await upload(finance, await sheet(rows));
    expect(again.status).toBe(400);
    expect(again.body.errors).toHaveLength(3);
    expect((await unit.head.post('/api/budgets/import', {})).status).toBe(403);
  });

  it('shows allocations after the initial one as adjustments of the line', async () => {
    const line = (await finance.get(`/api/budgets?unit=${unit.code}&year=${nextYear}`)).body.find((l: any) => l.subject === '30211');
    expect(line.adjustments).toBe('0.00');
    expect((await finance.post(`/api/budgets/${line.id}/allocations`, { amount: '5000.00', reason: '追加培训任务' })).status).toBe(201);
    const after = (await finance.get(`/api/budgets?unit=${unit.code}&year=${nextYear}`)).body.find((l: any) => l.subject === '30211');
    expect(after).toMatchObject({ allocated: '65000.00', adjustments: '5000.00' });
  });

  it('exports the lines in the columns it imports', async () => {
    const response = await fetch(`${readStack().baseUrl}/api/budgets/export?unit=${unit.code}&year=${nextYear}`, { headers: { Authorization: finance.authorization() } });
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await response.arrayBuffer());
    const ws = book.worksheets[0];
    expect((ws.getRow(1).values as unknown[]).slice(1, 9)).toEqual(HEADERS);
    expect(ws.rowCount).toBe(4);
  });

  it("shows a claim's reservation on its unit's execution and drills from the subject to the claim", async () => {
    const submitted = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '1130.00' }));
    await screened(unit.staff, submitted.body.id);
    const leader = await login('zhaoliu');
    const execution = (await leader.get(`/api/dashboards/execution?unit=${unit.code}`)).body;
    expect(execution.rows.find((r: any) => r.subject === '30201')).toMatchObject({ reserved: '1130.00', unitCode: unit.code });
    expect(execution.yearShare).toBeGreaterThan(0);

    const drill = (await leader.get(`/api/dashboards/claims?unit=${unit.code}&subject=30201`)).body;
    expect(drill.items.map((c: any) => c.id)).toContain(submitted.body.id);

    const line = (await finance.get(`/api/budgets?unit=${unit.code}&year=${FISCAL_YEAR}`)).body.find((l: any) => l.subject === '30201');
    const ledger = await fetch(`${readStack().baseUrl}/api/budgets/${line.id}/ledger/export`, { headers: { Authorization: finance.authorization() } });
    expect(ledger.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await ledger.arrayBuffer());
    const cells = book.worksheets[0].getSheetValues().flat().map(String);
    expect(cells).toContain(submitted.body.id);
    expect(cells).toContain('占用');
  });

  it('counts money committed in its month and findings while they stand (the summaries follow the ledger and screening)', async () => {
    const leader = await login('zhaoliu');
    const month = Number(new Date(Date.now() + 8 * 3600_000).toISOString().slice(5, 7));
    const committedBefore = Number((await leader.get(`/api/dashboards/monthly?unit=${unit.code}`)).body.rows[month - 1].committed);
    const document = buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '678.00' });
    document.invoices[0].tax = '90.00';
    const submitted = await unit.staff.post('/api/claims', document);
    expect((await screened(unit.staff, submitted.body.id)).status).toBe('RETURNED');
    const mathFindings = async () => (await leader.get(`/api/dashboards/findings?unit=${unit.code}`)).body.rows.filter((r: any) => r.rule === 'INV-MATH').reduce((n: number, r: any) => n + r.findings, 0);
    expect(await mathFindings()).toBe(1);

    document.invoices[0].tax = '78.00';
    expect((await unit.staff.put(`/api/claims/${submitted.body.id}`, document)).status).toBe(200);
    expect((await screened(unit.staff, submitted.body.id)).status).toBe('IN_APPROVAL');
    expect(await mathFindings()).toBe(0);
    const tally = (await leader.get(`/api/dashboards/findings?unit=${unit.code}`)).body;
    expect(tally).toMatchObject({ claims: 2, returned: 1, returnedShare: 50 });
    const task = await taskFor(unit.head, submitted.body.id);
    expect((await unit.head.post(`/api/tasks/${task.id}/approve`, {})).status).toBe(200);
    await eventually(() => unit.staff.get(`/api/claims/${submitted.body.id}`), (r) => r.body.status === 'APPROVED');
    const committedAfter = Number((await leader.get(`/api/dashboards/monthly?unit=${unit.code}`)).body.rows[month - 1].committed);
    expect(committedAfter - committedBefore).toBeCloseTo(678, 2);
  });

  it("limits a unit head to his own unit, and refuses staff", async () => {
    const own = await unit.head.get('/api/dashboards/execution');
    expect(own.status).toBe(200);
    expect(own.body.unit).toBe(unit.code);
    expect(new Set(own.body.rows.map((r: any) => r.unitCode))).toEqual(new Set([unit.code]));
    expect((await unit.head.get('/api/dashboards/execution?unit=chengxi')).status).toBe(403);
    expect((await unit.staff.get('/api/dashboards/sangong')).status).toBe(403);
    const exported = await fetch(`${readStack().baseUrl}/api/dashboards/sangong/export`, { headers: { Authorization: unit.head.authorization() } });
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/spreadsheetml/);
    expect((await unit.head.get('/api/dashboards/nonsense')).status).toBe(400);
  });
});
