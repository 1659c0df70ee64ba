/** The application started on the sandbox tenant at "test" speed, on a virtual clock (or the one given). */
import { startApplication, type RunningApplication, type StartOptions } from '../../electron/core/application/start';
import { createSimulatedProvider, seededRandom } from '../../electron/core/capture/simulated';
import { dispatch } from '../../electron/core/ipc/dispatch';
import type { FetchLike } from '../../electron/core/graph/transport';
import { VirtualClock } from '../../electron/core/pipeline/virtual-clock';

/** A running application, its clock, a contract caller and a wait for the board to settle. */
export interface SandboxApplication extends RunningApplication {
  clock: VirtualClock | null;
  /** Calls a channel through dispatch (validation included); throws "code: message" on failure. */
  call<T>(channel: string, request: unknown): Promise<T>;
  /** Resolves once `check` holds, checked after every push to the renderers (never by polling the clock). */
  settled(check: () => boolean, timeoutMs?: number): Promise<void>;
}

/**
 * Starts the application (the real engine and journal) on the sandbox tenant. By default time is virtual: it
 * stands still while a request is in flight and jumps when everything waits, so stage time limits and polls
 * cost no real time. Pass `clock: 'real'` where real timers must run (the watch folder's file-stability wait).
 */
export async function startSandboxApplication(
  options: Omit<Partial<StartOptions>, 'clock'> & {
    clock?: 'virtual' | 'real';
    start?: number;
    /** Wraps the application's network inside the clock's accounting (e.g. to make it fail). */
    wrapNetwork?: (fetch: FetchLike) => FetchLike;
  } = {},
): Promise<SandboxApplication> {
  const { clock: kind = 'virtual', start = Date.UTC(2026, 10, 26, 10, 0, 0), wrapNetwork: network, ...rest } = options;
  const clock = kind === 'virtual' ? new VirtualClock(start) : null;
  const running = await startApplication({
    version: 'test',
    speed: 'test',
    captureProvider: createSimulatedProvider({
      random: seededRandom(3),
      now: () => (clock ? clock.now() : Date.now()),
    }),
    ...(clock
      ? { clock, wrapFetch: network ? (fetch: FetchLike) => clock.wrapFetch(network(fetch)) : clock.wrapFetch }
      : network
        ? { wrapFetch: network }
        : {}),
    ...rest,
  });
  return {
    ...running,
    clock,
    async call<T>(channel: string, request: unknown): Promise<T> {
      const result = await dispatch(running.handlers, channel, request);
      if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
      return result.value as T;
    },
    settled(check, timeoutMs = 60_000) {
      return new Promise<void>((resolve, reject) => {
        if (check()) {
          resolve();
          return;
        }
        const timer = setTimeout(() => {
          off();
          reject(new Error(`the board did not settle within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = running.events.subscribe(() => {
          if (!check()) return;
          clearTimeout(timer);
          off();
          resolve();
        });
      });
    },
  };
}
