import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActivityLog, activityLogFile } from '../../../../electron/core/application/activity-log';
import { activityContextOf } from '../../../../electron/core/application/activity-who';
import { startSandboxApplication } from '../../../helpers/sandbox-application';

const note = (detail: string) => ({ action: 'Note', serial: '', groupTag: '', outcome: 'info' as const, detail });
const fileLines = (file: string): string[] => readFileSync(file, 'utf8').split('\n').filter(Boolean);

describe('the activity log in a state folder', () => {
  it('keeps the newest entries only: the file is rewritten before it grows past a quarter over the limit', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'activity-'));
    let now = Date.UTC(2026, 10, 26, 10, 0, 0);
    const log = await ActivityLog.forStateDir(stateDir, { actor: 'tech', now: () => now++, limit: 8 });
    let most = 0;
    for (let i = 0; i < 40; i++) {
      log.add(note(`n${i}`));
      await log.flushed();
      most = Math.max(most, fileLines(activityLogFile(stateDir)).length);
    }
    expect(most).toBeLessThanOrEqual(10);
    const reopened = await ActivityLog.forStateDir(stateDir, { actor: 'tech', now: () => now++, limit: 8 });
    expect(reopened.list().map((e) => e.detail)).toEqual(['n32', 'n33', 'n34', 'n35', 'n36', 'n37', 'n38', 'n39']);
    expect(new Set(reopened.list().map((e) => e.id)).size).toBe(8);
  });

  it('trims a file left over-long by an earlier version when it opens', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'activity-'));
    const big = await ActivityLog.forStateDir(stateDir, { actor: 'tech', now: () => 0, limit: 100 });
    for (let i = 0; i < 60; i++) big.add(note(`n${i}`));
    await big.flushed();
    const small = await ActivityLog.forStateDir(stateDir, { actor: 'tech', now: () => 0, limit: 20 });
    await small.flushed();
    expect(fileLines(activityLogFile(stateDir))).toHaveLength(20);
    expect(small.list()[0]?.detail).toBe('n40');
  });

  it('records the tenant and who on each entry, and reloads them after a restart', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'activity-app-'));
    const first = await startSandboxApplication({ stateDir, actor: 'os-user' });
    let added;
    try {
      await first.call('capture:this-device', { groupTag: 'OD-FINANCE' });
      added = first.application.activity.list().find((e) => e.action === 'Add this device');
      expect(added).toMatchObject({
        tenant: 'sandbox',
        actor: expect.stringMatching(/^application \(client id [0-9a-f-]{36}\)$/) as unknown,
      });
      await first.application.activity.flushed();
    } finally {
      await first.close();
    }
    const second = await startSandboxApplication({ stateDir, actor: 'os-user' });
    try {
      const listed = await second.call<{ entries: { id: string; at: string; tenant: string; actor: string }[] }>(
        'activity:list',
        {},
      );
      expect(listed.entries).toContainEqual(
        expect.objectContaining({ id: added?.id, at: added?.at, tenant: 'sandbox', actor: added?.actor }),
      );
    } finally {
      await second.close();
    }
  }, 60_000);
});

describe('who and where an entry is recorded as', () => {
  it('a signed-in person by their UPN, application credentials by client id, the sandbox by name', () => {
    const tenantMode = { kind: 'tenant' as const, label: '72f988bf-86f1-41af-91ab-2d7cd011db47' };
    expect(activityContextOf({ ...tenantMode, account: 'ana@contoso.com' }, 'person', 'c1')).toEqual({
      tenant: tenantMode.label,
      actor: 'ana@contoso.com',
    });
    expect(activityContextOf(tenantMode, 'certificate', 'c1')).toEqual({
      tenant: tenantMode.label,
      actor: 'application (client id c1)',
    });
    expect(activityContextOf({ kind: 'sandbox', label: 'Sandbox tenant' }, 'person', 'c1')).toEqual({
      tenant: 'sandbox',
      actor: 'nobody signed in (sign in as a person)',
    });
    expect(activityContextOf(null, 'secret', 'c1')).toBeNull();
  });
});
