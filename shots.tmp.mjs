import { chromium } from 'playwright-core';
const base = 'http://127.0.0.1:3000';
const pages = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu'] });
for (const [w, h, tag] of [[1280, 800, 'desk'], [390, 844, 'phone']]) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, deviceScaleFactor: 1 });
  const page = await ctx.newPage();
  page.on('console', (m) => { if (m.type() === 'error') console.log('console', tag, m.text().slice(0, 300)); });
  page.on('pageerror', (e) => console.log('pageerror', tag, e.message.slice(0, 300)));
  if (process.env.EN) await ctx.addInitScript(() => localStorage.setItem('jingbao.locale', 'en'));
  await page.goto(base + '/login');
  await page.screenshot({ path: `/tmp/shots/login-${tag}.png` });
  await page.fill('input[name=username]', process.env.WHO ?? 'zhangsan');
  await page.fill('input[name=password]', 'demo');
  await page.click('[data-test=login-submit]');
  await page.waitForURL(/\/my/);
  for (const p of pages) {
    await page.goto(base + p);
    await page.waitForTimeout(2500);
    const name = p.replace(/[^a-z0-9]+/gi, '_');
    await page.screenshot({ path: `/tmp/shots/${name}-${tag}.png`, fullPage: true });
  }
  await ctx.close();
}
await browser.close();
