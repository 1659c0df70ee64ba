import { isTerminal } from '../../../shared/domain/device';
import type { Journal } from '../store/journal';
import type { JournalDevice } from '../store/types';
import { reachedTarget, type Follower } from './follower';

interface Running {
  follower: Follower;
  run: Promise<void>;
  controller: AbortController;
  waiters: number;
}

function moving(device: JournalDevice | undefined): boolean {
  return device !== undefined && device.target !== null && !isTerminal(device.stage) && !reachedTarget(device);
}

/**
 * One follow loop per engine: registrations made while it runs join it (one set of list queries for every
 * device in flight, not one per call). Each caller waits for its own devices; the last one also waits for
 * the import-record cleanup. The loop stops when every caller has gone (aborted) or every device is done.
 */
export class SharedRun {
  private current: Running | null = null;

  constructor(
    private readonly journal: Journal,
    private readonly makeFollower: () => Follower,
  ) {}

  /** Follows `keys` until none of them moves any more. */
  async follow(keys: string[], signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    let running = this.current;
    if (!running || !running.follower.add(keys)) {
      const follower = this.makeFollower();
      follower.add(keys);
      const controller = new AbortController();
      const run = follower.run(controller.signal);
      const fresh: Running = { follower, run, controller, waiters: 0 };
      this.current = fresh;
      void run.then(
        () => this.clear(fresh),
        () => this.clear(fresh),
      );
      running = fresh;
    }
    running.waiters += 1;
    try {
      await this.waitFor(keys, running.run, signal);
    } finally {
      running.waiters -= 1;
      if (running.waiters === 0 && signal?.aborted) running.controller.abort(signal.reason);
    }
    if (running.waiters === 0) await running.run;
  }

  /** Stops the loop (if any) and waits until it has wound down. */
  async stop(reason: Error): Promise<void> {
    const running = this.current;
    if (!running) return;
    running.controller.abort(reason);
    await running.run.catch(() => undefined);
  }

  private clear(running: Running): void {
    if (this.current === running) this.current = null;
  }

  private waitFor(keys: string[], run: Promise<void>, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let settled = false;
      const finish = (settle: () => void): void => {
        if (settled) return;
        settled = true;
        off();
        signal?.removeEventListener('abort', onAbort);
        settle();
      };
      const check = (): void => {
        if (!keys.some((key) => moving(this.journal.get(key)))) finish(resolve);
      };
      const onAbort = (): void => finish(() => reject(signal?.reason as Error));
      const off = this.journal.subscribe(check);
      signal?.addEventListener('abort', onAbort, { once: true });
      run.then(
        () => finish(resolve),
        (error: unknown) => finish(() => reject(error instanceof Error ? error : new Error(String(error)))),
      );
      check();
    });
  }
}
