import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

describe('the browser console opens cleanly', () => {
  let web: WebConsole | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    web = await startWebConsole({ speed: 'test' });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('opens with an empty console log: no CSP complaint, no failed request (favicon included)', async () => {
    const page = await (await browser!.newContext()).newPage();
    const log: string[] = [];
    page.on('console', (message) => log.push(`console.${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => log.push(`page error: ${error.message}`));
    page.on('requestfailed', (request) => log.push(`request failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) log.push(`HTTP ${response.status()}: ${response.url()}`);
    });
    await page.goto(web!.transport.url);
    await page.getByText('No devices yet').waitFor();
    // The favicon is fetched after load; give late requests and messages their moment.
    await page.waitForLoadState('networkidle');
    expect(log).toEqual([]);
    const favicon = await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')?.href ?? '');
    expect((await page.request.get(favicon)).status()).toBe(200);
  });
});
