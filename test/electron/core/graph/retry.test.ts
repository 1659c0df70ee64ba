import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelay } from '../../../../electron/core/graph/retry';

const NOW = Date.parse('2026-03-01T08:00:00Z');

describe('parseRetryAfter', () => {
  it('reads seconds, fractions rounded up to the millisecond, with spaces around', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7000);
    expect(parseRetryAfter(' 12 ', NOW)).toBe(12_000);
    expect(parseRetryAfter('0.25', NOW)).toBe(250);
    expect(parseRetryAfter('1.0005', NOW)).toBe(1001);
    expect(parseRetryAfter('0', NOW)).toBe(0);
  });

  it('reads an HTTP date against now, never negative', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 08:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('  Sun, 01 Mar 2026 08:00:30 GMT  ', NOW)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 07:59:00 GMT', NOW)).toBe(0);
  });

  it('ignores an absent, blank or unreadable value', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('   ', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    // Not seconds and not a date: text before or after the digits, or a fraction without digits.
    expect(parseRetryAfter('5s', NOW)).toBeUndefined();
    expect(parseRetryAfter('x5', NOW)).toBeUndefined();
    expect(parseRetryAfter('1.x', NOW)).toBeUndefined();
  });
});

describe('retryDelay', () => {
  it('doubles from 1 s with full jitter in [0.5, 1), capped at 60 s', () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelay(attempt, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3].map((attempt) => retryDelay(attempt, () => 0.999))).toEqual([1000, 1999, 3998]);
    expect(retryDelay(7, () => 0)).toBe(30_000);
    expect(retryDelay(8, () => 0)).toBe(30_000);
    expect(retryDelay(20, () => 0.5)).toBe(45_000);
    expect(retryDelay(0, () => 0)).toBe(500);
    expect(retryDelay(-3, () => 0)).toBe(500);
  });
});
