/** The longest Retry-After honoured: 1 hour. A longer (or absurd) value is read as 1 hour, and said. */
export const MAX_RETRY_AFTER_MS = 3_600_000;

/** Retry-After as asked, before the cap (ms from `now`); undefined when absent or invalid. */
function requestedRetryAfter(value: string | undefined, now: number): number | undefined {
  // A blank value would also end as NaN below: this early return is equivalent whichever way it is mutated.
  // Stryker disable next-line ConditionalExpression,MethodExpression,StringLiteral: equivalent, see above
  if (value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * Parses Retry-After (seconds or an HTTP date) into milliseconds from `now`, at most MAX_RETRY_AFTER_MS
 * (1 hour); undefined when absent or invalid.
 */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const wait = requestedRetryAfter(value, now);
  return wait === undefined ? undefined : Math.min(wait, MAX_RETRY_AFTER_MS);
}

/** A message when a Retry-After asks for more than the cap ("asked for 86400 s; waiting 1 hour"), else null. */
export function retryAfterCapMessage(value: string | undefined, now: number): string | null {
  const wait = requestedRetryAfter(value, now);
  if (wait === undefined || wait <= MAX_RETRY_AFTER_MS) return null;
  return `Microsoft Graph asked to wait ${Math.round(wait / 1000)} s (Retry-After: ${value?.trim().slice(0, 64) ?? ''}); waiting at most 1 hour before trying again.`;
}

/** Exponential backoff with full jitter: 1 s, 2 s, 4 s ... capped at 60 s, times a random factor in [0.5, 1). */
export function retryDelay(attempt: number, random: () => number): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.5 + random() / 2));
}
