import { describe, expect, it } from 'vitest';
import { INTUNE_PACE, RequestPacer, type PaceLimits } from '../../../../electron/core/graph/pacer';
import { jumpingClock } from './fake-clock';

const LIMITS: PaceLimits = { windowMs: 20_000, total: 100, writes: 4 };

/** Acquires `count` slots of (total, writes) and returns the clock time each was granted at. */
async function grants(pacer: RequestPacer, clock: { now(): number }, count: number, writes: number): Promise<number[]> {
  const at: number[] = [];
  for (let i = 0; i < count; i += 1) {
    await pacer.acquire(1, writes);
    at.push(clock.now());
  }
  return at;
}

function inAnyWindow(times: number[], windowMs: number): number {
  return Math.max(...times.map((t) => times.filter((other) => other > t - windowMs && other <= t).length));
}

describe('RequestPacer budgets', () => {
  it('documents the Intune limits less 10% headroom', () => {
    expect(INTUNE_PACE).toEqual({ windowMs: 20_000, total: 900, writes: 90 });
  });

  it('holds writes to the write budget even while the total budget has room', async () => {
    const clock = jumpingClock();
    const pacer = new RequestPacer(clock, LIMITS);
    const start = clock.now();
    const at = await grants(pacer, clock, 10, 1);
    expect(inAnyWindow(at, 20_000)).toBe(4);
    // The first four go at once; the fifth waits until the first write leaves the window, just after 20 s.
    expect(at.slice(0, 4)).toEqual([start, start, start, start]);
    expect(at[4]).toBe(start + 20_001);
    expect(at.at(-1)).toBe(start + 40_002);
  });

  it('lets reads through while writes wait for write budget', async () => {
    const clock = jumpingClock();
    const pacer = new RequestPacer(clock, LIMITS);
    await grants(pacer, clock, 4, 1);
    const start = clock.now();
    const reads = await grants(pacer, clock, 50, 0);
    expect(reads.every((t) => t === start)).toBe(true);
  });

  it('holds the total budget, writes included', async () => {
    const clock = jumpingClock();
    const pacer = new RequestPacer(clock, { windowMs: 1_000, total: 3, writes: 3 });
    const start = clock.now();
    const at = await grants(pacer, clock, 7, 0);
    expect(at).toEqual([start, start, start, start + 1_001, start + 1_001, start + 1_001, start + 2_002]);
  });

  it('never grants more than the budget for a wider request (a $batch) and waits for enough to free', async () => {
    const clock = jumpingClock();
    const pacer = new RequestPacer(clock, { windowMs: 1_000, total: 10, writes: 10 });
    const start = clock.now();
    await pacer.acquire(6, 0);
    await clock.sleep(500);
    await pacer.acquire(3, 0);
    // 9 spent: 5 more fit only once the first 6 left the window (at 1,001 ms), not the later 3.
    await pacer.acquire(5, 0);
    expect(clock.now()).toBe(start + 1_001);
    // A request wider than the whole budget is granted as the whole budget, not refused forever.
    await clock.sleep(2_000);
    const before = clock.now();
    await pacer.acquire(40, 0);
    expect(clock.now()).toBe(before);
  });
});

describe('RequestPacer after a 429', () => {
  it('lowers the total to what the service admitted and climbs back a tenth per quiet window', async () => {
    const clock = jumpingClock();
    const pacer = new RequestPacer(clock, LIMITS);
    await grants(pacer, clock, 60, 0);
    const start = clock.now();
    pacer.throttled(false, 20);
    expect(pacer.current()).toEqual({ windowMs: 20_000, total: 40, writes: 4 });
    // 60 spent against a budget of 40: the next request waits for the window to pass, then the budget climbs.
    await pacer.acquire(1, 0);
    expect(clock.now()).toBe(start + 20_001);
    expect(pacer.current().total).toBe(50);
    await clock.sleep(19_998);
    await pacer.acquire(1, 0);
    expect(pacer.current().total).toBe(50);
    await clock.sleep(2);
    await pacer.acquire(1, 0);
    expect(pacer.current().total).toBe(60);
    for (let window = 0; window < 10; window += 1) {
      await clock.sleep(20_000);
      await pacer.acquire(1, 0);
    }
    expect(pacer.current()).toEqual(LIMITS);
  });

  it('lowers the write budget only for a throttled write, and never below a twentieth of the ceiling', async () => {
    const clock = jumpingClock();
    const pacer = new RequestPacer(clock, { windowMs: 20_000, total: 200, writes: 40 });
    await grants(pacer, clock, 30, 1);
    pacer.throttled(false, 10);
    expect(pacer.current()).toMatchObject({ total: 20, writes: 40 });
    pacer.throttled(true, 10);
    expect(pacer.current()).toMatchObject({ total: 20, writes: 20 });
    pacer.throttled(true, 100);
    expect(pacer.current()).toMatchObject({ total: 10, writes: 2 });
  });

  it('paces at the lowered write budget', async () => {
    const clock = jumpingClock();
    const pacer = new RequestPacer(clock, { windowMs: 20_000, total: 100, writes: 20 });
    await grants(pacer, clock, 10, 1);
    pacer.throttled(true, 5);
    expect(pacer.current().writes).toBe(5);
    const start = clock.now();
    await pacer.acquire(1, 1);
    expect(clock.now()).toBeGreaterThan(start + 20_000);
  });
});

describe('RequestPacer Retry-After gate', () => {
  it('lets nothing through until the gate opens, and never shortens it', async () => {
    const clock = jumpingClock();
    const pacer = new RequestPacer(clock, LIMITS);
    const closed: number[] = [];
    const stop = pacer.onGateClosed((until) => closed.push(until));
    const start = clock.now();
    pacer.closeGateUntil(start + 5_000);
    pacer.closeGateUntil(start + 2_000);
    expect(pacer.gateOpensAt()).toBe(start + 5_000);
    expect(closed).toEqual([start + 5_000]);
    await pacer.acquire(1, 0);
    expect(clock.now()).toBe(start + 5_000);
    expect(pacer.gateOpensAt()).toBe(0);
    stop();
    pacer.closeGateUntil(clock.now() + 1_000);
    expect(closed).toHaveLength(1);
  });

  it('gives up waiting when aborted', async () => {
    const clock = jumpingClock();
    const pacer = new RequestPacer(clock, LIMITS);
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(pacer.acquire(1, 0, controller.signal)).rejects.toThrow('stopped');
  });
});
