import type { AutopilotApi } from '../graph/autopilot-api';
import { GraphError } from '../graph/errors';
import { isTransient, isUnexpected } from '../graph/optimisations';
import type { AutopilotIdentity, ImportedIdentity } from '../graph/schemas';
import type { JournalMeta } from '../store/types';
import { journalKey } from '../store/records';
import type { JournalDevice } from '../store/types';

/** What one look at the tenant's registered devices found, per journal key. */
export interface IdentityLook {
  byKey: Map<string, AutopilotIdentity[]>;
}

/**
 * A list walk pays for itself only when it takes fewer pages than the devices it replaces. Until a list was
 * walked once its length is unknown: runs this small never try (so a small run never costs more per device
 * than per-device reads), larger ones try and give up at half their device count.
 */
export const WALK_WITHOUT_KNOWING = 25;

/** Pages each list took when last walked (kept in the journal: the choice is per tenant). */
export class CostModel {
  identityPages: number | null;
  importPages: number | null;
  /** Pages the member list of each group took last time. */
  readonly groupPages = new Map<string, number>();

  constructor(known: JournalMeta['listPages'] = {}) {
    this.identityPages = known.identities ?? null;
    this.importPages = known.imports ?? null;
  }

  /** What to keep in the journal. */
  snapshot(): NonNullable<JournalMeta['listPages']> {
    return {
      ...(this.identityPages !== null ? { identities: this.identityPages } : {}),
      ...(this.importPages !== null ? { imports: this.importPages } : {}),
    };
  }
}

function walkPays(pages: number | null, wanted: number): boolean {
  return pages !== null ? pages < wanted : wanted > WALK_WITHOUT_KNOWING;
}

/**
 * Looks devices up in the tenant by serial: one walk of the device list when the tenant accepts it and it is
 * cheaper, otherwise (and on any unexpected answer to the walk) the proven call per device,
 * contains(serialNumber) with an exact match here.
 */
export async function lookIdentities(
  api: AutopilotApi,
  devices: JournalDevice[],
  cost: CostModel,
  signal?: AbortSignal,
): Promise<IdentityLook> {
  const byKey = new Map<string, AutopilotIdentity[]>();
  if (devices.length === 0) return { byKey };
  const wanted = new Set(devices.map((device) => device.key));
  const optimisations = api.optimisations;
  if (optimisations.enabled('identity-list') && walkPays(cost.identityPages, devices.length)) {
    let pages = 0;
    try {
      const all = await api.listIdentities(
        signal,
        (seen) => {
          pages = seen;
          return seen < Math.max(1, Math.floor(devices.length / 2));
        },
        3,
      );
      if (all) {
        optimisations.accepted('identity-list');
        cost.identityPages = Math.max(1, pages);
        for (const identity of all) {
          const key = journalKey(identity.serialNumber);
          if (wanted.has(key)) byKey.set(key, [...(byKey.get(key) ?? []), identity]);
        }
        for (const key of wanted) if (!byKey.has(key)) byKey.set(key, []);
        return { byKey };
      }
      // Cut short: the list is longer than this run's devices are worth.
      cost.identityPages = Math.max(pages + 1, devices.length);
    } catch (error) {
      if (!isUnexpected(error) && !isTransient(error)) throw error;
      if (isUnexpected(error)) optimisations.refuse('identity-list', error);
    }
  }
  const found = await api.identitiesBySerial(
    devices.map((device) => device.serial),
    signal,
  );
  for (const device of devices) byKey.set(device.key, found.get(device.serial) ?? []);
  return { byKey };
}

/** Import records by id: one read per record (proven), or one walk of the list when accepted and cheaper. */
export async function lookImports(
  api: AutopilotApi,
  devices: JournalDevice[],
  cost: CostModel,
  signal?: AbortSignal,
): Promise<Map<string, ImportedIdentity | null>> {
  const out = new Map<string, ImportedIdentity | null>();
  const ids = devices.flatMap((device) => (device.importRecordId ? [device.importRecordId] : []));
  let byId: Map<string, ImportedIdentity | null> | null = null;
  const optimisations = api.optimisations;
  if (optimisations.enabled('import-list') && walkPays(cost.importPages, ids.length)) {
    try {
      let pages = 0;
      const records = await api.listImported(signal, () => (pages += 1), 3);
      optimisations.accepted('import-list');
      cost.importPages = Math.max(1, pages);
      byId = new Map(records.map((record) => [record.id, record]));
    } catch (error) {
      if (!isUnexpected(error) && !isTransient(error)) throw error;
      if (isUnexpected(error)) optimisations.refuse('import-list', error);
    }
  }
  byId ??= await api.importedByIds(ids, signal);
  for (const device of devices)
    out.set(device.key, device.importRecordId ? (byId.get(device.importRecordId) ?? null) : null);
  return out;
}

/** Base64 text compared as the service stores it (no white space). */
function sameHash(a: string, b: string): boolean {
  return a.replace(/\s/g, '') === b.replace(/\s/g, '');
}

/**
 * Import records of these devices, matched by serial AND hash (never by importId, which is not documented to
 * read back): one walk of the list where accepted, else contains(serialNumber) per device.
 */
export async function importsOf(
  api: AutopilotApi,
  devices: JournalDevice[],
  signal?: AbortSignal,
): Promise<Map<string, ImportedIdentity[]>> {
  const out = new Map<string, ImportedIdentity[]>(devices.map((device) => [device.key, []]));
  const match = (device: JournalDevice, record: ImportedIdentity): boolean =>
    journalKey(record.serialNumber) === device.key &&
    (record.hardwareIdentifier === '' || sameHash(record.hardwareIdentifier, device.hardwareHash));
  const optimisations = api.optimisations;
  if (optimisations.enabled('import-list') && devices.length > 1) {
    try {
      const records = await api.listImported(signal, undefined, 3);
      optimisations.accepted('import-list');
      for (const device of devices)
        out.set(
          device.key,
          records.filter((record) => match(device, record)),
        );
      return out;
    } catch (error) {
      if (!isUnexpected(error) && !isTransient(error)) throw error;
      if (isUnexpected(error)) optimisations.refuse('import-list', error);
    }
  }
  for (const device of devices) {
    const records = await api.importedBySerial(device.serial, signal);
    out.set(
      device.key,
      records.filter((record) => match(device, record)),
    );
  }
  return out;
}

/** Result of a group-membership look: per Entra deviceId, the target groups it is in; null when unobservable. */
export type GroupLook = { members: (groupId: string, entraDeviceId: string) => boolean } | null;

/**
 * Group membership with the cheapest call the permissions allow: members of each target group (one paged list
 * per group) when groups can be read and that costs fewer pages than devices, else memberOf per device; null
 * when neither is permitted.
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
      if (!(error instanceof GraphError) || (error.status !== 403 && !isUnexpected(error))) throw error;
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
