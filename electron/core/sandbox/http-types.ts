/** A request as the sandbox handlers see it: transport-free, so $batch can replay sub-requests. */
export interface SandboxRequest {
  method: string;
  /** Path without the query string, e.g. "/beta/deviceManagement/windowsAutopilotDeviceIdentities". */
  path: string;
  query: URLSearchParams;
  /** Lower-case header names. */
  headers: Record<string, string>;
  rawBody: string;
  requestId: string;
  clientRequestId: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON body (serialised by the transport) ... */
  body?: unknown;
  /** ... or a text body with its content type. */
  text?: string;
}

/** Graph's JSON content type. */
export const GRAPH_JSON =
  'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8';

/** Parses the query string of a URL path, keeping `$` names intact. */
export function splitUrl(url: string): { path: string; query: URLSearchParams } {
  const at = url.indexOf('?');
  const path = at < 0 ? url : url.slice(0, at);
  return { path: decodeURI(path), query: new URLSearchParams(at < 0 ? '' : url.slice(at + 1)) };
}
