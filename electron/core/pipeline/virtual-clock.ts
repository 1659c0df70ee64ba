import type { Clock } from '../clock';
import type { FetchLike } from '../graph/transport';

interface Sleeper {
  at: number;
  resolve: () => void;
}

/**
 * Discrete-event time for simulations (benchmarks, tests): it stands still while a tracked request is in
 * flight and, when everything waits, jumps to the earliest wake-up. Shared by the sandbox and the client,
 * runs are deterministic in time and "wall time" is the sandbox's own clock.
 */
export class VirtualClock implements Clock {
  private t: number;
  private readonly sleepers: Sleeper[] = [];
  private busy = 0;
  private idleTurns = 0;
  private scheduled = false;

  constructor(start = Date.parse('2026-03-02T08:00:00Z')) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = (): void => {
        const index = this.sleepers.indexOf(sleeper);
        if (index >= 0) this.sleepers.splice(index, 1);
        reject(signal?.reason as Error);
      };
      const sleeper: Sleeper = {
        at: this.t + Math.max(0, ms),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.sleepers.push(sleeper);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.schedule();
    });
  }

  /** Counts requests in flight through this transport: time stands still while one is. */
  wrapFetch = (fetch: FetchLike): FetchLike => {
    return async (url, init) => {
      this.busy += 1;
      try {
        const response = await fetch(url, init);
        const text = await response.text();
        return { status: response.status, headers: response.headers, text: () => Promise.resolve(text) };
      } finally {
        this.busy -= 1;
        this.schedule();
      }
    };
  };

  /** Runs `work` as busy time (e.g. a raw request a test makes itself). */
  async hold<T>(work: () => Promise<T>): Promise<T> {
    this.busy += 1;
    try {
      return await work();
    } finally {
      this.busy -= 1;
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.turn();
    });
  }

  private turn(): void {
    if (this.busy > 0 || this.sleepers.length === 0) {
      this.idleTurns = 0;
      return;
    }
    // Wait one more turn of the event loop so continuations of a finished request can start the next one.
    if (this.idleTurns < 2) {
      this.idleTurns += 1;
      this.schedule();
      return;
    }
    this.idleTurns = 0;
    const next = Math.min(...this.sleepers.map((sleeper) => sleeper.at));
    this.t = Math.max(this.t, next);
    const due = this.sleepers.filter((sleeper) => sleeper.at <= this.t);
    for (const sleeper of due) this.sleepers.splice(this.sleepers.indexOf(sleeper), 1);
    for (const sleeper of due) sleeper.resolve();
    if (this.sleepers.length > 0) this.schedule();
  }
}
