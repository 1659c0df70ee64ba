import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_FOREIGN_SERIALS, SANDBOX_REGISTERED_DEVICES } from '../../electron/core/sandbox/index';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser } from '../helpers/browser';
import { scenarioCsv, type ScenarioOutcome } from '../helpers/scenario-csv';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

const SHOTS = 'test-results';
const scenario = scenarioCsv({
  registeredSerials: SANDBOX_REGISTERED_DEVICES.filter((d) => d.groupTag === 'OD-FINANCE').map((d) => d.serial),
  otherTenantSerials: [...SANDBOX_FOREIGN_SERIALS],
});

/** What a row must say, per outcome: the badge or code, and the plain-language reason. */
const ROW_TEXT: Record<Exclude<ScenarioOutcome, 'duplicate'>, RegExp[]> = {
  ready: [/Ready for OOBE/, /OD-FINANCE/],
  'updated-ready': [/Ready for OOBE/, /OD-RETAIL/],
  '808': [/Failed · 808/, /another organisation/i, /Next step:/],
  '802': [/Failed · 802/, /hash is invalid/i, /Next step:/],
  'not-assigned': [/Failed · not-assigned/, /OD-LAB/, /Next step:/],
};

async function search(page: Page, serial: string): Promise<string> {
  await page.getByRole('searchbox', { name: 'Search by serial number' }).fill(serial);
  const row = page.locator(`[data-testid="device-row"][data-serial="${serial}"]`);
  await row.waitFor();
  await expect.poll(() => page.getByTestId('device-row').count()).toBe(1);
  return row.innerText();
}

describe('a technician registers twenty devices from a CSV on the sandbox', () => {
  let web: WebConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await startWebConsole({ speed: 'test' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: 'light' })).newPage();
    await page.goto(web.transport.url);
    await page.getByText('No devices yet').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('reads the CSV bytes and reports every row before queueing anything', async () => {
    await page.getByRole('button', { name: 'Import CSV' }).click();
    await page
      .getByTestId('csv-input')
      .setInputFiles({ name: 'bench-20.csv', mimeType: 'text/csv', buffer: Buffer.from(scenario.text) });
    await page.getByText('bench-20.csv: 20 rows').waitFor();
    expect(await page.getByTestId('import-row').count()).toBe(20);
    const invalid = page.locator('[data-testid="import-row"][data-status="invalid"]');
    expect(await invalid.count()).toBe(1);
    expect(await invalid.innerText()).toMatch(/Same device as line 2/);
    expect(web!.app.application.board).toHaveLength(0);
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
  });

  it('picks a tag that shows its group and profile, then registers', async () => {
    const tag = page.getByRole('combobox', { name: 'Group tag' });
    await tag.click();
    await page.getByRole('option', { name: /OD-LAB/ }).waitFor();
    expect(await page.getByRole('option', { name: /OD-LAB/ }).innerText()).toMatch(/No deployment profile/i);
    await page.screenshot({ path: `${SHOTS}/console-tag-picker-light.png` });
    await page.getByRole('option', { name: /^OD-FINANCE/ }).click();
    await page
      .getByText(/Profile .*Finance/i)
      .first()
      .waitFor();
    await page.screenshot({ path: `${SHOTS}/console-import-light.png` });
    await page.getByRole('button', { name: 'Add and register 19' }).click();
    // Two serials are registered in the tenant already: the console says so and keeps their records by default.
    await page.getByText('2 serials are already registered in this tenant:').waitFor();
    await page.getByRole('button', { name: 'Keep and register 19' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
  });

  it('brings every row to its terminal state', async () => {
    await page.getByText('14 ready for OOBE').waitFor({ timeout: 90_000 });
    await page.getByText('5 need attention').waitFor({ timeout: 30_000 });
    const stages = web!.app.application.board.map((d) => d.stage);
    expect(stages.filter((s) => s === 'ready')).toHaveLength(14);
    expect(stages.filter((s) => s === 'failed')).toHaveLength(5);
  });

  it('says on each row whether it is ready, or why not and what to do', async () => {
    for (const [serial, outcome] of scenario.expected) {
      if (outcome === 'duplicate') continue;
      const text = await search(page, serial);
      for (const pattern of ROW_TEXT[outcome]) expect(text, `${serial} (${outcome})`).toMatch(pattern);
      if (outcome !== 'ready' && outcome !== 'updated-ready') expect(text).not.toMatch(/Ready for OOBE/);
    }
    await page.getByRole('searchbox', { name: 'Search by serial number' }).fill('');
    await page.getByRole('combobox', { name: 'Sort by' }).click();
    await page.getByRole('option', { name: 'Stage' }).click();
    await page.mouse.move(0, 0);
    await expect.poll(() => page.locator('.fui-Toast').count(), { timeout: 10_000 }).toBe(0);
    await page.screenshot({ path: `${SHOTS}/console-board-light.png` });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('opens a detail panel with the timeline, the hash report and the Graph ids', async () => {
    const serial = SANDBOX_REGISTERED_DEVICES[0].serial;
    await search(page, serial);
    await page.locator(`[data-serial="${serial}"]`).click();
    const panel = page.getByRole('dialog');
    await panel.getByTestId('timeline').waitFor();
    const text = await panel.innerText();
    expect(text).toMatch(/Autopilot device id\s+[0-9a-f-]{36}/);
    expect(text).toMatch(/Ready for OOBE/);
    expect(text).toMatch(/Hash validation/);
    expect(text).toMatch(/Serial in the hash\s+PF4SBX0001/);
    await page.waitForTimeout(600);
    await page.screenshot({ path: `${SHOTS}/console-detail-light.png` });
    await panel.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('searchbox', { name: 'Search by serial number' }).fill('');
  });

  it('works from the keyboard: arrows move between rows, Space selects, Enter opens the details', async () => {
    const first = page.locator('[data-testid="device-row"][tabindex="0"]');
    await first.focus();
    const serials = await page
      .getByTestId('device-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-serial')));
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-serial'))).toBe(serials[1]);
    await page.keyboard.press('Space');
    await page.getByText('1 selected').waitFor();
    await page.keyboard.press('Enter');
    await page
      .getByRole('dialog')
      .getByText(serials[1] ?? '')
      .first()
      .waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Clear the selection' }).last().click();
  });

  it('exports the activity log as CSV for audit', async () => {
    await page.getByRole('button', { name: 'Activity' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const csv = await readFile(path, 'utf8');
    // Every cell quoted (OWASP's CSV-injection guidance).
    expect(csv.split('\r\n')[0]).toBe('"Time","Tenant","Who","Action","Serial","Group tag","Outcome","Detail"');
    expect(csv.match(/Registration outcome/g)).toHaveLength(19);
    expect(csv).toMatch(/"8CG0FRGN01","OD-FINANCE","failed",/);
    await page.screenshot({ path: `${SHOTS}/console-activity-light.png` });
    await page.getByRole('button', { name: 'Close' }).click();
  });

  it('sets up the watch folder: choose, tag, turn on, and see it watching', async () => {
    await page.getByRole('button', { name: 'Watch folder' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Choose folder…' }).click();
    await dialog.getByText(/watch$/).waitFor();
    await dialog.getByRole('combobox', { name: 'Group tag for devices from this folder' }).fill('OD-RETAIL');
    await dialog.getByRole('switch', { name: 'Watch this folder' }).click();
    await dialog.getByText('Status: Watching').waitFor();
    expect(await web!.app.application.watchStatus()).toMatchObject({
      enabled: true,
      state: 'watching',
      groupTag: 'OD-RETAIL',
    });
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/console-watch-light.png` });
    await dialog.getByRole('switch', { name: 'Watch this folder' }).click();
    await dialog.getByText('Status: Off').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();
  });

  it('keeps the secret write-only in Settings and shows the permissions of the tenant in use', async () => {
    await page.getByRole('button', { name: 'Settings' }).first().click();
    const dialog = page.getByRole('dialog');
    // With no tenant in the form, Test connection checks the tenant in use (the form's values are tested otherwise).
    await dialog.getByRole('button', { name: 'Test connection' }).click();
    await dialog.getByTestId('doctor-report').waitFor();
    expect(await dialog.getByTestId('doctor-report').innerText()).toMatch(
      /DeviceManagementServiceConfig\.ReadWrite\.All[\s\S]*Granted/,
    );
    expect(await dialog.getByTestId('doctor-tested').innerText()).toContain('the tenant in use: Sandbox tenant');
    await dialog.getByLabel('Tenant id').fill('contoso.onmicrosoft.com');
    await dialog.getByLabel('Client (application) id').fill('11111111-2222-3333-4444-555555555555');
    await dialog.getByRole('radio', { name: 'Client secret' }).check();
    await dialog.getByRole('textbox', { name: 'Client secret' }).fill('s3cr3t-VALUE-never-shown');
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await dialog.getByText('Saved.').waitFor();
    expect(await dialog.getByRole('textbox', { name: 'Client secret' }).inputValue()).toBe('');
    expect(await page.content()).not.toContain('s3cr3t-VALUE-never-shown');
    await page.screenshot({ path: `${SHOTS}/console-settings-light.png` });
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
    await dialog.getByRole('button', { name: 'Close' }).last().click();
  });

  it('fixes the devices whose tag leads to no profile in one bulk action, and exports them', async () => {
    await page.getByRole('combobox', { name: 'Filter by group tag' }).click();
    await page.getByRole('option', { name: 'OD-LAB' }).click();
    await expect.poll(() => page.getByTestId('device-row').count()).toBe(2);
    await page.getByRole('checkbox', { name: 'Select every device shown' }).click();
    await page.getByText('2 selected').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    const { readFile } = await import('node:fs/promises');
    const exported = await readFile(await download.path(), 'utf8');
    expect(exported.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(exported).toMatch(/"E2ELAB01","LENOVO","21G2","OD-LAB","","Failed",/);
    await page.getByRole('button', { name: 'Change tag, user or name' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Group tag' }).fill('OD-KIOSK');
    await dialog.getByText(/Profile .*Kiosk/i).waitFor();
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.getByText('16 ready for OOBE').waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Clear filters' }).click();
    expect(web!.app.application.board.filter((d) => d.groupTag === 'OD-KIOSK').map((d) => d.stage)).toEqual([
      'ready',
      'ready',
    ]);
  });

  it('looks right in dark mode too', async () => {
    const dark = await (
      await browser!.newContext({ viewport: { width: 1280, height: 720 }, colorScheme: 'dark' })
    ).newPage();
    await dark.goto(web!.transport.url);
    await dark.getByText('16 ready for OOBE').waitFor();
    await dark.getByRole('combobox', { name: 'Sort by' }).click();
    await dark.getByRole('option', { name: 'Stage' }).click();
    await dark.mouse.move(0, 0);
    await dark.screenshot({ path: `${SHOTS}/console-board-dark.png` });
    expect(await seriousViolations(dark)).toEqual([]);
    await dark.getByTestId('device-row').first().click();
    await dark.getByTestId('timeline').waitFor();
    await dark.waitForTimeout(600);
    await dark.screenshot({ path: `${SHOTS}/console-detail-dark.png` });
    await dark.keyboard.press('Escape');
    await dark.getByRole('button', { name: 'Settings' }).first().click();
    await dark.getByRole('dialog').getByText('Working against:').waitFor();
    await dark.waitForTimeout(400);
    await dark.screenshot({ path: `${SHOTS}/console-settings-dark.png` });
    expect(await seriousViolations(dark, '[role="dialog"]')).toEqual([]);
    await dark.close();
  });

  it('switches from the sandbox to the configured tenant and back, explicitly and visibly', async () => {
    await page.getByRole('button', { name: 'Settings' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/Devices registered after switching go to contoso\.onmicrosoft\.com/).waitFor();
    await dialog.getByRole('button', { name: 'Switch to my tenant' }).click();
    await dialog.getByText('Working against: contoso.onmicrosoft.com', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await expect.poll(() => page.getByTestId('tenant-badge').innerText()).toBe('Tenant contoso.onmicrosoft.com');
    expect(await page.getByText('Practice tenant on this computer').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/console-tenant-light.png` });
    await page.getByRole('button', { name: 'Settings' }).first().click();
    await dialog.getByRole('button', { name: 'Switch to the sandbox' }).click();
    await dialog.getByText(/Working against: Sandbox tenant/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).last().click();
    await page.getByText('Practice tenant on this computer').waitFor();
    const switches = web!.app.application.activity
      .list()
      .filter((e) => e.action === 'Switch tenant')
      .map((e) => e.detail);
    expect(switches).toEqual([
      'Now working against: contoso.onmicrosoft.com',
      'Now working against: Sandbox tenant (test speed)',
    ]);
  });
});
