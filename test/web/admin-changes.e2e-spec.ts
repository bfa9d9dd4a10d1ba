import type { Browser, Page } from 'playwright-core';
import { isoDayInChina } from '../../src/common/days';
import { buildExpenseClaim } from '../factories/claim.factory';
import { SHIPPED_EXPENSE } from '../factories/process.factory';
import { engine, eventually, screened } from '../support/api';
import { adminClient, freshUnit } from '../support/people';
import { expectText, launchBrowser, PHONE, screenshot, scrollsSideways, signedIn, url } from './browser';

/**
 * The three changes a process administrator makes in the browser, with no file edited and no
 * restart, each checked on the real engine and API afterwards: a review step added to a process, a
 * field made required, and the finance threshold lowered after a dry run. Each is undone afterwards
 * (a newer version with the shipped content), so the suites after this one see the product as shipped.
 */
describe('process administration changes made in the browser', () => {
  let browser: Browser;
  const demoPassword = process.env.DEMO_PASSWORD ?? 'demo';
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  /** The centre of a diagram element on screen. */
  async function centreOf(page: Page, id: string): Promise<{ x: number; y: number; width: number; height: number }> {
    const box = (await page.locator(`[data-test=modeler] .djs-shape[data-element-id="${id}"]`).boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2, width: box.width, height: box.height };
  }

  it('adds 政治处审核 after the route step in the modeler; lint holds the deploy until it has a holder; new claims take it, running ones stay on their version', async () => {
    const unit = await freshUnit();
    const before = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '800.00' }));
    expect((await screened(unit.staff, before.body.id)).status).toBe('IN_APPROVAL');
    const beforeInstance = (await unit.staff.get(`/api/claims/${before.body.id}`)).body.processInstanceId;
    const oldDefinition = (await engine<any>('GET', `/process-instance/${beforeInstance}`)).definitionId;

    const admin = await signedIn(browser, 'admin', demoPassword);
    const { page } = admin;
    try {
      await page.goto(url('/admin/processes/expense-claim'));
      await page.locator('[data-test=modeler] .djs-shape[data-element-id="route"]').waitFor({ state: 'visible' });
      // A task from the palette dropped on the flow between the route step and the gateway splits it.
      const route = await centreOf(page, 'route');
      const gateway = await centreOf(page, 'screening-result');
      const drop = { x: (route.x + route.width / 2 + gateway.x - gateway.width / 2) / 2, y: route.y };
      await page.click('[data-test=modeler] .djs-palette [data-action="create.task"]');
      await page.mouse.move(drop.x - 40, drop.y + 60, { steps: 5 });
      await page.mouse.move(drop.x, drop.y, { steps: 10 });
      await page.mouse.click(drop.x, drop.y);
      await page.locator('.djs-context-pad .entry[data-action="replace"]').dispatchEvent('click');
      await page.locator('.djs-popup [data-id="replace-with-user-task"]').click();
      await page.click('[data-test=properties-panel] [data-group-id="group-general"] .bio-properties-panel-group-header');
      await page.fill('#bio-properties-panel-name', '政治处审核');
      const taskId = await page.locator('#bio-properties-panel-id').inputValue();

      await page.click('[data-test=deploy]');
      await expectText(page, '[data-test=problems]', '用户任务需要办理人');
      await expectText(page, '[data-test=problems]', taskId);
      await screenshot(page, 'process-modeler-lint-desktop');

      await page.click('[data-test=properties-panel] [data-group-id="group-CamundaPlatform__UserAssignment"] .bio-properties-panel-group-header');
      await page.fill('#bio-properties-panel-candidateGroups', 'process-admin');
      await page.click('[data-test=lint]');
      await expectText(page, '[data-test=problems]', '0 个错误');
      await page.click('[data-test=deploy]');
      await page.locator('.el-message-box__btns .el-button--primary').click();
      await expectText(page, '.el-message--success', '已部署为第');

      const after = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '900.00' }));
      expect(after.status).toBe(201);
      const afterInstance = await eventually(() => unit.staff.get(`/api/claims/${after.body.id}`), (r) => !!r.body.processInstanceId).then((r) => r.body.processInstanceId);
      const review = await eventually(() => engine<any[]>('GET', `/task?processInstanceId=${afterInstance}`), (tasks) => tasks.length > 0);
      expect(review).toEqual([expect.objectContaining({ name: '政治处审核', taskDefinitionKey: taskId })]);
      expect((await engine<any>('GET', `/process-instance/${afterInstance}`)).definitionId).not.toBe(oldDefinition);
      // The claim filed before the change stays on its version, at its approval step.
      expect((await engine<any>('GET', `/process-instance/${beforeInstance}`)).definitionId).toBe(oldDefinition);
      expect((await engine<any[]>('GET', `/task?processInstanceId=${beforeInstance}`)).map((t) => t.taskDefinitionKey)).toEqual(['approval']);

      await page.goto(url('/admin/processes'));
      await page.click('[data-test=diff-expense-claim]');
      await expectText(page, '[data-test=diff]', '政治处审核');
      await screenshot(page, 'process-diff-added-desktop');
      expect(admin.errors).toEqual([]);
    } finally {
      await admin.context.close();
      // The shipped model again, as the newest version, for the suites after this one.
      expect((await (await adminClient()).post('/api/processes/deploy', { xml: SHIPPED_EXPENSE })).status).toBe(201);
    }
  });

  it('walks a draft with token simulation, in Chinese', async () => {
    const admin = await signedIn(browser, 'admin', demoPassword);
    await admin.page.goto(url('/admin/processes/expense-claim'));
    await admin.page.locator('[data-test=modeler] .djs-shape[data-element-id="route"]').waitFor({ state: 'visible' });
    await admin.page.click('[data-test=simulate]');
    await expectText(admin.page, '[data-test=simulation-hint]', '放出令牌');
    await admin.page.locator('[data-test=modeler] .djs-overlays[data-container-id="claim-submitted"] .bts-context-pad').click();
    await admin.page.locator('[data-test=modeler] .bts-token').first().waitFor({ state: 'attached' });
    await admin.page.waitForTimeout(1500);
    await screenshot(admin.page, 'process-simulation-desktop');
    expect(admin.errors).toEqual([]);
    await admin.context.close();
  });

  it('makes the invoice city of expense-claim required in the builder: the staff form marks it and the server refuses a claim without it', async () => {
    const api = await adminClient();
    const shipped = (await api.get('/api/forms/expense-claim')).body.definition;
    const admin = await signedIn(browser, 'admin', demoPassword);
    const unit = await freshUnit();
    try {
      const { page } = admin;
      await page.goto(url('/admin/forms'));
      const city = page.locator('[data-test=form-builder] .builder-component:has(> .formio-component-city)').first();
      await city.waitFor({ state: 'attached' });
      await city.scrollIntoViewIfNeeded();
      await city.hover();
      await city.locator('> .component-btn-group .component-settings-button-edit').click();
      const dialog = page.locator('.formio-dialog');
      await dialog.locator('a.nav-link', { hasText: '校验' }).click();
      await dialog.locator('input[name="data[validate.required]"]').check();
      await dialog.locator('[ref="saveButton"]').click();
      await page.click('[data-test=save-form]');
      await expectText(page, '.el-message--success', '已保存为第');
      await screenshot(page, 'form-builder-required-desktop');
      expect(admin.errors).toEqual([]);

      const staff = await signedIn(browser, unit.staff.username, 'e2e-password-1');
      await staff.page.goto(url('/claims/new/expense'));
      await staff.page.click('[ref="editgrid-invoices-addRow"]');
      await staff.page.locator('.formio-component-city label.field-required').waitFor({ state: 'visible' });
      await screenshot(staff.page, 'claim-city-required-desktop');
      await staff.context.close();

      const withoutCity = buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '300.00' });
      for (const invoice of withoutCity.invoices) delete (invoice as { city?: string }).city;
      const refused = await unit.staff.post('/api/claims', withoutCity);
      expect(refused.status).toBe(400);
      expect(refused.body.fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'invoices[0].city' })]));
    } finally {
      await admin.context.close();
      expect((await api.put('/api/forms/expense-claim', { definition: shipped })).status).toBe(200);
    }
  });

  it('lowers the finance threshold in 规则管理 after the dry run shows which claims would go to finance; the next claim is routed by it', async () => {
    const unit = await freshUnit();
    const earlier = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '3000.00' }));
    expect((await screened(unit.staff, earlier.body.id)).route).toEqual(['unit-head']);
    const api = await adminClient();
    const shipped = (await api.get('/api/rules/routing')).body.latest;

    const admin = await signedIn(browser, 'admin', demoPassword);
    const { page } = admin;
    try {
      await page.goto(url('/admin/rules'));
      const finance = page.locator('[data-test="policy-thresholdsFen.finance"]');
      await finance.fill('2000');
      await expectText(page, '[data-test=rules-check]', '格式检查通过');
      await page.click('[data-test=dry-run]');
      const changes = page.locator('[data-test=dry-run-changes]');
      await expectText(page, '[data-test=dry-run-changes]', unit.staff.username);
      const row = changes.locator('tr', { hasText: unit.staff.username });
      await expectText(page, `[data-test=dry-run-changes] tr:has-text("${unit.staff.username}")`, '财务审核');
      expect(await row.count()).toBeGreaterThan(0);
      await screenshot(page, 'rules-dry-run-desktop');

      await page.click('[data-test=store-rules]');
      await page.locator('.el-message-box__btns .el-button--primary').click();
      await expectText(page, '.el-message--success', '已保存为第');
      expect(admin.errors).toEqual([]);

      const next = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '3000.00' }));
      expect((await screened(unit.staff, next.body.id)).route).toEqual(['unit-head', 'finance']);

      const phone = await signedIn(browser, 'admin', demoPassword, PHONE);
      await phone.page.goto(url('/admin/rules'));
      await phone.page.locator('[data-test="policy-thresholdsFen.finance"]').waitFor({ state: 'visible' });
      await screenshot(phone.page, 'rules-phone');
      expect(await scrollsSideways(phone.page)).toBe(false);
      await phone.context.close();
    } finally {
      await admin.context.close();
      // Effective the same day as the change, so the newer version (the shipped content) wins.
      const restored = await api.put('/api/rules/routing', { effectiveFrom: isoDayInChina(new Date()), data: shipped.data, rules: shipped.rules });
      expect(restored.status).toBe(200);
    }
  });
});
