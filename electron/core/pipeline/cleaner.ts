import type { Clock } from '../clock';
import type { AutopilotApi } from '../graph/autopilot-api';
import type { Logger } from '../graph/logger';
import type { Journal } from '../store/journal';

const PER_CALL = 20;

/** Deletes import records once they are terminal, in $batch calls, without holding up uploads. */
export class ImportCleaner {
  private finished = false;

  constructor(
    private readonly api: AutopilotApi,
    private readonly journal: Journal,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly idleMs: number,
  ) {}

  /** No more records will become terminal in this run: delete what is left, then stop. */
  finish(): void {
    this.finished = true;
  }

  private deletable(keys: Set<string>): string[] {
    return [...keys].flatMap((key) => {
      const device = this.journal.get(key);
      return device &&
        device.importRecordId &&
        !device.importRecordDeleted &&
        (device.importStatus === 'complete' || device.importStatus === 'error')
        ? [key]
        : [];
    });
  }

  /** Runs until finish() was called and nothing is left; `busy()` pauses it while uploads are pending. */
  async run(keys: Set<string>, busy: () => boolean, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      const ready = this.deletable(keys);
      if (ready.length === 0 || (!this.finished && busy())) {
        if (this.finished && ready.length === 0) return;
        try {
          await this.clock.sleep(this.idleMs, signal);
        } catch {
          return;
        }
        continue;
      }
      const chunk = ready.slice(0, PER_CALL);
      const ids = chunk.map((key) => this.journal.get(key)?.importRecordId as string);
      try {
        await this.api.deleteImported(ids, signal);
      } catch (error) {
        if (signal?.aborted) return;
        this.logger.warn('import records could not be deleted; they will be retried on the next run', {
          error: error instanceof Error ? error.message : String(error),
        });
        return;
      }
      for (const key of chunk) this.journal.update(key, { importRecordDeleted: true });
      this.journal.commit();
    }
  }
}
