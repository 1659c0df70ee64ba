import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceView } from '../../shared/domain/device';
import { launchBrowser } from '../helpers/browser';
import { startWebConsole, type WebConsole } from '../helpers/web-console';
import { unreachableOrigin } from '../helpers/closed-port';

const SHOTS = '/tmp/tenant-status-shots';
const TENANT = '11111111-2222-3333-4444-555555555555';

/** Waits (bounded) until `check` holds. */
async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a technician saves a tenant, tests it, switches to it and back', () => {
  let web: WebConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await startWebConsole({ speed: 'test' });
    const app = web.app.application;
    // Two sandbox devices registered (one ready, one failed: its tag leads to no profile), one registered nowhere.
    for (const [name, groupTag] of [
      ['ready', 'OD-FINANCE'],
      ['failed', 'OD-LAB'],
      ['fresh', ''],
    ] as const)
      ids[name] = (await app.captureThisDevice({ groupTag })).device.id;
    await app.register({ ids: [ids.ready!, ids.failed!] });
    await until(() => app.board.every((d: DeviceView) => !d.inProgress));
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(web.transport.url);
    await page.getByTestId('device-row').nth(2).waitFor();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('Test connection tests the values typed in the form before they are saved, and says which', async () => {
    const origin = await unreachableOrigin();
    await page.getByRole('button', { name: 'Settings' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByLabel('Tenant id').fill(TENANT);
    await dialog.getByLabel('Client (application) id').fill('aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee');
    await dialog.getByRole('radio', { name: 'Client secret' }).check();
    await dialog.getByRole('textbox', { name: 'Client secret' }).fill('typed-not-saved-secret');
    await dialog.getByRole('combobox', { name: 'Cloud' }).click();
    await page.getByRole('option', { name: 'Custom endpoints' }).click();
    await dialog.getByLabel('Authority host').fill(origin);
    await dialog.getByLabel('Graph endpoint').fill(origin);
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    const tested = dialog.getByTestId('doctor-tested');
    await tested.waitFor({ timeout: 60_000 });
    expect(await tested.innerText()).toBe(
      `Tested the values in the form (not saved): tenant ${TENANT}, client aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee, sign-in ${origin}, Graph ${origin}, with the client secret typed in the form`,
    );
    const report = await dialog.getByTestId('doctor-report').innerText();
    expect(report).toContain(`${TENANT}: sign-in failed`);
    expect(report).toContain(`${origin.slice('https://'.length)} cannot be reached: the connection was refused`);
    expect(report).not.toMatch(/Sandbox tenant/);
    expect(report).not.toContain('typed-not-saved-secret');
    await page.screenshot({ path: `${SHOTS}/test-connection-form.png` });

    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await dialog.getByText('Saved.').waitFor();
  });

  it("after switching, the header, the banner and the board are the tenant's: no sandbox device, nothing to retry", async () => {
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('button', { name: 'Switch to my tenant' }).click();
    await page.getByTestId('tenant-badge').getByText(`Tenant ${TENANT}`).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await expect.poll(() => page.getByTestId('device-row').count()).toBe(1);
    expect(await page.getByTestId('device-row').first().innerText()).not.toMatch(/Ready for OOBE|Failed/);
    const header = await page.locator('header').innerText();
    expect(header).toMatch(/\b0 ready for OOBE/);
    expect(header).not.toMatch(/need attention/);
    expect(await page.getByText('Practice tenant on this computer').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/tenant-board.png` });
  });

  it("switching back shows the sandbox's devices as they are, with the sandbox banner", async () => {
    await page.getByRole('button', { name: 'Settings' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('button', { name: 'Switch to the sandbox' }).click();
    await page.getByTestId('tenant-badge').getByText('Sandbox tenant (test speed)').waitFor();
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await expect.poll(() => page.getByTestId('device-row').count()).toBe(3);
    await page.getByText('Practice tenant on this computer').waitFor();
    const rows = await page.getByTestId('device-row').allInnerTexts();
    expect(rows.filter((row) => /Ready for OOBE/.test(row))).toHaveLength(1);
    expect(rows.filter((row) => /Failed · not-assigned/.test(row))).toHaveLength(1);
    expect(rows.join('\n')).not.toMatch(/auth/);
    await page.screenshot({ path: `${SHOTS}/sandbox-back.png` });
  });
});
