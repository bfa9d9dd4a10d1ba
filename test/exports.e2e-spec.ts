import ExcelJS from 'exceljs';
import { buildExpenseClaim } from './factories/claim.factory';
import { readStack } from './setup/stack';
import { ApiClient } from './support/api';
import { financeClient, FISCAL_YEAR, freshUnit } from './support/people';

const HYPERLINK = '=HYPERLINK("http://x","点我")';

async function download(client: ApiClient, path: string): Promise<{ status: number; type: string | null; body: Buffer }> {
  const response = await fetch(`${readStack().baseUrl}${path}`, { headers: { Authorization: client.authorization() } });
  return { status: response.status, type: response.headers.get('content-type'), body: Buffer.from(await response.arrayBuffer()) };
}

async function firstSheet(file: Buffer): Promise<ExcelJS.Worksheet> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(file as unknown as ArrayBuffer);
  return book.worksheets[0];
}

/** Exports cannot run formulas: text a spreadsheet would evaluate is written inert, numbers stay numbers. */
describe('exports cannot run formulas', () => {
  // Run after another file, the first request here met a pooled connection the API had already
  // closed ("other side closed") and the sign-in it carried failed; a read first takes that socket.
  beforeAll(async () => {
    await fetch(`${readStack().baseUrl}/api/health`).then((r) => r.arrayBuffer(), () => undefined);
  });

  it('writes a claim whose reason is a formula as text, in Excel and in CSV, with its amount a number', async () => {
    const unit = await freshUnit();
    const filed = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '226.00', purpose: HYPERLINK }));
    expect(filed.status).toBe(201);
    const finance = await financeClient();

    const xlsx = await download(finance, `/api/dashboards/claims/export?year=${FISCAL_YEAR}&unit=${unit.code}`);
    expect(xlsx.status).toBe(200);
    const sheet = await firstSheet(xlsx.body);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const row = sheet.getRow(2);
    const purpose = row.getCell(headers.indexOf('事由') + 1);
    const amount = row.getCell(headers.indexOf('金额（元）') + 1);
    expect(row.getCell(1).value).toBe(filed.body.id);
    expect(purpose.value).toBe(`'${HYPERLINK}`);
    expect(purpose.type).toBe(ExcelJS.ValueType.String);
    expect(amount.value).toBe(226);
    expect(amount.type).toBe(ExcelJS.ValueType.Number);

    const csv = await download(finance, `/api/dashboards/claims/export?year=${FISCAL_YEAR}&unit=${unit.code}&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = csv.body.toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe('报销单,类型,状态,金额（元）,提交日期,事由,科目,单位,报销人');
    expect(lines[1]).toContain(`,226,`);
    expect(lines[1]).toContain(`,"'=HYPERLINK(""http://x"",""点我"")",`);
  });

  it('writes a budget line named like a formula as text in the budget sheet, amounts unchanged', async () => {
    const unit = await freshUnit({ budget: false });
    const finance = await financeClient();
    const line = await finance.post('/api/budgets', { unit: unit.code, year: FISCAL_YEAR, subject: '30216', fund: 'special', name: '@SUM(1+1)', mode: 'FORBID', allocated: '5000.00' });
    expect(line.status).toBe(201);
    const file = await download(finance, `/api/budgets/export?year=${FISCAL_YEAR}&unit=${unit.code}`);
    expect(file.status).toBe(200);
    const sheet = await firstSheet(file.body);
    const headers = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    const rows: ExcelJS.Row[] = [];
    sheet.eachRow((row, index) => { if (index > 1 && row.getCell(headers.findIndex((h) => h.includes('单位')) + 1).value === unit.name) rows.push(row); });
    expect(rows).toHaveLength(1);
    const cells = Object.fromEntries(headers.map((header, i) => [header, rows[0].getCell(i + 1).value]));
    expect(Object.values(cells)).toContain("'@SUM(1+1)");
    expect(Object.values(cells)).toContain('5000.00');
  });

  it('refuses an unknown export format, naming the field', async () => {
    const answer = await (await financeClient()).get(`/api/dashboards/claims/export?format=xls`);
    expect(answer.status).toBe(400);
    expect(answer.body.fields).toEqual([expect.objectContaining({ field: 'format' })]);
  });
});
