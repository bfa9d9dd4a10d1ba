import { INestApplicationContext } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { openingCards } from '../factories/asset.factory';
import { serviceContext } from '../support/app-context';
import { freshUnit, FreshUnit, FRESH_PASSWORD } from '../support/people';
import { expectText, launchBrowser, PHONE, screenshot, scrollsSideways, signedIn, url } from './browser';

/**
 * The asset-keeper files a disposal on a phone: the form warns before the useful life has passed
 * (the rule shared with the server), a filing without a reason is refused naming it, the filed
 * disposal shows its finding and chain, and the unit head finds it on their task list.
 */
describe('asset flows in the browser', () => {
  let browser: Browser;
  let context: INestApplicationContext;
  let unit: FreshUnit;

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await serviceContext();
    unit = await freshUnit({ budget: false });
  });
  afterAll(async () => {
    await browser?.close();
    await context?.close();
  });

  it('files a disposal on a phone, warned of an early disposal, and puts it on the head’s task list', async () => {
    const [young] = await openingCards(context, [{ unit: unit.code, acceptedOn: '2025-06-01', name: '便携式计算机', classCode: 'A02010105' }]);
    const { page, errors } = await signedIn(browser, 'jiangtao', process.env.DEMO_PASSWORD ?? 'demo', PHONE);
    await page.goto(url(`/asset-flows/new?kind=disposal&cards=${young.id}`));
    await expectText(page, '[data-test=chosen-card]', young.number);
    await expectText(page, '[data-test=early-warning]', `${young.number}（2031-06-01 到期）`);
    await page.click('[data-test=submit-flow]');
    await expectText(page, '[data-test=refused]', 'reason');
    expect(page.url()).toContain('/asset-flows/new');
    await page.locator('textarea[data-test=reason], [data-test=reason] textarea').first().fill('屏幕损坏，维修费用高于残值');
    await page.click('[data-test=submit-flow]');
    await page.waitForURL(/\/asset-disposals\/[0-9a-f-]{36}$/);
    await expectText(page, '[data-test=findings]', 'AST-DISPOSAL-EARLY');
    await expectText(page, '[data-test=flow-card]', young.number);
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'asset-disposal-phone');
    expect(errors).toEqual([]);

    const head = await signedIn(browser, unit.head.username, FRESH_PASSWORD, PHONE);
    await head.page.goto(url('/tasks'));
    await expectText(head.page, 'body', '资产处置');
    expect(head.errors).toEqual([]);
  });
});
