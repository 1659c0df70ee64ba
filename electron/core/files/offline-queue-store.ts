/**
 * Where the offline queue lives: one queue per state folder, whatever tenant is configured or used later
 * (a device captured on a machine with no tenant is the same device once a tenant is set up). Earlier versions
 * kept it inside each tenant's journal (tenants/<id>/, "sandbox" before the sandbox had started): those devices
 * are moved into the queue when it is opened, so nothing already queued is lost; once all are moved, a marker
 * in the state folder spares later openings the scan of the tenant journals.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import { Journal } from '../store/journal';
import type { JournalDevice } from '../store/types';

/** The folder of the offline queue under a state folder. */
export function offlineQueueDir(stateDir: string): string {
  return join(stateDir, 'offline-queue');
}

/** Written once every per-tenant queue has been moved: later openings skip the scan of the tenant journals. */
function migratedMarker(stateDir: string): string {
  return join(stateDir, 'tenant-queues-moved');
}

/** A tenant journal folder holding queued devices, with those devices as read (without locks). */
interface TenantQueue {
  dir: string;
  queued: JournalDevice[];
}

/** The tenant journal folders under a state folder that hold queued devices, each journal read once. */
function tenantQueues(stateDir: string): TenantQueue[] {
  const root = join(stateDir, 'tenants');
  if (existsSync(migratedMarker(stateDir)) || !existsSync(root)) return [];
  const found: TenantQueue[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(root, entry.name);
    const queued = Journal.read(dir).devices.filter((device) => device.queued);
    if (queued.length > 0) found.push({ dir, queued });
  }
  return found;
}

/** What a move of per-tenant queues found. */
export interface QueueMigration {
  /** Devices moved into the queue. */
  moved: number;
  /** Tenant folders left as they were because another run holds their journal (moved next time). */
  busy: string[];
  /** The queued devices still in those busy folders, as read. */
  left: JournalDevice[];
}

/**
 * Moves the queued devices of every tenant journal into the offline queue (open, locked by the caller): each is
 * written to the queue and made durable before it leaves the tenant journal. A device already in the queue keeps
 * whichever record changed last. A tenant journal held by another run is left for next time.
 */
function migrateTenantQueues(stateDir: string, queue: Journal, clock: Clock): QueueMigration {
  const result: QueueMigration = { moved: 0, busy: [], left: [] };
  for (const { dir, queued: read } of tenantQueues(stateDir)) {
    let tenant: Journal;
    try {
      tenant = Journal.open(dir, clock);
    } catch (error) {
      if (error instanceof AppError && error.code === 'journal-locked') {
        result.busy.push(dir);
        result.left.push(...read);
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
  if (result.busy.length === 0 && !existsSync(migratedMarker(stateDir)))
    writeFileSync(migratedMarker(stateDir), `${new Date(clock.now()).toISOString()}\n`);
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
  for (const { queued } of tenantQueues(stateDir))
    for (const device of queued) if (!byKey.has(device.key)) byKey.set(device.key, device);
  return [...byKey.values()];
}
