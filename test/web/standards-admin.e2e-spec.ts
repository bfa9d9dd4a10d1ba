import type { Browser } from 'playwright-core';
import { randomBytes } from 'node:crypto';
import { adminClient, FRESH_PASSWORD } from '../support/people';
import { expectText, launchBrowser, screenshot, signedIn, url } from './browser';

/** 规则管理 → 差旅标准: the lodging caps edited as a table and stored from a day far ahead, so no other test meets them. */
describe('travel standards edited in the browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('shows a process administrator outside finance the standards without letting them store', async () => {
    const admin = await signedIn(browser, 'admin', process.env.DEMO_PASSWORD ?? 'demo');
    await admin.page.goto(url('/admin/rules'));
    await admin.page.getByRole('tab', { name: '差旅标准' }).click();
    await expectText(admin.page, '[data-test=standards]', '保存需要财务审核岗位');
    expect(await admin.page.locator('[data-test=store-standards]').isDisabled()).toBe(true);
    await admin.context.close();
  });

  it('refuses a cap that is not an amount, naming the row, then stores the corrected table from its effective day', async () => {
    const day = '2099-01-01';
    // The standards are finance's (the spec's table of who sees what): a process administrator who is also in finance.
    const username = `f${randomBytes(4).toString('hex')}`;
    const created = await (await adminClient()).post('/api/org/users', { username, displayName: `财务管理员${username}`, title: '财务', tier: 'other', unit: 'jingbao', password: FRESH_PASSWORD, groups: [{ code: 'finance' }, { code: 'process-admin' }] });
    expect(created.status).toBe(201);
    const admin = await signedIn(browser, username, FRESH_PASSWORD);
    const { page } = admin;
    await page.goto(url('/admin/rules'));
    await page.getByRole('tab', { name: '差旅标准' }).click();
    const cap = page.locator('[data-test="lodging-杭州-other"]');
    await cap.waitFor({ state: 'visible' });
    const dayInput = page.locator('[data-test=standards] .store-row .el-date-editor input');
    await dayInput.fill(day);
    await dayInput.press('Enter');

    await cap.fill('四百二十');
    await page.click('[data-test=store-standards]');
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await expectText(page, '[data-test=standards-refused]', 'lodgingPerNight');

    await cap.fill('420.00');
    await page.click('[data-test=store-standards]');
    await page.locator('.el-message-box__btns .el-button--primary').click();
    await expectText(page, '.el-message--success', '自 2099-01-01 起生效');
    await screenshot(page, 'rules-standards-desktop');
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    const api = await adminClient();
    const later = (await api.get(`/api/standards?on=${day}`)).body.lodging.find((row: any) => row.city === '杭州' && row.tier === 'other');
    const today = (await api.get('/api/standards')).body.lodging.find((row: any) => row.city === '杭州' && row.tier === 'other');
    expect(later.lodgingPerNight).toBe('420.00');
    expect(today.lodgingPerNight).toBe('400.00');
  });
});
