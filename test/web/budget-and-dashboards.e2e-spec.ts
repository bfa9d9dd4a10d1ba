import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser } from 'playwright-core';
import { buildExpenseClaim } from '../factories/claim.factory';
import { TEST_DATA_DIR } from '../setup/stack';
import { screened } from '../support/api';
import { FISCAL_YEAR, freshUnit, FreshUnit, FRESH_PASSWORD } from '../support/people';
import { expectText, launchBrowser, PHONE, screenshot, scrollsSideways, signedIn, url } from './browser';
import { withRequiredDocuments } from '../support/papers';

/**
 * Finance imports next year's lines from a sheet in the browser (a bad row refused, nothing imported;
 * fixed, imported); leaders read the dashboards and drill from 三公 to the claims; a unit head sees
 * only his unit.
 */
describe('budget workspace and dashboards in the browser', () => {
  let browser: Browser;
  let unit: FreshUnit;
  const demoPassword = process.env.DEMO_PASSWORD ?? 'demo';

  beforeAll(async () => {
    browser = await launchBrowser();
    unit = await freshUnit();
  });
  afterAll(async () => browser?.close());

  async function sheetFile(name: string, allocated: string): Promise<string> {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('预算指标');
    ws.addRow(['单位', '年度', '科目编码', '资金性质', '专项名称', '控制方式', '预算数', '上年决算']);
    ws.addRow([unit.code, FISCAL_YEAR + 1, '30211', '基本支出', '', '禁止超支', '60000.00', '']);
    ws.addRow([unit.code, FISCAL_YEAR + 1, '30217', '基本支出', '', '禁止超支', allocated, '18000.00']);
    const path = resolve(TEST_DATA_DIR, name);
    writeFileSync(path, Buffer.from(await book.xlsx.writeBuffer()));
    return path;
  }

  it('imports a sheet after its bad row is fixed, nothing before', async () => {
    const finance = await signedIn(browser, 'wangwu', demoPassword);
    const { page } = finance;
    await page.goto(url('/budget'));
    await page.locator('[data-test=budget-tree] .el-table__row').first().waitFor({ state: 'visible' });
    await page.click('[data-test=open-import]');
    await page.setInputFiles('[data-test=import-file]', await sheetFile('bad-lines.xlsx', '两万'));
    await page.click('[data-test=import-submit]');
    await expectText(page, '[data-test=import-error]', '第 3 行「预算数」');
    await screenshot(page, 'budget-import-refused-desktop');

    await page.setInputFiles('[data-test=import-file]', await sheetFile('good-lines.xlsx', '20000.00'));
    await page.click('[data-test=import-submit]');
    await expectText(page, '.el-message--success', '已导入 2 条');
    await page.click('.page-actions .el-select');
    await page.locator('.el-select-dropdown__item', { hasText: String(FISCAL_YEAR + 1) }).click();
    await page.fill('[data-test=unit-search]', unit.code);
    await expectText(page, '[data-test=budget-tree]', unit.name);
    await screenshot(page, 'budget-workspace-desktop');

    // 调剂 through the budget-adjustment Form.io form: the amount is refused until it is money.
    await page.locator('[data-test=budget-tree] .el-table__row', { hasText: '基本支出' }).first().click();
    await page.click('[data-test=open-transfer]');
    const to = page.locator('select[name="data[to]"]');
    await to.waitFor({ state: 'visible' });
    const target = await to.locator('option').filter({ hasText: '30217' }).first().getAttribute('value');
    await to.selectOption(target!);
    await page.fill('[name="data[amount]"]', '一千');
    await page.fill('[name="data[reason]"]', '接待任务增加');
    await page.click('[data-test=submit-transfer]');
    await expectText(page, '.formio-component-amount', '金额应为元');
    await page.fill('[name="data[amount]"]', '1000.00');
    await page.click('[data-test=submit-transfer]');
    await expectText(page, '.el-message--success', '调剂申请已提交');
    expect(finance.errors).toEqual([]);
    await finance.context.close();
  });

  it('lets a leader drill from 三公经费 to the claims behind it; a unit head sees his unit only', async () => {
    const claim = buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '565.00', subject: '30217' });
    const submitted = await unit.staff.post('/api/claims', await withRequiredDocuments(unit.staff, { ...claim, purpose: '接待上级检查组' }));
    await screened(unit.staff, submitted.body.id);

    const leader = await signedIn(browser, 'zhaoliu', demoPassword);
    await leader.page.goto(url('/dashboards'));
    await leader.page.locator('[data-test=card-execution] canvas').waitFor({ state: 'visible' });
    await leader.page.fill('.page-actions .unit input', unit.code);
    await leader.page.keyboard.press('Enter');
    await leader.page.locator('[data-test=sangong-row]', { hasText: '公务接待费' }).click();
    await expectText(leader.page, '[data-test=drill]', '接待上级检查组');
    await screenshot(leader.page, 'dashboards-drill-desktop');
    await leader.page.keyboard.press('Escape');
    expect(leader.errors).toEqual([]);
    await leader.context.close();

    const head = await signedIn(browser, unit.head.username, FRESH_PASSWORD, PHONE);
    await head.page.goto(url('/dashboards'));
    await head.page.locator('[data-test=card-execution] canvas').waitFor({ state: 'visible' });
    await expectText(head.page, '.updated', `仅 ${unit.code}`);
    await head.page.waitForLoadState('networkidle');
    await screenshot(head.page, 'dashboards-phone');
    expect(await scrollsSideways(head.page)).toBe(false);
    await head.page.goto(url('/budget'));
    await head.page.locator('[data-test=budget-tree] .el-table__row').first().waitFor({ state: 'visible' });
    await screenshot(head.page, 'budget-workspace-phone');
    expect(await scrollsSideways(head.page)).toBe(false);
    await head.context.close();
  });
});
