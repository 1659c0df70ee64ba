/** The Graph route table and path matching (segments are case-insensitive; `microsoft.graph.` is optional). */
import type { Handler } from './graph-context';
import type { GraphVersion } from './views';

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** e.g. "deviceManagement/windowsAutopilotDeviceIdentities/{id}/updateDeviceProperties". */
  path: string;
  versions: readonly GraphVersion[];
  /** Which service answers: decides the 403 shape. */
  area: 'intune' | 'directory';
  /** Any one of these application permissions is enough. */
  permissions: readonly string[];
  handler: Handler;
}

export const BOTH: readonly GraphVersion[] = ['v1.0', 'beta'];
export const BETA: readonly GraphVersion[] = ['beta'];

/** Splits a Graph path into segments, separating OData keys: "devices(deviceId='x')" -> ["devices", "(deviceId='x')"]. */
export function segmentsOf(path: string): string[] {
  const out: string[] = [];
  for (const raw of path.split('/').filter(Boolean)) {
    const segment = raw.replace(/^microsoft\.graph\./i, '');
    const key = /^([^(]+)(\(.*\))$/.exec(segment);
    if (key?.[1] && key[2]) out.push(key[1], key[2]);
    else out.push(segment);
  }
  return out;
}

function matchPattern(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const s = segments[i] as string;
    if (p.startsWith('{')) params[p.slice(1, -1)] = s;
    else if (p.toLowerCase() !== s.toLowerCase()) return null;
  }
  return params;
}

export type RouteMatch =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'method' }
  | { kind: 'segment'; segment: string };

/** Finds the route, or says why there is none: an unknown segment (400 in Graph) or a wrong method (405). */
export function findRoute(routes: Route[], method: string, version: GraphVersion, segments: string[]): RouteMatch {
  const inVersion = routes.filter((r) => r.versions.includes(version));
  const byPath = inVersion
    .map((route) => ({ route, params: matchPattern(route.path.split('/'), segments) }))
    .filter((m): m is { route: Route; params: Record<string, string> } => m.params !== null);
  const hit = byPath.find((m) => m.route.method === method);
  if (hit) return { kind: 'found', route: hit.route, params: hit.params };
  if (byPath.length > 0) return { kind: 'method' };
  // The first segment no route of this version knows at that position is the one Graph names.
  for (let depth = 1; depth <= segments.length; depth++) {
    const prefix = segments.slice(0, depth);
    const known = inVersion.some((route) => {
      const pattern = route.path.split('/');
      return pattern.length >= depth && matchPattern(pattern.slice(0, depth), prefix) !== null;
    });
    if (!known) return { kind: 'segment', segment: segments[depth - 1] ?? '' };
  }
  return { kind: 'segment', segment: segments[segments.length - 1] ?? '' };
}
