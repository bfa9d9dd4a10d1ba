import type { Browser, Page } from 'playwright-core';
import { addDays } from '../../src/common/days';
import { isoDayInChina } from '../../src/common/clock';
import { BUREAU_CREDIT_CODE, BUREAU_TITLE, HOTEL_CREDIT_CODE, invoiceNumber } from '../factories/claim.factory';
import { eventually } from '../support/api';
import { FRESH_PASSWORD, freshUnit, FreshUnit } from '../support/people';
import { expectText, launchBrowser, PHONE, screenshot, scrollsSideways, signedIn, url } from './browser';

/**
 * A 民警 files a travel request and a travel claim through the Form.io forms in a real browser,
 * against the real engine: the claim comes back for its invoice's tax, is corrected in the same form
 * and followed on the diagram to the unit head's approval step.
 */
describe('staff file requests and claims in the browser', () => {
  let browser: Browser;
  let unit: FreshUnit;
  // A trip six weeks ago: its invoices are neither in the future nor older than a year.
  const start = addDays(isoDayInChina(new Date()), -42);
  const end = addDays(start, 2);

  beforeAll(async () => {
    browser = await launchBrowser();
    unit = await freshUnit();
  });
  afterAll(async () => browser?.close());

  const fill = (page: Page, name: string, value: string) => page.fill(`[name="data${name}"]`, value);

  it('files a request, is returned with INV-MATH explained, corrects the tax in the same form and sees the approval step highlighted', async () => {
    const staff = await signedIn(browser, unit.staff.username, FRESH_PASSWORD);
    const page = staff.page;
    await expectText(page, '[data-test=current-user]', unit.name);

    // 出差申请 through its form.
    await page.click('[data-test=new-travel-request]');
    await page.waitForSelector('[name="data[destination]"]');
    expect(await page.inputValue('[name="data[traveller]"]')).toBe(unit.staff.username);
    await fill(page, '[destination]', '杭州');
    await fill(page, '[start]', start);
    await fill(page, '[end]', end);
    await fill(page, '[estimate]', '1500.00');
    await fill(page, '[purpose]', '赴杭州参加业务培训');
    await screenshot(page, 'travel-request-form-desktop');
    await page.click('[data-test=submit-request]');
    await page.waitForURL(/\/travel-requests\/[0-9a-f-]{36}$/);
    await expectText(page, '[data-test=status]', '待审批');

    // The unit head approves it from the task list.
    const head = await signedIn(browser, unit.head.username, FRESH_PASSWORD);
    await head.page.goto(url('/tasks'));
    await head.page.locator('[data-test=task-row]', { hasText: `民警${unit.code.slice(1)}` }).locator('[data-test=open-task]').click();
    await head.page.click('[data-test=op-approve]');
    await head.page.fill('[data-test=op-comment]', '同意出差');
    await head.page.click('[data-test=op-confirm]');
    await head.page.waitForURL(/\/tasks$/);
    await head.context.close();

    // The claim, started from the approved request, with a hotel invoice whose tax does not add up.
    const invoice = invoiceNumber();
    await page.goto(url('/claims/new/travel'));
    await page.waitForSelector('[name="data[purpose]"]');
    await fill(page, '[purpose]', '赴杭州参加业务培训');
    await page.click('[data-test=from-request]');
    await page.locator('.el-select-dropdown__item', { hasText: '杭州' }).click();
    await page.waitForSelector('.formio-component-trips .editRow');
    await page.click('.formio-component-trips .editRow');
    await page.waitForSelector('[name="data[trips][0][destination]"]');
    expect(await page.inputValue('[name="data[trips][0][start]"]')).toBe(start);
    await page.click('.formio-component-lodging [ref="datagrid-lodging-addRow"]');
    await fill(page, '[trips][0][lodging][0][city]', '杭州');
    await fill(page, '[trips][0][lodging][0][nights]', '2');
    await fill(page, '[trips][0][lodging][0][amount]', '760.00');
    await fill(page, '[trips][0][lodging][0][invoice]', invoice);
    await page.click('[ref="editgrid-trips-saveRow"]');
    await page.click('[ref="editgrid-invoices-addRow"]');
    await fill(page, '[invoices][0][number]', invoice);
    await fill(page, '[invoices][0][date]', end);
    await page.selectOption('[name="data[invoices][0][kind]"]', 'lodging');
    await fill(page, '[invoices][0][city]', '杭州');
    await fill(page, '[invoices][0][amount]', '716.98');
    await fill(page, '[invoices][0][taxRate]', '6');
    await fill(page, '[invoices][0][tax]', '40.00');
    await fill(page, '[invoices][0][total]', '760.00');
    await fill(page, '[invoices][0][buyerName]', BUREAU_TITLE);
    await fill(page, '[invoices][0][buyerTaxId]', BUREAU_CREDIT_CODE);
    await fill(page, '[invoices][0][sellerName]', '杭州西湖宾馆有限公司');
    await fill(page, '[invoices][0][sellerTaxId]', HOTEL_CREDIT_CODE);
    // The form checks the tax as the user types, with the server's own invoice code.
    await expectText(page, '[data-test=invoice-hints]', '税额应为 43.02');
    await page.click('[ref="editgrid-invoices-saveRow"]');
    await expectText(page, '[data-test=claim-total]', '760.00');
    await expectText(page, '[data-test=lodging-cap]', '住宿标准');
    await screenshot(page, 'travel-claim-form-desktop');
    await page.click('[data-test=submit-claim]');
    await page.waitForURL(/\/claims\/[0-9a-f-]{36}$/);
    const claimId = page.url().split('/').pop()!;

    // Screening returns it, and the page says why in plain words.
    await expectText(page, '[data-test=status]', '已退回', 30_000);
    const finding = page.locator('[data-rule="INV-MATH"]');
    await expect(finding.textContent()).resolves.toContain('税额应为 43.02 元，填写的是 40.00 元');
    await screenshot(page, 'claim-returned-desktop');

    // Corrected in the same form, resubmitted under the same id.
    await page.click('[data-test=revise]');
    await page.waitForURL(new RegExp(`/claims/${claimId}/edit$`));
    await page.waitForSelector('.formio-component-invoices .editRow');
    await page.click('.formio-component-invoices .editRow');
    await fill(page, '[invoices][0][tax]', '43.02');
    await fill(page, '[invoices][0][amount]', '716.98');
    await page.click('[ref="editgrid-invoices-saveRow"]');
    await page.click('[data-test=submit-claim]');
    await page.waitForURL(new RegExp(`/claims/${claimId}$`));
    await expectText(page, '[data-test=status]', '审批中', 30_000);
    await expect(page.locator('[data-rule="INV-MATH"]').count()).resolves.toBe(0);

    // The diagram marks the approval step as current, held by the unit head.
    await expectText(page, '[data-test=diagram-current]', `所长${unit.code.slice(1)}`);
    await expect(page.locator('.djs-element[data-element-id="approval"].progress-current').count()).resolves.toBe(1);
    await expect(page.locator('.djs-element[data-element-id="invoice-check"].progress-done').count()).resolves.toBe(1);
    await screenshot(page, 'claim-in-approval-desktop');

    // The same pages at phone size: nothing scrolls sideways and the actions are reachable.
    const phone = await signedIn(browser, unit.staff.username, FRESH_PASSWORD, PHONE);
    for (const [path, name] of [['/my', 'my-applications'], [`/claims/${claimId}`, 'claim'], ['/claims/new/travel', 'travel-claim-form'], ['/travel-requests/new', 'travel-request-form']]) {
      await phone.page.goto(url(path));
      await phone.page.waitForLoadState('networkidle');
      await screenshot(phone.page, `${name}-phone`);
      expect({ path, sideways: await scrollsSideways(phone.page) }).toEqual({ path, sideways: false });
    }
    await phone.page.goto(url(`/claims/${claimId}`));
    await phone.page.locator('[data-test=withdraw]').waitFor({ state: 'visible' });
    await phone.page.locator('[data-test=diagram] .djs-element[data-element-id="approval"]').waitFor({ state: 'visible' });
    await phone.context.close();

    expect(staff.errors).toEqual([]);
    await staff.context.close();
  });

  it('shows inline messages in Chinese for a missing required field and submits nothing', async () => {
    const staff = await signedIn(browser, unit.staff.username, FRESH_PASSWORD);
    const page = staff.page;
    const before = (await unit.staff.get('/api/travel-requests')).body.length;
    await page.goto(url('/travel-requests/new'));
    await page.waitForSelector('[name="data[destination]"]');
    await fill(page, '[start]', start);
    await fill(page, '[end]', end);
    await fill(page, '[estimate]', '100.00');
    await page.click('[data-test=submit-request]');
    await expectText(page, '.formio-component-destination .formio-errors', '目的地必填');
    await expectText(page, '.formio-component-purpose .formio-errors', '出差事由必填');
    await expectText(page, '[data-test=refused]', '请先改正表单中标红的内容');
    expect(page.url()).toMatch(/\/travel-requests\/new$/);
    await screenshot(page, 'travel-request-required-desktop');
    expect((await unit.staff.get('/api/travel-requests')).body.length).toBe(before);
    await staff.context.close();
  });

  it('sends an expired session to the login page and back to the page the user was on, and signs out for good', async () => {
    const staff = await signedIn(browser, unit.staff.username, FRESH_PASSWORD);
    const page = staff.page;
    await page.goto(url('/claims/new/expense'));
    await page.waitForSelector('[name="data[purpose]"]');
    await page.evaluate(() => localStorage.setItem('jingbao.token', 'expired-token'));
    await page.goto(url('/claims/new/expense'));
    await page.waitForURL(/\/login\?/);
    await page.fill('input[name=username]', unit.staff.username);
    await page.fill('input[name=password]', FRESH_PASSWORD);
    await page.click('[data-test=login-submit]');
    await page.waitForURL(/\/claims\/new\/expense$/);

    // Signing out revokes the token on the server, not only in the page.
    const token = await page.evaluate(() => localStorage.getItem('jingbao.token'));
    await page.click('[data-test=logout]');
    await page.waitForURL(/\/login/);
    const me = await fetch(url('/api/me'), { headers: { Authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
    await staff.context.close();
  });
});
