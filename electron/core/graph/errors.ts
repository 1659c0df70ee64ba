import { AppError } from '../errors';
import type { NetworkError } from './network-failure';

/** A Graph request that failed for good (after the retries the policy allows). */
export class GraphError extends AppError {
  constructor(
    message: string,
    readonly status: number,
    readonly graphCode: string,
    readonly method: string,
    readonly path: string,
    /** The failure behind a request that got no answer (status 0): DNS, proxy, TLS or unreachable host. */
    readonly network?: NetworkError,
  ) {
    super(
      network ? 'network' : status === 401 ? 'auth' : status === 403 ? 'permission-missing' : `graph-${status}`,
      message,
    );
    this.name = 'GraphError';
  }

  /** True for 404 Not Found. */
  get notFound(): boolean {
    return this.status === 404;
  }
}

/** Graph echoes rejected literals (a whole hardware hash) in error messages: keep them out of logs and output. */
export function redactLongValues(text: string): string {
  return text.replace(/[A-Za-z0-9+/]{64,}={0,2}/g, '[long value removed]');
}

/** Extracts Graph's `error.code` and `error.message` from a response body, if any. */
export function graphErrorOf(body: unknown): { code: string; message: string } {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = body.error;
    if (error && typeof error === 'object') {
      const { code, message } = error as { code?: unknown; message?: unknown };
      return {
        code: typeof code === 'string' ? code : '',
        message: typeof message === 'string' ? redactLongValues(message).slice(0, 500) : '',
      };
    }
  }
  return { code: '', message: '' };
}
