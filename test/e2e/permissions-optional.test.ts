import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

const SHOTS = '/tmp/permissions-shots';

/** The cells of the permission row whose name starts with `name`, as a person reads them. */
async function permissionRow(page: Page, name: string): Promise<string[]> {
  const row = page
    .getByRole('table', { name: 'Permissions' })
    .getByRole('row')
    .filter({ hasText: new RegExp(`^${name.replace(/\./g, '\\.')} \\(`) });
  return (await row.getByRole('cell').allInnerTexts()).map((cell) => cell.trim());
}

describe('Settings says an absent optional permission is optional, and a missing required one is missing', () => {
  let web: WebConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // An application granted the recommended reads but neither the Autopilot permission nor any group write.
    web = await startWebConsole({
      speed: 'test',
      sandbox: { grantedRoles: ['Device.Read.All', 'GroupMember.Read.All', 'Group.Read.All'] },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(web.transport.url);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('shows Group.ReadWrite.All as "Optional, not granted" with what needs it, in a neutral badge', async () => {
    await page.getByRole('button', { name: 'Settings' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await dialog.getByRole('table', { name: 'Permissions' }).waitFor();

    const [, status, unlocks] = await permissionRow(page, 'Group.ReadWrite.All');
    expect(status).toBe('Optional, not granted');
    expect(unlocks).toMatch(/^Needed only for adding devices to static groups/);
    const badge = dialog
      .getByRole('row')
      .filter({ hasText: 'Group.ReadWrite.All (' })
      .getByText('Optional, not granted');
    // Not the colour of an error: the console registers devices without it.
    const [optionalColour, missingColour] = await Promise.all([
      badge.evaluate((el) => getComputedStyle(el).color),
      dialog
        .getByRole('row')
        .filter({ hasText: 'DeviceManagementServiceConfig.ReadWrite.All (' })
        .getByText('Missing')
        .evaluate((el) => getComputedStyle(el).color),
    ]);
    expect(optionalColour).not.toBe(missingColour);

    expect(await permissionRow(page, 'DeviceManagementServiceConfig.ReadWrite.All')).toEqual([
      'DeviceManagementServiceConfig.ReadWrite.All (required)',
      'Missing',
      'import, look up, update and delete Autopilot devices; read deployment profiles',
    ]);
    expect((await permissionRow(page, 'Device.Read.All'))[1]).toBe('Granted');
    expect(await dialog.getByTestId('doctor-report').innerText()).not.toMatch(/Group\.ReadWrite\.All[^\n]*\n?Missing/);
    await dialog.getByRole('table', { name: 'Permissions' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/permissions-optional.png` });
  });
});
