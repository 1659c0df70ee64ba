import type { AutopilotApi } from '../graph/autopilot-api';
import { GraphError } from '../graph/errors';
import type { AutopilotIdentity, ImportedIdentity } from '../graph/schemas';
import { journalKey } from '../store/records';
import type { JournalDevice } from '../store/types';

/** What one look at the tenant's registered devices found, per journal key. */
export interface IdentityLook {
  byKey: Map<string, AutopilotIdentity[]>;
  /** True when the identities came with their current profile expanded (per-device reads). */
  expanded: boolean;
}

/** Learns how many pages the full device list takes, to choose the cheaper way to look at N devices. */
export class CostModel {
  identityPages = 1;
  /** Pages of the import-record list (other tools may leave theirs behind). */
  importPages = 1;
  /** Pages the member list of each group took last time. */
  readonly groupPages = new Map<string, number>();
}

/**
 * Looks devices up in the tenant by serial, choosing the cheaper of: walking the whole device list (pages) or
 * one request per device (ids when known, else contains(serialNumber) with an exact match client-side).
 */
export async function lookIdentities(
  api: AutopilotApi,
  devices: JournalDevice[],
  cost: CostModel,
  signal?: AbortSignal,
): Promise<IdentityLook> {
  const byKey = new Map<string, AutopilotIdentity[]>();
  if (devices.length === 0) return { byKey, expanded: false };
  const wanted = new Set(devices.map((device) => device.key));
  if (devices.length >= cost.identityPages) {
    let pages = 0;
    const all = await api.listIdentities(signal, (seen) => {
      pages = seen;
      return seen < devices.length;
    });
    if (all) {
      cost.identityPages = Math.max(1, pages + 1);
      for (const identity of all) {
        const key = journalKey(identity.serialNumber);
        if (wanted.has(key)) byKey.set(key, [...(byKey.get(key) ?? []), identity]);
      }
      for (const key of wanted) if (!byKey.has(key)) byKey.set(key, []);
      return { byKey, expanded: false };
    }
    cost.identityPages = Math.max(cost.identityPages, pages + 1);
  }
  const withId = devices.filter((device) => device.autopilotDeviceId);
  const withoutId = devices.filter((device) => !device.autopilotDeviceId);
  const byId =
    withId.length > 0
      ? await api.identities(
          withId.map((device) => device.autopilotDeviceId ?? ''),
          signal,
        )
      : new Map<string, AutopilotIdentity | null>();
  for (const device of withId) {
    const identity = byId.get(device.autopilotDeviceId ?? '');
    // deviceRegistrationId standing for the device id is community knowledge, not documented: fall back to the serial.
    if (identity) byKey.set(device.key, [identity]);
    else withoutId.push(device);
  }
  if (withoutId.length > 0) {
    const found = await api.identitiesBySerial(
      withoutId.map((device) => device.serial),
      signal,
    );
    for (const device of withoutId) byKey.set(device.key, found.get(device.serial) ?? []);
  }
  return { byKey, expanded: withId.length > 0 };
}

/** Import records by id: the whole list or one read per record ($batch), whichever costs fewer requests. */
export async function lookImports(
  api: AutopilotApi,
  devices: JournalDevice[],
  cost: CostModel,
  signal?: AbortSignal,
): Promise<Map<string, ImportedIdentity | null>> {
  const out = new Map<string, ImportedIdentity | null>();
  const ids = devices.flatMap((device) => (device.importRecordId ? [device.importRecordId] : []));
  let byId: Map<string, ImportedIdentity | null>;
  if (ids.length < cost.importPages) {
    byId = await api.importedByIds(ids, signal);
  } else {
    let pages = 0;
    const records = await api.listImported(signal, () => (pages += 1));
    cost.importPages = Math.max(1, pages);
    byId = new Map(records.map((record) => [record.id, record]));
  }
  for (const device of devices)
    out.set(device.key, device.importRecordId ? (byId.get(device.importRecordId) ?? null) : null);
  return out;
}

/** Import records sent with one of these batch ids (for devices whose upload outcome is unknown). */
export async function importsByBatch(
  api: AutopilotApi,
  signal?: AbortSignal,
): Promise<Map<string, ImportedIdentity[]>> {
  const out = new Map<string, ImportedIdentity[]>();
  for (const record of await api.listImported(signal)) {
    const key = `${record.importId}|${journalKey(record.serialNumber)}`;
    out.set(key, [...(out.get(key) ?? []), record]);
  }
  return out;
}

/** Result of a group-membership look: per Entra deviceId, the target groups it is in; null when unobservable. */
export type GroupLook = { members: (groupId: string, entraDeviceId: string) => boolean } | null;

/**
 * Group membership with the cheapest call the permissions allow: members of each target group (one paged list
 * per group) when groups can be read and that costs fewer pages than devices, else memberOf per device in
 * $batch; null when neither is permitted.
 */
export async function lookGroups(
  api: AutopilotApi,
  groupIds: string[],
  entraIds: string[],
  canReadGroups: boolean,
  cost: CostModel,
  signal?: AbortSignal,
): Promise<GroupLook> {
  const memberPages = groupIds.reduce((sum, groupId) => sum + (cost.groupPages.get(groupId) ?? 1), 0);
  if (canReadGroups && memberPages <= entraIds.length) {
    try {
      const sets = new Map<string, Set<string>>();
      for (const groupId of groupIds) {
        let pages = 0;
        sets.set(groupId, await api.groupDeviceIds(groupId, signal, () => (pages += 1)));
        cost.groupPages.set(groupId, pages);
      }
      return { members: (groupId, entraId) => sets.get(groupId)?.has(entraId.toLowerCase()) ?? false };
    } catch (error) {
      if (!(error instanceof GraphError) || error.status !== 403) throw error;
    }
  }
  try {
    const groups = await api.deviceGroups(entraIds, signal);
    return { members: (groupId, entraId) => groups.get(entraId)?.has(groupId) ?? false };
  } catch (error) {
    if (error instanceof GraphError && error.status === 403) return null;
    throw error;
  }
}
