import type { AutopilotIdentity } from '../../../../electron/core/graph/schemas';
import { Follower } from '../../../../electron/core/pipeline/follower';
import { DEFAULT_POLL, DEFAULT_TIMEOUTS } from '../../../../electron/core/pipeline/types';
import type { JournalDevice } from '../../../../electron/core/store/types';
import { ALL_CAPS, FakeAutopilot, identity, openJournal, recordingLogger } from './fake-autopilot';

export const MINUTE = 60_000;

/** When, after its upload, the in-memory service moves a device on (ms; undefined: never). */
export interface Script {
  /** The import record turns complete (or `importError` when set). */
  importMs?: number;
  importError?: { code: number; name: string };
  /** The device is listed as registered. */
  listedMs?: number;
  /** The device joins the tag's dynamic group. */
  memberMs?: number;
  /** The tag's profile is assigned, out of sync with the Autopilot service... */
  assignedMs?: number;
  /** ...until this long after the upload, or until this long after a sync (whichever comes first). */
  inSyncMs?: number;
  inSyncAfterSyncMs?: number;
}

/** A dynamic group that selects `tag` and that no deployment profile targets: the tag leads to no profile. */
export function groupWithoutProfile(tenant: FakeAutopilot, tag: string): void {
  tenant.groupList.push({
    id: 'grp-none',
    displayName: 'No profile',
    membershipRule: `(device.devicePhysicalIds -any (_ -eq "[OrderID]:${tag}"))`,
    membershipRuleProcessingState: 'On',
    groupTypes: ['DynamicMembership'],
  });
}

/** A follower over the in-memory tenant, whose devices move on by the script as virtual time passes. */
export function followerOn(script: Script, options: { caps?: Partial<typeof ALL_CAPS>; syncAfterMs?: number } = {}) {
  const { clock, journal, add } = openJournal();
  const tenant = new FakeAutopilot(clock);
  tenant.chain('OD-RETAIL', 'prof-1', 'grp-1');
  const logger = recordingLogger();
  const uploadedAt = new Map<string, number>();
  const tags = new Map<string, string>();
  /** Every call with the minute it was made at (from the start). */
  const timeline: [string, number][] = [];
  const start = clock.now();
  let syncedAt = Infinity;
  const base = tenant.onImport;
  tenant.onImport = (item, n) => {
    uploadedAt.set(item.serialNumber, clock.now());
    tags.set(item.serialNumber, item.groupTag);
    return base(item, n);
  };
  tenant.onCall = (name) => {
    const now = clock.now();
    timeline.push([name, (now - start) / MINUTE]);
    if (name === 'trySync' && tenant.syncAnswer.outcome === 'started') syncedAt = Math.min(syncedAt, now);
    const due = (serial: string, ms: number | undefined): boolean =>
      ms !== undefined && now - (uploadedAt.get(serial) ?? Infinity) >= ms;
    tenant.imports = tenant.imports.map((record) => {
      if (record.state.deviceImportStatus !== 'pending' || !due(record.serialNumber, script.importMs)) return record;
      const error = script.importError;
      return {
        ...record,
        state: error
          ? {
              deviceImportStatus: 'error',
              deviceRegistrationId: '',
              deviceErrorCode: error.code,
              deviceErrorName: error.name,
            }
          : {
              deviceImportStatus: 'complete',
              deviceRegistrationId: `ap-${record.serialNumber}`,
              deviceErrorCode: 0,
              deviceErrorName: '',
            },
      };
    });
    for (const serial of uploadedAt.keys()) {
      if (due(serial, script.listedMs) && !tenant.identities.some((item) => item.serialNumber === serial))
        tenant.identities.push(
          identity({
            id: `ap-${serial}`,
            serialNumber: serial,
            azureAdDeviceId: `e-${serial}`,
            groupTag: tags.get(serial),
          }),
        );
      if (due(serial, script.memberMs))
        for (const group of tenant.groupList)
          tenant.members.set(group.id, new Set([...(tenant.members.get(group.id) ?? []), `e-${serial}`]));
      if (!due(serial, script.assignedMs)) continue;
      const inSync =
        due(serial, script.inSyncMs) ||
        (script.inSyncAfterSyncMs !== undefined && now - syncedAt >= script.inSyncAfterSyncMs);
      const patch: Partial<AutopilotIdentity> = {
        deploymentProfileAssignmentStatus: inSync ? 'assignedInSync' : 'assignedOutOfSync',
        deploymentProfileAssignedDateTime: new Date(now).toISOString(),
      };
      tenant.identities = tenant.identities.map((item) =>
        item.serialNumber === serial ? { ...item, ...patch } : item,
      );
      tenant.assigned.set('prof-1', new Set([...(tenant.assigned.get('prof-1') ?? []), `ap-${serial}`]));
    }
  };
  const follower = new Follower({
    api: tenant.api,
    journal,
    clock,
    logger,
    caps: { ...ALL_CAPS, ...options.caps },
    poll: DEFAULT_POLL,
    importBatchSize: 500,
    syncAfterMs: options.syncAfterMs ?? 5 * MINUTE,
    configuredTags: [],
  });
  /** Adds a device to the journal and the run. */
  const device = (patch: Partial<JournalDevice> = {}): JournalDevice => {
    const added = add({ timeouts: DEFAULT_TIMEOUTS, ...patch });
    follower.add([added.key]);
    return added;
  };
  /** Minutes from the start of the run until the device reached `stage`. */
  const minuteOf = (stage: keyof JournalDevice['stageTimes'], serial = 'SER1'): number =>
    (Date.parse(journal.get(serial)?.stageTimes[stage] ?? '') - start) / MINUTE;
  /** Minutes at which `name` was called. */
  const callsOf = (name: string): number[] => timeline.filter(([call]) => call === name).map(([, at]) => at);
  return { clock, journal, tenant, logger, follower, device, minuteOf, callsOf, timeline };
}
