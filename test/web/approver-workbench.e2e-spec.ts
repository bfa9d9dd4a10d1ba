import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { buildExpenseClaim } from '../factories/claim.factory';
import { ApiClient, eventually, login, screened } from '../support/api';
import { drillApprovalDue } from '../support/approval-due';
import { adminClient, FRESH_PASSWORD, freshUnit, FreshUnit, taskFor } from '../support/people';
import { expectText, launchBrowser, PHONE, screenshot, scrollsSideways, Session, signedIn, url } from './browser';

/**
 * Approvers work their steps in a real browser against the real engine: approve from 待办, return to
 * the previous step, transfer (refused to the submitter), delegate and send back, signers before and
 * after, copy and 抄送我的, urge and the bell, batch approval.
 */
describe('approvers work their tasks in the browser', () => {
  let browser: Browser;
  let unit: FreshUnit;
  let colleague: ApiClient;
  const demoPassword = process.env.DEMO_PASSWORD ?? 'demo';

  beforeAll(async () => {
    browser = await launchBrowser();
    unit = await freshUnit();
    const username = `c${randomBytes(4).toString('hex')}`;
    const created = await (await adminClient()).post('/api/org/users', { username, displayName: `副所长${username}`, title: '副所长', tier: 'other', unit: unit.code, password: FRESH_PASSWORD });
    expect(created.status).toBe(201);
    colleague = await login(username, FRESH_PASSWORD);
  });
  afterAll(async () => browser?.close());

  async function claimInApproval(amount = '800.00'): Promise<string> {
    const submitted = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount }));
    expect(submitted.status).toBe(201);
    expect((await screened(unit.staff, submitted.body.id)).status).toBe('IN_APPROVAL');
    return submitted.body.id;
  }

  /** Opens the claim's step from 待办, narrowed to the fresh unit (finance's list holds every unit's). */
  async function openFromList(session: Session, claimId: string): Promise<void> {
    const { page } = session;
    await page.goto(url('/tasks'));
    await page.fill('.f-unit input', unit.code);
    await page.click('[data-test=search]');
    await page.locator(`[data-test=task-row][data-claim="${claimId}"] [data-test=open-task]`).click();
    await page.locator('[data-test=action-bar]').waitFor({ state: 'visible' });
  }

  async function operate(page: Page, operation: string, options: { person?: string; comment?: string; expectBack?: boolean } = {}): Promise<void> {
    const direct = page.locator(`[data-test=action-bar] [data-test=op-${operation}]`);
    const confirm = page.locator('[data-test=op-confirm]');
    // A dialog of the previous operation may still be fading out.
    await confirm.waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    // The "more" menu opens with an animation: a click that lands while it settles is tried again.
    for (let attempt = 0; attempt < 3 && !(await confirm.isVisible()); attempt++) {
      if (await direct.count()) await direct.click();
      else {
        await page.click('[data-test=more-operations]');
        await page.locator(`.el-dropdown-menu [data-test=op-${operation}]`).click({ timeout: 5_000 }).catch(() => undefined);
      }
      await confirm.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
    }
    if (options.person) await page.fill('[data-test=op-person]', options.person);
    if (options.comment) await page.fill('[data-test=op-comment]', options.comment);
    await page.click('[data-test=op-confirm]');
    if (options.expectBack !== false) await page.waitForURL(/\/tasks$/);
  }

  const open = (username: string, password = FRESH_PASSWORD, viewport?: typeof PHONE) => signedIn(browser, username, password, viewport);
  const statusOf = (claimId: string, status: string) => eventually(() => unit.staff.get(`/api/claims/${claimId}`), (r) => r.body.status === status);

  it('approves from 待办, and finance returns the claim to the previous step, where the unit head sees it again', async () => {
    const claimId = await claimInApproval('6000.00');
    const head = await open(unit.head.username);
    await openFromList(head, claimId);
    await expectText(head.page, '[data-test=related]', '本单占用');
    await screenshot(head.page, 'task-page-desktop');
    await operate(head.page, 'approve', { comment: '同意' });

    const finance = await open('wangwu', demoPassword);
    await taskFor(await login('wangwu', demoPassword), claimId);
    await openFromList(finance, claimId);
    await operate(finance.page, 'return-previous', { comment: '请补充采购清单' });
    await finance.context.close();

    await head.page.goto(url('/tasks'));
    await head.page.locator(`[data-test=task-row][data-claim="${claimId}"]`).waitFor({ state: 'visible' });
    await screenshot(head.page, 'task-list-desktop');
    expect(head.errors).toEqual([]);
    await head.context.close();
  });

  it('refuses a transfer to the submitter, transfers to a colleague, who delegates it back for an opinion and adds a signer after', async () => {
    const claimId = await claimInApproval();
    const head = await open(unit.head.username);
    await openFromList(head, claimId);
    await operate(head.page, 'transfer', { person: unit.staff.username, expectBack: false });
    await expectText(head.page, '.el-message--error', '不能交给提交人本人');
    await head.page.fill('[data-test=op-person]', colleague.username);
    await head.page.click('[data-test=op-confirm]');
    await head.page.waitForURL(/\/tasks$/);

    const deputy = await open(colleague.username);
    await openFromList(deputy, claimId);
    await operate(deputy.page, 'delegate', { person: unit.head.username, comment: '请核实数量' });

    await openFromList(head, claimId);
    await operate(head.page, 'resolve', { comment: '数量属实' });

    await openFromList(deputy, claimId);
    await expectText(deputy.page, '[data-test=timeline]', '数量属实');
    await operate(deputy.page, 'add-signer-after', { person: unit.head.username, expectBack: false });
    await expectText(deputy.page, '[data-test=task-chain]', '加签人');
    await operate(deputy.page, 'approve');
    await openFromList(head, claimId);
    await expectText(head.page, '[data-test=task-chain]', '加签人');
    await operate(head.page, 'approve');
    await statusOf(claimId, 'APPROVED');
    await deputy.context.close();
    await head.context.close();
  });

  it('adds a signer before: the signer approves first and the step comes back to the holder', async () => {
    const claimId = await claimInApproval();
    const head = await open(unit.head.username);
    await openFromList(head, claimId);
    await operate(head.page, 'add-signer-before', { person: colleague.username, comment: '请先把关' });
    const signer = await open(colleague.username);
    await openFromList(signer, claimId);
    await operate(signer.page, 'approve');
    await openFromList(head, claimId);
    await operate(head.page, 'approve');
    await statusOf(claimId, 'APPROVED');
    await signer.context.close();
    await head.context.close();
  });

  it('copies a claim, which shows under 抄送我的; urging rings the holder’s bell; three clean claims are approved at once', async () => {
    const claimId = await claimInApproval();
    const staff = await open(unit.staff.username);
    await staff.page.goto(url(`/claims/${claimId}`));
    await staff.page.click('[data-test=copy]');
    await staff.page.fill('[data-test=copy-people]', colleague.username);
    await staff.page.click('[data-test=copy-confirm]');
    await expectText(staff.page, '.el-message--success', '抄送');
    await staff.page.click('[data-test=urge]');
    await expectText(staff.page, '.el-message--success', '已催办');

    const reader = await open(colleague.username);
    await reader.page.goto(url('/tasks?view=copied'));
    await reader.page.locator('[data-test=copied-row]').first().waitFor({ state: 'visible' });
    await reader.page.locator('[data-test=copied-row]').first().click();
    await reader.page.waitForURL(new RegExp(`/claims/${claimId}$`));
    await reader.context.close();

    const head = await open(unit.head.username);
    await eventually(() => head.page.locator('[data-test=bell]').isVisible(), (v) => v);
    await head.page.click('[data-test=bell]');
    await head.page.locator('[data-test=notification][data-kind=urged]').first().waitFor({ state: 'visible' });
    await screenshot(head.page, 'notifications-desktop');

    const batch = [claimId, await claimInApproval(), await claimInApproval()];
    for (const id of batch) await taskFor(unit.head, id);
    await head.page.goto(url('/tasks'));
    await head.page.fill('.f-unit input', unit.code);
    await head.page.click('[data-test=search]');
    for (const id of batch) await head.page.locator(`[data-test=task-row][data-claim="${id}"] [data-test=select]`).click();
    await head.page.click('[data-test=batch-approve]');
    await expectText(head.page, '.el-message', '已同意 3 条');
    for (const id of batch) await statusOf(id, 'APPROVED');
    expect(staff.errors).toEqual([]);
    await staff.context.close();
    await head.context.close();
  });

  it('shows an overdue step as 超时, then 已升级, with the deputy chief told through the bell', async () => {
    const restore = await drillApprovalDue(3);
    try {
      const claimId = await claimInApproval();
      const head = await open(unit.head.username);
      await head.page.goto(url('/tasks'));
      const row = head.page.locator(`[data-test=task-row][data-claim="${claimId}"]`);
      await row.waitFor({ state: 'visible' });
      await eventually(async () => {
        await head.page.click('[data-test=refresh]');
        return row.textContent();
      }, (text) => (text ?? '').includes('超期') && (text ?? '').includes('已升级'), 60_000);
      await screenshot(head.page, 'task-list-overdue-desktop');
      const deputy = await open('zhaoliu', demoPassword);
      await deputy.page.goto(url('/notifications'));
      await deputy.page.locator('[data-test=notification][data-kind=escalated]').first().waitFor({ state: 'visible' });
      await deputy.context.close();
      await head.context.close();
    } finally {
      await restore();
    }
  });

  it('keeps the action bar on screen on a phone', async () => {
    const claimId = await claimInApproval();
    const head = await open(unit.head.username, FRESH_PASSWORD, PHONE);
    await head.page.goto(url('/tasks'));
    await head.page.locator(`[data-test=task-row][data-claim="${claimId}"]`).waitFor({ state: 'visible' });
    await screenshot(head.page, 'task-list-phone');
    expect(await scrollsSideways(head.page)).toBe(false);
    await head.page.locator(`[data-test=task-row][data-claim="${claimId}"] [data-test=open-task]`).click();
    const bar = head.page.locator('[data-test=action-bar]');
    await bar.waitFor({ state: 'visible' });
    const box = await bar.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(PHONE.height + 1);
    await head.page.waitForLoadState('networkidle');
    await screenshot(head.page, 'task-page-phone');
    expect(await scrollsSideways(head.page)).toBe(false);
    await head.context.close();
  });
});
