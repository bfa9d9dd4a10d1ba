import { resolve } from 'node:path';
import { Browser, chromium } from 'playwright-core';
import { cardsInUnit, closeAssetFactory, MadeCard } from '../factories/opening-cards.factory';
import { eventually, login } from '../support/api';
import { writeQrVideo } from '../support/fake-camera';
import { freshUnit } from '../support/people';
import { CHROMIUM, expectText, PHONE, screenshot, SCREENSHOTS, scrollsSideways, signedIn, url } from './browser';

/**
 * A keeper's phone (390 × 844) whose camera sees an asset label: Chromium plays a video of the
 * label's QR code as the camera, the scan page decodes it with ZXing and opens the card, and the
 * stocktake page records the scan from the camera and counts the card found.
 */
describe('scanning asset labels with the phone camera', () => {
  let browser: Browser;
  let cards: MadeCard[];
  let location: string;
  let unitCode: string;
  const demoPassword = process.env.DEMO_PASSWORD ?? 'demo';

  beforeAll(async () => {
    const unit = await freshUnit({ budget: false });
    unitCode = unit.code;
    ({ cards, location } = await cardsInUnit(unit.code, 2));
    const video = resolve(SCREENSHOTS, '..', `asset-label-${cards[0].number}.y4m`);
    writeQrVideo(video, cards[0].number);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${video}`],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await closeAssetFactory();
  });

  it('opens the card of the label the camera sees', async () => {
    const { page, errors, context } = await signedIn(browser, 'jiangtao', demoPassword, PHONE);
    await context.grantPermissions(['camera'], { origin: url('') });
    await page.goto(url('/assets/scan'));
    await page.waitForURL((address) => address.pathname === `/assets/${cards[0].id}`, { timeout: 30_000 });
    await expectText(page, '.page', cards[0].number);
    await screenshot(page, 'asset-scan-opened-card-phone');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('records a stocktake scan from the camera and counts the card found', async () => {
    const keeper = await login('jiangtao', demoPassword);
    const opened = await keeper.post('/api/stocktakes', { unit: unitCode, location });
    expect(opened.body).toMatchObject({ expected: 2, found: 0 });
    const { page, errors, context } = await signedIn(browser, 'jiangtao', demoPassword, PHONE);
    await context.grantPermissions(['camera'], { origin: url('') });
    await page.goto(url(`/stocktakes/${opened.body.id}`));
    await page.click('[data-test=camera-toggle]');
    await expectText(page, '[data-test=scan-feed]', cards[0].number, 30_000);
    await expectText(page, '[data-test=found]', '1');
    const live = await eventually(() => keeper.get(`/api/stocktakes/${opened.body.id}`), (r) => r.body.found === 1);
    // The label stays in view: the page sends it once, however many frames decode it.
    await page.waitForTimeout(4000);
    expect((await keeper.get(`/api/stocktakes/${opened.body.id}`)).body.scanCount).toBe(1);
    expect(live.body.missingItems.map((i: { number: string }) => i.number)).toEqual([cards[1].number]);
    expect(live.body.recentScans[0]).toMatchObject({ code: cards[0].number, inSnapshot: true });
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, 'stocktake-camera-scan-phone');
    expect(errors).toEqual([]);
    await context.close();
  });
});
