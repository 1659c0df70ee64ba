import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import type { AutopilotApi, ImportItem } from '../../../../electron/core/graph/autopilot-api';
import { GraphError } from '../../../../electron/core/graph/errors';
import { silentLogger, type Logger } from '../../../../electron/core/graph/logger';
import { Optimisations } from '../../../../electron/core/graph/optimisations';
import type { Capabilities } from '../../../../electron/core/graph/permissions';
import type {
  AutopilotIdentity,
  DeploymentProfile,
  Group,
  ImportedIdentity,
  ProfileAssignment,
} from '../../../../electron/core/graph/schemas';
import { CostModel } from '../../../../electron/core/pipeline/observe';
import type { ChainSource } from '../../../../electron/core/pipeline/stage-checks';
import { VirtualClock } from '../../../../electron/core/pipeline/virtual-clock';
import { Journal } from '../../../../electron/core/store/journal';
import { newJournalDevice } from '../../../../electron/core/store/records';
import type { JournalDevice } from '../../../../electron/core/store/types';

/** A registered device as Graph lists it, with the fields the engine reads. */
export function identity(patch: Partial<AutopilotIdentity> = {}): AutopilotIdentity {
  return {
    id: 'ap-1',
    serialNumber: 'SER1',
    groupTag: 'OD-RETAIL',
    manufacturer: 'HP',
    model: 'X',
    enrollmentState: 'notContacted',
    managedDeviceId: '00000000-0000-0000-0000-000000000000',
    userPrincipalName: '',
    addressableUserName: '',
    displayName: '',
    azureActiveDirectoryDeviceId: '',
    azureAdDeviceId: '',
    deploymentProfileAssignmentStatus: 'notAssigned',
    deploymentProfileAssignmentDetailedStatus: 'none',
    remediationState: 'noRemediationRequired',
    deploymentProfileAssignedDateTime: null,
    deploymentProfile: null,
    intendedDeploymentProfile: null,
    ...patch,
  };
}

/** An import record of one serial. */
export function importRecord(
  patch: Partial<Omit<ImportedIdentity, 'state'>> & { state?: Partial<ImportedIdentity['state']> } = {},
): ImportedIdentity {
  const { state, ...rest } = patch;
  return {
    id: 'imp-1',
    serialNumber: 'SER1',
    groupTag: 'OD-RETAIL',
    importId: '',
    hardwareIdentifier: 'H',
    assignedUserPrincipalName: '',
    ...rest,
    state: {
      deviceImportStatus: 'pending',
      deviceRegistrationId: '',
      deviceErrorCode: 0,
      deviceErrorName: '',
      ...state,
    },
  };
}

/** A Graph failure with this status. */
export function graphError(status: number, message = `HTTP ${status}`, code = 'x'): GraphError {
  return new GraphError(message, status, code, 'GET', '/x');
}

/** A tenant of the Autopilot API in memory: what it lists, what it was asked (`calls`), what it refuses (`fail`). */
export class FakeAutopilot {
  readonly calls: string[] = [];
  identities: AutopilotIdentity[] = [];
  imports: ImportedIdentity[] = [];
  profiles: DeploymentProfile[] = [];
  assignments = new Map<string, ProfileAssignment[]>();
  groupList: Group[] = [];
  /** Group id -> Entra device ids. */
  members = new Map<string, Set<string>>();
  /** Profile id -> registered device ids it is assigned to. */
  assigned = new Map<string, Set<string>>();
  /** Method name -> the error it throws (until removed). */
  readonly fail = new Map<string, Error>();
  syncAnswer: { outcome: 'started' | 'busy' | 'too-soon'; retryAfterMs?: number } = { outcome: 'started' };
  /** What an upload creates (default: a pending record of the item's serial). */
  onImport: (item: ImportItem, n: number) => ImportedIdentity = (item, n) =>
    importRecord({ id: `imp-${n}`, serialNumber: item.serialNumber, hardwareIdentifier: item.hardwareIdentifier });
  /** Runs before each call is answered: lets a test move the tenant on with the clock. */
  onCall: (name: string) => void = () => undefined;
  private uploads = 0;
  readonly optimisations: Optimisations;

  constructor(readonly clock: VirtualClock) {
    this.optimisations = new Optimisations(() => clock.now(), silentLogger);
  }

  /** The fake as the engine's type. */
  get api(): AutopilotApi {
    return this as unknown as AutopilotApi;
  }

  /** Records a call and answers it as a request would: later, or with the error set for it. */
  private async call(name: string, detail = ''): Promise<void> {
    await Promise.resolve();
    this.calls.push(detail ? `${name} ${detail}` : name);
    this.onCall(name);
    const error = this.fail.get(name);
    if (error) throw error;
  }

  /** Calls made to one method. */
  count(name: string): number {
    return this.calls.filter((call) => call === name || call.startsWith(`${name} `)).length;
  }

  async identitiesBySerial(serials: string[]): Promise<Map<string, AutopilotIdentity[]>> {
    await this.call('identitiesBySerial', serials.join(','));
    return new Map(
      serials.map((s) => [s, this.identities.filter((i) => i.serialNumber.toUpperCase() === s.toUpperCase())]),
    );
  }

  async listIdentities(): Promise<AutopilotIdentity[]> {
    await this.call('listIdentities');
    return this.identities;
  }

  async identity(id: string): Promise<AutopilotIdentity | null> {
    await this.call('identity', id);
    return this.identities.find((i) => i.id === id) ?? null;
  }

  async importOne(item: ImportItem): Promise<ImportedIdentity> {
    await this.call('importOne', item.serialNumber);
    const record = this.onImport(item, (this.uploads += 1));
    this.imports.push(record);
    return record;
  }

  async importDevices(items: ImportItem[]): Promise<ImportedIdentity[]> {
    await this.call('importDevices', items.map((item) => item.serialNumber).join(','));
    const records = items.map((item) => this.onImport(item, (this.uploads += 1)));
    this.imports.push(...records);
    return records;
  }

  async listImported(): Promise<ImportedIdentity[]> {
    await this.call('listImported');
    return this.imports;
  }

  async importedBySerial(serial: string): Promise<ImportedIdentity[]> {
    await this.call('importedBySerial', serial);
    return this.imports.filter((record) => record.serialNumber === serial);
  }

  async importedByIds(ids: string[]): Promise<Map<string, ImportedIdentity | null>> {
    await this.call('importedByIds', ids.join(','));
    return new Map(ids.map((id) => [id, this.imports.find((record) => record.id === id) ?? null]));
  }

  async deleteImported(ids: string[]): Promise<void> {
    await this.call('deleteImported', ids.join(','));
    this.imports = this.imports.filter((record) => !ids.includes(record.id));
  }

  async updateDeviceProperties(id: string, properties: Record<string, string>): Promise<void> {
    await this.call('updateDeviceProperties', `${id} ${JSON.stringify(properties)}`);
  }

  async deleteIdentity(id: string): Promise<void> {
    await this.call('deleteIdentity', id);
  }

  async trySync(): Promise<{ outcome: 'started' | 'busy' | 'too-soon'; retryAfterMs?: number }> {
    await this.call('trySync');
    return this.syncAnswer;
  }

  async listProfiles(): Promise<DeploymentProfile[]> {
    await this.call('listProfiles');
    return this.profiles;
  }

  async profileAssignments(ids: string[]): Promise<Map<string, ProfileAssignment[]>> {
    await this.call('profileAssignments');
    return new Map(ids.map((id) => [id, this.assignments.get(id) ?? []]));
  }

  async groups(ids: string[]): Promise<Map<string, Group>> {
    await this.call('groups');
    return new Map(this.groupList.filter((g) => ids.includes(g.id)).map((g) => [g.id, g]));
  }

  async listTagGroups(): Promise<Group[]> {
    await this.call('listTagGroups');
    return this.groupList;
  }

  async groupDeviceIds(groupId: string, _signal?: AbortSignal, onPage?: () => void): Promise<Set<string>> {
    await this.call('groupDeviceIds', groupId);
    onPage?.();
    return new Set([...(this.members.get(groupId) ?? [])].map((id) => id.toLowerCase()));
  }

  async deviceGroups(entraIds: string[]): Promise<Map<string, Set<string> | null>> {
    await this.call('deviceGroups', entraIds.join(','));
    return new Map(
      entraIds.map((id) => [id, new Set([...this.members].filter(([, set]) => set.has(id)).map(([group]) => group))]),
    );
  }

  async profileAssignedDevices(profileId: string): Promise<Set<string>> {
    await this.call('profileAssignedDevices', profileId);
    return this.assigned.get(profileId) ?? new Set();
  }

  /**
   * A profile targeting one dynamic group whose rule selects `tag`, created at `created`: the tenant's
   * tag -> group -> profile chain.
   */
  chain(tag: string, profileId: string, groupId: string, created = '2026-01-01T00:00:00Z'): void {
    this.profiles.push({
      id: profileId,
      displayName: `Profile ${profileId}`,
      createdDateTime: created,
      '@odata.type': '',
    });
    this.assignments.set(profileId, [
      ...(this.assignments.get(profileId) ?? []),
      { id: `${profileId}-${groupId}`, target: { '@odata.type': '#microsoft.graph.groupAssignmentTarget', groupId } },
    ]);
    if (!this.groupList.some((g) => g.id === groupId))
      this.groupList.push({
        id: groupId,
        displayName: `Group ${groupId}`,
        membershipRule: `(device.devicePhysicalIds -any (_ -eq "[OrderID]:${tag}"))`,
        membershipRuleProcessingState: 'On',
        groupTypes: ['DynamicMembership'],
      });
  }
}

/** A logger that keeps what it was told. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    debug: () => undefined,
    info: (message, context) => lines.push(`info ${message}${context ? ` ${JSON.stringify(context)}` : ''}`),
    warn: (message, context) => lines.push(`warn ${message}${context ? ` ${JSON.stringify(context)}` : ''}`),
  };
}

/** A journal in a fresh folder on a virtual clock, with helpers to add devices; closed when the test finishes. */
export function openJournal(clock = new VirtualClock()): {
  clock: VirtualClock;
  journal: Journal;
  add: (patch?: Partial<JournalDevice>) => JournalDevice;
} {
  const journal = Journal.open(mkdtempSync(join(tmpdir(), 'pipeline-unit-')), clock);
  onTestFinished(() => journal.close());
  const add = (patch: Partial<JournalDevice> = {}): JournalDevice => {
    const at = new Date(clock.now()).toISOString();
    const serial = patch.serial ?? 'SER1';
    return journal.put({
      ...newJournalDevice({ serial, hardwareHash: 'H', groupTag: 'OD-RETAIL' }, at),
      target: 'ready',
      stageStartedAt: at,
      ...patch,
    });
  };
  return { clock, journal, add };
}

/** Every permission granted. */
export const ALL_CAPS: Capabilities = {
  roles: [],
  serviceConfig: true,
  deviceRead: true,
  groupRead: true,
  rolesUnknown: false,
};

/** The tenant's chains as the stage checks read them, nothing read yet. */
export function chainSource(tenant: FakeAutopilot, caps: Partial<Capabilities> = {}): ChainSource {
  return {
    api: tenant.api,
    caps: { ...ALL_CAPS, ...caps },
    clock: tenant.clock,
    readAt: -Infinity,
    tenant: null,
    warned: new Set(),
    cost: new CostModel(),
  };
}
