import type { SandboxStats } from './types';

/** Empty counters. */
export function emptyStats(): SandboxStats {
  return {
    requests: 0,
    graphRequests: 0,
    identityRequests: 0,
    tokensIssued: 0,
    writes: 0,
    byEndpoint: {},
    byStatus: {},
    throttled: 0,
    retryAfterViolations: 0,
    batches: 0,
    batchSubRequests: 0,
    faults: { unavailable: 0, dropped: 0, slowed: 0 },
  };
}

/** A deep copy, so callers cannot mutate the live counters. */
export function copyStats(stats: SandboxStats): SandboxStats {
  return {
    ...stats,
    byEndpoint: { ...stats.byEndpoint },
    byStatus: { ...stats.byStatus },
    faults: { ...stats.faults },
  };
}

/** Counts one answered Graph request. */
export function countGraph(stats: SandboxStats, endpoint: string, status: number, write: boolean): void {
  stats.requests++;
  stats.graphRequests++;
  if (write) stats.writes++;
  stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] ?? 0) + 1;
  stats.byStatus[String(status)] = (stats.byStatus[String(status)] ?? 0) + 1;
  if (status === 429) stats.throttled++;
}

/** Counts one answered identity-endpoint request. */
export function countIdentity(stats: SandboxStats, endpoint: string, status: number): void {
  stats.requests++;
  stats.identityRequests++;
  stats.byEndpoint[endpoint] = (stats.byEndpoint[endpoint] ?? 0) + 1;
  stats.byStatus[String(status)] = (stats.byStatus[String(status)] ?? 0) + 1;
}
