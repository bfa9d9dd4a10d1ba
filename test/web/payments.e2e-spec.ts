import type { Browser } from 'playwright-core';
import { buildExpenseClaim } from '../factories/claim.factory';
import { approvedClaim, cashierClient, csvResult, giveAccount } from '../support/payments';
import { FRESH_PASSWORD, freshUnit, FreshUnit } from '../support/people';
import { DESKTOP, expectText, launchBrowser, PHONE, screenshot, scrollsSideways, signedIn, url } from './browser';

const demoPassword = process.env.DEMO_PASSWORD ?? 'demo';

/**
 * The cashier's pages in the browser: she lands on 待支付, ticks two claims and builds a batch,
 * finance approves it on a phone from the task list, she imports the bank's result on the batch
 * page and reads its report row by row; the claimant sees 已支付 and the payment on the claim.
 */
describe('the cashier pays approved claims in the browser', () => {
  let browser: Browser;
  let unit: FreshUnit;
  let paid: string;
  let failed: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    unit = await freshUnit();
    await giveAccount(unit.staff.username, { card: true });
    paid = await approvedClaim(unit.staff, buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '1280.00', purpose: '购置打印机硒鼓' }), [unit.head]);
    failed = await approvedClaim(unit.staff, buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '760.00', purpose: '购置文件柜' }), [unit.head]);
  });
  afterAll(async () => browser?.close());

  it('builds a batch on 待支付, has it approved on a phone, imports the result and shows the claim paid', async () => {
    // 待支付, at both sizes; the cashier lands there.
    const phoneView = await signedIn(browser, 'qianfang', demoPassword, PHONE);
    try {
      expect(phoneView.page.url()).toMatch(/\/payments\/due$/);
      await phoneView.page.locator('[data-test=due-cards]').waitFor();
      await screenshot(phoneView.page, 'payments-due-phone');
      expect(await scrollsSideways(phoneView.page)).toBe(false);
    } finally {
      await phoneView.context.close();
    }
    const cashier = await signedIn(browser, 'qianfang', demoPassword, DESKTOP);
    const { page } = cashier;
    await page.locator('[data-test=due-table]').waitFor();
    for (const id of [paid, failed]) {
      await page.locator('[data-test=due-table] .el-table__row', { has: page.locator(`a[href="/claims/${id}"]`) }).locator('.el-checkbox').click();
    }
    await expectText(page, '[data-test=selection]', '2,040.00');
    await screenshot(page, 'payments-due-desktop');
    await page.click('[data-test=build-batch]');
    await page.waitForURL(/\/payments\/batches\/[0-9a-f-]{36}$/);
    const batchId = page.url().split('/').pop()!;
    await expectText(page, '[data-test=batch-summary]', '审批中');
    await screenshot(page, 'payment-batch-in-approval-desktop');

    // Finance approves on a phone from the task list.
    const finance = await signedIn(browser, 'wangwu', demoPassword, PHONE);
    try {
      await finance.page.goto(url('/tasks'));
      const row = finance.page.locator(`[data-test=task-row][data-claim="${batchId}"]`);
      await row.waitFor();
      await screenshot(finance.page, 'payment-batch-task-list-phone');
      await row.locator('[data-test=open-task]').click();
      await finance.page.locator('[data-test=action-bar]').waitFor();
      // The approver reads the lines the batch pays (关联查询) before deciding.
      await expectText(finance.page, '[data-test=related]', '购置打印机硒鼓');
      await screenshot(finance.page, 'payment-batch-approval-phone');
      expect(await scrollsSideways(finance.page)).toBe(false);
      await finance.page.click('[data-test=op-approve]');
      await finance.page.click('[data-test=op-confirm]');
      await finance.page.waitForURL(/\/tasks$/);
      expect(finance.errors).toEqual([]);
    } finally {
      await finance.context.close();
    }

    // The cashier exports and imports the bank's result through the page.
    await page.reload();
    await page.locator('[data-test=export-csv-generic]').waitFor({ timeout: 30_000 });
    const exported = await (await cashierClient()).download(`/api/payments/batches/${batchId}/export?layout=csv-generic`);
    const result = csvResult(exported.bytes, (row) => (row['业务编号'] === `claim:${paid}` ? ['成功', ''] : ['失败', '户名与账号不符']));
    await page.reload();
    await page.locator('[data-test=import-result]').waitFor();
    await page.setInputFiles('[data-test=result-file]', { name: 'result.csv', mimeType: 'text/csv', buffer: result });
    await expectText(page, '[data-test=import-report]', '支付成功 1 笔，失败 1 笔');
    await expectText(page, '[data-test=line-table]', '户名与账号不符');
    await screenshot(page, 'payment-batch-completed-desktop');
    // The same result again: every row is reported unchanged, nothing refused.
    await page.setInputFiles('[data-test=result-file]', { name: 'result.csv', mimeType: 'text/csv', buffer: result });
    await expectText(page, '[data-test=import-report]', '支付成功 0 笔，失败 0 笔，拒收 0 笔，未变化 2 笔');
    expect(cashier.errors).toEqual([]);

    await page.goto(url('/payments/batches'));
    await page.locator('[data-test=batch-table]').waitFor();
    await screenshot(page, 'payment-batches-desktop');
    await page.goto(url('/payments/card'));
    await page.locator('[data-test=import-statement]').waitFor();
    await screenshot(page, 'card-reconciliation-desktop');
    await cashier.context.close();

    const batchPhone = await signedIn(browser, 'qianfang', demoPassword, PHONE);
    try {
      await batchPhone.page.goto(url(`/payments/batches/${batchId}`));
      await batchPhone.page.locator('[data-test=line-cards]').waitFor();
      await screenshot(batchPhone.page, 'payment-batch-phone');
      expect(await scrollsSideways(batchPhone.page)).toBe(false);
    } finally {
      await batchPhone.context.close();
    }

    // The claimant: 已支付 on 我的申请, and the payment on the claim's page.
    const claimant = await signedIn(browser, unit.staff.username, FRESH_PASSWORD, DESKTOP);
    try {
      await claimant.page.locator('[data-test=applications]').waitFor();
      await expectText(claimant.page, '[data-test=applications]', '已支付');
      await claimant.page.goto(url(`/claims/${paid}`));
      await expectText(claimant.page, '[data-test=claim-payment]', '已支付');
      await screenshot(claimant.page, 'claim-paid-desktop');
      await claimant.page.goto(url(`/claims/${failed}`));
      await expectText(claimant.page, '[data-test=claim-payment]', '户名与账号不符');
      expect(claimant.errors).toEqual([]);
    } finally {
      await claimant.context.close();
    }
  });
});
