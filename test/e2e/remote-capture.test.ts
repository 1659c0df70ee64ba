import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_BENCH_ACCOUNT } from '../../electron/core/capture/simulated-remote';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser } from '../helpers/browser';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

const SHOTS = 'test-results';
const PASSWORD = 'Bench-Pa55-never-kept';

describe('a technician captures another PC on the bench network', () => {
  let web: WebConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await startWebConsole({ speed: 'test' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 760 }, colorScheme: 'light' })).newPage();
    await page.goto(web.transport.url);
    await page.getByText('No devices yet').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('says plainly when the PC cannot be reached, and asks for the password again', async () => {
    await page.getByRole('button', { name: 'Another PC…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Capture another PC' });
    const capture = dialog.getByRole('button', { name: 'Capture' });
    expect(await capture.isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: 'Computer' }).fill('BENCH-OFF');
    await dialog.getByRole('textbox', { name: 'User (optional)' }).fill(SANDBOX_BENCH_ACCOUNT);
    // A user without a password cannot be sent.
    expect(await capture.isDisabled()).toBe(true);
    const password = dialog.getByLabel('Password');
    await password.fill(PASSWORD);
    expect(await password.getAttribute('type')).toBe('password');
    await capture.click();
    await dialog.getByText(/BENCH-OFF did not answer over WinRM: check the name, that it is switched on/).waitFor();
    expect(await password.inputValue()).toBe('');
    expect(await capture.isDisabled()).toBe(true);
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/remote-capture-unreachable.png` });
  });

  it('adds the PC at "Hash collected" and keeps the password nowhere', async () => {
    const dialog = page.getByRole('dialog', { name: 'Capture another PC' });
    await dialog.getByRole('textbox', { name: 'Computer' }).fill('BENCH-PC01');
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('combobox', { name: 'Group tag' }).fill('OD-RETAIL');
    await dialog.getByRole('button', { name: 'Capture' }).click();
    await dialog.waitFor({ state: 'detached' });
    const [device] = web!.app.application.board;
    expect(device).toMatchObject({
      stage: 'collected',
      origin: 'BENCH-PC01 (simulated-remote)',
      groupTag: 'OD-RETAIL',
    });
    const row = page.locator(`[data-testid="device-row"][data-serial="${device?.serial ?? ''}"]`);
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Captured · BENCH-PC01/);
    await page.getByText('Added BENCH-PC01').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/remote-capture-added.png` });
    expect(await page.content()).not.toContain(PASSWORD);
    const storage = await page.evaluate(() =>
      [localStorage, sessionStorage].flatMap((store) => Object.keys(store).map((key) => store.getItem(key))).join('\n'),
    );
    expect(storage).not.toContain(PASSWORD);
  });
});
