import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser } from '../helpers/browser';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

const SHOTS = 'test-results';

describe('a technician names devices when registering them', () => {
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

  it('checks the name as it is typed and previews what a template gives', async () => {
    for (const count of [1, 2]) {
      await page.getByRole('button', { name: 'Add this device' }).click();
      await expect.poll(() => page.getByTestId('device-row').count()).toBe(count);
    }
    for (const device of web!.app.application.board)
      await page.getByRole('checkbox', { name: `Select ${device.serial}` }).click();
    await page.getByText('2 selected').waitFor();
    await page
      .getByRole('region', { name: 'Selected devices' })
      .getByRole('button', { name: /^Register/ })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Group tag' }).fill('OD-RETAIL');
    const name = dialog.getByRole('textbox', { name: 'Device name (optional)' });
    const register = dialog.getByRole('button', { name: 'Register' });

    await name.fill('FIN-LAPTOP');
    await dialog.getByText(/"FIN-LAPTOP" is one device's name: for 2 devices use a template/).waitFor();
    expect(await register.isDisabled()).toBe(true);

    await name.fill('FIN_%RAND:4%');
    await dialog.getByText(/the names it gives may contain only letters, digits and hyphens/).waitFor();
    expect(await register.isDisabled()).toBe(true);

    await name.fill('FINANCE-%SERIAL%');
    await dialog.getByText(/would be "FINANCE-SIM\w+", which is \d+ characters long \(at most 15\)/).waitFor();
    expect(await register.isDisabled()).toBe(true);

    await name.fill('FIN-%RAND:4%');
    await dialog.getByText(/^For example FIN-\d{4}, FIN-\d{4}\.$/).waitFor();
    expect(await register.isDisabled()).toBe(false);
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/device-name-dialog.png` });
    await register.click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('shows each name on its row and in the detail panel, and waits until Intune shows it', async () => {
    await page.getByText('2 ready for OOBE').waitFor({ timeout: 90_000 });
    const names = web!.app.application.board.map((d) => d.deviceName ?? '');
    expect(names.every((n) => /^FIN-\d{4}$/.test(n))).toBe(true);
    for (const device of web!.app.application.board) {
      const row = page.locator(`[data-testid="device-row"][data-serial="${device.serial}"]`);
      await expect.poll(() => row.innerText()).toMatch(new RegExp(`Name ${device.deviceName ?? '-'}`));
    }
    const [first] = web!.app.application.board;
    await page.getByRole('button', { name: 'Clear the selection' }).last().click();
    await page.locator(`[data-testid="device-row"][data-serial="${first?.serial ?? ''}"]`).click();
    const panel = page.getByRole('dialog');
    await panel
      .getByText(`name ${first?.deviceName ?? '-'}`, { exact: false })
      .first()
      .waitFor();
    await panel
      .getByText(/device name "FIN-\d{4}" sent, waiting for Intune to show it/)
      .first()
      .waitFor();
    await page.screenshot({ path: `${SHOTS}/device-name-detail.png` });
  });
});
