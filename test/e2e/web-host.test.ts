import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantJournalDir } from '../../electron/core/store/journal';
import { startWebHost, type WebHost } from '../../electron/web/web-host';
import { MAX_CONSOLE_FILE_BYTES } from '../../shared/domain/csv/limits';
import { launchBrowser } from '../helpers/browser';

const SHOTS = 'test-results';

/** Base64 lines that look like hashes, none of them one (a garbage file a technician might drop). */
function base64Noise(lines: number): string {
  return Array.from({ length: lines }, (_, i) =>
    Buffer.concat(Array.from({ length: 47 }, () => createHash('sha512').update(`n${i}`).digest())).toString('base64'),
  ).join('\r\n');
}

describe('the browser console keeps its state, survives a restart and big files, and downloads exports', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'web-host-'));
  const start = (): Promise<WebHost> =>
    startWebHost({ version: 'test', stateDir, staticDir: resolve('out/web'), start: { speed: 'test' } });
  let host: WebHost | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    if (!existsSync(resolve('out/web/index.html'))) throw new Error('run `npm run build:web` first');
    host = await start();
    browser = await launchBrowser();
    const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, acceptDownloads: true });
    page = await context.newPage();
    await page.goto(host.transport.url);
    await page.getByText('No devices yet').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('refuses a file over the limit before reading it, and says a garbage file is not a CSV once', async () => {
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const input = page.getByTestId('csv-input');
    // A sparse file on disk: the browser gets its path, and only its size matters.
    const big = join(mkdtempSync(join(tmpdir(), 'web-host-files-')), 'big.csv');
    writeFileSync(big, '');
    truncateSync(big, MAX_CONSOLE_FILE_BYTES + 1024 * 1024);
    await input.setInputFiles(big);
    await page
      .getByText('big.csv is 25.0 MB: files over 24.0 MB are not read (split it into smaller files).')
      .waitFor();
    await input.setInputFiles({ name: 'noise.txt', mimeType: 'text/plain', buffer: Buffer.from(base64Noise(600)) });
    await page.getByText(/^noise\.txt is not a CSV or hash file \(no header and no valid device/).waitFor();
    await page.getByText('noise.txt: 0 rows').waitFor();
    expect(await page.getByTestId('import-row').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/web-host-not-a-csv.png` });
    await page.getByRole('button', { name: 'Cancel' }).click();
  });

  it('hands the offline export to the browser as a download, writing nothing on the server', async () => {
    await page.getByRole('button', { name: 'Add this device' }).click();
    await page.getByTestId('device-row').waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Offline export' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^autopilot-devices-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile(await download.path(), 'utf8')).split('\r\n');
    expect(lines[0]).toBe('Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User');
    expect(lines[1]).toMatch(/^SIM[0-9A-Z]{9},,[A-Za-z0-9+/=]{4000},,$/);
    await page
      .getByText(/saved by the browser in its downloads folder/)
      .first()
      .waitFor();
    expect(readdirSync(stateDir)).not.toContain('exports');
  });

  it('says the connection is lost while the server is down, reconnects and shows the same board after a restart', async () => {
    const device = host!.app.application.board[0];
    const serial = device?.serial ?? '';
    // Registered devices are kept in the tenant's journal in the state folder, as in the desktop app.
    await host!.app.application.register({ ids: [device?.id ?? ''] });
    await expect
      .poll(() => host!.app.application.board[0]?.stage, { timeout: 30_000 })
      .toMatch(/^(imported|in-group|profile-assigned|ready|failed|timed-out)$/);
    await host!.close();
    host = undefined;
    const banner = page.getByTestId('connection-banner');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/Connection lost[\s\S]*reconnecting/);
    await page.screenshot({ path: `${SHOTS}/web-host-connection-lost.png` });
    host = await start();
    await banner.waitFor({ state: 'detached', timeout: 15_000 });
    const row = page.locator(`[data-testid="device-row"][data-serial="${serial}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(host.app.application.board.map((d) => d.serial)).toEqual([serial]);
    await page.getByRole('button', { name: 'Activity' }).click();
    await page.getByRole('dialog').getByText('Offline export').first().waitFor();
    await page.screenshot({ path: `${SHOTS}/web-host-after-restart.png` });
    await page.getByRole('button', { name: 'Close' }).click();
    // The restarted host read the device back from the sandbox tenant's journal in the state folder.
    const tenantId = readFileSync(join(stateDir, 'sandbox', 'tenant-id'), 'utf8');
    expect(
      readFileSync(join(tenantJournalDir(join(stateDir, 'sandbox'), tenantId), 'journal.jsonl'), 'utf8'),
    ).toContain(serial);
  });
});
