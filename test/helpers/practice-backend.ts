import { randomUUID } from 'node:crypto';
import type { Stage } from '../../shared/domain/device';
import { decodeHash } from '../../shared/domain/hash/decode';
import type { DoctorReport } from '../../shared/ipc/settings-schemas';
import { PERMISSIONS } from '../../electron/core/graph/permissions';
import type {
  BackendDevice,
  BackendListener,
  BackendTag,
  RegistrationBackend,
} from '../../electron/core/application/registration-backend';
import { serialKey } from '../../electron/core/application/device-records';
import { explainImportError, notAssignedProblem } from '../../electron/core/application/problem-texts';

/** Seeded chains of the practice tenant (the same tags as the sandbox tenant). */
export const PRACTICE_TAGS: readonly BackendTag[] = [
  {
    tag: 'OD-FINANCE',
    groups: [{ id: 'grp-finance', name: 'Autopilot - Finance' }],
    profiles: [{ id: 'prf-finance', name: 'Finance user-driven' }],
    warning: null,
  },
  {
    tag: 'OD-RETAIL',
    groups: [{ id: 'grp-retail', name: 'Autopilot - Retail' }],
    profiles: [{ id: 'prf-retail', name: 'Retail shared' }],
    warning: null,
  },
  {
    tag: 'OD-KIOSK',
    groups: [{ id: 'grp-kiosk', name: 'Autopilot - Kiosk' }],
    profiles: [{ id: 'prf-kiosk', name: 'Kiosk self-deploying' }],
    warning: null,
  },
  {
    tag: 'OD-LAB',
    groups: [{ id: 'grp-lab', name: 'Autopilot - Lab' }],
    profiles: [],
    warning: 'No deployment profile targets this group.',
  },
];

/** Options of the in-process practice pipeline. */
export interface PracticeOptions {
  onUpdate: BackendListener;
  /** Milliseconds per stage. */
  latency?: { import: number; group: number; profile: number };
  /** Serials owned by another organisation (808). */
  otherTenantSerials?: readonly string[];
  /** Serials already registered in this tenant (updated, not re-imported). */
  registeredSerials?: readonly string[];
  now?: () => number;
}

/**
 * A registration pipeline simulated in this process: a fast stand-in for the engine in tests of the
 * console's service layer. It follows the same stages and outcomes as a tenant would.
 */
export function createPracticeBackend(options: PracticeOptions): RegistrationBackend {
  const latency = options.latency ?? { import: 1500, group: 1500, profile: 2000 };
  const now = options.now ?? Date.now;
  const otherTenant = new Set((options.otherTenantSerials ?? []).map(serialKey));
  const registered = new Set((options.registeredSerials ?? []).map(serialKey));
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const iso = (): string => new Date(now()).toISOString();

  const after = (id: string, ms: number, step: () => void): void => {
    clearTimeout(timers.get(id));
    timers.set(
      id,
      setTimeout(() => {
        timers.delete(id);
        step();
      }, ms),
    );
  };
  const reach = (id: string, stage: Stage, extra: Parameters<BackendListener>[1] = {}): void =>
    options.onUpdate(id, { stage, stageTimes: { [stage]: iso() }, problem: null, ...extra });

  function follow(device: BackendDevice): void {
    const chain = PRACTICE_TAGS.find((tag) => tag.tag === device.groupTag);
    after(device.id, latency.group, () => {
      if (!chain) {
        options.onUpdate(device.id, { stage: 'failed', problem: notAssignedProblem(device.groupTag, false) });
        return;
      }
      reach(device.id, 'in-group', { entraDeviceId: randomUUID() });
      after(device.id, latency.profile, () => {
        if (chain.profiles.length === 0) {
          options.onUpdate(device.id, { stage: 'failed', problem: notAssignedProblem(device.groupTag, true) });
          return;
        }
        reach(device.id, 'profile-assigned', { note: `Profile "${chain.profiles[0]?.name ?? ''}" assigned` });
        after(device.id, 10, () => reach(device.id, 'ready'));
      });
    });
  }

  function start(device: BackendDevice): void {
    const key = serialKey(device.serial);
    after(device.id, latency.import, () => {
      if (otherTenant.has(key)) {
        options.onUpdate(device.id, {
          stage: 'failed',
          problem: { code: '808', stage: 'imported', ...explainImportError('808') },
        });
        return;
      }
      const decoded = decodeHash(device.hardwareHash);
      if (!decoded.ok || !decoded.hash.manufacturer || !decoded.hash.serial) {
        options.onUpdate(device.id, {
          stage: 'failed',
          problem: { code: '802', stage: 'imported', ...explainImportError('802') },
        });
        return;
      }
      const existing = registered.has(key);
      registered.add(key);
      reach(device.id, 'imported', {
        autopilotDeviceId: randomUUID(),
        ...(existing
          ? {
              note: `Already registered in this tenant: record updated with tag "${device.groupTag}" instead of re-imported (no 806)`,
            }
          : { importRecordId: randomUUID() }),
      });
      follow(device);
    });
  }

  return {
    mode: { kind: 'sandbox', label: 'Practice tenant (simulated in the console)' },
    register: (devices) => {
      devices.forEach(start);
      return Promise.resolve();
    },
    update: (devices) => {
      for (const device of devices) {
        options.onUpdate(device.id, {
          note: `Record updated: tag "${device.groupTag}", user "${device.assignedUser || 'none'}"`,
        });
        follow(device);
      }
      return Promise.resolve();
    },
    forget: (ids) => {
      for (const id of ids) {
        clearTimeout(timers.get(id));
        timers.delete(id);
      }
    },
    tags: () => Promise.resolve({ tags: PRACTICE_TAGS.map((tag) => ({ ...tag })), note: null }),
    doctor: (): Promise<DoctorReport> =>
      Promise.resolve({
        target: 'Practice tenant',
        signIn: { ok: true, message: 'Signed in to the practice tenant.' },
        permissions: PERMISSIONS.map((p) => ({ name: p.name, level: p.level, granted: true, unlocks: p.unlocks })),
        checks: [{ area: 'Autopilot devices', ok: true, message: 'Listed devices.' }],
      }),
    close: () => {
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      return Promise.resolve();
    },
  };
}
