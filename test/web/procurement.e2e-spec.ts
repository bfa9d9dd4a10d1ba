import type { Browser, Page } from 'playwright-core';
import { buildRequest, procurementLine, screenedRequest, suppliers } from '../factories/procurement.factory';
import { freshSupplier, importedAward, procurementClient } from '../factories/contract.factory';
import { FISCAL_YEAR, freshUnit, FreshUnit, FRESH_PASSWORD } from '../support/people';
import { expectText, launchBrowser, PHONE, screenshot, scrollsSideways, signedIn, url } from './browser';

/** Picks an option of an Element Plus select by typing into it (filterable) and clicking the match. */
async function pick(page: Page, selectTest: string, text: string): Promise<void> {
  await page.click(`[data-test=${selectTest}]`);
  await page.keyboard.type(text);
  await page.locator('.el-select-dropdown__item:visible', { hasText: text }).first().click();
}

/**
 * A member of staff files a procurement request in the browser: items with their 品目 codes, the
 * method the product proposes and why (and the warning when the chosen method is laxer), then the
 * request with its status; on a desktop and on a phone. An administrator's dry run of the
 * procurement rule set lists the stored requests a proposal would change.
 */
describe('procurement requests in the browser', () => {
  let browser: Browser;
  let unit: FreshUnit;
  const demoPassword = process.env.DEMO_PASSWORD ?? 'demo';

  beforeAll(async () => {
    browser = await launchBrowser();
    unit = await freshUnit({ budget: false });
    await procurementLine(unit);
  });
  afterAll(async () => browser?.close());

  it('files a request with two items and their 品目 codes, shows the proposed method and why, and opens the request with its status', async () => {
    const { page, errors } = await signedIn(browser, unit.staff.username, FRESH_PASSWORD);
    await page.goto(url('/procurement/new'));
    await pick(page, 'category', 'A02010104');
    await page.fill('input[data-test=item-name-0]', '台式计算机');
    await page.fill('[data-test=item-quantity-0] input', '12');
    await page.fill('input[data-test=item-price-0]', '6000.00');
    await page.click('[data-test=add-item]');
    await page.fill('input[data-test=item-name-1]', '多功能一体机');
    await pick(page, 'item-category-1', 'A020204');
    await page.fill('[data-test=item-quantity-1] input', '2');
    await page.fill('input[data-test=item-price-1]', '2500.00');
    await expectText(page, '[data-test=total]', '77000.00');
    // ¥77,000 of goods below the decentralised limit: the unit buys them itself, with three quotes.
    await expectText(page, '[data-test=tier]', '单位自行采购');
    await expectText(page, '[data-test=proposal]', '自行采购');
    expect(await page.locator('[data-test=proposal] li').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-test=method-laxer]').count()).toBe(0);
    await page.fill('textarea[data-test=reason]', '派出所办公电脑和一体机更新');
    await screenshot(page, 'procurement-new-desktop');
    await page.click('[data-test=submit-procurement]');
    await page.waitForURL(/\/procurement\/requests\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const screened = await screenedRequest(unit.staff, id);
    expect(screened.items.map((item: any) => item.category)).toEqual(['A02010104', 'A020204']);
    await page.reload();
    await expectText(page, '[data-test=status]', '审批中');
    await expectText(page, '.page', 'A020204');
    await screenshot(page, 'procurement-request-desktop');
    expect(errors).toEqual([]);
  });

  it('warns on a phone that inquiry is laxer than the open tender 2.4 million calls for, and files it by open tender', async () => {
    const { page, errors } = await signedIn(browser, unit.staff.username, FRESH_PASSWORD, PHONE);
    await page.goto(url('/procurement/new'));
    await pick(page, 'category', 'A02010104');
    await page.fill('input[data-test=item-name-0]', '执法记录仪');
    await page.fill('[data-test=item-quantity-0] input', '800');
    await page.fill('input[data-test=item-price-0]', '3000.00');
    await page.click('[data-test=method]');
    await page.locator('.el-select-dropdown__item:visible', { hasText: '询价' }).click();
    await expectText(page, '[data-test=tier]', '公开招标');
    await expectText(page, '[data-test=method-laxer]', 'PROC-METHOD');
    await screenshot(page, 'procurement-new-laxer-phone');
    expect(await scrollsSideways(page)).toBe(false);
    await page.click('[data-test=method]');
    await page.locator('.el-select-dropdown__item:visible', { hasText: '公开招标' }).click();
    expect(await page.locator('[data-test=method-laxer]').count()).toBe(0);
    await page.fill('textarea[data-test=reason]', '全所执法记录仪更换');
    await page.click('[data-test=submit-procurement]');
    await page.waitForURL(/\/procurement\/requests\/[0-9a-f-]{36}$/);
    await expectText(page, '[data-test=status]', '审');
    await screenshot(page, 'procurement-request-phone');
    expect(await scrollsSideways(page)).toBe(false);
    expect(errors).toEqual([]);
  });

  it('shows an administrator which stored requests a lower concentration count would mark, in the dry run of 规则管理', async () => {
    const line = await procurementLine(await freshUnit({ budget: false }).then((other) => (unit = other)));
    const [supplier] = await suppliers(1);
    const submitted = await unit.staff.post('/api/procurement/requests', buildRequest(line, { category: 'A020210', items: [{ name: '碎纸机', quantity: 10, unitPrice: '1500.00' }], supplier: supplier.name, amount: '15000.00' }));
    expect((await screenedRequest(unit.staff, submitted.body.id)).findings).toEqual([]);

    for (const [viewport, suffix] of [[undefined, 'desktop'], [PHONE, 'phone']] as const) {
      const { page, context, errors } = await signedIn(browser, 'admin', demoPassword, viewport);
      await page.goto(url('/admin/rules'));
      await page.click('.set-select');
      await page.locator('.el-select-dropdown__item:visible', { hasText: '（procurement）' }).first().click();
      await page.fill('[data-test="policy-concentration.minAwards"]', '1');
      await expectText(page, '[data-test=rules-check]', '格式检查通过');
      await page.click('[data-test=dry-run]');
      await expectText(page, '[data-test=dry-run-summary]', '采购申请');
      await expectText(page, '[data-test=dry-run-changes]', '碎纸机');
      await expectText(page, `[data-test=dry-run-changes] tr:has-text("${unit.staff.username}")`, 'PROC-SUPPLIER-CONCENTRATION');
      await screenshot(page, `rules-dry-run-procurement-${suffix}`);
      expect(errors).toEqual([]);
      await context.close();
    }
  });
  it('lists the awards and contracts of a supplier in the register drawer, and gives staff a menu entry for their contracts', async () => {
    const owner = await freshUnit();
    const supplier = await freshSupplier();
    await importedAward(owner, supplier, '8600.00');
    const imported = await (await procurementClient()).post('/api/contracts/import', {
      contracts: [{
        ref: `HT-SUP-${owner.code}`, unit: owner.code, budgetLine: { unit: owner.code, subject: '30211', fund: 'basic' }, supplier: supplier.creditCode, amount: '8600.00', awardAmount: '8600.00',
        awardedOn: `${FISCAL_YEAR}-01-05`, signedOn: `${FISCAL_YEAR}-01-10`, milestones: [{ name: '验收后付款', percent: 100, condition: 'acceptance' }],
      }],
    });
    expect(imported.status).toBe(201);
    for (const [viewport, suffix] of [[undefined, 'desktop'], [PHONE, 'phone']] as const) {
      const { page, context, errors } = await signedIn(browser, 'hesong', demoPassword, viewport);
      await page.goto(url('/suppliers'));
      await page.fill('input[data-test=supplier-search]', supplier.name);
      await page.press('input[data-test=supplier-search]', 'Enter');
      await page.locator('[data-test=supplier-list] tr', { hasText: supplier.name }).first().click();
      await expectText(page, '[data-test=supplier-awards]', '8,600.00');
      await expectText(page, '[data-test=supplier-contracts]', `HT-SUP-${owner.code}`);
      await screenshot(page, `supplier-drawer-${suffix}`);
      expect(errors).toEqual([]);
      await context.close();
    }

    const { page, errors } = await signedIn(browser, owner.staff.username, FRESH_PASSWORD);
    await expectText(page, '.el-menu', '我的合同');
    await page.locator('.el-menu-item', { hasText: '我的合同' }).click();
    await page.waitForURL(/\/contracts$/);
    expect(errors).toEqual([]);
  });
});
