import type { Clock } from '../clock';
import { openOfflineQueue, readOfflineQueue } from '../files/offline-queue-store';
import type { JournalDevice } from '../store/types';
import type { ActivityLog } from './activity-log';
import { deviceIdentity, type DeviceRecords } from './device-records';

/** The offline queue of the console's state folder (devices captured or ingested by the CLI, not yet uploaded). */
export interface OfflineQueueAccess {
  /** Devices waiting in the queue (per-tenant queues of earlier versions moved in first). */
  list(): Promise<JournalDevice[]>;
  /** Takes devices out of the queue once a tenant's registration has them. */
  take(keys: readonly string[]): Promise<void>;
}

/** The offline queue under a state folder. */
export function stateFolderQueue(stateDir: string, clock: Clock): OfflineQueueAccess {
  return {
    async list() {
      // Opening it moves any per-tenant queue in; a queue held by a running CLI is read without its lock.
      let opened: Awaited<ReturnType<typeof openOfflineQueue>>;
      try {
        opened = await openOfflineQueue(stateDir, clock);
      } catch {
        // Held by a CLI run right now: read as it stands.
        return readOfflineQueue(stateDir);
      }
      const { journal, migration } = opened;
      try {
        const byKey = new Map(journal.queued().map((device) => [device.key, device]));
        for (const device of migration.left) if (!byKey.has(device.key)) byKey.set(device.key, device);
        return [...byKey.values()];
      } finally {
        journal.close();
      }
    },
    async take(keys) {
      if (keys.length === 0) return;
      const { journal } = await openOfflineQueue(stateDir, clock);
      try {
        for (const key of keys) if (journal.get(key)?.queued) journal.remove(key);
        journal.commit();
      } finally {
        journal.close();
      }
    },
  };
}

/**
 * Shows the queue's devices on the board at "Hash collected", registered nowhere yet (they belong to no tenant
 * until registered). Answers the queue's key of each board id that came from it.
 */
export async function showOfflineQueue(
  queue: OfflineQueueAccess,
  records: DeviceRecords,
  activity: ActivityLog,
  now: number,
): Promise<Map<string, string>> {
  const waiting = await queue.list();
  const added = records.addArriving(
    waiting.map((device) => ({
      serial: device.givenSerial || device.serial,
      manufacturer: device.manufacturer,
      model: device.model,
      hardwareHash: device.hardwareHash,
      productId: device.productKey,
      uuid: device.uuid,
      origin: `offline queue: ${device.origin || device.source}`,
      warnings: device.warnings,
      groupTag: device.groupTag,
      assignedUser: device.assignedUser,
    })),
    'journal',
    now,
  );
  if (waiting.length > 0)
    activity.add({
      action: 'Offline queue',
      serial: '',
      groupTag: '',
      outcome: 'info',
      detail: `${waiting.length} device(s) waiting in the offline queue, ${added.length} added to the board`,
    });
  return new Map(
    waiting.map((device) => [deviceIdentity(device.givenSerial || device.serial, device.hardwareHash).id, device.key]),
  );
}
