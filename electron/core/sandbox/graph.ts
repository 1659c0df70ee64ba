/** The Graph front door: version, token, route, throttling, permission, handler; $batch replays through it. */
import type { KeyObject } from 'node:crypto';
import { handleBatch } from './batch';
import { authenticate, holds, type Caller } from './graph-auth';
import type { GraphContext } from './graph-context';
import { errors, type ErrorContext } from './graph-errors';
import { findRoute, segmentsOf, type Route } from './graph-routes';
import type { SandboxRequest, SandboxResponse } from './http-types';
import { autopilotRoutes } from './routes-autopilot';
import { directoryRoutes } from './routes-directory';
import { importedRoutes } from './routes-imported';
import { identityRoutes } from './routes-identities';
import { membershipRoutes } from './routes-membership';
import { profileRoutes } from './routes-profiles';
import { countGraph } from './stats';
import type { Tenant } from './tenant';
import type { Throttle } from './throttle';
import type { SandboxOptimisation, SandboxQuirks, SandboxStats } from './types';
import type { GraphVersion } from './views';

const ROUTES: Route[] = [
  ...importedRoutes,
  ...autopilotRoutes,
  ...profileRoutes,
  ...directoryRoutes,
  ...membershipRoutes,
  ...identityRoutes,
];
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface GraphDeps {
  tenant: Tenant;
  signingKey: KeyObject;
  authorityHost: string;
  graphEndpoint: string;
  throttle: Throttle;
  stats: SandboxStats;
  pageSize: () => number;
  quirks: SandboxQuirks;
  /** Optimisations answered with a 500 (fidelity "proven-only" and test options). */
  refused?: ReadonlySet<SandboxOptimisation>;
  /** The Intune role of a person (delegated tokens): Intune refuses people without one, whatever the scopes. */
  intuneRoleOf?: (oid: string) => string | null;
}

const AUTOPILOT_SETS =
  /^deviceManagement\/(importedWindowsAutopilotDeviceIdentities|windowsAutopilotDeviceIdentities|windowsAutopilotDeploymentProfiles)/;

/** The optimisation a request is, if any: calls no field-proven tool makes. */
function optimisationOf(route: Route, req: SandboxRequest): SandboxOptimisation | null {
  if (req.method === 'POST' && route.path === 'deviceManagement/importedWindowsAutopilotDeviceIdentities/import')
    return 'import-action';
  if (req.method !== 'GET' || req.query.has('$filter')) return null;
  if (route.path === 'deviceManagement/windowsAutopilotDeviceIdentities') return 'identity-list';
  if (route.path === 'deviceManagement/importedWindowsAutopilotDeviceIdentities') return 'import-list';
  return null;
}

/** The 500 the DeviceEnrollmentFE service answers where it fails (its message is a JSON string). */
function internalError(err: ErrorContext, what: string): SandboxResponse {
  return errors.internal(err, `An internal server error has occurred while processing ${what}.`);
}

/** Entra resource units of a directory read: members cost 3, $select saves one, $expand adds one. */
function directoryUnits(route: Route, req: SandboxRequest): number {
  let units = /members$/i.test(route.path) ? 3 : 1;
  if (req.query.has('$select')) units -= 1;
  if (req.query.has('$expand')) units += 1;
  return Math.max(1, units);
}

/**
 * Answers one Graph request (also used for each $batch sub-request). `batchSentEarly` is whether the $batch
 * holding a sub-request arrived inside a Retry-After window: its sub-requests were all sent at that moment, so
 * a 429 given to one of them cannot make its siblings "early".
 */
export function handleGraph(
  deps: GraphDeps,
  req: SandboxRequest,
  inBatch = false,
  batchSentEarly?: boolean,
): SandboxResponse {
  const now = deps.tenant.now();
  const err: ErrorContext = { req, now };
  const segments = segmentsOf(req.path);
  const versionSegment = segments.shift() ?? '';
  const versions: GraphVersion[] = ['v1.0', 'beta'];
  const version = versions.find((v) => v === versionSegment.toLowerCase());
  const write = WRITES.has(req.method);
  const record = (endpoint: string, response: SandboxResponse): SandboxResponse => {
    countGraph(deps.stats, endpoint, response.status, write);
    if (inBatch) deps.stats.batchSubRequests++;
    return response;
  };
  if (!version)
    return record(`${req.method} ${req.path}`, errors.badRequest(err, `Invalid version: ${versionSegment}`));

  const auth = authenticate(req.headers.authorization, deps.signingKey, deps.tenant.data.identity.tenantId, now);
  if (!auth.ok)
    return record(
      `${req.method} /${version}/${segments.join('/')}`,
      errors.unauthorized(err, auth.message, deps.authorityHost),
    );
  const caller: Caller = auth.caller;

  if (segments.length === 1 && segments[0] === '$batch' && !inBatch) {
    if (req.method !== 'POST') return record(`${req.method} /${version}/$batch`, errors.methodNotAllowed(err));
    deps.stats.batches++;
    if (deps.refused?.has('batch')) return record(`POST /${version}/$batch`, internalError(err, '$batch'));
    const sentEarly = deps.throttle.isEarly(`app:${caller.appId}`, now);
    return handleBatch(req, version, err, (sub) => handleGraph(deps, sub, true, sentEarly));
  }

  const match = findRoute(ROUTES, req.method, version, segments);
  if (match.kind === 'segment')
    return record(`${req.method} /${version}/${segments.join('/')}`, errors.segment(err, match.segment));
  if (match.kind === 'method')
    return record(`${req.method} /${version}/${segments.join('/')}`, errors.methodNotAllowed(err));
  const { route, params } = match;
  const endpoint = `${req.method} /${version}/${route.path}`;

  const appKey = `app:${caller.appId}`;
  const isSync = /windowsAutopilotSettings\/sync$/.test(route.path);
  const early = batchSentEarly ?? deps.throttle.isEarly(appKey, now);
  if (early || (isSync && deps.throttle.isEarly(`${appKey}:sync`, now))) {
    deps.stats.retryAfterViolations++;
  }
  const retryAfter = deps.throttle.admit(
    {
      appId: caller.appId,
      write,
      area: route.area,
      units: route.area === 'directory' ? directoryUnits(route, req) : 0,
    },
    now,
  );
  if (retryAfter !== null) {
    deps.throttle.noteRetryAfter(appKey, now + retryAfter * 1000);
    return record(endpoint, errors.tooManyRequests(err, retryAfter));
  }
  if (!holds(caller, route.permissions)) {
    const forbidden = route.area === 'intune' ? errors.intuneForbidden : errors.directoryForbidden;
    return record(endpoint, forbidden(err, [...route.permissions]));
  }
  // A delegated call also needs the person's Intune role; the service's answer does not say which one.
  if (caller.user && route.area === 'intune' && !deps.intuneRoleOf?.(caller.user.oid))
    return record(endpoint, errors.intuneUserForbidden(err));
  // Field reports: $select on an Autopilot collection answers 500 whatever the properties (field notes §1).
  if (deps.quirks.select500 && req.query.has('$select') && AUTOPILOT_SETS.test(route.path))
    return record(endpoint, internalError(err, 'the $select query'));
  const optimisation = optimisationOf(route, req);
  if (optimisation && deps.refused?.has(optimisation)) return record(endpoint, internalError(err, 'the request'));
  const ctx: GraphContext = {
    req,
    version,
    params,
    caller,
    tenant: deps.tenant,
    graphEndpoint: deps.graphEndpoint,
    pageSize: deps.pageSize(),
    quirks: deps.quirks,
    err,
  };
  const response = route.handler(ctx);
  if (isSync && response.status === 429) {
    const seconds = Number(response.headers?.['Retry-After'] ?? 0);
    deps.throttle.noteRetryAfter(`${appKey}:sync`, now + seconds * 1000);
  }
  return record(endpoint, response);
}
