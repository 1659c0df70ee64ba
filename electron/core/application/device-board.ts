import type { DeviceView } from '../../../shared/domain/device';

/** A batch of board changes, as pushed to the renderer. */
export interface BoardChange {
  upserts: DeviceView[];
  removed: string[];
}

/** Schedules a flush. Injected so tests control time. */
export type FlushScheduler = (flush: () => void) => void;

/** Where the board reads devices from: the console's device records (keyed by the journal's serial key). */
export interface BoardSource {
  view(id: string): DeviceView | undefined;
  views(): DeviceView[];
}

/** Default: coalesce everything that changes within one 30 ms window into one push. */
const timerScheduler: FlushScheduler = (flush) => {
  setTimeout(flush, 30);
};

/**
 * The devices on the board: a projection of the device records that both transports show. It keeps no
 * copy of a device, only which ones changed since the last push.
 *
 * Changes are coalesced: a burst of thousands of stage changes becomes one push per window holding
 * the latest state of each device, read from the records when the push goes out, so the renderer is
 * never flooded.
 */
export class DeviceBoard {
  private readonly listeners = new Set<(change: BoardChange) => void>();
  private pendingUpserts = new Set<string>();
  private pendingRemovals = new Set<string>();
  private flushScheduled = false;

  constructor(
    private readonly source: BoardSource,
    private readonly schedule: FlushScheduler = timerScheduler,
  ) {}

  /** Every device, in the order they were added. */
  list(): DeviceView[] {
    return this.source.views();
  }

  /** Notes that a device was added or changed. */
  changed(id: string): void {
    this.pendingRemovals.delete(id);
    this.pendingUpserts.add(id);
    this.requestFlush();
  }

  /** Notes that devices left the records. */
  removed(ids: readonly string[]): void {
    for (const id of ids) {
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
    const upserts: DeviceView[] = [];
    for (const id of this.pendingUpserts) {
      const view = this.source.view(id);
      if (view) upserts.push(view);
    }
    const change: BoardChange = { upserts, removed: [...this.pendingRemovals] };
    this.pendingUpserts = new Set();
    this.pendingRemovals = new Set();
    for (const listener of this.listeners) listener(change);
  }

  private requestFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.schedule(() => this.flush());
  }
}
