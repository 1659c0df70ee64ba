import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_FOREIGN_SERIALS, SANDBOX_REGISTERED_DEVICES } from '../../electron/core/sandbox/index';
import { launchBrowser } from '../helpers/browser';
import { openImport, shoot, smallCsv } from '../helpers/e2e-board';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

const FRESH = 'FAILFRESH01';
const UPDATED = SANDBOX_REGISTERED_DEVICES[0].serial; // OD-FINANCE in the tenant; the file asks for OD-RETAIL
const FOREIGN = SANDBOX_FOREIGN_SERIALS[0];
const NO_MAKE = 'FAILNOMAKE01';
const CSV = smallCsv([
  { serial: FRESH, tag: 'OD-FINANCE', uuidNumber: 401 },
  { serial: UPDATED, tag: 'OD-RETAIL', uuidNumber: 402 },
  { serial: FOREIGN, uuidNumber: 403 },
  { serial: NO_MAKE, manufacturer: '', uuidNumber: 404 },
]);

const rowOf = (page: Page, serial: string) => page.locator(`[data-testid="device-row"][data-serial="${serial}"]`);

/** "14:03:22" as the board formats it, in the browser's own locale and zone. */
function clockTimeIn(page: Page, iso: string): Promise<string> {
  return page.evaluate(
    (at) =>
      new Intl.DateTimeFormat(undefined, {
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hour12: false,
      }).format(new Date(at)),
    iso,
  );
}

describe('a technician reads why devices stopped, on a laptop-sized window', () => {
  let web: WebConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let collectedAt = '';

  beforeAll(async () => {
    web = await startWebConsole({ speed: 'test' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1024, height: 720 }, colorScheme: 'light' })).newPage();
    await page.goto(web.transport.url);
    await page.getByText('No devices yet').waitFor();
    await openImport(page, 'failures.csv', CSV);
    await page.getByRole('button', { name: 'Add 4 to the board' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await rowOf(page, NO_MAKE).waitFor();
    collectedAt = web.app.application.board.find((d) => d.serial === FRESH)?.stageTimes.collected ?? '';
    // Registration starts well after the hashes were collected: a second apart at least, so the times differ on screen.
    await page.waitForTimeout(1_500);
    await page.getByRole('checkbox', { name: 'Select every device shown' }).click();
    await page
      .getByRole('region', { name: 'Selected devices' })
      .getByRole('button', { name: /^Register/ })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Register', exact: true }).click();
    // The tenant already has UPDATED: the dialog asks first, and keeping its record updates its tag.
    await page.getByRole('dialog').getByRole('button', { name: 'Keep and register' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByText('2 ready for OOBE').waitFor({ timeout: 90_000 });
    await page.getByText('2 need attention').waitFor({ timeout: 30_000 });
  }, 150_000);

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('keeps the time the hash was collected when registration starts', async () => {
    expect(collectedAt).not.toBe('');
    const device = web!.app.application.board.find((d) => d.serial === FRESH);
    expect(device?.stage).toBe('ready');
    expect(device?.stageTimes.collected).toBe(collectedAt);
    const hashStep = rowOf(page, FRESH).locator('li').first();
    expect(await hashStep.getAttribute('title')).toContain(await clockTimeIn(page, collectedAt));
    await rowOf(page, FRESH).click();
    const panel = page.getByRole('dialog');
    const lines = panel.getByTestId('timeline').locator('li', { hasText: 'Hash collected' });
    expect(await lines.count()).toBe(1);
    expect(await lines.locator('time').getAttribute('datetime')).toBe(collectedAt);
    expect(await panel.innerText()).toMatch(/Import record id\s+[0-9a-f-]{36}/);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('says "none" for the import record of a device whose existing record was updated', async () => {
    expect(web!.app.application.board.find((d) => d.serial === UPDATED)?.stage).toBe('ready');
    await rowOf(page, UPDATED).click();
    const panel = page.getByRole('dialog');
    await panel.getByTestId('timeline').waitFor();
    const text = await panel.innerText();
    expect(text).toMatch(/Import record id\s+none: the existing Autopilot record was reused, nothing was imported/);
    expect(text).not.toMatch(/not known yet/);
    await shoot(page, 'failure-updated-detail');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('shows the 808 code once, with a reason in plain words, on the row and in the activity log', async () => {
    const row = await rowOf(page, FOREIGN).innerText();
    expect(row).toMatch(/Failed · 808/);
    expect(row.match(/808/g)).toHaveLength(1);
    expect(row).toMatch(/registered to another organisation's tenant/);
    expect(row).not.toMatch(/Ztd/);
    await rowOf(page, FOREIGN).click();
    const panel = page.getByRole('dialog');
    await panel.getByTestId('timeline').waitFor();
    expect(await panel.innerText()).toMatch(/Error name from Graph\s+ZtdDeviceAssignedToOtherTenant/);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Activity' }).click();
    const outcome = page
      .getByRole('dialog')
      .getByRole('row')
      .filter({ hasText: FOREIGN })
      .filter({ hasText: 'Registration outcome' });
    const detail = await outcome.getByRole('cell').last().innerText();
    expect(detail).toBe("Failed (808): The device is registered to another organisation's tenant.");
    await shoot(page, 'failure-activity');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('lets the whole failure text be read: a tooltip, a cue on the row, and the full text in the details', async () => {
    const problem = web!.app.application.board.find((d) => d.serial === NO_MAKE)?.problem;
    expect(problem?.code).toBe('802');
    const row = rowOf(page, NO_MAKE);
    expect(await row.getByTestId('status-reason').getAttribute('title')).toBe(problem?.reason);
    expect(await row.getByTestId('status-next-step').getAttribute('title')).toBe(`Next step: ${problem?.nextStep}`);
    const cue = row.getByTestId('status-more');
    await cue.waitFor();
    expect(await cue.innerText()).toMatch(/Full text in the details/);
    await shoot(page, 'failure-board-laptop');
    await cue.click();
    const panel = page.getByRole('dialog');
    await panel.getByTestId('timeline').waitFor();
    for (const [testId, text] of [
      ['status-reason', problem?.reason],
      ['status-next-step', `Next step: ${problem?.nextStep}`],
    ] as const) {
      const element = panel.getByTestId(testId);
      expect(await element.innerText()).toBe(text);
      const clipped = await element.evaluate((el) => el.scrollHeight > el.clientHeight + 1);
      expect(clipped, testId).toBe(false);
    }
    expect(await panel.getByTestId('status-more').count()).toBe(0);
    await shoot(page, 'failure-detail-laptop');
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('filters the board to the devices that need attention when the count is clicked', async () => {
    await page.getByRole('button', { name: '2 need attention' }).click();
    await expect.poll(() => page.getByTestId('device-row').count()).toBe(2);
    const stages = await page.getByTestId('device-row').evaluateAll((rows) => rows.map((r) => r.dataset['stage']));
    expect(stages).toEqual(['failed', 'failed']);
    expect(await page.getByRole('combobox', { name: 'Filter by stage' }).innerText()).toMatch(/Failed, Timed out/);
    await shoot(page, 'failure-attention-filter');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.getByTestId('device-row').count()).toBe(4);
  });
});
