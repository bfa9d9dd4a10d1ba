import { INestApplicationContext } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { acceptedContract, AcceptedContract, cardedAssets } from '../factories/asset.factory';
import { serviceContext } from '../support/app-context';
import { eventually } from '../support/api';
import { FRESH_PASSWORD } from '../support/people';
import { expectText, launchBrowser, PHONE, screenshot, SCREENSHOTS, scrollsSideways, signedIn, url } from './browser';

/**
 * The asset-keeper cards an accepted item from 待建卡 (a late one carries AST-UNCARDED), issues a
 * card to a member of staff on its page, and is refused an opening-balance sheet with a bad row;
 * the member of staff finds the asset under 我的资产 on a phone.
 */
describe('assets in the browser', () => {
  let browser: Browser;
  let context: INestApplicationContext;
  let fresh: AcceptedContract;
  let late: AcceptedContract;
  let carded: any[];
  let issued: AcceptedContract;
  const demoPassword = process.env.DEMO_PASSWORD ?? 'demo';

  beforeAll(async () => {
    browser = await launchBrowser();
    context = await serviceContext();
    [fresh, late] = await Promise.all([acceptedContract(), acceptedContract()]);
    // Accepted 40 days ago: set the days back on the acceptance row (no API records a past acceptance with lines).
    await context.get(DataSource).query(`UPDATE acceptance SET delivered_on = delivered_on - 40, accepted_on = accepted_on - 40 WHERE id = $1`, [late.acceptance.id]);
    issued = await acceptedContract();
    carded = await cardedAssets(issued, { location: '装备库 2 号柜', model: 'DSJ-V9' });
  });
  afterAll(async () => {
    await browser?.close();
    await context?.close();
  });

  it('cards an accepted item from 待建卡, where the late one shows AST-UNCARDED', async () => {
    const { page, errors } = await signedIn(browser, 'jiangtao', demoPassword);
    await page.goto(url('/assets/pending'));
    const lateLine = page.locator('[data-test=pending-line]', { hasText: late.contract.number });
    await expectText(page, '[data-test=pending-lines]', late.contract.number);
    expect(await lateLine.locator('[data-test=uncarded-finding]').textContent()).toContain('AST-UNCARDED');
    await screenshot(page, 'asset-pending-desktop');
    await page.locator('[data-test=pending-line]', { hasText: fresh.contract.number }).locator('[data-test=card-line]').click();
    await page.fill('[data-test=card-location]', '城西派出所 装备室');
    await page.fill('[data-test=card-model]', 'DSJ-V9');
    await screenshot(page, 'asset-card-dialog-desktop');
    await page.click('[data-test=card-confirm]');
    await expectText(page, '[data-test=carded-message]', '已建卡 2 张');
    // The list reloads without the carded line.
    await eventually(() => page.locator('[data-test=pending-line]', { hasText: fresh.contract.number }).count(), (n) => n === 0);
    expect(errors).toEqual([]);
  });

  it('issues a card to a member of staff on its page, who finds it under 我的资产 on a phone', async () => {
    const [card] = carded;
    const { page, errors } = await signedIn(browser, 'jiangtao', demoPassword);
    await page.goto(url(`/assets/${card.id}`));
    await expectText(page, '[data-test=asset-number]', card.number);
    expect(await page.locator('[data-test=asset-qr] svg').count()).toBe(1);
    await page.click('[data-test=asset-issue]');
    await page.click('[data-test=issue-holder]');
    await page.locator('.el-select-dropdown__item', { hasText: '民警' }).first().click();
    await page.click('[data-test=action-confirm]');
    await expectText(page, '[data-test=asset-holder]', '民警');
    await expectText(page, '[data-test=asset-history]', '领用');
    await screenshot(page, 'asset-detail-desktop');
    await page.goto(url('/assets'));
    await expectText(page, '[data-test=assets]', card.number);
    await screenshot(page, 'asset-list-desktop');
    expect(errors).toEqual([]);

    const staff = await signedIn(browser, issued.unit.staff.username, FRESH_PASSWORD, PHONE);
    await staff.page.goto(url('/my-assets'));
    await expectText(staff.page, '[data-test=my-assets]', card.number);
    await screenshot(staff.page, 'asset-mine-phone');
    expect(await scrollsSideways(staff.page)).toBe(false);
    await staff.page.click('[data-test=my-asset]');
    await expectText(staff.page, '[data-test=asset-number]', card.number);
    expect(await staff.page.locator('[data-test=asset-issue], [data-test=asset-return]').count()).toBe(0);
    await screenshot(staff.page, 'asset-detail-staff-phone');
    expect(await scrollsSideways(staff.page)).toBe(false);
    expect(staff.errors).toEqual([]);
    const desk = await signedIn(browser, issued.unit.staff.username, FRESH_PASSWORD);
    await desk.page.goto(url('/my-assets'));
    await expectText(desk.page, '[data-test=my-assets]', card.number);
    await screenshot(desk.page, 'asset-mine-desktop');
  });

  it('refuses an opening-balance sheet with a bad row, naming the row and column, on a desktop and a phone', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('资产期初导入');
    ws.addRow(['资产名称', '资产分类代码', '原值（元）', '取得日期', '使用单位']);
    ws.addRow(['会议桌', 'A0602', '3200.00', '2022-05-01', '城西派出所']);
    ws.addRow(['对讲机', 'Z99', '2100.00', '2023-02-01', '城西派出所']);
    const file = resolve(SCREENSHOTS, 'asset-opening-bad.xlsx');
    writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
    for (const [viewport, suffix] of [[undefined, 'desktop'], [PHONE, 'phone']] as const) {
      const { page, errors } = await signedIn(browser, 'jiangtao', demoPassword, viewport);
      await page.goto(url('/assets/import'));
      await page.setInputFiles('[data-test=asset-import] input[type=file]', file);
      await expectText(page, '[data-test=asset-import-problems]', '第3行 资产分类代码');
      await screenshot(page, `asset-import-refused-${suffix}`);
      expect(await scrollsSideways(page)).toBe(false);
      if (suffix === 'phone') {
        for (const path of ['/assets/pending', '/assets', `/assets/${carded[1].id}`]) {
          await page.goto(url(path));
          await page.waitForLoadState('networkidle');
          await screenshot(page, `asset-${path === '/assets' ? 'list' : path.includes('pending') ? 'pending' : 'detail'}-phone`);
          expect(await scrollsSideways(page)).toBe(false);
        }
        // The keeper issues from a phone: the dialog fits the screen.
        await page.click('[data-test=asset-issue]');
        await page.locator('[data-test=issue-holder]').waitFor();
        await screenshot(page, 'asset-issue-dialog-phone');
        expect(await scrollsSideways(page)).toBe(false);
      }
      expect(errors).toEqual([]);
    }
  });
});
