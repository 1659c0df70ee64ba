import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/cli/main';
import { startSandboxTenant } from '../../../../electron/core/application/sandbox-tenant';
import { systemClock } from '../../../../electron/core/clock';
import { offlineQueueDir } from '../../../../electron/core/files/offline-queue-store';
import { Journal, tenantJournalDir } from '../../../../electron/core/store/journal';
import { fixtureHash } from '../../../fixtures/hashes';
import { fakeContext } from '../fake-context';

function context(cwd: string) {
  return Object.assign(fakeContext({}), { cwd });
}

/** Serials of the data rows of an exported Intune CSV. */
function exportedSerials(file: string): string[] {
  return readFileSync(file, 'utf8')
    .trim()
    .split('\r\n')
    .slice(1)
    .map((row) => row.split(',')[0] ?? '');
}

describe('the offline queue: one per state folder, whatever the tenant', () => {
  it('a device captured in a fresh state folder is seen by status and export, before and after the sandbox starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-'));
    const state = ['--state-dir', join(dir, 'state')];
    const ctx = context(dir);
    expect(await runCli(['capture', '--provider', 'simulated', '--json', ...state], ctx)).toBe(0);
    const serial = ctx.stdout
      .map((line) => JSON.parse(line) as { event?: string; serial?: string })
      .find((line) => line.event === 'queued')?.serial as string;
    expect(serial).toBeTruthy();

    const before = context(dir);
    expect(await runCli(['status', ...state], before), before.stderr.join('\n')).toBe(0);
    expect(before.stdout.join('\n')).toMatch(new RegExp(`${serial}\\s+Offline queue`));

    // Any command that starts the sandbox gives it its tenant id: the queue stays where it is.
    const sandbox = await startSandboxTenant({ stateDir: join(dir, 'state'), speed: 'test' });
    await sandbox.sandbox.close();
    const after = context(dir);
    expect(await runCli(['status', '--json', ...state], after)).toBe(0);
    expect(after.stdout.map((line) => JSON.parse(line) as Record<string, unknown>)).toContainEqual(
      expect.objectContaining({ serial, stage: 'collected', queued: true }),
    );
    const exported = context(dir);
    expect(await runCli(['export', '--out', 'usb', ...state], exported), exported.stderr.join('\n')).toBe(0);
    expect(exportedSerials(join(dir, 'usb', 'autopilot-devices.csv'))).toEqual([serial]);
  });

  it('moves queues kept per tenant by earlier versions into the one queue, leaving a busy one for next time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'queue-migrate-'));
    const stateDir = join(dir, 'state');
    const state = ['--state-dir', stateDir];
    const enqueue = (tenant: string, serial: string, extra?: string): void => {
      const journal = Journal.open(tenantJournalDir(stateDir, tenant), systemClock);
      journal.enqueue({ serial, hardwareHash: fixtureHash({ serial }), groupTag: 'OD-KIOSK' });
      if (extra) {
        // A device this tenant registered: it stays in the tenant's journal.
        journal.put({
          ...journal.enqueue({ serial: extra, hardwareHash: fixtureHash({ serial: extra }) }),
          queued: false,
        });
      }
      journal.close();
    };
    enqueue('sandbox', 'QSANDBOX1');
    enqueue('contoso.onmicrosoft.com', 'QCONTOSO1', 'REGISTERED1');
    enqueue('fabrikam.onmicrosoft.com', 'QFABRIKAM1');
    const busy = Journal.open(tenantJournalDir(stateDir, 'fabrikam.onmicrosoft.com'), systemClock);

    const first = context(dir);
    // The busy tenant's device is still seen (read without its lock).
    expect(await runCli(['status', '--json', ...state], first)).toBe(0);
    expect(first.stdout.map((line) => (JSON.parse(line) as { serial: string }).serial).sort()).toEqual([
      'QCONTOSO1',
      'QFABRIKAM1',
      'QSANDBOX1',
    ]);
    const exported = context(dir);
    expect(await runCli(['export', '--out', 'usb', ...state], exported)).toBe(0);
    expect(exported.stderr.join('\n')).toMatch(/2 device\(s\) queued under a tenant were moved into the offline queue/);
    expect(exported.stderr.join('\n')).toMatch(/fabrikam.* is in use by another run/);
    expect(exportedSerials(join(dir, 'usb', 'autopilot-devices.csv')).sort()).toEqual(['QCONTOSO1', 'QSANDBOX1']);
    const contoso = Journal.read(tenantJournalDir(stateDir, 'contoso.onmicrosoft.com')).devices;
    expect(contoso.map((device) => device.key)).toEqual(['REGISTERED1']);
    expect(
      Journal.read(offlineQueueDir(stateDir))
        .devices.map((device) => device.key)
        .sort(),
    ).toEqual(['QCONTOSO1', 'QSANDBOX1']);

    busy.close();
    const later = context(dir);
    expect(await runCli(['export', '--out', 'usb2', '--new-only', ...state], later)).toBe(0);
    expect(exportedSerials(join(dir, 'usb2', 'autopilot-devices.csv'))).toEqual(['QFABRIKAM1']);
    expect(Journal.read(tenantJournalDir(stateDir, 'fabrikam.onmicrosoft.com')).devices).toEqual([]);
    expect(existsSync(join(stateDir, 'offline-queue', 'journal.jsonl'))).toBe(true);
  });
});
