/** Beta-only: windowsAutopilotDeploymentProfiles (list, assignments, assignedDevices) and windowsAutopilotSettings/sync. */
import { PERMISSIONS } from './graph-auth';
import { contextUrl, jsonBody, keyOf, noContent, ok, type GraphContext } from './graph-context';
import { errors, graphError, intuneMessage } from './graph-errors';
import { BETA, type Route } from './graph-routes';
import type { SandboxResponse } from './http-types';
import { isoOrNever, type DeploymentProfile } from './model';
import { countResponse, entity, page } from './odata';
import { assignmentView, deviceView, profileView } from './views';

const PROFILES = 'deviceManagement/windowsAutopilotDeploymentProfiles';
const PROFILE_TYPE = 'microsoft.graph.windowsAutopilotDeploymentProfile';
const ASSIGNMENT_TYPE = 'microsoft.graph.windowsAutopilotDeploymentProfileAssignment';

function withProfile(fn: (ctx: GraphContext, profile: DeploymentProfile) => SandboxResponse) {
  return (ctx: GraphContext): SandboxResponse => {
    const id = keyOf(ctx.params.id).toLowerCase();
    const profile = ctx.tenant.data.profiles.find((p) => p.id.toLowerCase() === id);
    return profile ? fn(ctx, profile) : errors.intuneNotFound(ctx.err);
  };
}

const list = (ctx: GraphContext) => page(ctx, ctx.tenant.data.profiles.map(profileView), PROFILES, PROFILE_TYPE);
const count = (ctx: GraphContext) => countResponse(ctx.tenant.data.profiles.length);
const get = withProfile((ctx, profile) => entity(ctx, profileView(profile), `${PROFILES}/$entity`, PROFILE_TYPE));

const assignments = withProfile((ctx, profile) => {
  const items = ctx.tenant.data.assignments.filter((a) => a.profileId === profile.id).map(assignmentView);
  return page(ctx, items, `${PROFILES}('${profile.id}')/assignments`, ASSIGNMENT_TYPE);
});

const assignment = withProfile((ctx, profile) => {
  const id = keyOf(ctx.params.aid).toLowerCase();
  const found = ctx.tenant.data.assignments.find((a) => a.profileId === profile.id && a.id.toLowerCase() === id);
  if (!found) return errors.intuneNotFound(ctx.err);
  return entity(ctx, assignmentView(found), `${PROFILES}('${profile.id}')/assignments/$entity`, ASSIGNMENT_TYPE);
});

const createAssignment = withProfile((ctx, profile) => {
  const body = jsonBody(ctx);
  if (!body.ok) return body.response;
  const target = body.value.target as Record<string, unknown> | undefined;
  const rawKind = target?.['@odata.type'];
  const kind = (typeof rawKind === 'string' ? rawKind : '').replace(/^#microsoft\.graph\./, '');
  const groupId = typeof target?.groupId === 'string' ? target.groupId : null;
  if (!['groupAssignmentTarget', 'exclusionGroupAssignmentTarget', 'allDevicesAssignmentTarget'].includes(kind)) {
    return errors.intuneBadRequest(
      ctx.err,
      'The assignment target must be a group, an exclusion group or all devices.',
    );
  }
  if (kind !== 'allDevicesAssignmentTarget' && !ctx.tenant.data.groups.some((g) => g.id === groupId)) {
    return errors.intuneBadRequest(ctx.err, `Group '${groupId ?? ''}' was not found.`);
  }
  const created = {
    id: `${profile.id}_${groupId ?? 'alldevices'}_${kind === 'exclusionGroupAssignmentTarget' ? 1 : 0}`,
    profileId: profile.id,
    groupId: kind === 'allDevicesAssignmentTarget' ? null : groupId,
    exclusion: kind === 'exclusionGroupAssignmentTarget',
    createdAt: ctx.tenant.now(),
  };
  ctx.tenant.data.assignments = ctx.tenant.data.assignments.filter((a) => a.id !== created.id).concat(created);
  ctx.tenant.changed();
  return ok(
    {
      '@odata.context': contextUrl(ctx, `${PROFILES}('${profile.id}')/assignments/$entity`),
      ...assignmentView(created),
    },
    201,
  );
});

const deleteAssignment = withProfile((ctx, profile) => {
  const id = keyOf(ctx.params.aid).toLowerCase();
  const before = ctx.tenant.data.assignments.length;
  ctx.tenant.data.assignments = ctx.tenant.data.assignments.filter(
    (a) => !(a.profileId === profile.id && a.id.toLowerCase() === id),
  );
  if (ctx.tenant.data.assignments.length === before) return errors.intuneNotFound(ctx.err);
  ctx.tenant.changed();
  return noContent();
});

function assignedTo(ctx: GraphContext, profile: DeploymentProfile) {
  const now = ctx.tenant.now();
  return ctx.tenant
    .visibleDevices()
    .filter((d) => ctx.tenant.timeline.profileState(d, now).assignedProfileId === profile.id);
}

const assignedDevices = withProfile((ctx, profile) =>
  page(
    ctx,
    assignedTo(ctx, profile).map((d) => deviceView(ctx.tenant, d, 'beta')),
    `${PROFILES}('${profile.id}')/assignedDevices`,
    'microsoft.graph.windowsAutopilotDeviceIdentity',
  ),
);
const assignedDevicesCount = withProfile((ctx, profile) => countResponse(assignedTo(ctx, profile).length));

const settings = (ctx: GraphContext): SandboxResponse => {
  const state = ctx.tenant.syncState();
  return entity(
    ctx,
    {
      '@odata.type': '#microsoft.graph.windowsAutopilotSettings',
      id: ctx.tenant.data.settingsId,
      lastSyncDateTime: isoOrNever(state.lastSyncAt),
      lastManualSyncTriggerDateTime: isoOrNever(state.lastManualAt),
      syncStatus: state.status,
    },
    'deviceManagement/windowsAutopilotSettings/$entity',
    'microsoft.graph.windowsAutopilotSettings',
  );
};

/** 204 started; 409 while a sync runs; 429 within the 10-minute interval (reference §2.5). */
const sync = (ctx: GraphContext): SandboxResponse => {
  const outcome = ctx.tenant.triggerSync();
  if (outcome.kind === 'started') return noContent();
  if (outcome.kind === 'inProgress') {
    return graphError(ctx.err, 409, 'Conflict', intuneMessage(ctx.err, 'A sync is already in progress.'));
  }
  const seconds = Math.max(1, Math.ceil(outcome.retryAfterMs / 1000));
  return graphError(
    ctx.err,
    429,
    'TooManyRequests',
    intuneMessage(ctx.err, 'Too many requests: the minimum interval between sync actions is 10 minutes.'),
    {
      headers: { 'Retry-After': String(seconds) },
    },
  );
};

const base = { versions: BETA, area: 'intune' } as const;
const read = PERMISSIONS.profilesRead;
const write = PERMISSIONS.intuneWrite;

export const profileRoutes: Route[] = [
  { ...base, method: 'GET', path: PROFILES, permissions: read, handler: list },
  { ...base, method: 'GET', path: `${PROFILES}/$count`, permissions: read, handler: count },
  { ...base, method: 'GET', path: `${PROFILES}/{id}`, permissions: read, handler: get },
  { ...base, method: 'GET', path: `${PROFILES}/{id}/assignments`, permissions: read, handler: assignments },
  { ...base, method: 'POST', path: `${PROFILES}/{id}/assignments`, permissions: write, handler: createAssignment },
  { ...base, method: 'GET', path: `${PROFILES}/{id}/assignments/{aid}`, permissions: read, handler: assignment },
  {
    ...base,
    method: 'DELETE',
    path: `${PROFILES}/{id}/assignments/{aid}`,
    permissions: write,
    handler: deleteAssignment,
  },
  { ...base, method: 'GET', path: `${PROFILES}/{id}/assignedDevices`, permissions: read, handler: assignedDevices },
  {
    ...base,
    method: 'GET',
    path: `${PROFILES}/{id}/assignedDevices/$count`,
    permissions: read,
    handler: assignedDevicesCount,
  },
  {
    ...base,
    method: 'GET',
    path: 'deviceManagement/windowsAutopilotSettings',
    permissions: PERMISSIONS.intuneRead,
    handler: settings,
  },
  {
    ...base,
    method: 'POST',
    path: 'deviceManagement/windowsAutopilotSettings/sync',
    permissions: PERMISSIONS.syncWrite,
    handler: sync,
  },
];
