import type { Browser } from 'playwright-core';
import { contractBody, freshSupplier, importedAward, procurementClient } from '../factories/contract.factory';
import { files } from '../factories/file.factory';
import { eventually } from '../support/api';
import { FISCAL_YEAR, freshUnit, FreshUnit, FRESH_PASSWORD } from '../support/people';
import { DESKTOP, expectText, launchBrowser, PHONE, screenshot, scrollsSideways, signedIn, url } from './browser';

/**
 * A member of staff files a contract from an award in the browser (the milestones must add up first);
 * finance reads the contract, 合同执行情况表 and the SME due list, on a desktop and on a phone.
 */
describe('contracts in the browser', () => {
  let browser: Browser;
  let unit: FreshUnit;
  let signedId: string;
  const demoPassword = process.env.DEMO_PASSWORD ?? 'demo';

  beforeAll(async () => {
    browser = await launchBrowser();
    unit = await freshUnit();
    const supplier = await freshSupplier({ sme: true });
    const imported = await (await procurementClient()).post('/api/contracts/import', {
      contracts: [{
        ref: `HT-WEB-${unit.code}`, unit: unit.code, budgetLine: { unit: unit.code, subject: '30211', fund: 'basic' }, supplier: supplier.creditCode, amount: '86000.00', awardAmount: '86000.00',
        awardedOn: `${FISCAL_YEAR}-09-01`, signedOn: `${FISCAL_YEAR}-09-10`, bond: '4300.00', deliveredOn: `${FISCAL_YEAR}-10-20`, acceptedOn: `${FISCAL_YEAR}-11-01`,
        milestones: [{ name: '签订后预付', percent: 30, condition: 'signing' }, { name: '验收后付款', percent: 65, condition: 'acceptance' }, { name: '质保金', percent: 5, condition: 'warranty' }],
        payments: [{ milestone: '签订后预付', amount: '25800.00', paidOn: `${FISCAL_YEAR}-09-20` }],
      }],
    });
    expect(imported.status).toBe(201);
    signedId = imported.body.contracts[0].id;
  });
  afterAll(async () => browser?.close());

  it('files a contract from an award once its milestones add up, and shows it in screening', async () => {
    const supplier = await freshSupplier();
    const awardId = await importedAward(unit, supplier, '4000.00');
    const { page, errors } = await signedIn(browser, unit.staff.username, FRESH_PASSWORD);
    await page.goto(url(`/contracts/new?award=${awardId}`));
    const body = contractBody(awardId);
    await page.fill('input[data-test=title]', body.title);
    await page.fill('input[data-test=amount]', '4000.00');
    await page.locator('.milestone input').nth(1).waitFor();
    await page.locator('.milestone').first().locator('input').nth(2).fill('3999.99');
    await expectText(page, '[data-test=milestone-sum]', '3,999.99');
    expect(await page.locator('[data-test=submit]').isDisabled()).toBe(true);
    await screenshot(page, 'contract-new-unbalanced-desktop');
    await page.locator('.milestone').first().locator('input').nth(2).fill('4000.00');
    await page.click('[data-test=submit]');
    await page.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
    await expectText(page, '[data-test=contract-terms]', '4,000.00');
    expect(errors).toEqual([]);
  });

  it('shows a signed contract, the execution report and the SME due list to finance, on a desktop and a phone', async () => {
    for (const [viewport, suffix] of [[undefined, 'desktop'], [PHONE, 'phone']] as const) {
      const { page, errors } = await signedIn(browser, 'wangwu', demoPassword, viewport);
      await page.goto(url(`/contracts/${signedId}`));
      await expectText(page, '[data-test=milestones]', '质保金');
      await screenshot(page, `contract-detail-${suffix}`);
      expect(await scrollsSideways(page)).toBe(false);

      await page.goto(url('/contracts/execution'));
      await expectText(page, '[data-test=execution]', `HT-WEB-${unit.code}`);
      await screenshot(page, `contract-execution-${suffix}`);

      await page.goto(url('/contracts/sme-due'));
      await eventually(() => page.locator('[data-test=sme-due]').count(), (n) => n > 0);
      await expectText(page, '.page', '已逾期');
      await screenshot(page, `sme-due-${suffix}`);
      expect(await scrollsSideways(page)).toBe(false);

      await page.goto(url(`/subjects/contract/${signedId}`));
      await expectText(page, '.page', '合同付款');
      await screenshot(page, `contract-related-${suffix}`);
      expect(errors).toEqual([]);
    }
  });

  it('lands contract review on its task list, with contracts in its menu', async () => {
    const { page } = await signedIn(browser, 'luming', demoPassword);
    expect(new URL(page.url()).pathname).toBe('/tasks');
    await expectText(page, '.el-menu', '合同执行情况表');
    await screenshot(page, 'contract-review-landing-desktop');
  });
  it('records an acceptance with the report uploaded from the acceptance form, on a desktop and a phone', async () => {
    for (const [viewport, suffix] of [[undefined, 'desktop'], [PHONE, 'phone']] as const) {
      const supplier = await freshSupplier();
      const imported = await (await procurementClient()).post('/api/contracts/import', {
        contracts: [{
          ref: `HT-ACC-${suffix}-${unit.code}`, unit: unit.code, budgetLine: { unit: unit.code, subject: '30211', fund: 'basic' }, supplier: supplier.creditCode, amount: '12000.00', awardAmount: '12000.00',
          awardedOn: `${FISCAL_YEAR}-01-05`, signedOn: `${FISCAL_YEAR}-01-10`, milestones: [{ name: '验收后付款', percent: 100, condition: 'acceptance' }],
        }],
      });
      expect(imported.status).toBe(201);
      const { page, errors } = await signedIn(browser, 'hesong', demoPassword, viewport);
      await page.goto(url(`/contracts/${imported.body.contracts[0].id}`));
      await expectText(page, '[data-test=acceptance-report-none]', '还没有验收报告');
      expect(await page.locator('[data-test=accept]').isDisabled()).toBe(true);
      await page.setInputFiles('[data-test=acceptance-report-file]', { name: '验收报告.pdf', mimeType: 'application/pdf', buffer: files.pdf() });
      await expectText(page, '[data-test=acceptance-report]', '验收报告.pdf');
      const days = page.locator('.inline-form .el-date-editor input');
      for (const [i, day] of [`${FISCAL_YEAR}-01-20`, `${FISCAL_YEAR}-01-25`].entries()) {
        await days.nth(i).fill(day);
        await days.nth(i).press('Enter');
      }
      await page.locator('.inline-form .el-form-item', { hasText: '验收人' }).locator('input').fill('装备财务科 何松');
      await screenshot(page, `contract-acceptance-form-${suffix}`);
      await page.click('[data-test=accept]');
      await expectText(page, '[data-test=acceptances]', '装备财务科 何松');
      await screenshot(page, `contract-accepted-${suffix}`);
      expect(await scrollsSideways(page)).toBe(false);
      expect(errors).toEqual([]);
    }
  });
  it('lets the submitter revise a payment request screening returned and send it again', async () => {
    const supplier = await freshSupplier({ sme: false });
    const imported = await (await procurementClient()).post('/api/contracts/import', {
      contracts: [{
        ref: `HT-REVISE-${unit.code}`, unit: unit.code, budgetLine: { unit: unit.code, subject: '30211', fund: 'basic' }, supplier: supplier.creditCode, amount: '10000.00', awardAmount: '10000.00',
        awardedOn: `${FISCAL_YEAR}-01-05`, signedOn: `${FISCAL_YEAR}-01-10`, milestones: [{ name: '签订后付款', percent: 100, condition: 'signing' }],
      }],
    });
    const contract = (await (await procurementClient()).get(`/api/contracts/${imported.body.contracts[0].id}`)).body;
    const asked = await unit.staff.post('/api/contract-payments', { contractId: contract.id, milestoneId: contract.milestones[0].id, amount: '10000.01', payeeAccount: supplier.account });
    await eventually(() => unit.staff.get(`/api/contract-payments/${asked.body.id}`), (r) => r.body.status === 'RETURNED');

    const { page, errors } = await signedIn(browser, unit.staff.username, FRESH_PASSWORD, PHONE);
    await page.goto(url(`/contract-payments/${asked.body.id}`));
    await expectText(page, '[data-test=payment-revision]', '重新提交');
    await page.fill('input[data-test=revise-amount]', '10000.00');
    await screenshot(page, 'contract-payment-revise-phone');
    await page.setViewportSize(DESKTOP);
    await screenshot(page, 'contract-payment-revise-desktop');
    await page.click('[data-test=resubmit]');
    await eventually(() => unit.staff.get(`/api/contract-payments/${asked.body.id}`), (r) => r.body.status === 'IN_APPROVAL');
    expect(await scrollsSideways(page)).toBe(false);
    expect(errors).toEqual([]);
  });
  it('lets the submitter revise a contract returned for exceeding its award, filled in with its terms, and send it again', async () => {
    const supplier = await freshSupplier();
    const awardId = await importedAward(unit, supplier, '4000.00');
    const created = await unit.staff.post('/api/contracts', contractBody(awardId, { amount: '4000.01' }));
    await eventually(() => unit.staff.get(`/api/contracts/${created.body.id}`), (r) => r.body.status === 'RETURNED');

    const { page, errors } = await signedIn(browser, unit.staff.username, FRESH_PASSWORD);
    await page.goto(url(`/contracts/${created.body.id}`));
    await page.click('[data-test=revise]');
    await page.waitForURL(/\/contracts\/new\?revise=/);
    await eventually(() => page.inputValue('input[data-test=title]'), (title) => title === '执法记录仪采购合同');
    await page.fill('input[data-test=amount]', '4000.00');
    await page.locator('.milestone').nth(1).locator('input').nth(2).fill('2800.00');
    await expectText(page, '[data-test=milestone-sum]', '4,000.00');
    await screenshot(page, 'contract-revise-desktop');
    await page.setViewportSize(PHONE);
    await screenshot(page, 'contract-revise-phone');
    expect(await scrollsSideways(page)).toBe(false);
    await page.click('[data-test=submit]');
    await page.waitForURL(/\/contracts\/[0-9a-f-]{36}$/);
    await eventually(() => unit.staff.get(`/api/contracts/${created.body.id}`), (r) => r.body.status === 'IN_APPROVAL' && r.body.amount === '4000.00');
    expect(errors).toEqual([]);
  });
});
