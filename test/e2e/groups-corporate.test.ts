import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser } from '../helpers/browser';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

const SHOTS = 'test-results';

describe('static groups and corporate identifiers in Chromium', () => {
  let web: WebConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const board = () => web!.app.application.board;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await startWebConsole({ speed: 'test' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1366, height: 860 } })).newPage();
    await page.goto(web.transport.url);
    await page.getByText('No devices yet').waitFor();
    await page.getByRole('button', { name: 'Add this device' }).click();
    await page.getByTestId('device-row').first().waitFor();
    await page.getByRole('button', { name: 'Add this device' }).click();
    await page.getByTestId('device-row').nth(1).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('registers a device into static groups picked by searching their name', async () => {
    const [first] = board();
    await page.getByRole('checkbox', { name: `Select ${first?.serial ?? ''}` }).click();
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('combobox', { name: 'Group tag' }).fill('OD-RETAIL');
    const groups = dialog.getByRole('combobox', { name: 'Static groups (optional)' });
    await groups.fill('bench lo');
    await page.getByRole('option', { name: 'Bench - Loaner pool' }).click();
    await dialog.getByRole('button', { name: 'Remove Bench - Loaner pool' }).waitFor();
    // A Microsoft 365 group is listed with the reason it cannot be picked.
    await groups.fill('service');
    const m365 = page.getByRole('option', { name: /Service desk team/ });
    await m365.waitFor();
    expect(await m365.getAttribute('aria-disabled')).toBe('true');
    expect(await m365.innerText()).toContain('Microsoft 365 group, which cannot hold devices');
    await page.screenshot({ path: `${SHOTS}/static-group-picker.png` });
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
    await page.keyboard.press('Escape');
    await groups.fill('');
    await dialog.getByRole('button', { name: /^Register/ }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => board().find((d) => d.id === first?.id)?.stage, { timeout: 60_000 }).toBe('ready');
    expect(board().find((d) => d.id === first?.id)?.staticGroups).toEqual([
      expect.objectContaining({ name: 'Bench - Loaner pool', added: true }),
    ]);
    const row = page.locator(`[data-testid="device-row"][data-serial="${first?.serial ?? ''}"]`);
    await row.getByText('Ready for OOBE').first().waitFor();
    await row.click();
    const details = page.getByRole('dialog');
    await details.getByRole('region', { name: 'Static groups' }).getByText('Bench - Loaner pool: member').waitFor();
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Clear the selection' }).last().click();
  });

  it('adds the other device as a corporate identifier and shows its own steps and what is left to do', async () => {
    const second = board()[1];
    await page.getByRole('checkbox', { name: `Select ${second?.serial ?? ''}` }).click();
    await page.getByRole('button', { name: 'Corporate identifier' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByRole('list', { name: 'Identifiers to add' })
      .getByText(`${second?.manufacturer ?? ''},${second?.model ?? ''},${second?.serial ?? ''}`)
      .waitFor();
    await dialog.getByText(/Intune Provisioning Client/).waitFor();
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
    await dialog.getByRole('button', { name: 'Add as corporate identifier' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.locator(`[data-testid="device-row"][data-serial="${second?.serial ?? ''}"]`);
    await row.getByText('Added as corporate identifier').waitFor();
    expect(await row.locator('ol[aria-label="Progress"] > li').count()).toBe(2);
    expect(await row.locator('[data-state="done"]').count()).toBe(2);
    expect(await row.innerText()).toContain('Corporate ID');
    await page.screenshot({ path: `${SHOTS}/corporate-identifier-board.png` });
    await row.click();
    const details = page.getByRole('dialog');
    const prep = details.getByRole('region', { name: 'Device preparation' });
    await prep.getByText('Corporate identifier: still to do in Intune').waitFor();
    expect(await prep.innerText()).toMatch(/device preparation policy/);
    await page.screenshot({ path: `${SHOTS}/corporate-identifier-details.png` });
    expect(board().find((d) => d.id === second?.id)).toMatchObject({ kind: 'corporate-identifier', stage: 'imported' });
  });
});
