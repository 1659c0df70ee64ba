/** What a Graph route handler gets, and the response helpers they share. */
import type { Caller } from './graph-auth';
import { errors, type ErrorContext } from './graph-errors';
import { GRAPH_JSON, type SandboxRequest, type SandboxResponse } from './http-types';
import type { Tenant } from './tenant';
import type { SandboxQuirks } from './types';
import type { GraphVersion } from './views';

export interface GraphContext {
  req: SandboxRequest;
  version: GraphVersion;
  params: Record<string, string>;
  caller: Caller;
  tenant: Tenant;
  /** e.g. https://127.0.0.1:PORT */
  graphEndpoint: string;
  pageSize: number;
  quirks: SandboxQuirks;
  err: ErrorContext;
}

export type Handler = (ctx: GraphContext) => SandboxResponse;

/** A JSON response with Graph's content type. */
export function ok(body: unknown, status = 200, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'Content-Type': GRAPH_JSON, 'OData-Version': '4.0', ...headers }, body };
}

export function noContent(): SandboxResponse {
  return { status: 204 };
}

/** `@odata.context` for a path such as "deviceManagement/windowsAutopilotDeviceIdentities". */
export function contextUrl(ctx: GraphContext, fragment: string): string {
  return `${ctx.graphEndpoint}/${ctx.version}/$metadata#${fragment}`;
}

export type BodyResult = { ok: true; value: Record<string, unknown> } | { ok: false; response: SandboxResponse };

/** Parses a JSON object body, answering Graph's payload error otherwise. */
export function jsonBody(ctx: GraphContext): BodyResult {
  try {
    const value = JSON.parse(ctx.req.rawBody || 'null') as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { ok: true, value: value as Record<string, unknown> };
    }
  } catch {
    // falls through to the payload error
  }
  return { ok: false, response: errors.invalidJson(ctx.err) };
}

/** Unwraps an OData key segment: "('abc')" or "abc" -> "abc". */
export function keyOf(segment: string | undefined): string {
  const value = segment ?? '';
  const match = /^\('(.*)'\)$/.exec(value) ?? /^\((.*)\)$/.exec(value);
  return match?.[1] ?? value;
}
