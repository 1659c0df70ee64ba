import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { scenarioCsv } from '../helpers/scenario-csv';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

const SHOTS = 'test-results';

describe('a technician signs in as themselves in the browser console and registers a device', () => {
  let web: WebConsole | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await startWebConsole({ speed: 'test' });
    browser = await launchBrowser();
    // The sandbox's sign-in page has a certificate from its own per-run CA.
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ignoreHTTPSErrors: true });
    page = await context.newPage();
    await page.goto(web.transport.url);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('switches to "Sign in as a person" only after confirming', async () => {
    await page.getByRole('button', { name: 'Settings' }).first().click();
    const settings = page.getByRole('dialog', { name: 'Settings' });
    await settings.getByRole('button', { name: 'Sign in as a person instead' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Sign in as a person?' });
    await confirm.waitFor();
    await confirm.getByRole('button', { name: 'Switch' }).click();
    await settings.getByText('Signing in as a person').waitFor();
    await settings.getByText(/memory only \(browser console\)/).waitFor();
    await expect.poll(() => web!.app.application.person !== undefined).toBe(true);
  });

  it('signs in on the sandbox sign-in page in a new tab; the header shows the account', async () => {
    const settings = page.getByRole('dialog', { name: 'Settings' });
    const [tab] = await Promise.all([
      context.waitForEvent('page'),
      settings.getByRole('button', { name: 'Sign in', exact: true }).click(),
    ]);
    await tab.getByRole('heading', { name: 'Sign in to the sandbox tenant' }).waitFor();
    await tab.screenshot({ path: `${SHOTS}/sign-in-page.png` });
    await tab.getByRole('button', { name: /Alex Admin/ }).click();
    await tab.getByText('Signed in. You can close this tab').waitFor();
    await tab.close();
    await settings.getByTestId('signed-in-as').waitFor();
    const account = web!.app.application.tenant.account ?? '';
    expect(account).toMatch(/^admin@/);
    expect(await page.getByTestId('account-badge').innerText()).toBe(`Signed in as ${account}`);
    await page.screenshot({ path: `${SHOTS}/settings-signed-in.png` });
    await settings.getByRole('button', { name: 'Close' }).last().click();
  });

  it('registers a device as the signed-in person', async () => {
    const csv = scenarioCsv({ registeredSerials: [], otherTenantSerials: [] })
      .text.split('\r\n')
      .slice(0, 2)
      .join('\r\n');
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page
      .getByTestId('csv-input')
      .setInputFiles({ name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByText('one.csv: 1 rows').or(page.getByText('one.csv: 1 row')).waitFor();
    await page.getByRole('dialog').getByRole('combobox', { name: 'Group tag' }).click();
    await page.getByRole('option', { name: /^OD-FINANCE/ }).click();
    await page.getByRole('button', { name: 'Add and register 1' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByText('1 ready for OOBE').waitFor({ timeout: 60_000 });
    expect(web!.app.application.board.map((d) => d.stage)).toEqual(['ready']);
    await page.screenshot({ path: `${SHOTS}/signed-in-console.png` });
  });
});
