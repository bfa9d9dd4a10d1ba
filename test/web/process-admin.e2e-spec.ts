import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { copyOf, withReview } from '../factories/process.factory';
import { adminClient } from '../support/people';
import { expectText, launchBrowser, PHONE, screenshot, scrollsSideways, signedIn, url } from './browser';

/** The process administrator opens a process in the modeler, with the Camunda properties panel, and checks it. */
describe('process administration in the browser', () => {
  let browser: Browser;
  const demoPassword = process.env.DEMO_PASSWORD ?? 'demo';
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('opens expense-claim in the modeler in Chinese, checks it on the server and lists what it found', async () => {
    const admin = await signedIn(browser, 'admin', demoPassword);
    const { page } = admin;
    await page.goto(url('/admin/processes'));
    await page.click('[data-test=edit-expense-claim]');
    await page.locator('[data-test=modeler] .djs-element[data-element-id="approval"]').waitFor({ state: 'visible' });
    await page.locator('[data-test=modeler] .djs-element[data-element-id="approval"]').click();
    await expectText(page, '[data-test=properties-panel]', '办理人');
    await page.click('[data-test=lint]');
    await expectText(page, '[data-test=problems]', '0 个错误');
    await screenshot(page, 'process-modeler-desktop');
    expect(admin.errors).toEqual([]);
    await admin.context.close();

    const phone = await signedIn(browser, 'admin', demoPassword, PHONE);
    await phone.page.goto(url('/admin/processes'));
    await phone.page.locator('[data-test=process]').first().waitFor({ state: 'visible' });
    await screenshot(phone.page, 'process-list-phone');
    expect(await scrollsSideways(phone.page)).toBe(false);
    await phone.context.close();
  });

  it('shows the task added between two versions in the diff', async () => {
    const api = await adminClient();
    const key = `expense-claim-diff-${randomBytes(3).toString('hex')}`;
    const first = await api.post('/api/processes/deploy', { xml: copyOf(key) });
    const second = await api.post('/api/processes/deploy', { xml: copyOf(key, withReview('camunda:candidateGroups="finance"')) });
    expect([first.status, second.status]).toEqual([201, 201]);

    const admin = await signedIn(browser, 'admin', demoPassword);
    await admin.page.goto(url('/admin/processes'));
    await admin.page.click(`[data-test=diff-${key}]`);
    await expectText(admin.page, '[data-test=diff-added]', '政治处审核');
    await admin.page.locator('[data-test=diff-canvas] .djs-element.diff-added[data-element-id="political-review"]').waitFor({ state: 'visible' });
    await screenshot(admin.page, 'process-diff-desktop');
    expect(admin.errors).toEqual([]);
    await admin.context.close();
  });

  it('opens a form in the Form.io builder and previews it', async () => {
    const admin = await signedIn(browser, 'admin', demoPassword);
    await admin.page.goto(url('/admin/forms'));
    await admin.page.locator('[data-test=form-builder] .formbuilder').waitFor({ state: 'visible' });
    await expectText(admin.page, '[data-test=form-builder]', '报销事由');
    await admin.page.click('[data-test=preview]');
    await admin.page.locator('[data-test=form-preview] [name="data[purpose]"]').waitFor({ state: 'visible' });
    await screenshot(admin.page, 'form-builder-desktop');
    expect(admin.errors).toEqual([]);
    await admin.context.close();
  });
});
