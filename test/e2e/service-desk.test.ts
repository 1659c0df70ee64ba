import { mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTUNE_CSV_HEADER } from '../../shared/domain/csv/write';
import { fixtureHash } from '../fixtures/hashes';
import { seriousViolations } from '../helpers/axe';
import { launchBrowser } from '../helpers/browser';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

const SHOTS = '/tmp/service-desk-shots';

/** An Intune CSV holding a newly captured hash for each serial (as after a motherboard change). */
function csv(serials: string[], tag = ''): Buffer {
  const rows = serials.map((serial, i) =>
    [serial, '', fixtureHash({ serial, uuid: `4C4C4544-00E5-0000-0000-${String(i).padStart(12, '0')}` }), tag, ''].join(
      ',',
    ),
  );
  return Buffer.from([INTUNE_CSV_HEADER, ...rows].join('\r\n') + '\r\n');
}

describe('the service desk in Chromium: look up, act, replace, bulk changes', () => {
  let web: WebConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const panel = (): Locator => page.getByRole('dialog', { name: 'Look up in the tenant' });
  const record = (): Locator => panel().getByTestId('tenant-record');
  const outcomes = (): Locator => panel().getByTestId('record-outcomes');
  const activity = (action: string) => web!.app.application.activity.list().filter((e) => e.action === action);

  async function openLookup(serials: string): Promise<void> {
    if (!(await panel().isVisible())) await page.keyboard.press('Control+Shift+L');
    await panel().getByRole('textbox', { name: 'Serial numbers' }).fill(serials);
    await panel()
      .getByRole('button', { name: /^Look up/ })
      .click();
    await record().waitFor();
  }

  async function pick(serial: string): Promise<void> {
    await panel()
      .getByRole('button', { name: new RegExp(`^${serial} ·`) })
      .click();
    await record().getByRole('heading', { name: serial }).waitFor();
  }

  async function importCsv(serials: string[], button: RegExp): Promise<Locator> {
    await page.getByRole('button', { name: 'Import CSV' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import CSV' });
    await page
      .getByTestId('csv-input')
      .setInputFiles({ name: 'new-hashes.csv', mimeType: 'text/csv', buffer: csv(serials) });
    await dialog.getByText(`new-hashes.csv: ${serials.length} row`).waitFor();
    await dialog.getByRole('button', { name: button }).click();
    return dialog;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    web = await startWebConsole({ speed: 'test', actor: 'desk-tech' });
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' })).newPage();
    await page.goto(web.transport.url);
    await page.getByText('No devices yet').waitFor();
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
  });

  it('looks up pasted serials from the keyboard and shows each seeded case in words', async () => {
    // Reachable from the header by Tab, and by its shortcut.
    await expect(page.getByRole('button', { name: 'Look up' }).getAttribute('aria-keyshortcuts')).resolves.toBe(
      'Control+Shift+L',
    );
    await openLookup('SDK0ENRL01\nSDK0SYNC02\nSDK0HWCH03, SDK0OLDG05 SDK0NOPR06\nNOTHERE01');
    await panel().getByText('No Autopilot record in this tenant: NOTHERE01').waitFor();
    expect(await panel().getByRole('list', { name: 'Records found' }).getByRole('button').count()).toBe(5);
    expect(await record().innerText()).toMatch(/Enrollment\s+enrolled \(enrolled in Intune\)/);
    await pick('SDK0SYNC02');
    expect(await record().innerText()).toContain(
      'Assigned, syncing with the Autopilot service (not ready for OOBE yet)',
    );
    await pick('SDK0HWCH03');
    expect(await record().innerText()).toContain('Attention required: hardware change detected');
    await pick('SDK0NOPR06');
    expect(await record().getByTestId('record-why').innerText()).toMatch(/no deployment profile targets them/);
    await pick('SDK0OLDG05');
    const text = await record().innerText();
    expect(text).toMatch(/Assigned profile\s+OneDeploy Pilot \(legacy\)/);
    expect(text).toMatch(/Tag chain\s+OD-RETAIL → Autopilot OD-RETAIL → OneDeploy Retail/);
    expect(text).toContain(
      'through group "Pilot ring (legacy)": the device is in that group too, and the oldest profile wins',
    );
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/lookup-record.png` });
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('refuses to deregister an enrolled device, with the reason, after a confirmation', async () => {
    await pick('SDK0ENRL01');
    await panel().getByRole('button', { name: 'Deregister…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Deregister SDK0ENRL01?' });
    await confirm.getByText(/enrolled in Intune: Autopilot refuses/).waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/lookup-deregister.png` });
    await confirm.getByRole('button', { name: 'Deregister' }).click();
    // The confirmation shows the outcome; once it is closed, the panel shows it too.
    await confirm
      .getByTestId('deregister-outcomes')
      .getByText(/SDK0ENRL01: refused\. The existing Autopilot record .* enrolled in Intune/)
      .waitFor();
    await confirm.getByRole('button', { name: 'Close' }).click();
    await outcomes()
      .getByText(/SDK0ENRL01: The existing Autopilot record .* enrolled in Intune/)
      .waitFor();
    expect(await outcomes().innerText()).toContain('Next step: Delete the device in Intune');
    // Who acted is the identity the tenant saw: the sandbox's application.
    expect(activity('Deregister')).toMatchObject([
      {
        serial: 'SDK0ENRL01',
        outcome: 'warning',
        actor: expect.stringMatching(/^application \(client id /) as unknown,
      },
    ]);
  });

  it('changes tag and name of a record and shows it once Intune reads the new values back', async () => {
    await pick('SDK0NOPR06');
    await panel().getByRole('button', { name: 'Change tag, user or name…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change SDK0NOPR06' });
    await dialog.getByRole('combobox', { name: 'Group tag' }).fill('OD-RETAIL');
    await dialog.getByRole('textbox', { name: /Device name/ }).fill('12345');
    await dialog.getByText('Device name "12345" cannot be digits only.').waitFor();
    expect(await dialog.getByRole('button', { name: 'Apply' }).isDisabled()).toBe(true);
    await dialog.getByRole('textbox', { name: /Device name/ }).fill('RT-NOPR06');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    await outcomes().getByText('SDK0NOPR06: Read back: tag "OD-RETAIL", user "(none)", name "RT-NOPR06".').waitFor();
    await expect.poll(() => record().innerText()).toMatch(/Device name\s+RT-NOPR06/);
    expect(await record().innerText()).toMatch(/Group tag\s+OD-RETAIL/);
    expect(activity('Change in tenant')[0]).toMatchObject({
      serial: 'SDK0NOPR06',
      outcome: 'ok',
      groupTag: 'OD-RETAIL',
    });
  });

  it('asks for an Autopilot sync, then says when the next one is allowed', async () => {
    await panel().getByRole('button', { name: 'Sync Autopilot' }).click();
    await panel()
      .getByText(/^Sync started\. Autopilot allows the next one at/)
      .waitFor();
    await panel().getByRole('button', { name: 'Sync Autopilot' }).click();
    await panel()
      .getByText(/one sync per 10 minutes; the next is allowed at/)
      .waitFor();
    expect(activity('Autopilot sync').map((e) => e.outcome)).toEqual(['ok', 'info']);
  });

  it('replaces a record from the look-up once the new hash is on the board', async () => {
    await openLookup('SDK0FIXP04');
    expect(await record().innerText()).toContain('Fix pending');
    await panel().getByRole('button', { name: 'Replace with new hash…' }).click();
    let dialog = page.getByRole('dialog', { name: 'Replace the record of SDK0FIXP04' });
    await dialog
      .getByRole('alert')
      .getByText(/No new hash of SDK0FIXP04 on the board/)
      .waitFor();
    expect(await dialog.getByRole('button', { name: 'Replace' }).isDisabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await panel().getByRole('button', { name: 'Close' }).click();
    await importCsv(['SDK0FIXP04'], /^Add 1 to the board$/);
    await page.locator('[data-testid="device-row"][data-serial="SDK0FIXP04"]').waitFor();
    await openLookup('SDK0FIXP04');
    const oldId = (await web!.app.application.lookupRecords({ serials: ['SDK0FIXP04'] })).results[0]?.records[0]?.id;
    await panel().getByRole('button', { name: 'Replace with new hash…' }).click();
    dialog = page.getByRole('dialog', { name: 'Replace the record of SDK0FIXP04' });
    await dialog.getByText(/New hash: SDK0FIXP04 on the board/).waitFor();
    await dialog.getByRole('button', { name: 'Replace' }).click();
    const row = page.locator('[data-testid="device-row"][data-serial="SDK0FIXP04"]');
    await row.getByText('Ready for OOBE').waitFor({ timeout: 60_000 });
    const after = (await web!.app.application.lookupRecords({ serials: ['SDK0FIXP04'] })).results[0]?.records;
    expect(after).toHaveLength(1);
    expect(after?.[0]?.id).not.toBe(oldId);
    expect(after?.[0]?.hardwareChange).toBe('none');
  });

  it('says before registering that a serial is already registered, and replaces it when chosen', async () => {
    const dialog = await importCsv(['SDK0HWCH03', 'PF4SBX0002'], /^Add and register 2$/);
    await dialog.getByText('2 serials are already registered in this tenant:').waitFor();
    await dialog.getByText(/SDK0HWCH03: tag OD-FINANCE, Attention required/).waitFor();
    // A hardware change suggests replacing; the choice says what each means for OOBE.
    const replace = dialog.getByRole('radio', { name: /Replace it \(motherboard changed\)/ });
    expect(await replace.isChecked()).toBe(true);
    await dialog.getByText(/OOBE keeps using the hash registered before/).waitFor();
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/pre-registration-choice.png` });
    await dialog.getByRole('button', { name: 'Replace and register 2' }).click();
    for (const serial of ['SDK0HWCH03', 'PF4SBX0002'])
      await page
        .locator(`[data-testid="device-row"][data-serial="${serial}"]`)
        .getByText('Ready for OOBE')
        .waitFor({ timeout: 60_000 });
    const [hw] = (await web!.app.application.lookupRecords({ serials: ['SDK0HWCH03'] })).results;
    expect(hw?.records.map((r) => r.hardwareChange)).toEqual(['none']);
  });

  it('changes the name of several registered devices at once, each read back', async () => {
    for (const serial of ['SDK0HWCH03', 'PF4SBX0002'])
      await page.locator(`[data-testid="device-row"][data-serial="${serial}"]`).getByRole('checkbox').click();
    await page.getByText('2 selected').waitFor();
    await page.getByRole('button', { name: 'Change tag, user or name' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change tag, user or name of 2 devices' });
    await dialog.getByRole('textbox', { name: /Device name/ }).fill('FIN-0001');
    await dialog.getByText(/Device name "FIN-0001" is one device's name: for 2 devices use a template/).waitFor();
    await dialog.getByRole('textbox', { name: /Device name/ }).fill('FIN-%RAND:5%');
    await dialog.getByRole('button', { name: 'Apply', exact: true }).click();
    await page.locator('.fui-ToastTitle', { hasText: 'Changed in the tenant and read back: 2 devices' }).waitFor({
      timeout: 60_000,
    });
    const { results } = await web!.app.application.lookupRecords({ serials: ['SDK0HWCH03', 'PF4SBX0002'] });
    expect(results.map((r) => r.records[0]?.deviceName)).toEqual([
      expect.stringMatching(/^FIN-\d{5}$/),
      expect.stringMatching(/^FIN-\d{5}$/),
    ]);
  });

  it('deregisters several devices after a confirmation that lists them', async () => {
    await page.getByRole('button', { name: 'Deregister…' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Deregister 2 devices from Autopilot?' });
    const listed = await dialog.getByRole('list', { name: 'Devices to deregister' }).innerText();
    expect(listed.split('\n').sort()).toEqual(['PF4SBX0002', 'SDK0HWCH03']);
    await page.waitForTimeout(400);
    await page.screenshot({ path: `${SHOTS}/bulk-deregister.png` });
    await dialog.getByRole('button', { name: 'Deregister 2' }).click();
    await dialog
      .getByTestId('deregister-outcomes')
      .getByText(/PF4SBX0002: deregistered/)
      .waitFor();
    await dialog.getByText(/SDK0HWCH03: deregistered/).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await page
      .locator('[data-testid="device-row"][data-serial="PF4SBX0002"]')
      .getByText('Not registered yet')
      .waitFor();
    expect(
      activity('Deregister')
        .filter((e) => e.outcome === 'ok')
        .map((e) => e.serial)
        .sort(),
    ).toEqual(['PF4SBX0002', 'SDK0HWCH03']);
  });
});
