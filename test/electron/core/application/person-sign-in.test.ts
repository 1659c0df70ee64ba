import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { startApplication, type RunningApplication } from '../../../../electron/core/application/start';
import { dispatch } from '../../../../electron/core/ipc/dispatch';
import type { ImportReport } from '../../../../shared/ipc/device-schemas';
import type { SettingsView } from '../../../../shared/ipc/settings-schemas';
import { scenarioCsv } from '../../../helpers/scenario-csv';
import { formOf } from '../../../helpers/signin';

async function call<T>(host: RunningApplication, channel: string, request: unknown): Promise<T> {
  const result = await dispatch(host.handlers, channel, request);
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value as T;
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The browser tab: the sandbox's sign-in page (its per-run CA is not the test's business), then the loopback. */
async function browserTab(url: string, pick: (upns: string[]) => string): Promise<string> {
  const dispatcher = new Agent({ connect: { rejectUnauthorized: false } });
  const html = await (await undiciFetch(url, { dispatcher })).text();
  const upns = [...html.matchAll(/name="account" value="([^"]+)"/g)].map((m) => m[1] ?? '');
  const upn = pick(upns);
  const answer = await undiciFetch(url.split('?')[0] ?? url, {
    method: 'POST',
    body: new URLSearchParams({ ...formOf(html).fields, account: upn }),
    dispatcher,
  });
  const posted = formOf(await answer.text());
  await (
    await fetch(posted.action ?? '', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(posted.fields).toString(),
    })
  ).text();
  return upn;
}

async function switchToPerson(host: RunningApplication): Promise<void> {
  const view = await call<SettingsView>(host, 'settings:get', {});
  const { tenantId, clientId, cloud, authorityHost, graphEndpoint, configTags } = view.tenant;
  await call(host, 'settings:set', {
    tenantId,
    clientId,
    cloud,
    authorityHost,
    graphEndpoint,
    configTags,
    auth: 'person',
  });
  await call(host, 'tenant:use', { kind: 'sandbox' });
}

describe('the console: signing in as a person', () => {
  it('signs in through the sign-in page in a browser tab, registers a device, says who is signed in, signs out', async () => {
    const host = await startApplication({ version: 'test', speed: 'test' });
    try {
      await expect(call(host, 'signin:start', {})).rejects.toThrow(/Sign in as a person/);
      await switchToPerson(host);
      const view = await call<SettingsView>(host, 'settings:get', {});
      expect(view.tenant.auth).toBe('person');
      expect(view.personCache).toMatch(/memory only \(browser console\)/);
      const before = await call<{ signIn: { ok: boolean; message: string } }>(host, 'tenant:test', {});
      expect(before.signIn).toMatchObject({ ok: false });
      expect(before.signIn.message).toMatch(/Not signed in/);

      const { openUrl } = await call<{ openUrl: string | null }>(host, 'signin:start', {});
      expect(openUrl).toMatch(/\/oauth2\/v2\.0\/authorize\?/);
      const upn = await browserTab(openUrl ?? '', (upns) => upns[0] ?? '');
      await until(() => host.application.tenant.account === upn);
      expect((await call<{ tenant: { account?: string } }>(host, 'app:info', {})).tenant.account).toBe(upn);

      const csv = scenarioCsv({ registeredSerials: [], otherTenantSerials: [] })
        .text.split('\r\n')
        .slice(0, 2)
        .join('\r\n');
      const report = await call<ImportReport>(host, 'import:read', {
        fileName: 'one.csv',
        bytesBase64: Buffer.from(csv).toString('base64'),
      });
      await call(host, 'import:queue', { importId: report.importId, groupTag: 'OD-KIOSK', register: true });
      await until(() => host.application.board.every((d) => d.stage === 'ready'));

      const signedOut = await call<{ account?: string }>(host, 'signin:sign-out', {});
      expect(signedOut.account).toBeUndefined();
      expect(host.application.activity.list().map((e) => e.action)).toEqual(
        expect.arrayContaining(['Signed in', 'Signed out']),
      );
    } finally {
      await host.close();
    }
  }, 60_000);

  it('Test connection explains a missing Intune role in words', async () => {
    const host = await startApplication({ version: 'test', speed: 'test' });
    try {
      await switchToPerson(host);
      const { openUrl } = await call<{ openUrl: string | null }>(host, 'signin:start', {});
      const upn = await browserTab(openUrl ?? '', (upns) => upns.find((u) => u.startsWith('technician@')) ?? '');
      await until(() => host.application.tenant.account === upn);
      const report = await call<{ checks: { ok: boolean; message: string }[] }>(host, 'tenant:test', {});
      const refused = report.checks.find((c) => !c.ok);
      expect(refused?.message).toContain(
        `signed in as ${upn}; Graph refused to read autopilot devices: the account needs an Intune role such as Intune Administrator or Policy and Profile Manager`,
      );
    } finally {
      await host.close();
    }
  }, 60_000);

  it('keeps the sign-in sealed with safeStorage across a restart of the desktop app', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'console-person-'));
    const key = 0x37;
    const safeStorage = {
      isEncryptionAvailable: () => true,
      encryptString: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ key)),
      decryptString: (sealed: Buffer) => Buffer.from(sealed.map((b) => b ^ key)).toString('utf8'),
    };
    const first = await startApplication({ version: 'test', speed: 'test', stateDir, safeStorage });
    let upn = '';
    try {
      await switchToPerson(first);
      expect((await call<SettingsView>(first, 'settings:get', {})).personCache).toMatch(/Encrypted/);
      const { openUrl } = await call<{ openUrl: string | null }>(first, 'signin:start', {});
      upn = await browserTab(openUrl ?? '', (upns) => upns[0] ?? '');
      await until(() => first.application.tenant.account === upn);
    } finally {
      await first.close();
    }
    const atRest = readFileSync(join(stateDir, 'secrets', 'person-token-cache.bin'), 'utf8');
    expect(atRest).not.toContain('RefreshToken');
    expect(atRest).not.toContain(upn);
    const second = await startApplication({ version: 'test', speed: 'test', stateDir, safeStorage });
    try {
      expect(second.application.tenant.account).toBe(upn);
    } finally {
      await second.close();
    }
  }, 60_000);
});
