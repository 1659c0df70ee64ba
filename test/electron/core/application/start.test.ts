import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startConsoleHost, type ConsoleHost } from '../../../../electron/core/application/start';
import { dispatch } from '../../../../electron/core/ipc/dispatch';
import type { ImportReport } from '../../../../shared/ipc/device-schemas';
import { scenarioCsv } from '../../../helpers/scenario-csv';

async function call<T>(host: ConsoleHost, channel: string, request: unknown): Promise<T> {
  const result = await dispatch(host.handlers, channel, request);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the console host on the sandbox tenant', () => {
  it('labels the sandbox, registers through the engine, and shows the journal again after a restart', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'console-host-'));
    const first = await startConsoleHost({ version: 'test', speed: 'test', stateDir });
    try {
      expect(first.core.tenant).toEqual({ kind: 'sandbox', label: 'Sandbox tenant (test speed)' });
      const csv = scenarioCsv({ registeredSerials: [], otherTenantSerials: [] })
        .text.split('\r\n')
        .slice(0, 3)
        .join('\r\n');
      const report = await call<ImportReport>(first, 'import:read', {
        fileName: 'two.csv',
        bytesBase64: Buffer.from(csv).toString('base64'),
      });
      await call(first, 'import:queue', { importId: report.importId, groupTag: 'OD-KIOSK', register: true });
      await until(() => first.core.board.list().every((d) => d.stage === 'ready'));
      expect(first.core.board.list().map((d) => d.autopilotDeviceId)).not.toContain(null);
    } finally {
      await first.close();
    }

    const second = await startConsoleHost({ version: 'test', speed: 'test', stateDir });
    try {
      const restored = second.core.board.list();
      expect(restored.map((d) => [d.serial, d.stage, d.source, d.groupTag])).toEqual([
        ['E2EREADY01', 'ready', 'journal', 'OD-KIOSK'],
        ['E2EREADY02', 'ready', 'journal', 'OD-KIOSK'],
      ]);
      const detail = await call<{ timeline: { message: string }[]; validation: { ok: boolean } }>(
        second,
        'devices:detail',
        { id: restored[0]?.id },
      );
      expect(detail.validation.ok).toBe(true);
      expect(detail.timeline.map((t) => t.message)).toContain('Ready for OOBE');
      expect(second.core.app.activity.list().map((e) => e.action)).toContain('Restore');
    } finally {
      await second.close();
    }
  });
});

describe('the watch folder and the offline export of the console host', () => {
  it('takes in a CSV dropped into the watched folder once, tags and registers it, and reports the last file', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'console-watch-'));
    const host = await startConsoleHost({ version: 'test', speed: 'test', stateDir });
    try {
      const chosen = await call<{ folder: string }>(host, 'watch:choose-folder', {});
      expect(chosen.folder).toBe(join(stateDir, 'watch'));
      const status = await call<{ state: string; enabled: boolean }>(host, 'watch:set', {
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
      await until(
        () => host.core.board.list().length === 3 && host.core.board.list().every((d) => d.stage === 'ready'),
      );
      expect(host.core.board.list().map((d) => [d.source, d.groupTag])).toEqual([
        ['watch', 'OD-RETAIL'],
        ['watch', 'OD-RETAIL'],
        ['watch', 'OD-RETAIL'],
      ]);
      const after = await call<{ lastFile: { name: string; accepted: number; rejected: number } | null }>(
        host,
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
    const host = await startConsoleHost({ version: 'test', speed: 'test', stateDir });
    try {
      await expect(call(host, 'export:offline', {})).rejects.toThrow(/nothing-to-export/);
      await call(host, 'capture:this-device', { groupTag: 'OD-FINANCE' });
      await call(host, 'capture:this-device', {});
      const result = await call<{ folder: string; files: string[]; count: number }>(host, 'export:offline', {});
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
    const host = await startConsoleHost({
      version: 'test',
      speed: 'test',
      sandbox: { grantedRoles: ['DeviceManagementServiceConfig.ReadWrite.All', 'GroupMember.Read.All'] },
    });
    try {
      const csv = scenarioCsv({ registeredSerials: [], otherTenantSerials: [] })
        .text.split('\r\n')
        .slice(0, 2)
        .join('\r\n');
      const report = await call<ImportReport>(host, 'import:read', {
        fileName: 'one.csv',
        bytesBase64: Buffer.from(csv).toString('base64'),
      });
      await call(host, 'import:queue', { importId: report.importId, groupTag: 'OD-FINANCE', register: true });
      await until(() => host.core.board.list()[0]?.stage === 'ready');
      expect(host.core.board.list()[0]?.notObservable).toEqual(['in-group']);
      const doctor = await call<{ permissions: { name: string; granted: boolean; unlocks: string }[] }>(
        host,
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
