import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../../../electron/core/clock';
import { connectTenant, type GraphConnection } from '../../../../electron/core/graph/connection';
import type { DeviceCodePrompt, SignInPrompt } from '../../../../electron/core/graph/delegated-auth';
import { runDoctor } from '../../../../electron/core/graph/doctor';
import { fileStore, sealedStore, type CacheStore } from '../../../../electron/core/graph/token-cache';
import type { FetchLike } from '../../../../electron/core/graph/transport';
import type { RunningSandbox } from '../../../../electron/core/sandbox/index';
import { sandboxTenantSettings } from '../../../../electron/core/sandbox/tenant-settings';
import { closeTestSandboxes, startTestSandbox } from '../../../helpers/sandbox';
import { approveDeviceCode, completeBrowserSignIn } from '../../../helpers/signin';

/** The grant types of the token requests a connection sends. */
function grantRecorder(): { grants: string[]; wrap: (fetch: FetchLike) => FetchLike } {
  const grants: string[] = [];
  return {
    grants,
    wrap: (fetch) => (url, init) => {
      if (/\/oauth2\/v2\.0\/token(\?|$)/.test(url) && typeof init.body === 'string') {
        grants.push(new URLSearchParams(init.body).get('grant_type') ?? '');
      }
      return fetch(url, init);
    },
  };
}

describe('delegated sign-in against the sandbox (real HTTPS)', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  const open: GraphConnection[] = [];
  beforeAll(async () => {
    sandbox = await startTestSandbox({ seed: 14, deviceCodeIntervalSeconds: 1, throttle: false });
    dir = mkdtempSync(join(tmpdir(), 'delegated-'));
  });
  afterAll(async () => {
    await Promise.all(open.map((c) => c.close()));
    await closeTestSandboxes();
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = (): string => sandbox.accounts[0]?.upn ?? '';
  const technician = (): string => sandbox.accounts[1]?.upn ?? '';

  function connect(prompt: SignInPrompt, store?: CacheStore, wrap?: (fetch: FetchLike) => FetchLike): GraphConnection {
    const { clientSecret: _secret, ...settings } = sandboxTenantSettings(sandbox);
    const connection = connectTenant(
      { ...settings, delegated: { prompt, ...(store ? { store } : {}) } },
      { clock: systemClock, ...(wrap ? { wrapFetch: wrap } : {}) },
    );
    open.push(connection);
    return connection;
  }

  /** A device code prompt that a person completes on the sandbox's page as `upn`. */
  function deviceCodeAs(upn: string, shown: DeviceCodePrompt[] = []): SignInPrompt {
    return {
      kind: 'device-code',
      show: (prompt) => {
        shown.push(prompt);
        approveDeviceCode(sandbox, prompt.userCode, upn).catch((error: unknown) => {
          throw new Error(`approving the code failed: ${String(error)}`);
        });
      },
    };
  }

  it('device code: the test approves the code, the token carries scp and the person, Graph answers', async () => {
    const shown: DeviceCodePrompt[] = [];
    const recorder = grantRecorder();
    const connection = connect(deviceCodeAs(admin(), shown), undefined, recorder.wrap);
    const token = await connection.tokens.getToken();
    const claims = decodeJwt(token);
    expect(claims.upn).toBe(admin());
    expect(typeof claims.oid).toBe('string');
    expect(String(claims.scp).split(' ')).toEqual([
      'DeviceManagementServiceConfig.ReadWrite.All',
      'Device.Read.All',
      'GroupMember.Read.All',
    ]);
    expect(claims.roles).toBeUndefined();
    expect(shown).toHaveLength(1);
    expect(shown[0]?.verificationUri).toBe(`${sandbox.authorityHost}/devicelogin`);
    expect(shown[0]?.message).toContain(shown[0]?.userCode);
    expect(recorder.grants).toContain('device_code');
    expect((await connection.capabilities()).serviceConfig).toBe(true);
    expect((await connection.api.listProfiles()).length).toBeGreaterThan(0);
    expect(await connection.delegated?.account()).toMatchObject({ username: admin(), tenantId: sandbox.tenantId });
  });

  it('authorization code with PKCE: the test drives the sign-in page; the code goes to the loopback by form_post', async () => {
    const opened: string[] = [];
    const connection = connect({
      kind: 'interactive',
      openBrowser: async (url) => {
        opened.push(url);
        await completeBrowserSignIn(sandbox, url, admin());
      },
    });
    const account = await connection.delegated?.signIn();
    expect(account?.username).toBe(admin());
    const url = new URL(opened[0] ?? '');
    expect(url.pathname).toBe(`/${sandbox.tenantId}/oauth2/v2.0/authorize`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+$/);
    expect(url.searchParams.get('response_mode')).toBe('form_post');
    // The token comes from the cache now: no second browser.
    expect(decodeJwt(await connection.tokens.getToken()).upn).toBe(admin());
    expect(opened).toHaveLength(1);
  });

  it('a declined device code is explained in words', async () => {
    const connection = connect(deviceCodeAs('decline'));
    await expect(connection.tokens.getToken()).rejects.toThrow(/declined/);
  });

  it('a person without an Intune role: doctor says which role is missing; the directory still reads', async () => {
    const connection = connect(deviceCodeAs(technician()));
    const report = await runDoctor(connection);
    expect(report.signIn.detail).toContain(`signed in as ${technician()}`);
    expect(report.person?.username).toBe(technician());
    const devices = report.areas.find((a) => a.area === 'Autopilot devices');
    expect(devices?.status).toBe(403);
    expect(devices?.detail).toBe(
      `signed in as ${technician()}; Graph refused to read autopilot devices: the account needs an Intune role such as Intune Administrator or Policy and Profile Manager (or a custom Intune role with the "Enrollment programs" permissions)`,
    );
    expect(report.areas.find((a) => a.area === 'Entra devices')?.ok).toBe(true);
    expect(report.permissions.find((p) => p.name === 'DeviceManagementServiceConfig.ReadWrite.All')?.granted).toBe(
      true,
    );
    expect(report.ready).toBe(false);
  });

  it('an owner-only cache file lets the next process sign in silently; sign-out forgets the person', async () => {
    const file = join(dir, 'cache', 'tokens.json');
    const first = connect(deviceCodeAs(admin()), fileStore(file));
    await first.tokens.getToken();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('RefreshToken');

    const recorder = grantRecorder();
    const second = connect({ kind: 'none' }, fileStore(file), recorder.wrap);
    expect((await second.delegated?.account())?.username).toBe(admin());
    expect(decodeJwt(await second.tokens.getToken(true)).upn).toBe(admin());
    expect(recorder.grants).toEqual(['refresh_token']);

    await second.delegated?.signOut();
    expect(await second.delegated?.account()).toBeNull();
    await expect(second.tokens.getToken()).rejects.toThrow(/Not signed in/);
  });

  it('a sealed store keeps no readable token at rest', async () => {
    const file = join(dir, 'sealed.bin');
    // AES-GCM with a key held elsewhere, as safeStorage holds its key in the OS keychain.
    const key = randomBytes(32);
    const sealer = {
      encrypt: (plain: string) => {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
        return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
      },
      decrypt: (sealed: string) => {
        const raw = Buffer.from(sealed, 'base64');
        const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
        decipher.setAuthTag(raw.subarray(12, 28));
        return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      },
    };
    const connection = connect(deviceCodeAs(admin()), sealedStore(fileStore(file), sealer));
    const token = await connection.tokens.getToken();
    const atRest = readFileSync(file, 'utf8');
    expect(atRest).not.toContain('RefreshToken');
    expect(atRest).not.toContain(token.slice(0, 40));
    const again = connect({ kind: 'none' }, sealedStore(fileStore(file), sealer));
    expect((await again.delegated?.account())?.username).toBe(admin());
  });
});
