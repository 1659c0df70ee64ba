import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser } from '../helpers/browser';
import { openImport, shoot, smallCsv } from '../helpers/e2e-board';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

const FIRST = smallCsv([
  { serial: 'TAGRTL01', tag: 'OD-RETAIL', uuidNumber: 301 },
  { serial: 'TAGRTL02', tag: 'OD-RETAIL', uuidNumber: 302 },
  { serial: 'TAGNONE03', uuidNumber: 303 },
]);
/** One row already on the board, one new, and the new one again (a duplicate the file cannot add). */
const SECOND = smallCsv([
  { serial: 'TAGRTL01', tag: 'OD-RETAIL', uuidNumber: 301 },
  { serial: 'TAGNEW04', uuidNumber: 304 },
  { serial: 'TAGNEW04', uuidNumber: 304 },
]);

const rowOf = (page: Page, serial: string) => page.locator(`[data-testid="device-row"][data-serial="${serial}"]`);

async function selectOnly(page: Page, serials: readonly string[]): Promise<void> {
  const clear = page
    .getByRole('region', { name: 'Selected devices' })
    .getByRole('button', { name: 'Clear the selection' });
  if (await clear.count()) await clear.click();
  for (const serial of serials) await page.getByRole('checkbox', { name: `Select ${serial}` }).click();
  await page.getByText(`${serials.length} selected`).waitFor();
}

async function openRegister(page: Page): Promise<ReturnType<Page['getByRole']>> {
  await page
    .getByRole('region', { name: 'Selected devices' })
    .getByRole('button', { name: /^Register/ })
    .click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('combobox', { name: 'Group tag' }).waitFor();
  return dialog;
}

describe('tags are offered truthfully, the tag picker filters, and the import counts agree', () => {
  let web: WebConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let captured = '';

  beforeAll(async () => {
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

  it('says the same counts in the summary, the rows and the buttons', async () => {
    await openImport(page, 'first.csv', FIRST);
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByTestId('import-summary').innerText()).toBe('first.csv: 3 rows · 3 to add');
    await dialog.getByRole('button', { name: 'Add 3 to the board' }).click();
    await dialog.waitFor({ state: 'detached' });
    await rowOf(page, 'TAGNONE03').waitFor();

    await openImport(page, 'second.csv', SECOND);
    const summary = await dialog.getByTestId('import-summary').innerText();
    expect(summary).toBe('second.csv: 3 rows · 1 to add · 1 already on the board · 1 cannot be added');
    const verdicts = await dialog
      .getByTestId('import-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-verdict')));
    expect(verdicts.filter((v) => v === 'ok' || v === 'warning')).toHaveLength(1);
    expect(verdicts.filter((v) => v === 'onBoard')).toHaveLength(1);
    expect(verdicts.filter((v) => v === 'invalid')).toHaveLength(1);
    const badges = await dialog.getByTestId('import-row').locator('.fui-Badge').allInnerTexts();
    expect(badges.sort()).toEqual(['Already on the board', 'Cannot be added', 'To add']);
    await dialog.getByRole('button', { name: 'Add 1 to the board' }).waitFor();
    await dialog.getByRole('button', { name: 'Add and register 1' }).waitFor();
    expect(await dialog.innerText()).not.toMatch(/not added/i);
    await shoot(page, 'import-counts');
    expect(await seriousViolations(page, '[role="dialog"]')).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('filters the known tags as a technician types, and says when none matches', async () => {
    await selectOnly(page, ['TAGNONE03']);
    const dialog = await openRegister(page);
    const tag = dialog.getByRole('combobox', { name: 'Group tag' });
    await tag.click();
    await expect.poll(() => page.getByRole('option').count()).toBeGreaterThan(3);
    await tag.fill('kio');
    await expect.poll(() => page.getByRole('option').allInnerTexts()).toEqual([expect.stringMatching(/^OD-KIOSK/)]);
    await shoot(page, 'tag-picker-filtered');
    await tag.fill('ZZZ');
    await expect
      .poll(() => page.getByRole('option').allInnerTexts())
      .toEqual(['No known tag contains "ZZZ": it is used as typed.']);
    await tag.fill('OD-FIN');
    await page.getByRole('option', { name: /^OD-FINANCE/ }).click();
    expect(await tag.inputValue()).toBe('OD-FINANCE');
    await dialog.getByRole('button', { name: 'Register', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('never pre-fills the last tag used on other devices: only the tag these devices share', async () => {
    // OD-FINANCE is now the last tag used; a captured device without a tag must not be offered it.
    await page.getByRole('button', { name: 'Add this device' }).click();
    await expect.poll(() => page.getByTestId('device-row').count()).toBe(4);
    captured = web!.app.application.board.find((d) => d.source === 'capture')?.serial ?? '';
    expect(captured).not.toBe('');
    await selectOnly(page, [captured]);
    let dialog = await openRegister(page);
    expect(await dialog.getByRole('combobox', { name: 'Group tag' }).inputValue()).toBe('');
    expect(await dialog.innerText()).toMatch(/Leave it empty to keep each device’s own tag\./);
    await shoot(page, 'register-no-prefill');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    await selectOnly(page, ['TAGRTL01', 'TAGRTL02']);
    dialog = await openRegister(page);
    expect(await dialog.getByRole('combobox', { name: 'Group tag' }).inputValue()).toBe('OD-RETAIL');
    expect(await dialog.innerText()).toMatch(/Shown: the tag these devices already share\./);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    await selectOnly(page, ['TAGRTL01', captured]);
    dialog = await openRegister(page);
    expect(await dialog.getByRole('combobox', { name: 'Group tag' }).inputValue()).toBe('');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    await openImport(page, 'second.csv', SECOND);
    const importDialog = page.getByRole('dialog');
    expect(await importDialog.getByRole('combobox', { name: 'Group tag' }).inputValue()).toBe('');
    expect(await importDialog.innerText()).toMatch(/leave it empty to keep each row’s own tag/);
    await importDialog.getByRole('button', { name: 'Cancel' }).click();
  });
});
