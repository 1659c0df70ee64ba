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
  private limits: PaceLimits;
  private lastThrottledAt = -Infinity;
  private lastRaisedAt = -Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly ceiling: PaceLimits = INTUNE_PACE,
  ) {
    this.limits = { ...ceiling };
  }

  /** The budget in force (lowered after a 429, raised back window by window). */
  current(): PaceLimits {
    return { ...this.limits };
  }

  /**
   * Learns from a 429: the service admitted only `admitted` of what was spent in this window (other apps share
   * the tenant budget, or the limits are lower than documented), so the budget drops to that and climbs back
   * by a tenth of the ceiling per quiet window.
   */
  throttled(write: boolean, notAdmitted: number): void {
    const now = this.clock.now();
    this.prune(now);
    const used = this.used();
    const floorTotal = Math.max(1, Math.floor(this.ceiling.total / 20));
    const floorWrites = Math.max(1, Math.floor(this.ceiling.writes / 20));
    const admittedTotal = Math.max(0, used.total - notAdmitted);
    this.limits.total = Math.max(floorTotal, Math.min(this.limits.total, admittedTotal));
    if (write)
      this.limits.writes = Math.max(floorWrites, Math.min(this.limits.writes, Math.max(0, used.writes - notAdmitted)));
    this.lastThrottledAt = now;
  }

  private raise(now: number): void {
    const window = this.ceiling.windowMs;
    if (now - this.lastThrottledAt < window || now - this.lastRaisedAt < window) return;
    if (this.limits.total === this.ceiling.total && this.limits.writes === this.ceiling.writes) return;
    this.lastRaisedAt = now;
    this.limits.total = Math.min(
      this.ceiling.total,
      this.limits.total + Math.max(1, Math.floor(this.ceiling.total / 10)),
    );
    this.limits.writes = Math.min(
      this.ceiling.writes,
      this.limits.writes + Math.max(1, Math.floor(this.ceiling.writes / 10)),
    );
  }

  private prune(now: number): void {
    while (this.spent.length > 0 && (this.spent[0] as Spent).at <= now - this.ceiling.windowMs) this.spent.shift();
  }

  private used(): { total: number; writes: number } {
    let total = 0;
    let writes = 0;
    for (const entry of this.spent) {
      total += entry.total;
      writes += entry.writes;
    }
    return { total, writes };
  }

  private readonly gateListeners = new Set<(untilMs: number) => void>();

  /** Closes the gate until `untilMs` (clock time); never shortens an existing closure. */
  closeGateUntil(untilMs: number): void {
    if (untilMs <= this.gateUntil) return;
    this.gateUntil = untilMs;
    for (const listener of this.gateListeners) listener(untilMs);
  }

  /** Tells `listener` whenever the gate closes further (to keep it across restarts). */
  onGateClosed(listener: (untilMs: number) => void): () => void {
    this.gateListeners.add(listener);
    return () => this.gateListeners.delete(listener);
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
    return this.waitForRoom(total, writes, signal);
  }

  private async waitForRoom(wantTotal: number, wantWrites: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = this.clock.now();
      if (now < this.gateUntil) {
        await this.clock.sleep(this.gateUntil - now, signal);
        continue;
      }
      this.prune(now);
      this.raise(now);
      const total = Math.min(wantTotal, this.limits.total);
      const writes = Math.min(wantWrites, this.limits.writes);
      const used = this.used();
      if (used.total + total <= this.limits.total && used.writes + writes <= this.limits.writes) {
        this.spent.push({ at: now, total, writes });
        return;
      }
      const needTotal = used.total + total - this.limits.total;
      const needWrites = used.writes + writes - this.limits.writes;
      let freedTotal = 0;
      let freedWrites = 0;
      let until = now + 1;
      for (const entry of this.spent) {
        freedTotal += entry.total;
        freedWrites += entry.writes;
        until = entry.at + this.ceiling.windowMs + 1;
        if (freedTotal >= needTotal && freedWrites >= needWrites) break;
      }
      await this.clock.sleep(Math.max(1, until - now), signal);
    }
  }
}
