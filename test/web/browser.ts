import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Browser, BrowserContext, chromium, Page } from 'playwright-core';
import { eventually } from '../support/api';
import { readStack } from '../setup/stack';
import { TEST_DATA_DIR } from '../setup/stack';

/**
 * The browser-test harness: Debian's Chromium driven by playwright-core against the stack the
 * end-to-end setup started. Screenshots land in .data/test/screenshots.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = resolve(TEST_DATA_DIR, 'screenshots');
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const baseUrl = () => readStack().baseUrl;

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--disable-dev-shm-usage'],
  });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Messages the page logged as errors, and uncaught exceptions: a page should have none. */
  errors: string[];
}

/** A fresh browser context at the given size, signed in through the login page, on the page the user lands on. */
export async function signedIn(browser: Browser, username: string, password: string, viewport = DESKTOP): Promise<Session> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) errors.push(message.text());
  });
  await page.goto(`${baseUrl()}/login`);
  await page.fill('input[name=username]', username);
  await page.fill('input[name=password]', password);
  await page.click('[data-test=login-submit]');
  // Each user lands where they work (src/web/landing.ts): staff on /my, approvers on /tasks, …
  await page.waitForURL((address) => address.pathname !== '/login' && address.pathname !== '/');
  return { context, page, errors };
}

export function url(path: string): string {
  return `${baseUrl()}${path}`;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: resolve(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Whether the page scrolls sideways: a phone page must not. */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

/** Waits until the first element matching the selector contains the text. */
export async function expectText(page: Page, selector: string, text: string, timeout = 15_000): Promise<void> {
  await eventually(
    () => page.locator(selector).first().textContent({ timeout }).catch(() => ''),
    (content) => (content ?? '').includes(text),
    timeout,
  );
}
