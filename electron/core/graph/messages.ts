/** One Graph request; `path` starts with /v1.0/ or /beta/ (or is a nextLink on the Graph host). */
export interface GraphRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** The caller knows repeating this POST is harmless (e.g. setting the same properties again). */
  idempotent?: boolean;
  /**
   * False when a 429 is an answer, not throttling (the Autopilot sync's "within 10 minutes of the previous
   * sync"): it goes back to the caller at once, unretried, and closes no gate for other requests.
   */
  throttleRetry?: boolean;
  /** Attempts for this request against server errors (default the client's): an optimisation gives up early. */
  attempts?: number;
}

/** A Graph response: status, lower-case headers, parsed JSON body (or null). */
export interface GraphResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Counters for benchmarks and diagnostics. */
export interface GraphStats {
  /** HTTP requests sent (a $batch counts once). */
  httpRequests: number;
  /** Graph requests: plain requests plus each $batch sub-request. */
  graphRequests: number;
  throttled: number;
  retries: number;
}
