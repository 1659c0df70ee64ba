import type { Clock } from '../../../../electron/core/clock';

/** A clock whose time only moves when someone sleeps: sleeps return at once, time jumps; records every sleep. */
export function jumpingClock(start = Date.parse('2026-03-01T08:00:00Z')): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}
