import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { INTUNE_CSV_HEADER } from '../../shared/domain/csv/write';
import { fixtureHash } from '../fixtures/hashes';

/** Where end-to-end screenshots go (looked at after a run). */
export const SHOT_DIR = '/tmp/autopilot-console-e2e';

/** A row of a small Intune CSV: serial, tag, and the manufacturer inside its hash. */
export interface CsvDevice {
  serial: string;
  tag?: string;
  manufacturer?: string;
  uuidNumber: number;
}

/** An Intune CSV of these devices, their hashes captured an hour ago. */
export function smallCsv(devices: readonly CsvDevice[]): string {
  const capturedAtMs = Date.now() - 3_600_000;
  const rows = devices.map((d) =>
    [
      d.serial,
      '',
      fixtureHash({
        serial: d.serial,
        uuid: `4C4C4544-00E3-0000-0000-${String(d.uuidNumber).padStart(12, '0')}`,
        manufacturer: d.manufacturer ?? 'LENOVO',
        capturedAtMs,
      }),
      d.tag ?? '',
      '',
    ].join(','),
  );
  return [INTUNE_CSV_HEADER, ...rows].join('\r\n') + '\r\n';
}

/** Opens Import CSV and reads the file into the dialog's report. */
export async function openImport(page: Page, name: string, text: string): Promise<void> {
  await page.getByRole('button', { name: 'Import CSV' }).click();
  await page.getByTestId('csv-input').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.getByText(`${name}: `).waitFor();
}

/** Saves a screenshot under SHOT_DIR and answers its path. */
export async function shoot(page: Page, name: string): Promise<string> {
  mkdirSync(SHOT_DIR, { recursive: true });
  const path = `${SHOT_DIR}/${name}.png`;
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
  await page.screenshot({ path });
  return path;
}

/** The serial of the focused element's row, or its accessible text: where keyboard focus is now. */
export function focusedSummary(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    return el.getAttribute('data-serial') ?? el.getAttribute('aria-label') ?? (el.textContent.trim() || el.tagName);
  });
}
