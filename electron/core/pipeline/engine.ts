import { EventEmitter } from 'node:events';
import { STAGES, isTerminal, type Stage } from '../../../shared/domain/device';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { AutopilotApi } from '../graph/autopilot-api';
import { silentLogger, type Logger } from '../graph/logger';
import type { Capabilities } from '../graph/permissions';
import type { Journal } from '../store/journal';
import { journalKey, newJournalDevice } from '../store/records';
import type { JournalDevice } from '../store/types';
import { resolveGroup, searchGroups, type GroupChoice } from '../graph/group-membership';
import { GraphError } from '../graph/errors';
import { addCorporateIdentifiers, type CorporateInput, type CorporateRejection } from './corporate';
import { deregisterDevice, type DeregisterResult } from './deregister';
import { Follower } from './follower';
import { prepareDevices } from './prepare';
import { retagInFlight } from './retag';
import { regroupInFlight, registrationTarget } from './static-groups';
import { changeRecords } from './record-change';
import { lookupRecords } from './record-lookup';
import { requestSync } from './sync';
import type { LookupResult, RecordActionResult, RecordChange, SyncAnswer } from '../../../shared/domain/tenant-record';
import { SharedRun } from './shared-run';
import { discoverTags } from './tags';
import type { TagChain } from './tag-chains';
import {
  DEFAULT_POLL,
  DEFAULT_TIMEOUTS,
  type DuplicateRow,
  type PollIntervals,
  type RegisterOptions,
  type RegistrationInput,
  type RunSummary,
  type StageEvent,
  type StageTimeouts,
} from './types';
import { deviceView } from './view';

/** What the engine needs: a tenant connection, the journal, a clock. */
export interface EngineDependencies {
  graph: { api: AutopilotApi; capabilities(): Promise<Capabilities> };
  journal: Journal;
  clock: Clock;
  logger?: Logger;
  timeouts?: Partial<StageTimeouts>;
  poll?: Partial<PollIntervals>;
  /** Tags the organisation configured (shown by tags() even when unused). */
  configuredTags?: string[];
  /** Devices in one import call (default 500, the documented CSV limit). */
  importBatchSize?: number;
  /** How long a changed record's new values may take to read back (default 15 minutes). */
  readBackTimeoutMs?: number;
  /** Ask for an Autopilot sync when an imported device is still not listed after this long (default 5 min). */
  syncAfterMs?: number;
}

/** The registration engine the CLI and the desktop app share. */
export interface RegistrationEngine {
  /** Registers devices and follows them until each reaches `waitFor` or a terminal state. */
  register(
    inputs: RegistrationInput[],
    options?: RegisterOptions,
    signal?: AbortSignal,
  ): Promise<RunSummary & { duplicates: DuplicateRow[] }>;
  /**
   * Adds devices as corporate identifiers for Windows Autopilot device preparation (manufacturer, model, serial);
   * each ends at "added as corporate identifier" or "failed". Rows that cannot be sent are returned, not thrown.
   */
  registerCorporate(
    inputs: CorporateInput[],
    signal?: AbortSignal,
  ): Promise<{ devices: ReturnType<typeof deviceView>[]; rejected: CorporateRejection[] }>;
  /** Groups whose display name starts with the words given, each saying whether a device can be added to it. */
  searchGroups(text: string, signal?: AbortSignal): Promise<GroupChoice[]>;
  /**
   * Static groups by object id or exact display name, for registerOptions.staticGroups; throws an AppError naming
   * the group when one is missing, ambiguous or cannot take devices (dynamic, Microsoft 365, not security).
   */
  resolveGroups(idsOrNames: string[], signal?: AbortSignal): Promise<{ id: string; name: string }[]>;
  /** Follows every device the journal has in flight (after a restart). */
  resume(signal?: AbortSignal): Promise<RunSummary>;
  /** Devices known to the journal (one serial, or all). */
  status(serial?: string): ReturnType<typeof deviceView>[];
  /** Deregisters a device (refuses when it is enrolled in Intune). */
  deregister(serial: string, signal?: AbortSignal): Promise<DeregisterResult>;
  /** The tenant's Autopilot records of serials, registered here or not (the service desk's look-up). */
  lookup(serials: string[], signal?: AbortSignal): Promise<LookupResult[]>;
  /** Changes tag, user and/or name of the records of serials and follows each to its read-back. */
  change(serials: string[], change: RecordChange, signal?: AbortSignal): Promise<RecordActionResult[]>;
  /** Asks for an Autopilot sync within the 10-minute rule. */
  requestSync(signal?: AbortSignal): Promise<SyncAnswer>;
  /** Tag -> group -> profile chains of the tenant. */
  tags(signal?: AbortSignal): Promise<{ chains: TagChain[]; skipped: string[] }>;
  /**
   * Subscribes to stage changes (and, with `notes`, to changes of what a device waits for, e.g. "assigned,
   * syncing with the Autopilot service"); returns the unsubscribe function.
   */
  onStage(listener: (event: StageEvent) => void, options?: { notes?: boolean }): () => void;
  /** Stops following (devices stay in the journal, in flight, for resume()) and waits until nothing runs. */
  stop(): Promise<void>;
}

const REQUIRED = 'DeviceManagementServiceConfig.ReadWrite.All';

/** Creates the engine (Electron-free; the app core and the CLI host it). */
export function createRegistrationEngine(deps: EngineDependencies): RegistrationEngine {
  const logger = deps.logger ?? silentLogger;
  const events = new EventEmitter();
  const lastStage = new Map<string, string>();
  const lastNote = new Map<string, string>();
  const event = (device: JournalDevice): StageEvent => ({
    serial: device.givenSerial || device.serial,
    ...(device.givenSerial && device.givenSerial !== device.serial ? { hashSerial: device.serial } : {}),
    stage: device.stage,
    at: device.updatedAt,
    notObservable: device.notObservable,
    skippedChecks: device.skippedChecks,
    device: deviceView(device),
    ...(device.problem
      ? {
          code: device.problem.code,
          reason: device.problem.reason,
          nextStep: device.problem.nextStep,
          failedStage: device.problem.stage,
        }
      : {}),
  });
  const emit = (device: JournalDevice): void => {
    lastNote.set(device.key, device.statusNote ?? '');
    events.emit('stage', event(device));
  };
  deps.journal.subscribe((device) => {
    const signature = `${device.stage}|${device.problem?.code ?? ''}`;
    if (lastStage.get(device.key) === signature) {
      if ((lastNote.get(device.key) ?? '') === (device.statusNote ?? '')) return;
      lastNote.set(device.key, device.statusNote ?? '');
      events.emit('note', event(device));
      return;
    }
    lastStage.set(device.key, signature);
    emit(device);
  });
  for (const device of deps.journal.all()) lastStage.set(device.key, `${device.stage}|${device.problem?.code ?? ''}`);

  // What the tenant said to each optimisation is remembered per tenant: a refusal is not tried again.
  const optimisations = deps.graph.api.optimisations;
  optimisations.load(deps.journal.metadata().optimisations);
  optimisations.onChange((verdicts) => {
    deps.journal.setMeta({ optimisations: verdicts });
    deps.journal.commit();
  });

  // Retry-After binds the app, not this process: a window given to an earlier run still holds after a restart.
  const pacer = deps.graph.api.graph.pacer;
  const savedGate = deps.journal.metadata().retryAfterUntil;
  if (savedGate && Date.parse(savedGate) > deps.clock.now()) pacer.closeGateUntil(Date.parse(savedGate));
  pacer.onGateClosed((untilMs) => {
    deps.journal.setMeta({ retryAfterUntil: new Date(untilMs).toISOString() });
    deps.journal.commit();
  });

  async function capabilities(): Promise<Capabilities> {
    const caps = await deps.graph.capabilities();
    if (!caps.serviceConfig) {
      throw new AppError(
        'permission-missing',
        `${REQUIRED} is not granted to the application: it is required to import, look up and follow devices. Grant it (application permission, with admin consent) and run again.`,
      );
    }
    return caps;
  }

  function summary(keys: Iterable<string>): RunSummary {
    const devices = [...keys].flatMap((key) => {
      const device = deps.journal.get(key);
      return device ? [device] : [];
    });
    const reachedTarget = (device: JournalDevice): boolean =>
      device.stage === 'ready' ||
      (device.target !== null &&
        !isTerminal(device.stage) &&
        STAGES.indexOf(device.stage as Stage) >= STAGES.indexOf(device.target));
    return {
      total: devices.length,
      ready: devices.filter((device) => device.stage === 'ready').length,
      reached: devices.filter(reachedTarget).length,
      failed: devices.filter((device) => device.stage === 'failed').length,
      timedOut: devices.filter((device) => device.stage === 'timed-out').length,
      devices: devices.map(deviceView),
    };
  }

  let caps: Capabilities | null = null;
  /** Resolves once the latest register call has written its devices to the journal. */
  let intake: Promise<void> = Promise.resolve();
  const shared = new SharedRun(
    deps.journal,
    () =>
      new Follower({
        api: deps.graph.api,
        journal: deps.journal,
        clock: deps.clock,
        logger,
        caps: caps as Capabilities,
        poll: { ...DEFAULT_POLL, ...deps.poll },
        importBatchSize: deps.importBatchSize ?? 500,
        syncAfterMs: deps.syncAfterMs ?? 5 * 60_000,
        configuredTags: deps.configuredTags ?? [],
      }),
  );

  async function follow(keys: string[], granted: Capabilities, signal?: AbortSignal): Promise<void> {
    caps = granted;
    await shared.follow(keys, signal);
  }

  return {
    async register(inputs, options = {}, signal) {
      // Calls write to the journal in the order they were made: the latest one's tag and user win.
      const previous = intake;
      let written!: () => void;
      intake = new Promise<void>((resolve) => (written = resolve));
      let granted: Capabilities;
      let duplicates: DuplicateRow[];
      const keys: string[] = [];
      try {
        await previous;
        granted = await capabilities();
        const batch = prepareDevices(inputs, options);
        duplicates = batch.duplicates;
        for (const duplicate of duplicates) logger.warn('duplicate row not sent on its own', { ...duplicate });
        const { devices } = batch;
        const now = deps.clock.now();
        const at = new Date(now).toISOString();
        const timeouts = { ...DEFAULT_TIMEOUTS, ...deps.timeouts, ...options.timeouts };
        const target = registrationTarget(options);
        const deadlineAt = options.overallTimeoutMs ? new Date(now + options.overallTimeoutMs).toISOString() : null;
        const staticGroups = (options.staticGroups ?? []).map((group) => ({ ...group, added: false }));
        for (const prepared of devices) {
          const key = journalKey(prepared.input.serial);
          keys.push(key);
          const existing = deps.journal.get(key);
          if (
            existing &&
            !isTerminal(existing.stage) &&
            existing.target !== null &&
            existing.kind !== 'corporate-identifier' &&
            !prepared.rejected
          ) {
            // In flight from an earlier run: keep its progress (never upload twice), adopt the new wishes; a new tag
            // or user is the latest intent and wins (see retagInFlight).
            // Listeners of this run learn where it stands (its earlier stage changes were told to an earlier run).
            emit(
              deps.journal.update(key, {
                target,
                timeouts,
                deadlineAt,
                replaceExisting: options.replaceExisting ?? existing.replaceExisting,
                queued: false,
                ...retagInFlight(existing, prepared.input, at),
                ...(options.staticGroups ? regroupInFlight(existing, staticGroups, at) : {}),
              }),
            );
            continue;
          }
          const fresh = newJournalDevice(prepared.input, at);
          deps.journal.put({
            ...fresh,
            importCount: existing?.importCount ?? 0,
            exportedAt: existing?.exportedAt ?? null,
            target,
            timeouts,
            deadlineAt,
            stageStartedAt: at,
            replaceExisting: options.replaceExisting ?? false,
            ...(staticGroups.length > 0 ? { staticGroups } : {}),
            ...(prepared.rejected ? { stage: 'failed', problem: prepared.rejected, target: null } : {}),
          });
        }
        deps.journal.commit();
      } finally {
        written();
      }
      await follow(keys, granted, signal);
      return { ...summary(keys), duplicates };
    },

    async registerCorporate(inputs, signal) {
      await capabilities();
      const { keys, rejected } = await addCorporateIdentifiers(
        { graph: deps.graph.api.graph, journal: deps.journal, clock: deps.clock },
        inputs,
        signal,
      );
      return { devices: summary(keys).devices, rejected };
    },

    searchGroups: (text, signal) => searchGroups(deps.graph.api.graph, text, signal),

    async resolveGroups(idsOrNames, signal) {
      // Checked before anything is imported, like the required permission.
      const granted = await capabilities();
      if (!granted.deviceRead)
        throw new AppError(
          'permission-missing',
          "Device.Read.All is not granted to the application: it is needed to find each device's Entra object to add it to static groups. Grant it (admin consent) or register without --group.",
        );
      if (granted.groupWrite === false)
        throw new AppError(
          'permission-missing',
          'GroupMember.ReadWrite.All (or Group.ReadWrite.All) is not granted to the application: it is needed to add devices to static groups, with Device.ReadWrite.All for an application. Grant them (admin consent) or register without --group.',
        );
      const out: { id: string; name: string }[] = [];
      for (const wanted of idsOrNames) {
        let group: GroupChoice;
        try {
          group = await resolveGroup(deps.graph.api.graph, wanted, signal);
        } catch (error) {
          if (
            error instanceof GraphError &&
            (error.graphCode === 'group-not-found' || error.graphCode === 'group-ambiguous')
          )
            throw new AppError('bad-input', `Static group: ${error.message}`);
          throw error;
        }
        if (!group.assignable)
          throw new AppError(
            'bad-input',
            `Static group "${group.displayName}" cannot take devices: ${group.reason ?? 'it is not an assigned security group'}. Pick an assigned security group.`,
          );
        if (!out.some((g) => g.id === group.id)) out.push({ id: group.id, name: group.displayName });
      }
      return out;
    },

    async resume(signal) {
      const keys = deps.journal
        .all()
        // A corporate identifier is added in one step; one cut short is added again by registering it again.
        .filter(
          (device) => device.target !== null && !isTerminal(device.stage) && device.kind !== 'corporate-identifier',
        )
        .map((device) => device.key);
      if (keys.length === 0) return summary([]);
      const granted = await capabilities();
      for (const key of keys) emit(deps.journal.get(key) as JournalDevice);
      await follow(keys, granted, signal);
      return summary(keys);
    },

    status(serial) {
      const devices = serial
        ? [deps.journal.get(serial)].filter((device): device is JournalDevice => device !== undefined)
        : deps.journal.all();
      return devices.map(deviceView);
    },

    async deregister(serial, signal) {
      await capabilities();
      return deregisterDevice(deps.graph.api, deps.journal, deps.clock, serial, signal);
    },

    async lookup(serials, signal) {
      return lookupRecords({ api: deps.graph.api, caps: await capabilities() }, serials, signal);
    },

    async change(serials, change, signal) {
      const granted = await capabilities();
      const pollMs = { ...DEFAULT_POLL, ...deps.poll }.identity;
      const ctx = { api: deps.graph.api, caps: granted, clock: deps.clock, pollMs };
      return changeRecords(
        deps.readBackTimeoutMs ? { ...ctx, readBackTimeoutMs: deps.readBackTimeoutMs } : ctx,
        serials,
        change,
        signal,
      );
    },

    async requestSync(signal) {
      await capabilities();
      return requestSync({ api: deps.graph.api, journal: deps.journal, clock: deps.clock, logger }, signal);
    },

    async tags(signal) {
      const caps = await deps.graph.capabilities();
      return discoverTags(deps.graph.api, caps, deps.journal, deps.configuredTags ?? [], signal);
    },

    stop: () => shared.stop(new AppError('stopped', 'The registration engine was stopped.')),

    onStage(listener, options = {}) {
      events.on('stage', listener);
      if (options.notes) events.on('note', listener);
      return () => {
        events.off('stage', listener);
        events.off('note', listener);
      };
    },
  };
}
