import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { isoDayInChina } from '../../src/common/clock';
import { addDays } from '../../src/common/days';
import { qrOriginalOfRow } from '../../src/einvoice/samples/sample-of-row';
import { BUREAU_CREDIT_CODE, BUREAU_TITLE, invoiceNumber } from '../factories/claim.factory';
import { eventually } from '../support/api';
import { FRESH_PASSWORD, freshUnit, FreshUnit } from '../support/people';
import { launchBrowser, PHONE, screenshot, scrollsSideways, signedIn, url } from './browser';

/**
 * On a phone, a 民警 photographs an invoice beside a new row of an expense claim: the QR code fills
 * the row (number, date, total, each marked 二维码), the claim goes in with the amount typed wrong,
 * and comes back with INV-ORIGINAL-MISMATCH showing both values; the approver sees the photo inline.
 */
describe('an expense claim filled from a photo of its invoice, on a phone', () => {
  let browser: Browser;
  let unit: FreshUnit;
  let work: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    unit = await freshUnit();
    work = mkdtempSync(join(tmpdir(), 'jingbao-photo-'));
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(work, { recursive: true, force: true });
  });

  const fill = (page: Page, name: string, value: string) => page.fill(`[name="data${name}"]`, value);

  it('fills the row from the QR code and returns the claim whose typed total the photo contradicts', async () => {
    const number = invoiceNumber();
    const date = addDays(isoDayInChina(new Date()), -10);
    const photo = join(work, 'invoice-photo.png');
    writeFileSync(photo, qrOriginalOfRow({ number, date, amount: '1000.00', taxRate: 6, tax: '60.00', total: '1060.00', buyerName: BUREAU_TITLE, buyerTaxId: BUREAU_CREDIT_CODE, sellerName: '样例办公用品有限公司', sellerTaxId: '91330782MA28ABC1DF' }));

    const staff = await signedIn(browser, unit.staff.username, FRESH_PASSWORD, PHONE);
    const page = staff.page;
    await page.goto(url('/claims/new/expense'));
    await page.waitForSelector('[name="data[purpose]"]');
    await page.selectOption('[name="data[budgetLine][subject]"]', '30201');
    await fill(page, '[purpose]', '购置办公用品');

    // The camera opens on a phone: the file input asks for it.
    expect(await page.getAttribute('[data-test=original-file]', 'capture')).toBe('environment');
    const chooser = page.waitForEvent('filechooser');
    await page.click('[data-test=add-from-original]');
    await (await chooser).setFiles(photo);
    await page.locator('[data-test=invoice-original-0] [data-test=filled-sources]').waitFor();
    const sources = await page.locator('[data-test=invoice-original-0] [data-test=filled-sources]').innerText();
    expect(sources).toContain('发票号码·二维码');
    expect(sources).toContain('价税合计·二维码');
    await screenshot(page, 'claim-original-filled-phone');
    expect(await scrollsSideways(page)).toBe(false);

    // The row holds what the QR code said; the rest is typed — with a total that is not the invoice's.
    await page.click('.formio-component-invoices .editRow');
    expect(await page.inputValue('[name="data[invoices][0][number]"]')).toBe(number);
    expect(await page.inputValue('[name="data[invoices][0][date]"]')).toBe(date);
    expect(await page.inputValue('[name="data[invoices][0][total]"]')).toBe('1060.00');
    await page.selectOption('[name="data[invoices][0][kind]"]', 'general');
    await fill(page, '[invoices][0][amount]', '1100.00');
    await fill(page, '[invoices][0][taxRate]', '6');
    await fill(page, '[invoices][0][tax]', '66.00');
    await fill(page, '[invoices][0][total]', '1166.00');
    await fill(page, '[invoices][0][buyerName]', BUREAU_TITLE);
    await fill(page, '[invoices][0][buyerTaxId]', BUREAU_CREDIT_CODE);
    await fill(page, '[invoices][0][sellerName]', '样例办公用品有限公司');
    await fill(page, '[invoices][0][sellerTaxId]', '91330782MA28ABC1DF');
    await page.click('[ref="editgrid-invoices-saveRow"]');
    await page.selectOption('[name="data[items][0][subject]"]', '30201');
    await fill(page, '[items][0][description]', '办公用品');
    await fill(page, '[items][0][amount]', '1166.00');
    await fill(page, '[items][0][invoice]', number);
    await fill(page, '[items][0][payee]', '样例办公用品有限公司');

    await page.click('[data-test=submit-claim]');
    await page.waitForURL(/\/claims\/[0-9a-f-]{36}$/);
    const claimId = page.url().split('/').pop()!;
    const claim = await eventually(() => unit.staff.get(`/api/claims/${claimId}`), (r) => r.body.status !== 'SCREENING');
    expect(claim.body.status).toBe('RETURNED');
    expect(claim.body.findings.map((f: any) => f.ruleId)).toEqual(['INV-ORIGINAL-MISMATCH']);
    expect(claim.body.findings[0].facts.originalCheck.mismatches).toEqual([{ field: 'total', typed: '1166.00', original: '1060.00' }]);

    // The claim's page shows the finding and the photo itself.
    await page.reload();
    await page.locator('[data-test=attachment]').first().waitFor();
    await page.locator('[data-test=attachment-preview] img').waitFor();
    await screenshot(page, 'claim-original-returned-phone');
    expect(await scrollsSideways(page)).toBe(false);
    await staff.context.close();
  }, 300_000);
});
