/**
 * Where the offline queue lives: one queue per state folder, whatever tenant is configured or used later
 * (a device captured on a machine with no tenant is the same device once a tenant is set up). Earlier versions
 * kept it inside each tenant's journal (tenants/<id>/, "sandbox" before the sandbox had started): those devices
 * are moved into the queue when it is opened, so nothing already queued is lost.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import { Journal } from '../store/journal';
import type { JournalDevice } from '../store/types';

/** The folder of the offline queue under a state folder. */
export function offlineQueueDir(stateDir: string): string {
  return join(stateDir, 'offline-queue');
}

/** The tenant journal folders under a state folder that hold queued devices (read without locks). */
function tenantFoldersWithQueue(stateDir: string): string[] {
  const root = join(stateDir, 'tenants');
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(root, entry.name))
    .filter((dir) => Journal.read(dir).devices.some((device) => device.queued));
}

/** What a move of per-tenant queues found. */
export interface QueueMigration {
  /** Devices moved into the queue. */
  moved: number;
  /** Tenant folders left as they were because another run holds their journal (moved next time). */
  busy: string[];
}

/**
 * Moves the queued devices of every tenant journal into the offline queue (open, locked by the caller): each is
 * written to the queue and made durable before it leaves the tenant journal. A device already in the queue keeps
 * whichever record changed last. A tenant journal held by another run is left for next time.
 */
export function migrateTenantQueues(stateDir: string, queue: Journal, clock: Clock): QueueMigration {
  const result: QueueMigration = { moved: 0, busy: [] };
  for (const dir of tenantFoldersWithQueue(stateDir)) {
    let tenant: Journal;
    try {
      tenant = Journal.open(dir, clock);
    } catch (error) {
      if (error instanceof AppError && error.code === 'journal-locked') {
        result.busy.push(dir);
        continue;
      }
      throw error;
    }
    try {
      const queued = tenant.queued();
      for (const device of queued) {
        const existing = queue.get(device.key);
        if (!existing || existing.updatedAt < device.updatedAt) queue.put(device);
      }
      queue.commit();
      for (const device of queued) tenant.remove(device.key);
      tenant.commit();
      result.moved += queued.length;
    } finally {
      tenant.close();
    }
  }
  return result;
}

/** Opens the offline queue (taking its lock, waiting a bounded time), moving any per-tenant queue into it first. */
export async function openOfflineQueue(
  stateDir: string,
  clock: Clock,
  onWait?: (message: string) => void,
): Promise<{ journal: Journal; migration: QueueMigration }> {
  const journal = await Journal.openWhenFree(offlineQueueDir(stateDir), clock, onWait ? { onWait } : {});
  try {
    return { journal, migration: migrateTenantQueues(stateDir, journal, clock) };
  } catch (error) {
    journal.close();
    throw error;
  }
}

/**
 * The devices waiting in the offline queue, read without locks (safe while another run writes): the queue's,
 * and any still in a tenant journal that was busy when the queue was last opened.
 */
export function readOfflineQueue(stateDir: string): JournalDevice[] {
  const byKey = new Map<string, JournalDevice>();
  for (const device of Journal.read(offlineQueueDir(stateDir)).devices)
    if (device.queued) byKey.set(device.key, device);
  for (const dir of tenantFoldersWithQueue(stateDir))
    for (const device of Journal.read(dir).devices)
      if (device.queued && !byKey.has(device.key)) byKey.set(device.key, device);
  return [...byKey.values()];
}
