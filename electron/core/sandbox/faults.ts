/** Seeded fault injection: 503 with Retry-After, dropped connections, slow responses. */
import { seededRandom } from '../capture/simulated';
import type { FaultOptions } from './types';

export type FaultDecision =
  | { kind: 'none'; delayMs: number }
  | { kind: 'drop'; delayMs: number }
  | { kind: 'unavailable'; delayMs: number; retryAfterSeconds: number };

export class Faults {
  private random: () => number = Math.random;
  private options: FaultOptions | null = null;

  constructor(options: FaultOptions | null | undefined) {
    this.set(options ?? null);
  }

  set(options: FaultOptions | null): void {
    this.options = options;
    this.random = seededRandom(options?.seed ?? 1);
  }

  /** Decides what happens to one request; the draw order is fixed so a seed replays the same faults. */
  decide(area: 'graph' | 'identity'): FaultDecision {
    const o = this.options;
    if (!o) return { kind: 'none', delayMs: 0 };
    const scope = o.scope ?? 'graph';
    const dropDraw = this.random();
    const unavailableDraw = this.random();
    const slowDraw = this.random();
    if (scope !== 'all' && scope !== area) return { kind: 'none', delayMs: 0 };
    const delayMs = o.slowMs && slowDraw < (o.slowRate ?? 1) ? o.slowMs : 0;
    if (dropDraw < (o.dropRate ?? 0)) return { kind: 'drop', delayMs };
    if (unavailableDraw < (o.unavailableRate ?? 0)) {
      return { kind: 'unavailable', delayMs, retryAfterSeconds: o.unavailableRetryAfterSeconds ?? 1 };
    }
    return { kind: 'none', delayMs };
  }
}
