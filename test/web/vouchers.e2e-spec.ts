import type { Browser } from 'playwright-core';
import type { Client } from 'pg';
import { publishEvent, unusedPeriod } from '../factories/business-event.factory';
import { eventually, login } from '../support/api';
import { openDatabase } from '../support/database';
import { DESKTOP, expectText, launchBrowser, PHONE, screenshot, scrollsSideways, signedIn, url } from './browser';

const demoPassword = process.env.DEMO_PASSWORD ?? 'demo';

/**
 * The accountant's voucher page in a browser: a paid claim's voucher shows both books side by side
 * with its source; one accountant reviews it, finance posts it, and the page says so — at desktop and
 * phone size, without sideways scrolling.
 */
describe('the voucher page', () => {
  let browser: Browser;
  let db: Client;

  beforeAll(async () => {
    browser = await launchBrowser();
    db = await openDatabase();
  });
  afterAll(async () => {
    await browser?.close();
    await db?.end();
  });

  it('shows both books of a raised voucher; the accountant reviews it and finance posts it', async () => {
    const period = await unusedPeriod(db);
    const event = await publishEvent(db, { occurredOn: `${period}-16`, summary: '张三 报销差旅费（浏览器测试）', lines: [{ amountFen: 71_698 }] });
    const accountant = await login('fengjun');
    const listed = await eventually(() => accountant.get(`/api/accounting/vouchers?sourceKind=${event.sourceKind}&sourceId=${event.sourceId}`), (r) => r.body.total === 1);
    const id = listed.body.items[0].id;

    const reviewer = await signedIn(browser, 'fengjun', demoPassword, DESKTOP);
    try {
      await reviewer.page.goto(url(`/accounting/vouchers/${id}`));
      await expectText(reviewer.page, '[data-test=voucher-title]', `${period} 记-0001`);
      await expectText(reviewer.page, '[data-test=book-financial]', '5001 业务活动费用');
      await expectText(reviewer.page, '[data-test=book-financial]', '716.98');
      await expectText(reviewer.page, '[data-test=book-budget]', '7101 行政支出');
      await expectText(reviewer.page, '[data-test=book-budget]', '8001 资金结存');
      await expectText(reviewer.page, '[data-test=voucher-state]', '草稿');
      expect(await reviewer.page.locator('[data-test=source-link]').getAttribute('href')).toBe(`/subjects/expense-claim/${event.sourceId}`);
      await screenshot(reviewer.page, 'voucher-draft-desktop');
      await reviewer.page.click('[data-test=review]');
      await expectText(reviewer.page, '[data-test=voucher-state]', '已审核');
      // The reviewer may not post what they reviewed: the button is there, but disabled.
      expect(await reviewer.page.locator('[data-test=post]').isDisabled()).toBe(true);
      expect(reviewer.errors).toEqual([]);
    } finally {
      await reviewer.context.close();
    }

    const poster = await signedIn(browser, 'wangwu', demoPassword, PHONE);
    try {
      await poster.page.goto(url(`/accounting/vouchers/${id}`));
      await expectText(poster.page, '[data-test=voucher-state]', '已审核');
      await poster.page.click('[data-test=post]');
      await expectText(poster.page, '[data-test=voucher-state]', '已记账');
      await expectText(poster.page, '[data-test=book-budget]', '借贷平衡');
      expect(await scrollsSideways(poster.page)).toBe(false);
      await screenshot(poster.page, 'voucher-posted-phone');
      expect(poster.errors).toEqual([]);
    } finally {
      await poster.context.close();
    }
    expect((await accountant.get(`/api/accounting/vouchers/${id}`)).body).toMatchObject({ state: 'posted', reviewedBy: 'fengjun', postedBy: 'wangwu' });
  });
});
