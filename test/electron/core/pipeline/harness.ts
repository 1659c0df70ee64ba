import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectTenant, type GraphConnection } from '../../../../electron/core/graph/connection';
import type { Logger } from '../../../../electron/core/graph/logger';
import type { FetchLike } from '../../../../electron/core/graph/transport';
import { createRegistrationEngine, type RegistrationEngine } from '../../../../electron/core/pipeline/engine';
import type { PollIntervals, StageEvent, StageTimeouts } from '../../../../electron/core/pipeline/types';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../../../electron/core/sandbox/index';
import { sandboxTenantSettings } from '../../../../electron/core/sandbox/tenant-settings';
import { Journal } from '../../../../electron/core/store/journal';
import { VirtualClock } from '../../../../electron/core/pipeline/virtual-clock';

/** An engine against a sandbox at "test" speed, sharing one virtual clock, over real HTTPS. */
export interface Harness {
  clock: VirtualClock;
  sandbox: RunningSandbox;
  connection: GraphConnection;
  journal: Journal;
  engine: RegistrationEngine;
  events: StageEvent[];
  warnings: string[];
  dir: string;
  /** A new engine on the same journal (as after a restart). */
  reopen(): RegistrationEngine;
  close(): Promise<void>;
}

/** Starts the sandbox and an engine on it. */
export async function startHarness(
  options: {
    sandbox?: SandboxOptions;
    poll?: Partial<PollIntervals>;
    timeouts?: Partial<StageTimeouts>;
    /** Wraps the engine's network (inside the virtual clock's accounting), e.g. to lose a response. */
    network?: (fetch: FetchLike) => FetchLike;
  } = {},
): Promise<Harness> {
  const clock = new VirtualClock();
  const sandbox = await startSandbox({ speed: 'test', seed: 11, throttle: false, ...options.sandbox, clock });
  const dir = mkdtempSync(join(tmpdir(), 'engine-'));
  const journal = Journal.open(dir, clock);
  const warnings: string[] = [];
  const logger: Logger = { debug: () => undefined, info: () => undefined, warn: (message) => warnings.push(message) };
  const { network } = options;
  const wrapFetch = network ? (fetch: FetchLike) => clock.wrapFetch(network(fetch)) : clock.wrapFetch;
  const connection = connectTenant(sandboxTenantSettings(sandbox), { clock, logger, wrapFetch });
  const events: StageEvent[] = [];
  const make = (): RegistrationEngine => {
    const engine = createRegistrationEngine({
      graph: connection,
      journal,
      clock,
      logger,
      poll: { import: 10, identity: 10, group: 10, profile: 10, ...options.poll },
      ...(options.timeouts ? { timeouts: options.timeouts } : {}),
      syncAfterMs: 60_000,
    });
    engine.onStage((event) => events.push(event));
    return engine;
  };
  return {
    clock,
    sandbox,
    connection,
    journal,
    engine: make(),
    events,
    warnings,
    dir,
    reopen: make,
    close: async () => {
      journal.close();
      await connection.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The Windows Autopilot import records: single-device POST on the collection, bulk POST on its `/import` action. */
export const IMPORTED = '/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities';

/** Requests the sandbox answered on one endpoint ("METHOD /path" as in its stats), 0 when none. */
export function count(h: Pick<Harness, 'sandbox'>, endpoint: string): number {
  return h.sandbox.control.stats().byEndpoint[endpoint] ?? 0;
}

/** Windows Autopilot uploads the sandbox answered so far: single-device POSTs plus bulk `/import` POSTs. */
export function uploads(h: Pick<Harness, 'sandbox'>): number {
  return count(h, `POST ${IMPORTED}`) + count(h, `POST ${IMPORTED}/import`);
}
