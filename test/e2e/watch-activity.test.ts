import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTUNE_CSV_HEADER } from '../../shared/domain/csv/write';
import { sampleDevices } from '../fixtures/csv-variants';
import { fixtureHash } from '../fixtures/hashes';
import { launchBrowser } from '../helpers/browser';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

const SHOTS = '/tmp/watch-activity-shots';

describe('a technician watches a folder and reads what it rejected in the activity log', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'watch-activity-e2e-'));
  let web: WebConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    // The web transport's folder picker answers <state folder>/watch.
    web = await startWebConsole({ speed: 'test', stateDir });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1440, height: 800 } });
    await page.goto(web.transport.url);
    await page.getByText('No devices yet').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('puts the good row on the board and names the malformed one with file, row and reason', async () => {
    await page.getByRole('button', { name: 'Watch folder' }).click();
    const dialog = page.getByRole('dialog', { name: 'Watch folder' });
    await dialog.getByRole('button', { name: 'Choose folder…' }).click();
    await dialog.getByText(/watch$/).waitFor();
    await dialog.getByRole('combobox', { name: 'Group tag for devices from this folder' }).fill('OD-RETAIL');
    await dialog.getByRole('switch', { name: 'Watch this folder' }).click();
    await dialog.getByText('Status: Watching').waitFor();
    await dialog.getByRole('button', { name: 'Done' }).click();

    // The Activity log stays open while the file arrives: the entries appear as the watch folder writes them.
    await page.getByRole('button', { name: 'Activity' }).click();
    const table = page.getByRole('table', { name: 'Activity, newest first' });
    const good = sampleDevices(1)[0]!;
    writeFileSync(
      join(stateDir, 'watch', 'shipment.csv'),
      `${INTUNE_CSV_HEADER}\r\n${good.serial},,${good.hash},,\r\nBADROW1,,${fixtureHash().slice(0, 100)},,\r\n`,
    );

    // The watch folder waits for the file to stop changing, then takes it in.
    const rejected = table.getByRole('row').filter({ hasText: 'Watch folder: rejected' });
    await rejected.first().waitFor({ timeout: 20_000 });
    expect(await rejected.count()).toBe(1);
    const [, , , action, serial, tag, outcome, detail] = (await rejected.getByRole('cell').allInnerTexts()).map((c) =>
      c.trim(),
    );
    expect([action, serial, tag, outcome]).toEqual(['Watch folder: rejected', 'BADROW1', 'OD-RETAIL', 'failed']);
    expect(detail).toMatch(/^shipment\.csv line 3: The hardware hash is truncated/);
    // The reason reads as a sentence, not one word per line.
    const detailBox = await rejected.getByRole('cell').nth(7).boundingBox();
    expect(detailBox?.width).toBeGreaterThanOrEqual(280);
    await page.screenshot({ path: `${SHOTS}/watch-activity.png` });
    await page.getByRole('button', { name: 'Close' }).click();

    const row = page.locator(`[data-testid="device-row"][data-serial="${good.serial}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain('OD-RETAIL');
    expect(await page.locator('[data-testid="device-row"][data-serial="BADROW1"]').count()).toBe(0);
    await page.getByRole('button', { name: 'Watch folder' }).click();
    expect(await page.getByRole('dialog', { name: 'Watch folder' }).innerText()).toMatch(
      /shipment\.csv at .*: 1 added, 1 rejected/,
    );
    await page.screenshot({ path: `${SHOTS}/watch-dialog.png` });
  });
});
