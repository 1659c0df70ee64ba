import type { DeviceView } from '../../../shared/domain/device';

/** A batch of board changes, as pushed to the renderer. */
export interface BoardChange {
  upserts: DeviceView[];
  removed: string[];
}

/** Schedules a flush; returns a cancel function. Injected so tests control time. */
export type FlushScheduler = (flush: () => void) => void;

/** Default: coalesce everything that changes within one 30 ms window into one push. */
const timerScheduler: FlushScheduler = (flush) => {
  setTimeout(flush, 30);
};

/**
 * The devices on the board: the single source of truth that both transports show.
 *
 * Changes are coalesced: a burst of thousands of stage changes becomes one push per window holding
 * the latest state of each device, so the renderer is never flooded.
 */
export class DeviceBoard {
  private readonly devices = new Map<string, DeviceView>();
  private readonly listeners = new Set<(change: BoardChange) => void>();
  private pendingUpserts = new Map<string, DeviceView>();
  private pendingRemovals = new Set<string>();
  private flushScheduled = false;

  constructor(private readonly schedule: FlushScheduler = timerScheduler) {}

  /** Every device, in the order they were added. */
  list(): DeviceView[] {
    return [...this.devices.values()];
  }

  /** One device by local id. */
  get(id: string): DeviceView | undefined {
    return this.devices.get(id);
  }

  /** Adds or replaces a device. */
  upsert(device: DeviceView): void {
    this.devices.set(device.id, device);
    this.pendingRemovals.delete(device.id);
    this.pendingUpserts.set(device.id, device);
    this.requestFlush();
  }

  /** Removes devices from the board. */
  remove(ids: readonly string[]): void {
    for (const id of ids) {
      if (!this.devices.delete(id)) continue;
      this.pendingUpserts.delete(id);
      this.pendingRemovals.add(id);
    }
    this.requestFlush();
  }

  /** Subscribes to coalesced changes; returns the unsubscribe function. */
  subscribe(listener: (change: BoardChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Pushes pending changes now. */
  flush(): void {
    this.flushScheduled = false;
    if (this.pendingUpserts.size === 0 && this.pendingRemovals.size === 0) return;
    const change: BoardChange = { upserts: [...this.pendingUpserts.values()], removed: [...this.pendingRemovals] };
    this.pendingUpserts = new Map();
    this.pendingRemovals = new Set();
    for (const listener of this.listeners) listener(change);
  }

  private requestFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.schedule(() => this.flush());
  }
}
