import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../../shared/ipc/device-schemas';
import { startSandboxApplication } from '../../../helpers/sandbox-application';
import { scenarioCsv } from '../../../helpers/scenario-csv';

describe('the application started on the sandbox tenant', () => {
  it('labels the sandbox, registers through the engine, and shows the journal again after a restart', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'console-host-'));
    const first = await startSandboxApplication({ stateDir });
    try {
      expect(first.application.tenant).toEqual({ kind: 'sandbox', label: 'Sandbox tenant (test speed)' });
      const csv = scenarioCsv({ registeredSerials: [], otherTenantSerials: [] }, first.clock!.now() - 3_600_000)
        .text.split('\r\n')
        .slice(0, 3)
        .join('\r\n');
      const report = await first.call<ImportReport>('import:read', {
        fileName: 'two.csv',
        bytesBase64: Buffer.from(csv).toString('base64'),
      });
      await first.call('import:queue', { importId: report.importId, groupTag: 'OD-KIOSK', register: true });
      await first.settled(() => first.application.board.every((d) => d.stage === 'ready'));
      expect(first.application.board.map((d) => d.autopilotDeviceId)).not.toContain(null);
    } finally {
      await first.close();
    }

    const second = await startSandboxApplication({ stateDir });
    try {
      const restored = second.application.board;
      expect(restored.map((d) => [d.serial, d.stage, d.source, d.groupTag])).toEqual([
        ['E2EREADY01', 'ready', 'journal', 'OD-KIOSK'],
        ['E2EREADY02', 'ready', 'journal', 'OD-KIOSK'],
      ]);
      const detail = await second.call<{ timeline: { message: string }[]; validation: { ok: boolean } }>(
        'devices:detail',
        { id: restored[0]?.id },
      );
      expect(detail.validation.ok).toBe(true);
      expect(detail.timeline.map((t) => t.message)).toContain('Ready for OOBE');
      expect(second.application.activity.list().map((e) => e.action)).toContain('Restore');
    } finally {
      await second.close();
    }
  });
});

describe('the watch folder and the offline export of the application', () => {
  it('takes in a CSV dropped into the watched folder once, tags and registers it, and reports the last file', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'console-watch-'));
    // The watch folder waits for a file to stop changing in real time: this one runs on the real clock.
    const host = await startSandboxApplication({ stateDir, clock: 'real' });
    try {
      const chosen = await host.call<{ folder: string }>('watch:choose-folder', {});
      expect(chosen.folder).toBe(join(stateDir, 'watch'));
      const status = await host.call<{ state: string; enabled: boolean }>('watch:set', {
        enabled: true,
        groupTag: 'OD-RETAIL',
        register: true,
      });
      expect(status).toMatchObject({ state: 'watching', enabled: true });
      const csv = scenarioCsv({ registeredSerials: [], otherTenantSerials: [] })
        .text.split('\r\n')
        .slice(0, 4)
        .join('\r\n');
      writeFileSync(join(stateDir, 'watch', 'from-task-sequence.csv'), csv);
      await host.settled(
        () => host.application.board.length === 3 && host.application.board.every((d) => d.stage === 'ready'),
      );
      expect(host.application.board.map((d) => [d.source, d.groupTag])).toEqual([
        ['watch', 'OD-RETAIL'],
        ['watch', 'OD-RETAIL'],
        ['watch', 'OD-RETAIL'],
      ]);
      const after = await host.call<{ lastFile: { name: string; accepted: number; rejected: number } | null }>(
        'watch:get',
        {},
      );
      expect(after.lastFile).toMatchObject({ name: 'from-task-sequence.csv', accepted: 3, rejected: 0 });
      expect(existsSync(join(stateDir, 'watch', 'processed', 'from-task-sequence.csv'))).toBe(true);
    } finally {
      await host.close();
    }
  });

  it('exports devices waiting at "Hash collected" as Intune CSV into the chosen folder', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'console-export-'));
    const host = await startSandboxApplication({ stateDir });
    try {
      await expect(host.call('export:offline', {})).rejects.toThrow(/nothing-to-export/);
      await host.call('capture:this-device', { groupTag: 'OD-FINANCE' });
      await host.call('capture:this-device', {});
      const result = await host.call<{ folder: string; files: string[]; count: number }>('export:offline', {});
      expect(result).toMatchObject({ folder: join(stateDir, 'exports'), count: 2 });
      const text = readFileSync(join(result.folder, result.files[0] ?? ''), 'utf8');
      const lines = text.split('\r\n');
      expect(lines[0]).toBe('Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User');
      expect(lines[1]).toMatch(/^SIM[0-9A-Z]{9},,[A-Za-z0-9+/=]{4000},OD-FINANCE,$/);
    } finally {
      await host.close();
    }
  });
});

describe('a tenant that does not grant Device.Read.All', () => {
  it('shows the group stage as not observable, carries on to ready, and says which permission is missing', async () => {
    const host = await startSandboxApplication({
      sandbox: { grantedRoles: ['DeviceManagementServiceConfig.ReadWrite.All', 'GroupMember.Read.All'] },
    });
    try {
      const csv = scenarioCsv({ registeredSerials: [], otherTenantSerials: [] }, host.clock!.now() - 3_600_000)
        .text.split('\r\n')
        .slice(0, 2)
        .join('\r\n');
      const report = await host.call<ImportReport>('import:read', {
        fileName: 'one.csv',
        bytesBase64: Buffer.from(csv).toString('base64'),
      });
      await host.call('import:queue', { importId: report.importId, groupTag: 'OD-FINANCE', register: true });
      await host.settled(() => host.application.board[0]?.stage === 'ready');
      expect(host.application.board[0]?.notObservable).toEqual(['in-group']);
      const doctor = await host.call<{ permissions: { name: string; granted: boolean; unlocks: string }[] }>(
        'tenant:test',
        {},
      );
      const deviceRead = doctor.permissions.find((p) => p.name === 'Device.Read.All');
      expect(deviceRead).toMatchObject({ granted: false });
      expect(deviceRead?.unlocks).toMatch(/in dynamic group/);
    } finally {
      await host.close();
    }
  });
});

describe('the application with a damaged settings.json', () => {
  it('starts, with the last good settings, and says so in the activity log', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'console-host-'));
    const first = await startSandboxApplication({ stateDir });
    await first.call('settings:set', {
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '11111111-2222-3333-4444-555555555555',
      auth: 'secret',
      cloud: 'global',
      authorityHost: '',
      graphEndpoint: '',
      configTags: ['OD-LAB'],
    });
    await first.close();
    writeFileSync(join(stateDir, 'settings.json'), '{"tenantId": "contoso.onmi');
    const second = await startSandboxApplication({ stateDir });
    try {
      const settings = await second.call<{ tenant: { tenantId: string; configTags: string[] } }>('settings:get', {});
      expect(settings.tenant).toMatchObject({ tenantId: 'contoso.onmicrosoft.com', configTags: ['OD-LAB'] });
      expect(second.application.activity.list().at(-1)).toMatchObject({
        action: 'Settings recovered',
        outcome: 'warning',
        detail: expect.stringMatching(/started with its last good copy/) as string,
      });
    } finally {
      await second.close();
    }
  });
});
