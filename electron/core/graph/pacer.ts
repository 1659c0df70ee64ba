import type { Clock } from '../clock';

/** Request budget per window, per app per tenant. */
export interface PaceLimits {
  windowMs: number;
  /** Requests of any kind per window (each $batch sub-request counts). */
  total: number;
  /** Writes (POST/PUT/PATCH/DELETE) per window. */
  writes: number;
}

/**
 * The documented Intune limits are 1,000 requests and 100 writes per 20 s per app per tenant (device
 * enrollment area, the conservative bucket for the Autopilot resources); we keep 10% headroom for other
 * tools using the same app.
 */
export const INTUNE_PACE: PaceLimits = { windowMs: 20_000, total: 900, writes: 90 };

interface Spent {
  at: number;
  total: number;
  writes: number;
}

/**
 * Tenant-wide pacing: a sliding-window budget (stricter than the service's token bucket, so it never
 * overdraws it) and a Retry-After gate that no request passes while it is closed.
 */
export class RequestPacer {
  private readonly spent: Spent[] = [];
  private gateUntil = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: PaceLimits = INTUNE_PACE,
  ) {}

  /** Closes the gate until `untilMs` (clock time); never shortens an existing closure. */
  closeGateUntil(untilMs: number): void {
    this.gateUntil = Math.max(this.gateUntil, untilMs);
  }

  /** When the Retry-After gate opens again (0 when open). */
  gateOpensAt(): number {
    return this.gateUntil > this.clock.now() ? this.gateUntil : 0;
  }

  /**
   * Waits until the gate is open and the budget has room, then spends it. Each caller waits on its own, so a
   * write waiting for write budget never holds up reads.
   */
  acquire(total: number, writes: number, signal?: AbortSignal): Promise<void> {
    return this.waitForRoom(Math.min(total, this.limits.total), Math.min(writes, this.limits.writes), signal);
  }

  private async waitForRoom(total: number, writes: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      if (now < this.gateUntil) {
        await this.clock.sleep(this.gateUntil - now, signal);
        continue;
      }
      while (this.spent.length > 0 && (this.spent[0] as Spent).at <= now - this.limits.windowMs) this.spent.shift();
      let usedTotal = 0;
      let usedWrites = 0;
      for (const entry of this.spent) {
        usedTotal += entry.total;
        usedWrites += entry.writes;
      }
      if (usedTotal + total <= this.limits.total && usedWrites + writes <= this.limits.writes) {
        this.spent.push({ at: now, total, writes });
        return;
      }
      const needTotal = usedTotal + total - this.limits.total;
      const needWrites = usedWrites + writes - this.limits.writes;
      let freedTotal = 0;
      let freedWrites = 0;
      let until = now + 1;
      for (const entry of this.spent) {
        freedTotal += entry.total;
        freedWrites += entry.writes;
        until = entry.at + this.limits.windowMs + 1;
        if (freedTotal >= needTotal && freedWrites >= needWrites) break;
      }
      await this.clock.sleep(Math.max(1, until - now), signal);
    }
  }
}
