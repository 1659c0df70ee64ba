import type { z } from 'zod';
import { GraphError } from './errors';

/** Parses a Graph body with its schema; a malformed answer is a 'bad-response' error. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, path: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GraphError(
      `Unexpected Graph response for ${path.split('?')[0]}: ${issue ? `${issue.path.join('.')} ${issue.message}` : 'invalid'}`,
      200,
      'bad-response',
      'GET',
      path,
    );
  }
  return parsed.data;
}

/** One page of a Graph collection: its items and the link to the next page. */
export function pageOf(body: unknown, path: string): { value: unknown[]; nextLink?: string } {
  if (!body || typeof body !== 'object' || !Array.isArray((body as { value?: unknown }).value)) {
    throw new GraphError(
      `Unexpected Graph response for ${path.split('?')[0]}: no "value" array`,
      200,
      'bad-response',
      'GET',
      path,
    );
  }
  const next = (body as Record<string, unknown>)['@odata.nextLink'];
  return {
    value: (body as { value: unknown[] }).value,
    ...(typeof next === 'string' && next ? { nextLink: next } : {}),
  };
}
