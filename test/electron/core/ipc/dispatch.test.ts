import { describe, expect, it } from 'vitest';
import { ConsoleApplication } from '../../../../electron/core/application/console-application';
import { createSimulatedProvider, seededRandom } from '../../../../electron/core/capture/simulated';
import { AppError } from '../../../../electron/core/errors';
import { createHandlers } from '../../../../electron/core/ipc/handlers';
import { dispatch } from '../../../../electron/core/ipc/dispatch';

function handlers() {
  const core = new ConsoleApplication({
    version: '1.2.3',
    platform: 'linux',
    tenant: { kind: 'sandbox', label: 'Sandbox tenant' },
    captureProvider: createSimulatedProvider({ random: seededRandom(7), now: () => Date.UTC(2026, 10, 26) }),
    schedule: () => undefined,
    // No channel used here reaches a tenant.
    backends: () => Promise.reject(new Error('no tenant in these tests')),
  });
  return { core, table: createHandlers(core) };
}

describe('dispatch over the IPC contract', () => {
  it('rejects a channel that is not in the contract, naming it', async () => {
    const { table } = handlers();
    const result = await dispatch(table, 'devices:delete-everything', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: expect.stringContaining('"devices:delete-everything"') as string },
    });
  });

  it('rejects an invalid payload with the field and the reason', async () => {
    const { table } = handlers();
    const result = await dispatch(table, 'capture:this-device', { groupTag: 42 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-request');
    expect(result.error.message).toMatch(/capture:this-device: groupTag: .*string/i);
  });

  it('rejects unknown fields rather than passing them to the handler', async () => {
    const { table } = handlers();
    const result = await dispatch(table, 'app:info', { sneaky: true });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('answers a valid request through the handler', async () => {
    const { table, core } = handlers();
    const result = await dispatch(table, 'capture:this-device', { groupTag: 'OD-KIOSK' });
    expect(result.ok).toBe(true);
    expect(core.board).toHaveLength(1);
    expect(core.board[0]).toMatchObject({ groupTag: 'OD-KIOSK', stage: 'collected', origin: 'simulated' });
  });

  it('turns an AppError into its code and message, and anything else into "internal"', async () => {
    const { table } = handlers();
    const failing = {
      ...table,
      'devices:list': () => Promise.reject(new AppError('journal-locked', 'Another console holds the journal.')),
      'app:info': () => Promise.reject(new Error('boom')),
    };
    await expect(dispatch(failing, 'devices:list', {})).resolves.toEqual({
      ok: false,
      error: { code: 'journal-locked', message: 'Another console holds the journal.' },
    });
    const failures: string[] = [];
    const result = await dispatch(failing, 'app:info', {}, (channel) => failures.push(channel));
    expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(failures).toEqual(['app:info']);
  });
});

describe('settings:set', () => {
  it('logs the endpoints before and after a change, and that the secret must be entered again', async () => {
    const { table, core } = handlers();
    const base = {
      tenantId: 'contoso.onmicrosoft.com',
      clientId: '11111111-2222-3333-4444-555555555555',
      auth: 'secret',
      cloud: 'global',
      authorityHost: '',
      graphEndpoint: '',
      configTags: [],
    };
    expect(await dispatch(table, 'settings:set', { ...base, secret: 'Xy9~first' })).toMatchObject({ ok: true });
    const changed = await dispatch(table, 'settings:set', { ...base, graphEndpoint: 'https://graph.evil.example' });
    expect(changed).toMatchObject({ ok: true, value: { tenant: { secretStored: false } } });
    const entries = core.activity.list();
    expect(entries.find((e) => e.action === 'Endpoints changed')?.detail).toBe(
      'From sign-in https://login.microsoftonline.com, Graph https://graph.microsoft.com to ' +
        'sign-in https://login.microsoftonline.com, Graph https://graph.evil.example',
    );
    expect(entries.find((e) => e.action === 'Credential removed')?.detail).toMatch(/graphEndpoint changed/);
    expect(JSON.stringify(entries)).not.toContain('Xy9~first');
  });
});
