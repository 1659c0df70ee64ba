import {
  hardwareChangeOf,
  profileStatusWords,
  type LookupResult,
  type NamedRef,
  type TenantRecord,
} from '../../../shared/domain/tenant-record';
import type { AutopilotApi } from '../graph/autopilot-api';
import { GraphError } from '../graph/errors';
import type { Capabilities } from '../graph/permissions';
import type { AutopilotIdentity } from '../graph/schemas';
import { isEnrolled } from './enrolled';
import { chainFor, readTenantChains, type TagChain, type TenantChains } from './tag-chains';

/** What a look-up needs: the tenant's API and what the app may read. */
export interface LookupContext {
  api: AutopilotApi;
  caps: Capabilities;
}

/** A Graph date, or null for Intune's zero date "0001-01-01". */
function dateOrNull(value: unknown): string | null {
  return typeof value === 'string' && Date.parse(value) > Date.UTC(1971, 0, 1) ? value : null;
}

function profileRef(tenant: TenantChains | null, id: string | undefined | null): NamedRef | null {
  if (!id) return null;
  const found = tenant?.profiles.find((profile) => profile.id === id);
  return { id, name: found?.displayName || id };
}

/** Entra groups of each device (memberOf), named where group names can be read. */
async function entraGroupsOf(
  ctx: LookupContext,
  deviceIds: string[],
  signal?: AbortSignal,
): Promise<{ groups: Map<string, NamedRef[] | null>; note: string | null }> {
  const groups = new Map<string, NamedRef[] | null>();
  if (!ctx.caps.deviceRead)
    return { groups, note: 'Entra groups not shown: Device.Read.All is not granted to the application' };
  if (deviceIds.length === 0) return { groups, note: null };
  let memberOf: Map<string, Set<string> | null>;
  try {
    memberOf = await ctx.api.deviceGroups(deviceIds, signal);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    return { groups, note: `Entra groups could not be read: ${error.message}` };
  }
  const allIds = [...new Set([...memberOf.values()].flatMap((set) => (set ? [...set] : [])))];
  let names = new Map<string, string>();
  if (ctx.caps.groupRead && allIds.length > 0) {
    try {
      names = new Map([...(await ctx.api.groups(allIds, signal))].map(([id, group]) => [id, group.displayName]));
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
    }
  }
  for (const [deviceId, set] of memberOf)
    groups.set(deviceId, set ? [...set].map((id) => ({ id, name: names.get(id) || id })) : null);
  return { groups, note: null };
}

/** Why the record has the profile it has: the tag -> group -> profile chain and how the profiles compare. */
function explain(
  record: Pick<TenantRecord, 'groupTag' | 'assignedProfile' | 'intendedProfile' | 'entraGroups'>,
  chain: TagChain | null,
  tenant: TenantChains | null,
): string[] {
  if (!chain || !tenant) return [tenant?.skipped.join('; ') || 'The tag -> group -> profile chain could not be read.'];
  const tag = record.groupTag;
  const lines: string[] = [];
  const groupNames = chain.groups.map((group) => `"${group.displayName || group.id}"`).join(', ');
  if (!tag) lines.push('The record has no group tag.');
  else if (chain.groups.length === 0) lines.push(`No dynamic group's rule selects tag "${tag}".`);
  else if (!chain.profile) lines.push(`Tag "${tag}" -> ${groupNames} -> no deployment profile targets them.`);
  else
    lines.push(
      `Tag "${tag}" -> ${groupNames} -> "${chain.profile.displayName}"${chain.viaAllDevices ? ' (assigned to all devices)' : ''}.`,
    );
  if (tag && !chain.profile && !record.assignedProfile)
    lines.push('Intune reports no profile: the device gets none at OOBE until a profile targets one of its groups.');
  const assigned = record.assignedProfile;
  const accepted = chain.accepted?.map((item) => item.profile.id) ?? (chain.profile ? [chain.profile.id] : []);
  if (assigned && accepted.length > 0 && !accepted.includes(assigned.id)) {
    const targets = tenant.included.get(assigned.id) ?? [];
    const via = (record.entraGroups ?? []).filter((group) => targets.includes(group.id));
    lines.push(
      via.length > 0
        ? `Assigned "${assigned.name}" through group ${via.map((group) => `"${group.name}"`).join(', ')}: the device is in that group too, and the oldest profile wins.`
        : `Assigned "${assigned.name}", not the profile the tag leads to: an earlier assignment can linger after a tag change, or another group or an "All devices" assignment gives it.`,
    );
  } else if (assigned && !chain.profile && tag) {
    lines.push(`Assigned "${assigned.name}" by a group or assignment the tag's chain does not show.`);
  }
  const intended = record.intendedProfile;
  if (intended && intended.id !== assigned?.id)
    lines.push(`Intune intends "${intended.name}": the assignment is changing.`);
  return lines;
}

/** Builds the service desk's view of one record. */
function recordOf(
  listed: AutopilotIdentity,
  expanded: AutopilotIdentity | null,
  tenant: TenantChains | null,
  entra: { groups: Map<string, NamedRef[] | null>; note: string | null },
): TenantRecord {
  const entraDeviceId = listed.azureAdDeviceId || listed.azureActiveDirectoryDeviceId;
  const hardwareChange = hardwareChangeOf(listed.remediationState);
  // The status comes from the list answer (a by-id read has been reported to say "unknown", field notes B3);
  // the profiles come from the expanded by-id read.
  const detail = listed.deploymentProfileAssignmentDetailedStatus;
  const entraGroups = entraDeviceId ? (entra.groups.get(entraDeviceId) ?? null) : null;
  const partial = {
    groupTag: listed.groupTag,
    assignedProfile: profileRef(tenant, expanded?.deploymentProfile?.id),
    intendedProfile: profileRef(tenant, expanded?.intendedDeploymentProfile?.id),
    entraGroups,
  };
  const chain = tenant?.rulesReadable ? chainFor(tenant, listed.groupTag) : null;
  return {
    id: listed.id,
    serialNumber: listed.serialNumber,
    manufacturer: listed.manufacturer,
    model: listed.model,
    assignedUser: listed.userPrincipalName,
    deviceName: listed.displayName,
    profileStatus: listed.deploymentProfileAssignmentStatus,
    profileStatusText: profileStatusWords(listed.deploymentProfileAssignmentStatus, hardwareChange, detail),
    hardwareChange,
    assignedAt: listed.deploymentProfileAssignedDateTime,
    chain: chain
      ? {
          groups: chain.groups.map((group) => ({ id: group.id, name: group.displayName || group.id })),
          profile: chain.profile ? { id: chain.profile.id, name: chain.profile.displayName } : null,
          viaAllDevices: chain.viaAllDevices,
        }
      : null,
    why: explain(partial, chain, tenant),
    enrollmentState: listed.enrollmentState,
    enrolled: isEnrolled(listed),
    managedDeviceId: listed.managedDeviceId,
    entraDeviceId,
    entraNote: entraDeviceId ? (entraGroups === null ? entra.note || 'No Entra device object found.' : null) : null,
    lastContactedAt: dateOrNull((listed as Record<string, unknown>).lastContactedDateTime),
    ...partial,
  };
}

/**
 * Looks serials up in the tenant as the field-proven tools do: `contains(serialNumber,…)` with the exact match
 * made here, then each record by id with its profiles expanded; the tag chain and the Entra device's groups
 * explain the profile. Every serial is answered, found or not.
 */
export async function lookupRecords(
  ctx: LookupContext,
  serials: string[],
  signal?: AbortSignal,
): Promise<LookupResult[]> {
  const found = await ctx.api.identitiesBySerial(serials, signal);
  const listed = serials.flatMap((serial) => found.get(serial) ?? []);
  if (listed.length === 0) return serials.map((serial) => ({ serial, records: [] }));
  const expanded = await ctx.api.identities(
    listed.map((identity) => identity.id),
    signal,
  );
  let tenant: TenantChains | null = null;
  try {
    tenant = await readTenantChains(ctx.api, ctx.caps, signal);
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
  }
  const entraIds = [
    ...new Set(listed.map((identity) => identity.azureAdDeviceId || identity.azureActiveDirectoryDeviceId)),
  ].filter(Boolean);
  const entra = await entraGroupsOf(ctx, entraIds, signal);
  return serials.map((serial) => ({
    serial,
    records: (found.get(serial) ?? []).map((identity) =>
      recordOf(identity, expanded.get(identity.id) ?? null, tenant, entra),
    ),
  }));
}

/** One record by id, as the service desk shows it (null when gone). */
export async function recordById(ctx: LookupContext, id: string, signal?: AbortSignal): Promise<TenantRecord | null> {
  const identity = await ctx.api.identity(id, signal);
  if (!identity) return null;
  const [result] = await lookupRecords(ctx, [identity.serialNumber], signal);
  return result?.records.find((record) => record.id === id) ?? null;
}
