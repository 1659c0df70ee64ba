import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startApplication } from '../../../electron/core/application/start';
import { startWebHost, webStateDir } from '../../../electron/web/web-host';

describe('the browser console host', () => {
  it('keeps its state in a per-user folder of its own, or the one asked for', () => {
    expect(webStateDir({ APPDATA: 'C:\\Users\\t\\AppData\\Roaming' }, 'win32', 'C:\\Users\\t')).toBe(
      join('C:\\Users\\t\\AppData\\Roaming', 'Autopilot Console (browser)'),
    );
    expect(webStateDir({}, 'darwin', '/Users/t')).toBe(
      '/Users/t/Library/Application Support/Autopilot Console (browser)',
    );
    expect(webStateDir({}, 'linux', '/home/t')).toBe('/home/t/.config/Autopilot Console (browser)');
    expect(webStateDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/t')).toBe('/x/Autopilot Console (browser)');
    expect(webStateDir({ AUTOPILOT_CONSOLE_STATE: '/srv/console' }, 'linux', '/home/t')).toBe('/srv/console');
  });

  it('comes back on the same address with the settings and activity of the last run', async () => {
    const stateDir = join(mkdtempSync(join(tmpdir(), 'web-host-')), 'state');
    const first = await startWebHost({ version: 'test', stateDir, start: { speed: 'test' } });
    await first.app.handlers['watch:set']({ enabled: false, groupTag: 'OD-RETAIL' });
    const activityBefore = first.app.application.activity.list().length;
    first.app.application.activity.add({ action: 'Test', serial: '', groupTag: '', outcome: 'info', detail: 'kept' });
    const { port, token } = first.transport;
    await first.close();
    expect(statSync(join(stateDir, 'web-endpoint.json')).mode & 0o077).toBe(0);

    const second = await startWebHost({ version: 'test', stateDir, start: { speed: 'test' } });
    try {
      expect([second.transport.port, second.transport.token]).toEqual([port, token]);
      expect(second.app.application.activity.list().map((e) => e.detail)).toContain('kept');
      expect(second.app.application.activity.list().length).toBeGreaterThan(activityBefore);
      expect((await second.app.handlers['watch:get']({})).groupTag).toBe('OD-RETAIL');
    } finally {
      await second.close();
    }
  });

  it('removes the temporary folder of an application started without a state folder', async () => {
    // A temporary folder of this test's own (os.tmpdir() follows TMPDIR), so other runs cannot interfere.
    const ownTmp = mkdtempSync(join(tmpdir(), 'web-host-tmp-'));
    const saved = process.env['TMPDIR'];
    process.env['TMPDIR'] = ownTmp;
    try {
      const app = await startApplication({ version: 'test', speed: 'test' });
      const created = readdirSync(ownTmp).filter((name) => name.startsWith('autopilot-console-'));
      expect(created).toHaveLength(1);
      await app.close();
      expect(existsSync(join(ownTmp, created[0] ?? ''))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env['TMPDIR'];
      else process.env['TMPDIR'] = saved;
    }
  });
});
