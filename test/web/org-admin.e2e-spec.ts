import type { Browser } from 'playwright-core';
import { anonymous } from '../support/api';
import { FRESH_PASSWORD, freshUnit } from '../support/people';
import { expectText, launchBrowser, PHONE, screenshot, scrollsSideways, signedIn, url } from './browser';

/** 组织管理 in the browser: a unit's credit code refused by its check character, and a person deactivated. */
describe('organisation administration in the browser', () => {
  let browser: Browser;
  const demoPassword = process.env.DEMO_PASSWORD ?? 'demo';
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('names the credit code when its check character is wrong, and deactivates a person who then cannot sign in', async () => {
    const unit = await freshUnit({ budget: false });
    const admin = await signedIn(browser, 'admin', demoPassword);
    const { page } = admin;
    await page.goto(url('/admin/org'));
    await page.getByRole('tab', { name: '单位' }).click();
    await page.click(`[data-test=edit-unit-${unit.code}]`);
    await page.fill('[data-test=unit-credit-code]', '11330782002580471A');
    await page.click('[data-test=save-unit]');
    await expectText(page, '.el-dialog .el-form-item__error', '校验位');
    await screenshot(page, 'org-unit-refused-desktop');
    await page.fill('[data-test=unit-credit-code]', '91330100MA27Y8K3P3');
    await page.click('[data-test=save-unit]');
    await expectText(page, '[data-test=units]', '91330100MA27Y8K3P3');

    await page.getByRole('tab', { name: '人员' }).click();
    await page.fill('[data-test=people-search]', unit.staff.username);
    await page.press('[data-test=people-search]', 'Enter');
    await expectText(page, '[data-test=people]', unit.staff.username);
    await page.click(`[data-test=deactivate-${unit.staff.username}]`);
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await expectText(page, '.el-message--success', '已停用');
    expect((await anonymous.post('/api/auth/login', { username: unit.staff.username, password: FRESH_PASSWORD })).status).toBe(401);
    await screenshot(page, 'org-people-desktop');
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    const phone = await signedIn(browser, 'admin', demoPassword, PHONE);
    await phone.page.goto(url('/admin/org'));
    await phone.page.locator('[data-test=people] .el-table__row').first().waitFor({ state: 'visible' });
    await screenshot(phone.page, 'org-people-phone');
    expect(await scrollsSideways(phone.page)).toBe(false);
    await phone.context.close();
  });
});
