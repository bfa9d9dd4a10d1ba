import type { Browser, Page, Request } from 'playwright-core';
import { buildExpenseClaim, BUREAU_CREDIT_CODE, BUREAU_TITLE, invoiceNumber } from '../factories/claim.factory';
import { eventually, screened } from '../support/api';
import { FRESH_PASSWORD, freshUnit, FreshUnit, taskFor } from '../support/people';
import { expectText, launchBrowser, signedIn, url } from './browser';

/**
 * A double tap or a retry over a flaky network makes one record: the web app sends an Idempotency-Key
 * with every write, the same key for the same submission until it is answered, and the server files
 * a keyed submission once.
 */
describe('double taps and retries make one record', () => {
  let browser: Browser;
  let unit: FreshUnit;

  beforeAll(async () => {
    browser = await launchBrowser();
    unit = await freshUnit();
  });
  afterAll(async () => browser?.close());

  const fill = (page: Page, name: string, value: string) => page.fill(`[name="data${name}"]`, value);

  /** An expense claim for office supplies, filled in the form as a member of staff would. */
  async function fillExpenseClaim(page: Page, purpose: string): Promise<void> {
    await page.goto(url('/claims/new/expense'));
    await page.waitForSelector('[name="data[purpose]"]');
    await page.selectOption('[name="data[budgetLine][subject]"]', '30201');
    await fill(page, '[purpose]', purpose);
    const invoice = invoiceNumber();
    await page.selectOption('[name="data[items][0][subject]"]', '30201');
    await fill(page, '[items][0][description]', '打印纸');
    await fill(page, '[items][0][amount]', '113.00');
    await fill(page, '[items][0][invoice]', invoice);
    await fill(page, '[items][0][payee]', '义乌市稠城办公用品有限公司');
    await page.click('[ref="editgrid-invoices-addRow"]');
    await fill(page, '[invoices][0][number]', invoice);
    await fill(page, '[invoices][0][date]', '2026-10-23');
    await page.selectOption('[name="data[invoices][0][kind]"]', 'general');
    await fill(page, '[invoices][0][amount]', '100.00');
    await fill(page, '[invoices][0][taxRate]', '13');
    await fill(page, '[invoices][0][tax]', '13.00');
    await fill(page, '[invoices][0][total]', '113.00');
    await fill(page, '[invoices][0][buyerName]', BUREAU_TITLE);
    await fill(page, '[invoices][0][buyerTaxId]', BUREAU_CREDIT_CODE);
    await fill(page, '[invoices][0][sellerName]', '义乌市稠城办公用品有限公司');
    await fill(page, '[invoices][0][sellerTaxId]', '91330782MA28ABC1DF');
    await page.click('[ref="editgrid-invoices-saveRow"]');
    await expectText(page, '[data-test=claim-total]', '113.00');
  }

  const claimsNamed = async (purpose: string) => (await unit.staff.get('/api/claims')).body.filter((c: { purpose: string }) => c.purpose === purpose);
  const keysOf = (requests: Request[]) => requests.map((r) => r.headers()['idempotency-key']);

  it('files one claim when 提交 is clicked twice in quick succession', async () => {
    const staff = await signedIn(browser, unit.staff.username, FRESH_PASSWORD);
    const { page } = staff;
    try {
      const purpose = `双击提交${unit.code}`;
      await fillExpenseClaim(page, purpose);
      const posts: Request[] = [];
      page.on('request', (request) => request.method() === 'POST' && request.url().endsWith('/api/claims') && posts.push(request));

      // Two clicks in the same moment, as a double tap delivers them.
      await page.locator('[data-test=submit-claim]').evaluate((button: HTMLElement) => {
        button.click();
        button.click();
      });
      await page.waitForURL(/\/claims\/[0-9a-f-]{36}$/);

      expect(posts.length).toBeGreaterThanOrEqual(1);
      expect(new Set(keysOf(posts)).size).toBe(1);
      expect(keysOf(posts)[0]).toMatch(/^[0-9a-f]{32}$/);
      const claims = await eventually(() => claimsNamed(purpose), (found) => found.length > 0);
      expect(claims).toHaveLength(1);
      expect(page.url()).toContain(claims[0].id);
      expect(staff.errors).toEqual([]);
    } finally {
      await staff.context.close();
    }
  });

  it('files one claim when the answer is lost on the way back and the user submits again', async () => {
    const staff = await signedIn(browser, unit.staff.username, FRESH_PASSWORD);
    const { page } = staff;
    try {
      const purpose = `断网重试${unit.code}`;
      await fillExpenseClaim(page, purpose);
      const keys: string[] = [];
      let dropped = false;
      // The first submission reaches the server, which files it; its answer never reaches the phone.
      await page.route('**/api/claims', async (route) => {
        keys.push(route.request().headers()['idempotency-key']);
        if (dropped) return route.continue();
        dropped = true;
        await route.fetch();
        await route.abort('connectionreset');
      });
      await page.click('[data-test=submit-claim]');
      await expectText(page, '[data-test=refused]', '网络错误');
      expect(await claimsNamed(purpose)).toHaveLength(1);

      const replayed = page.waitForResponse((response) => response.url().endsWith('/api/claims') && response.request().method() === 'POST');
      await page.click('[data-test=submit-claim]');
      expect((await replayed).headers()['idempotent-replayed']).toBe('true');
      await page.waitForURL(/\/claims\/[0-9a-f-]{36}$/);

      expect(keys).toHaveLength(2);
      expect(keys[1]).toBe(keys[0]);
      const claims = await claimsNamed(purpose);
      expect(claims).toHaveLength(1);
      expect(page.url()).toContain(claims[0].id);
    } finally {
      await staff.context.close();
    }
  });

  it('approves once when 确定 is clicked twice on an approval', async () => {
    const claim = await unit.staff.post('/api/claims', buildExpenseClaim({ claimant: unit.staff.username, unit: unit.name, amount: '650.00' }));
    expect(claim.status).toBe(201);
    await screened(unit.staff, claim.body.id);
    const task = await taskFor(unit.head, claim.body.id);
    const head = await signedIn(browser, unit.head.username, FRESH_PASSWORD);
    const { page } = head;
    try {
      await page.goto(url(`/tasks/${task.id}`));
      await page.click('[data-test=op-approve]');
      await page.fill('[data-test=op-comment]', '同意');
      const approvals: Request[] = [];
      const answers: string[] = [];
      page.on('request', (request) => request.url().endsWith(`/api/tasks/${task.id}/approve`) && approvals.push(request));
      page.on('response', async (response) => {
        if (!response.url().endsWith(`/api/tasks/${task.id}/approve`)) return;
        answers.push(response.status() === 200 ? 'ok' : `${response.status()} ${(await response.json()).error}`);
      });
      await page.locator('[data-test=op-confirm]').evaluate((button: HTMLElement) => {
        button.click();
        button.click();
      });
      await page.waitForURL(/\/tasks$/);

      expect(new Set(keysOf(approvals)).size).toBe(1);
      // A twin that arrives while the first is being decided is told so (409) and asks again for the answer.
      await eventually(async () => answers.length, (count) => count === approvals.length);
      expect(answers).toContain('ok');
      expect(answers.filter((answer) => answer !== 'ok' && answer !== '409 IDEMPOTENCY_IN_PROGRESS')).toEqual([]);
      // One decision in the head's 已办: the step was approved once.
      const done = (await unit.head.get('/api/tasks?view=done&size=100')).body.items.filter((d: { subjectId: string }) => d.subjectId === claim.body.id);
      expect(done.map((d: { operation: string }) => d.operation)).toEqual(['approve']);
      expect(head.errors).toEqual([]);
    } finally {
      await head.context.close();
    }
  });
});
