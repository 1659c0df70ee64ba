import { AppError } from '../errors';

/** A Graph request that failed for good (after the retries the policy allows). */
export class GraphError extends AppError {
  constructor(
    message: string,
    readonly status: number,
    readonly graphCode: string,
    readonly method: string,
    readonly path: string,
  ) {
    super(status === 401 ? 'auth' : status === 403 ? 'permission-missing' : `graph-${status}`, message);
    this.name = 'GraphError';
  }

  /** True for 404 Not Found. */
  get notFound(): boolean {
    return this.status === 404;
  }
}

/** Extracts Graph's `error.code` and `error.message` from a response body, if any. */
export function graphErrorOf(body: unknown): { code: string; message: string } {
  if (body && typeof body === 'object' && 'error' in body) {
    const error = (body).error;
    if (error && typeof error === 'object') {
      const { code, message } = error as { code?: unknown; message?: unknown };
      return { code: typeof code === 'string' ? code : '', message: typeof message === 'string' ? message.slice(0, 500) : '' };
    }
  }
  return { code: '', message: '' };
}
