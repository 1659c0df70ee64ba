import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

const SHOTS = '/tmp/activity-shots';
const two = (n: number): string => String(n).padStart(2, '0');

/** The cells of the activity row for `action`, as a person reads them. */
async function activityRow(page: Page, action: string): Promise<string[]> {
  await page.getByRole('button', { name: 'Activity' }).click();
  const table = page.getByRole('table', { name: 'Activity, newest first' });
  const row = table.getByRole('row').filter({ hasText: action }).first();
  await row.waitFor();
  return row.getByRole('cell').allInnerTexts();
}

describe('the activity log says when, on which tenant and who, and survives a restart', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'activity-e2e-'));
  let web: WebConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await startWebConsole({ speed: 'test', stateDir });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(web.transport.url);
    await page.getByText('No devices yet').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  let before: string[] = [];

  it('shows the date and time, the sandbox tenant and the application that acted', async () => {
    const day = new Date();
    await page.getByRole('button', { name: 'Add this device' }).click();
    await page.getByTestId('device-row').waitFor();
    before = await activityRow(page, 'Add this device');
    const headings = await page
      .getByRole('table', { name: 'Activity, newest first' })
      .getByRole('columnheader')
      .allInnerTexts();
    expect(headings.slice(0, 4)).toEqual(['Date and time', 'Tenant', 'Who', 'Action']);
    const [when, tenant, who, action] = before;
    const today = `${day.getFullYear()}-${two(day.getMonth() + 1)}-${two(day.getDate())}`;
    expect(when).toMatch(new RegExp(`^${today} \\d{2}:\\d{2}:\\d{2}$`));
    expect(tenant).toBe('sandbox');
    expect(who).toMatch(/^application \(client id [0-9a-f-]{36}\)$/);
    expect(action).toBe('Add this device');
    await page.screenshot({ path: `${SHOTS}/activity-before-restart.png` });
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('still shows the entry after the console restarts on the same state folder', async () => {
    await web?.close();
    web = await startWebConsole({ speed: 'test', stateDir });
    await page.goto(web.transport.url);
    const after = await activityRow(page, 'Add this device');
    expect(after).toEqual(before);
    await page.screenshot({ path: `${SHOTS}/activity-after-restart.png` });
  });
});
