import type { Browser } from 'playwright-core';
import { buildExpenseClaim } from '../factories/claim.factory';
import { ApiClient, screened } from '../support/api';
import { adminClient, FRESH_PASSWORD, freshUnit, FreshUnit } from '../support/people';
import { DESKTOP, expectText, launchBrowser, PHONE, screenshot, scrollsSideways, signedIn } from './browser';

const demoPassword = process.env.DEMO_PASSWORD ?? 'demo';

/**
 * After login each user lands where they work: approvers on 待办 with its count, finance on the budget
 * workspace, the bureau's leaders on the dashboards, process administrators on the process list, staff
 * on 我的申请; a person in several groups lands on the first of those and finds the rest in the menu.
 */
describe('each user lands where they work', () => {
  let browser: Browser;
  let unit: FreshUnit;

  beforeAll(async () => {
    browser = await launchBrowser();
    unit = await freshUnit();
    // One claim waits for the unit head, so 待办 has something to count.
    const claim = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '700.00' }));
    expect(claim.status).toBe(201);
    await screened(unit.staff, claim.body.id);
  });
  afterAll(async () => browser?.close());

  const landings: [string, () => [string, string], RegExp, string][] = [
    ['staff', () => [unit.staff.username, FRESH_PASSWORD], /\/my$/, '[data-test=applications]'],
    ['unit head (approver)', () => [unit.head.username, FRESH_PASSWORD], /\/tasks$/, '[data-test=todo-count]'],
    ['finance', () => ['wangwu', demoPassword], /\/budget$/, '[data-test=open-import]'],
    ['accountant', () => ['fengjun', demoPassword], /\/accounting\/vouchers$/, '[data-test=export-generic]'],
    ['asset-keeper', () => ['jiangtao', demoPassword], /\/assets\/pending$/, '[data-test=pending-lines], .el-empty'],
    ['deputy chief (leader)', () => ['zhaoliu', demoPassword], /\/dashboards$/, '[data-test=card-execution]'],
    ['process administrator', () => ['admin', demoPassword], /\/admin\/processes$/, '[data-test=process]'],
  ];

  it.each(landings)('lands the %s on their workplace, at desktop and phone size', async (role, who, path, ready) => {
    const [username, password] = who();
    for (const [viewport, size] of [[DESKTOP, 'desktop'], [PHONE, 'phone']] as const) {
      const session = await signedIn(browser, username, password, viewport);
      try {
        expect(session.page.url()).toMatch(path);
        await session.page.locator(ready).first().waitFor({ state: 'visible' });
        await session.page.waitForFunction(() => !Array.from(document.querySelectorAll<HTMLElement>('.el-loading-mask')).some((mask) => mask.offsetParent !== null));
        if (role.startsWith('unit head')) await expectText(session.page, '[data-test=todo-count]', '1');
        await screenshot(session.page, `landing-${role.split(' ')[0]}-${size}`);
        expect(await scrollsSideways(session.page)).toBe(false);
        expect(session.errors).toEqual([]);
      } finally {
        await session.context.close();
      }
    }
  });

  it('lands a person in several groups on the first of their workplaces, with the others in the menu', async () => {
    const root: ApiClient = await adminClient();
    const username = `m${unit.code.slice(1)}`;
    const created = await root.post('/api/org/users', {
      username, displayName: `多岗${unit.code.slice(1)}`, title: '科长', tier: 'other', unit: unit.code, password: FRESH_PASSWORD,
      groups: [{ code: 'process-admin' }, { code: 'finance' }],
    });
    expect(created.status).toBe(201);
    const session = await signedIn(browser, username, FRESH_PASSWORD);
    try {
      // Finance comes before process administration: the budget workspace, and the menu offers the rest.
      expect(session.page.url()).toMatch(/\/budget$/);
      const menu = session.page.locator('.aside .el-menu');
      for (const label of ['预算管理', '预算执行看板', '流程管理', '我的申请']) await expectText(session.page, '.aside .el-menu', label);
      await menu.getByText('流程管理', { exact: true }).click();
      await session.page.waitForURL(/\/admin\/processes$/);
      // The brand link goes back to where the person works.
      await session.page.click('.brand');
      await session.page.waitForURL(/\/budget$/);
      expect(session.errors).toEqual([]);
    } finally {
      await session.context.close();
    }
  });
});
