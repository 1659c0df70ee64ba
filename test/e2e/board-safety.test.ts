import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { focusedSummary, openImport, shoot, smallCsv } from '../helpers/e2e-board';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

const LAB = ['SAFELAB01', 'SAFELAB02'];
const RETAIL = ['SAFERTL01', 'SAFERTL02'];
const CSV = smallCsv([
  ...LAB.map((serial, i) => ({ serial, tag: 'OD-LAB', uuidNumber: 100 + i })),
  ...RETAIL.map((serial, i) => ({ serial, tag: 'OD-RETAIL', uuidNumber: 200 + i })),
]);

const rowOf = (page: Page, serial: string) => page.locator(`[data-testid="device-row"][data-serial="${serial}"]`);

describe('the board acts only on what a technician sees, and asks before removing', () => {
  let web: WebConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    web = await startWebConsole({ speed: 'test' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' })).newPage();
    await page.goto(web.transport.url);
    await page.getByText('No devices yet').waitFor();
    await openImport(page, 'four.csv', CSV);
    await page.getByRole('button', { name: 'Add 4 to the board' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.locator(`[data-testid="device-row"][data-serial="${RETAIL[1]}"]`).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('keeps selected only the rows a filter shows, so Export writes what is on screen', async () => {
    await page.getByRole('checkbox', { name: 'Select every device shown' }).click();
    await page.getByText('4 selected').waitFor();
    await page.getByRole('combobox', { name: 'Filter by group tag' }).click();
    await page.getByRole('option', { name: 'OD-LAB' }).click();
    await expect.poll(() => page.getByTestId('device-row').count()).toBe(2);
    await page.getByText('2 selected').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('region', { name: 'Selected devices' }).getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const exported = await readFile(await download.path(), 'utf8');
    const lines = exported.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    for (const serial of LAB) expect(exported).toContain(serial);
    for (const serial of RETAIL) expect(exported).not.toContain(serial);
    await shoot(page, 'safety-filtered-selection');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => page.getByTestId('device-row').count()).toBe(4);
    await page.getByText('2 selected').waitFor();
    for (const serial of RETAIL) expect(await rowOf(page, serial).getAttribute('aria-selected')).toBe('false');
  });

  it('asks before removing, listing each device; Cancel keeps them and gives focus back', async () => {
    const remove = page
      .getByRole('region', { name: 'Selected devices' })
      .getByRole('button', { name: /Remove from board/ });
    await remove.click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    const listed = await dialog.getByTestId('remove-list').getByRole('listitem').allInnerTexts();
    expect(listed).toHaveLength(2);
    for (const [i, serial] of LAB.entries()) expect(listed[i]).toContain(serial);
    expect(await dialog.innerText()).toMatch(/Autopilot records in the tenant stay/);
    await shoot(page, 'safety-remove-confirm');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('device-row').count()).toBe(4);
    expect(web!.app.application.board).toHaveLength(4);
    await expect.poll(() => focusedSummary(page)).toMatch(/Remove from board/);
    await remove.click();
    await dialog.getByRole('button', { name: 'Remove 2 devices' }).click();
    await expect.poll(() => page.getByTestId('device-row').count()).toBe(2);
    expect(web!.app.application.board.map((d) => d.serial).sort()).toEqual(RETAIL);
    // The button that opened the dialog left with the selection: focus goes to the board, not the page body.
    await expect.poll(() => focusedSummary(page)).toMatch(/^SAFERTL0/);
  });

  it('asks in the detail panel too, and keeps the device on Cancel', async () => {
    await rowOf(page, RETAIL[0]!).click();
    const panel = page.getByRole('dialog');
    await panel.getByRole('button', { name: /Remove from board/ }).click();
    const confirm = page.getByRole('alertdialog');
    expect(await confirm.getByTestId('remove-list').innerText()).toContain(RETAIL[0]);
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(web!.app.application.board).toHaveLength(2);
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
  });

  it('gives focus back to what opened a dialog or the detail panel', async () => {
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => focusedSummary(page)).toBe('Import CSV');

    await page.getByRole('button', { name: 'Settings' }).first().click();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).last().click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => focusedSummary(page)).toBe('Settings');

    await page.getByRole('button', { name: 'Activity' }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => focusedSummary(page)).toBe('Activity');

    const row = rowOf(page, RETAIL[1]!);
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByTestId('timeline').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await expect.poll(() => focusedSummary(page)).toBe(RETAIL[1]);
  });

  it('removes from the detail panel once confirmed, and focus lands on the board', async () => {
    await rowOf(page, RETAIL[1]!).click();
    const panel = page.getByRole('dialog');
    await panel.getByRole('button', { name: /Remove from board/ }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Remove 1 device' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(web!.app.application.board.map((d) => d.serial)).toEqual([RETAIL[0]]);
    await expect.poll(() => focusedSummary(page)).toBe(RETAIL[0]);
  });
});
