/** /deviceManagement/windowsAutopilotDeviceIdentities: list, get (+ beta $expand), actions, delete. */
import { filterAutopilot } from './collection-filters';
import { PERMISSIONS } from './graph-auth';
import { contextUrl, jsonBody, keyOf, noContent, ok, type GraphContext } from './graph-context';
import { errors } from './graph-errors';
import { BETA, BOTH, type Route } from './graph-routes';
import type { SandboxResponse } from './http-types';
import { UPDATABLE_PROPERTIES, type AutopilotDevice, type UpdatableProperty } from './model';
import { countResponse, entity, page } from './odata';
import { deviceView, profileView } from './views';

const TYPE = 'microsoft.graph.windowsAutopilotDeviceIdentity';
const SET = 'deviceManagement/windowsAutopilotDeviceIdentities';
const NAVIGATION = ['deploymentProfile', 'intendedDeploymentProfile'];

/** The device view with the requested beta navigation properties expanded (absent when unassigned). */
function expanded(ctx: GraphContext, device: AutopilotDevice): Record<string, unknown> | SandboxResponse {
  const view = deviceView(ctx.tenant, device, ctx.version);
  const expand = ctx.req.query.get('$expand');
  if (!expand) return view;
  const state = ctx.tenant.timeline.profileState(device, ctx.tenant.now());
  for (const raw of expand
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const name = NAVIGATION.find((n) => n.toLowerCase() === raw.toLowerCase());
    if (!name || ctx.version === 'v1.0') {
      return errors.badRequest(ctx.err, `Could not find a property named '${raw}' on type '${TYPE}'.`);
    }
    const id = name === 'deploymentProfile' ? state.assignedProfileId : state.intendedProfileId;
    const profile = ctx.tenant.data.profiles.find((p) => p.id === id);
    if (profile) view[name] = profileView(profile);
  }
  return view;
}

function isResponse(value: unknown): value is SandboxResponse {
  return typeof value === 'object' && value !== null && 'status' in value && typeof value.status === 'number';
}

const list = (ctx: GraphContext): SandboxResponse => {
  const items: Record<string, unknown>[] = [];
  for (const device of ctx.tenant.visibleDevices()) {
    const view = expanded(ctx, device);
    if (isResponse(view)) return view;
    items.push(view);
  }
  const filtered = filterAutopilot(ctx, items);
  return Array.isArray(filtered) ? page(ctx, filtered, SET, TYPE) : filtered;
};

const count = (ctx: GraphContext): SandboxResponse => {
  const filtered = filterAutopilot(
    ctx,
    ctx.tenant.visibleDevices().map((d) => deviceView(ctx.tenant, d, ctx.version)),
  );
  return Array.isArray(filtered) ? countResponse(filtered.length) : filtered;
};

function withDevice(fn: (ctx: GraphContext, device: AutopilotDevice) => SandboxResponse) {
  return (ctx: GraphContext): SandboxResponse => {
    const device = ctx.tenant.findDevice(keyOf(ctx.params.id));
    return device ? fn(ctx, device) : errors.intuneNotFound(ctx.err);
  };
}

const get = withDevice((ctx, device) => {
  const view = expanded(ctx, device);
  if (isResponse(view)) return view;
  if (ctx.quirks.byIdStatusUnknown && ctx.version === 'beta') view.deploymentProfileAssignmentStatus = 'unknown';
  return entity(ctx, view, `${SET}/$entity`, TYPE);
});

const navigation = (name: 'deploymentProfile' | 'intendedDeploymentProfile') =>
  withDevice((ctx, device) => {
    const state = ctx.tenant.timeline.profileState(device, ctx.tenant.now());
    const id = name === 'deploymentProfile' ? state.assignedProfileId : state.intendedProfileId;
    const profile = ctx.tenant.data.profiles.find((p) => p.id === id);
    if (!profile) return errors.intuneNotFound(ctx.err);
    return ok({ '@odata.context': contextUrl(ctx, `${SET}('${device.id}')/${name}/$entity`), ...profileView(profile) });
  });

/** Parses an action payload: string-or-null parameters from an allow-list. */
function actionBody(
  ctx: GraphContext,
  action: string,
  allowed: string[],
): Record<string, string | null> | SandboxResponse {
  const body = jsonBody(ctx);
  if (!body.ok) return body.response;
  const out: Record<string, string | null> = {};
  for (const [key, value] of Object.entries(body.value)) {
    if (!allowed.includes(key)) {
      return errors.badRequest(
        ctx.err,
        `The parameter '${key}' in the request payload is not a valid parameter for the operation '${action}'.`,
      );
    }
    if (value !== null && typeof value !== 'string') {
      return errors.badRequest(
        ctx.err,
        `Cannot convert a primitive value to the expected type 'Edm.String' for parameter '${key}'.`,
      );
    }
    out[key] = value;
  }
  return out;
}

const updateDeviceProperties = withDevice((ctx, device) => {
  const allowed = ['userPrincipalName', 'addressableUserName', 'groupTag', 'displayName'];
  if (ctx.version === 'beta') allowed.push('deviceAccountUpn', 'deviceAccountPassword', 'deviceFriendlyName');
  const body = actionBody(ctx, 'updateDeviceProperties', allowed);
  if (isResponse(body)) return body;
  // Accepted at once, read back minutes later (field notes §5); omitted properties are cleared, as reported.
  const values: Partial<Record<UpdatableProperty, string>> = {};
  for (const name of UPDATABLE_PROPERTIES) {
    if (name in body) values[name] = body[name] ?? '';
    else if (ctx.quirks.updateClearsOmitted) values[name] = '';
  }
  ctx.tenant.updateProperties(device, values);
  if ('deviceAccountUpn' in body) device.deviceAccountUpn = body.deviceAccountUpn ?? '';
  if ('deviceFriendlyName' in body) device.deviceFriendlyName = body.deviceFriendlyName ?? '';
  ctx.tenant.changed();
  return noContent();
});

const assignUser = withDevice((ctx, device) => {
  const body = actionBody(ctx, 'assignUserToDevice', ['userPrincipalName', 'addressableUserName']);
  if (isResponse(body)) return body;
  device.userPrincipalName = body.userPrincipalName ?? '';
  device.addressableUserName = body.addressableUserName ?? '';
  ctx.tenant.changed();
  return noContent();
});

const unassignUser = withDevice((ctx, device) => {
  device.userPrincipalName = '';
  device.addressableUserName = '';
  ctx.tenant.changed();
  return noContent();
});

const remove = withDevice((ctx, device) => {
  // memdocs: only Autopilot devices not enrolled in Intune can be deleted; the managed device goes first.
  if (
    (device.enrollmentState ?? '').toLowerCase() === 'enrolled' ||
    (device.managedDeviceId && !/^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(device.managedDeviceId))
  ) {
    return errors.intuneBadRequest(
      ctx.err,
      'The device is enrolled in Intune and cannot be deleted from Windows Autopilot. Delete the device from Intune first.',
    );
  }
  ctx.tenant.deleteDevice(device);
  return noContent();
});

/** Creating identities directly is documented but fails (docs-contrib #98): registration goes through imports. */
const create = (ctx: GraphContext): SandboxResponse => errors.badRequest(ctx.err, 'No method match route template');

const base = { area: 'intune' } as const;
const read = PERMISSIONS.intuneRead;
const write = PERMISSIONS.intuneWrite;

export const autopilotRoutes: Route[] = [
  { ...base, versions: BOTH, method: 'GET', path: SET, permissions: read, handler: list },
  { ...base, versions: BOTH, method: 'POST', path: SET, permissions: write, handler: create },
  { ...base, versions: BOTH, method: 'GET', path: `${SET}/$count`, permissions: read, handler: count },
  { ...base, versions: BOTH, method: 'GET', path: `${SET}/{id}`, permissions: read, handler: get },
  { ...base, versions: BOTH, method: 'DELETE', path: `${SET}/{id}`, permissions: write, handler: remove },
  {
    ...base,
    versions: BOTH,
    method: 'POST',
    path: `${SET}/{id}/updateDeviceProperties`,
    permissions: write,
    handler: updateDeviceProperties,
  },
  {
    ...base,
    versions: BOTH,
    method: 'POST',
    path: `${SET}/{id}/assignUserToDevice`,
    permissions: write,
    handler: assignUser,
  },
  {
    ...base,
    versions: BOTH,
    method: 'POST',
    path: `${SET}/{id}/unassignUserFromDevice`,
    permissions: write,
    handler: unassignUser,
  },
  {
    ...base,
    versions: BETA,
    method: 'GET',
    path: `${SET}/{id}/deploymentProfile`,
    permissions: read,
    handler: navigation('deploymentProfile'),
  },
  {
    ...base,
    versions: BETA,
    method: 'GET',
    path: `${SET}/{id}/intendedDeploymentProfile`,
    permissions: read,
    handler: navigation('intendedDeploymentProfile'),
  },
];
