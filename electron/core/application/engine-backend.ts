import type { Logger } from '../graph/logger';
import { isTerminal, type Stage } from '../../../shared/domain/device';
import type { DoctorReport, TenantMode } from '../../../shared/ipc/settings-schemas';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import { connectTenant, type TenantSettings } from '../graph/connection';
import { runDoctor } from '../graph/doctor';
import { NETWORK_NEXT_STEP } from '../graph/network-failure';
import type { FetchLike, NetworkProvider } from '../graph/transport';
import { createRegistrationEngine } from '../pipeline/engine';
import type { PollIntervals, RegistrationInput, StageEvent, StageTimeouts } from '../pipeline/types';
import { Journal, tenantJournalDir } from '../store/index';
import { journalKey } from '../store/records';
import { deviceIdentity, existingRecordReused } from './device-records';
import type { BackendListener, BackendTag, RegistrationBackend } from './registration-backend';

/** What the engine backend is built from. */
export interface EngineBackendOptions {
  mode: TenantMode;
  tenant: TenantSettings;
  /** Where the tenant's journal lives. */
  stateDir: string;
  clock: Clock;
  onUpdate: BackendListener;
  poll?: Partial<PollIntervals>;
  timeouts?: Partial<StageTimeouts>;
  configuredTags?: string[];
  /** Runs after the engine stops (e.g. stopping the sandbox tenant). */
  onClose?: () => Promise<void>;
  /** Electron's network stack (OS trust store and proxy) in the desktop app; the Node transport otherwise. */
  network?: NetworkProvider;
  /** Wraps the transport (a virtual clock holds time while a request is in flight). */
  wrapFetch?: (fetch: FetchLike) => FetchLike;
  /** Told about failures no device can carry (resuming the journal's devices). */
  onError?: (what: string, error: unknown) => void;
  /** Warnings of the engine and the Graph layer (e.g. an optimisation the tenant refused). */
  logger?: Logger;
}

function problemOf(error: unknown): { code: string; reason: string; nextStep: string } {
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof AppError ? error.code : 'engine-error';
  const nextStep =
    code === 'network'
      ? NETWORK_NEXT_STEP
      : code === 'permission-missing'
        ? 'Grant the permission to the app registration (with admin consent), then use "Test connection" and retry.'
        : code === 'auth'
          ? 'Check the tenant id, client id and secret or certificate in Settings, then retry.'
          : 'Check the connection with "Test connection" in Settings, then retry.';
  return { code, reason: message, nextStep };
}

/** The pre-flight as the renderer shows it ("Test connection"). */
export function doctorView(report: Awaited<ReturnType<typeof runDoctor>>, target: string): DoctorReport {
  return {
    target,
    signIn: { ok: report.signIn.ok, message: report.signIn.detail },
    permissions: report.permissions.map((p) => ({
      name: p.name,
      level: p.level,
      granted: p.granted,
      unlocks: p.unlocks,
    })),
    checks: [
      ...report.areas.map((a) => ({ area: a.area, ok: a.ok, message: `${a.request}: ${a.detail}` })),
      ...report.optimisations.map((o) => ({
        area: `Optimisation: ${o.what}`,
        ok: true,
        message:
          o.verdict === 'refused'
            ? `refused by this tenant; ${o.fallback} is used instead`
            : o.verdict === 'accepted'
              ? 'accepted by this tenant'
              : 'not tried yet (the field-proven call is the fallback)',
      })),
      {
        area: 'Network',
        ok: true,
        message: `proxy: ${report.network.proxy}; trusted roots: ${report.network.trust}`,
      },
    ],
  };
}

/** Registers through the registration engine (journal, Graph client, MSAL) against the sandbox or a real tenant. */
export function createEngineBackend(options: EngineBackendOptions): RegistrationBackend {
  const { clock, onUpdate } = options;
  const connection = connectTenant(options.tenant, {
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.network ? { network: options.network } : {}),
    ...(options.wrapFetch ? { wrapFetch: options.wrapFetch } : {}),
  });
  const journal = Journal.open(tenantJournalDir(options.stateDir, options.tenant.tenantId), clock);
  const engine = createRegistrationEngine({
    graph: connection,
    journal,
    clock,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.poll ? { poll: options.poll } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    configuredTags: options.configuredTags ?? [],
  });
  /** Journal keys of the devices whose progress the console wants (the board shows them). */
  const followed = new Set<string>();
  const controller = new AbortController();
  const runs = new Set<Promise<unknown>>();
  const track = (running: Promise<unknown>): void => {
    runs.add(running);
    void running.finally(() => runs.delete(running));
  };

  const offStage = engine.onStage(
    (event: StageEvent) => {
      const view = event.device;
      if (!followed.has(view.id)) return;
      const record = journal.get(view.id);
      onUpdate(view.id, {
        stage: view.stage,
        stageTimes: view.stageTimes,
        problem: view.problem,
        notObservable: view.notObservable,
        skippedChecks: event.skippedChecks,
        autopilotDeviceId: view.autopilotDeviceId,
        entraDeviceId: view.entraDeviceId,
        importRecordId: record?.importRecordId ?? null,
        existingRecordReused: record ? existingRecordReused(record) : false,
        waiting: view.note ?? null,
        ...(view.groupTag ? { groupTag: view.groupTag } : {}),
        ...(view.staticGroups ? { staticGroups: view.staticGroups } : {}),
        // A corporate identifier's last step is not a terminal stage: the engine says when it stops working on it.
        ...(view.kind ? { kind: view.kind, inProgress: view.inProgress ?? false } : {}),
        ...(view.deviceName ? { deviceName: view.deviceName } : {}),
      });
    },
    { notes: true },
  );

  const register = (
    devices: readonly RegistrationInput[],
    registerOptions: { staticGroups?: { id: string; name: string }[]; replaceExisting?: boolean } = {},
  ): Promise<void> => {
    const keys = devices.map((device) => deviceIdentity(device.serial ?? '', device.hardwareHash).id);
    for (const key of keys) followed.add(key);
    const running = engine
      .register([...devices], registerOptions, controller.signal)
      .then(() => undefined)
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        const problem = problemOf(error);
        for (const key of keys) {
          const stage: Stage = journal.get(key)?.stage === 'collected' ? 'imported' : 'profile-assigned';
          onUpdate(key, { stage: 'failed', problem: { ...problem, stage } });
        }
      });
    track(running);
    return Promise.resolve();
  };

  /** How far back finished devices are shown again after a restart. */
  const RECENT_MS = 12 * 60 * 60_000;

  return {
    mode: options.mode,
    clientId: options.tenant.clientId,
    restore() {
      const since = clock.now() - RECENT_MS;
      return journal
        .all()
        .filter(
          (device) => (device.target !== null && !isTerminal(device.stage)) || Date.parse(device.updatedAt) >= since,
        );
    },
    resume(ids) {
      for (const id of ids) followed.add(id);
      track(
        engine.resume(controller.signal).catch((error: unknown) => {
          if (!controller.signal.aborted) options.onError?.('resuming devices failed', error);
        }),
      );
    },
    register,
    registerCorporate(devices) {
      const keys = devices.map((device) => journalKey(device.serial));
      for (const key of keys) followed.add(key);
      track(
        engine.registerCorporate([...devices], controller.signal).catch((error: unknown) => {
          if (controller.signal.aborted) return;
          const problem = problemOf(error);
          for (const key of keys)
            onUpdate(key, { stage: 'failed', inProgress: false, problem: { ...problem, stage: 'imported' } });
        }),
      );
      return Promise.resolve();
    },
    searchGroups: (query) => engine.searchGroups(query, controller.signal),
    lookup: (serials) => engine.lookup(serials, controller.signal),
    change: (serials, change) => engine.change(serials, change, controller.signal),
    async deregister(serials) {
      const results = [];
      for (const serial of serials) {
        const result = await engine.deregister(serial, controller.signal);
        results.push({
          serial,
          outcome: result.outcome === 'deleted' ? ('done' as const) : result.outcome,
          message: result.reason,
          nextStep: result.outcome === 'deleted' ? null : result.nextStep,
          record: null,
        });
      }
      return results;
    },
    requestSync: () => engine.requestSync(controller.signal),
    forget: (ids) => {
      for (const id of ids) followed.delete(id);
    },
    async tags() {
      const { chains, skipped } = await engine.tags(controller.signal);
      const tags: BackendTag[] = chains.map((chain) => ({
        tag: chain.tag,
        groups: chain.groups.map((group) => ({ id: group.id, name: group.displayName })),
        profiles: chain.profile ? [{ id: chain.profile.id, name: chain.profile.displayName }] : [],
        warning:
          chain.notes.length > 0
            ? chain.notes.join(' ')
            : chain.profile
              ? null
              : chain.groups.length > 0
                ? 'No deployment profile targets its group.'
                : 'No dynamic group selects this tag.',
      }));
      return { tags, note: skipped.length > 0 ? skipped.join(' ') : null };
    },
    async doctor() {
      return doctorView(await runDoctor(connection, controller.signal), options.mode.label);
    },
    ...(connection.delegated ? { person: connection.delegated } : {}),
    async close() {
      controller.abort(new AppError('closed', 'The console switched tenant or is closing.'));
      offStage();
      await Promise.allSettled([...runs]);
      journal.close();
      await connection.close();
      await options.onClose?.();
    },
  };
}
