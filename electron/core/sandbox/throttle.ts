/**
 * Throttling as documented (reference §6): Intune device enrollment limits per 20 s per app and per tenant
 * (writes and all requests), an Entra resource-unit budget per 10 s for /devices and /groups. Every
 * arrival counts, throttled or not ("immediate retries still count against the limit").
 * Also remembers each Retry-After it handed out so stats can flag clients that did not wait.
 */
import type { ThrottleLimits } from './types';

class Window {
  private readonly entries: { at: number; weight: number }[] = [];

  constructor(readonly span: number) {}

  prune(now: number): void {
    while (this.entries.length > 0 && (this.entries[0] as { at: number }).at <= now - this.span) this.entries.shift();
  }

  total(now: number): number {
    this.prune(now);
    return this.entries.reduce((sum, e) => sum + e.weight, 0);
  }

  add(now: number, weight: number): void {
    this.entries.push({ at: now, weight });
  }

  /** Milliseconds until the total falls to `limit - weight` or below, if no more arrive. */
  waitFor(now: number, limit: number, weight: number): number {
    this.prune(now);
    let total = this.total(now);
    for (const entry of this.entries) {
      if (total + weight <= limit) break;
      total -= entry.weight;
      if (total + weight <= limit) return Math.max(1, entry.at + this.span - now);
    }
    return this.span;
  }
}

export interface ThrottleRequest {
  appId: string;
  write: boolean;
  area: 'intune' | 'directory';
  /** Entra resource units (directory only). */
  units: number;
}

export class Throttle {
  private windows = new Map<string, Window>();
  private retryUntil = new Map<string, number>();

  constructor(private limits: ThrottleLimits | null) {}

  setLimits(limits: ThrottleLimits | null): void {
    this.limits = limits;
    this.windows.clear();
  }

  private window(key: string, span: number): Window {
    let window = this.windows.get(key);
    if (!window || window.span !== span) {
      window = new Window(span);
      this.windows.set(key, window);
    }
    return window;
  }

  /** Counts the request; returns the Retry-After in seconds when it must be throttled, else null. */
  admit(request: ThrottleRequest, now: number): number | null {
    const limits = this.limits;
    if (!limits) return null;
    const checks: { key: string; span: number; limit: number; weight: number }[] = [];
    if (request.area === 'intune') {
      checks.push(
        { key: `app:${request.appId}:all`, span: limits.windowMs, limit: limits.appTotal, weight: 1 },
        { key: 'tenant:all', span: limits.windowMs, limit: limits.tenantTotal, weight: 1 },
      );
      if (request.write) {
        checks.push(
          { key: `app:${request.appId}:writes`, span: limits.windowMs, limit: limits.appWrites, weight: 1 },
          { key: 'tenant:writes', span: limits.windowMs, limit: limits.tenantWrites, weight: 1 },
        );
      }
    } else {
      checks.push({
        key: `app:${request.appId}:directory`,
        span: limits.directoryWindowMs,
        limit: limits.directoryUnits,
        weight: request.units,
      });
    }
    let waitMs = 0;
    for (const check of checks) {
      const window = this.window(check.key, check.span);
      if (window.total(now) + check.weight > check.limit)
        waitMs = Math.max(waitMs, window.waitFor(now, check.limit, check.weight));
    }
    for (const check of checks) this.window(check.key, check.span).add(now, check.weight);
    return waitMs > 0 ? Math.max(1, Math.ceil(waitMs / 1000)) : null;
  }

  /** Remembers that `key` (an app, or an app's sync calls) was told to wait until `until`. */
  noteRetryAfter(key: string, until: number): void {
    this.retryUntil.set(key, Math.max(until, this.retryUntil.get(key) ?? 0));
  }

  /** Whether a request for `key` arrives before the Retry-After it was given has passed. */
  isEarly(key: string, now: number): boolean {
    return now < (this.retryUntil.get(key) ?? 0);
  }
}
