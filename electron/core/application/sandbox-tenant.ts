import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock';
import type { TenantSettings } from '../graph/connection';
import type { PollIntervals } from '../pipeline/types';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../sandbox/index';
import { sandboxTenantSettings } from '../sandbox/tenant-settings';

/** How fast the sandbox tenant moves: seconds for people, milliseconds for tests. */
export type SandboxSpeed = 'demo' | 'test';

/** The engine polls the sandbox as fast as its latencies make sense (a real tenant keeps the engine's defaults). */
export const SANDBOX_POLL: Record<SandboxSpeed, PollIntervals> = {
  demo: { import: 1000, identity: 1000, group: 1000, profile: 1000 },
  test: { import: 40, identity: 40, group: 40, profile: 40 },
};

/** The built-in sandbox tenant, running, with how to sign in to it and how fast to poll it. */
export interface SandboxTenant {
  sandbox: RunningSandbox;
  settings: TenantSettings;
  poll: PollIntervals;
}

/**
 * Starts the built-in sandbox tenant, as the desktop console and the CLI both do. Persistent under
 * `stateDir` (its state in sandbox/state.json, its tenant id in sandbox/tenant-id for the offline commands),
 * or in memory when `stateDir` is null.
 */
export async function startSandboxTenant(options: {
  stateDir: string | null;
  speed: SandboxSpeed;
  clock?: Clock;
  sandbox?: Pick<SandboxOptions, 'grantedRoles' | 'faults' | 'latencies' | 'fidelity' | 'quirks'>;
}): Promise<SandboxTenant> {
  const { stateDir, speed } = options;
  const sandbox = await startSandbox({
    ...options.sandbox,
    speed,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(stateDir ? { stateFile: join(stateDir, 'sandbox', 'state.json'), seed: 1 } : {}),
  });
  if (stateDir) {
    mkdirSync(join(stateDir, 'sandbox'), { recursive: true });
    writeFileSync(join(stateDir, 'sandbox', 'tenant-id'), sandbox.tenantId);
  }
  return { sandbox, settings: sandboxTenantSettings(sandbox), poll: SANDBOX_POLL[speed] };
}
