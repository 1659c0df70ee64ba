import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connectTenant } from '../../../../electron/core/graph/connection';
import type { FetchLike } from '../../../../electron/core/graph/transport';
import { createRegistrationEngine } from '../../../../electron/core/pipeline/engine';
import { VirtualClock } from '../../../../electron/core/pipeline/virtual-clock';
import { startSandbox, type RunningSandbox } from '../../../../electron/core/sandbox/index';
import { sandboxTenantSettings } from '../../../../electron/core/sandbox/tenant-settings';
import { Journal } from '../../../../electron/core/store/journal';
import { completeBrowserSignIn } from '../../../helpers/signin';

describe('a person signed in for a long registration run', () => {
  let sandbox: RunningSandbox | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'delegated-run-'));
  afterAll(async () => {
    await sandbox?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tokens that live five minutes are refreshed silently while devices go to ready at the service pace', async () => {
    const clock = new VirtualClock();
    // Realistic latencies (profile assignment ~15 min) in virtual time: the run outlives many access tokens.
    sandbox = await startSandbox({ speed: 'realistic', seed: 14, throttle: false, clock, tokenLifetimeSeconds: 300 });
    const running = sandbox;
    const grants: string[] = [];
    const count = (fetch: FetchLike): FetchLike => {
      const timed = clock.wrapFetch(fetch);
      return (url, init) => {
        if (/\/oauth2\/v2\.0\/token(\?|$)/.test(url) && typeof init.body === 'string')
          grants.push(new URLSearchParams(init.body).get('grant_type') ?? '');
        return timed(url, init);
      };
    };
    const { clientSecret: _secret, ...settings } = sandboxTenantSettings(running);
    const admin = running.accounts[0]?.upn ?? '';
    let browsers = 0;
    const connection = connectTenant(
      {
        ...settings,
        delegated: {
          prompt: {
            kind: 'interactive',
            openBrowser: async (url) => {
              browsers++;
              await completeBrowserSignIn(running, url, admin);
            },
          },
        },
      },
      { clock, wrapFetch: count },
    );
    await connection.delegated?.signIn();
    const journal = Journal.open(dir, clock);
    const engine = createRegistrationEngine({ graph: connection, journal, clock, syncAfterMs: 60_000 });
    const device = running.control.makeHash();
    const started = clock.now();
    const result = await engine.register([
      { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-FINANCE' },
    ]);
    const minutes = (clock.now() - started) / 60_000;
    expect(result.ready).toBe(1);
    expect(minutes).toBeGreaterThan(10);
    expect(browsers).toBe(1);
    expect(grants[0]).toBe('authorization_code');
    // One refresh per expiry at least: the run lasted more than two token lifetimes.
    expect(grants.filter((g) => g === 'refresh_token').length).toBeGreaterThanOrEqual(Math.floor(minutes / 5) - 1);
    expect(grants.filter((g) => g === 'authorization_code')).toHaveLength(1);
    journal.close();
    await connection.close();
  }, 120_000);
});
