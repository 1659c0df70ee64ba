import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { SAFE_CSV_OPTIONS, spreadsheetSafe } from '../../../shared/domain/csv/spreadsheet-safe';
import { ActivityEntry } from '../../../shared/ipc/device-schemas';

/** What a caller records; id, time and actor are filled in. */
export type ActivityInput = Omit<ActivityEntry, 'id' | 'at' | 'actor'> & { actor?: string };

/** Options of the activity log. */
export interface ActivityLogOptions {
  /** JSON Lines file that keeps the log across restarts; memory only when null. */
  file: string | null;
  /** Who is working (the signed-in OS user). */
  actor: string;
  now: () => number;
  /** Lines kept in memory for the UI (the file keeps everything). */
  limit?: number;
  /** Told when the log cannot be written (the host logs it). */
  onError?: (what: string, error: unknown) => void;
}

/** The audit trail: who registered what, when, with which tag, and the outcome. Never holds secrets or hashes. */
export class ActivityLog {
  private readonly entries: ActivityEntry[] = [];
  private readonly listeners = new Set<(entries: ActivityEntry[]) => void>();
  private pending: ActivityEntry[] = [];
  private writing: Promise<void> = Promise.resolve();
  private counter = 0;

  private constructor(private readonly options: ActivityLogOptions) {}

  /** Opens the log, reading the tail of an existing file. */
  static async open(options: ActivityLogOptions): Promise<ActivityLog> {
    const log = new ActivityLog(options);
    if (options.file) {
      const text = await readFile(options.file, 'utf8').catch(() => '');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          const parsed = ActivityEntry.safeParse(JSON.parse(line));
          if (parsed.success) log.entries.push(parsed.data);
        } catch {
          // A torn last line after a crash: skip it, the rest is intact.
        }
      }
      // Ids continue after the lines read, so an id stays unique across restarts at the same clock time.
      log.counter = log.entries.length;
      log.trim();
    }
    return log;
  }

  /** A log that lives in memory only. */
  static inMemory(options: Omit<ActivityLogOptions, 'file'>): ActivityLog {
    return new ActivityLog({ ...options, file: null });
  }

  /** Records entries and tells subscribers. */
  add(...inputs: ActivityInput[]): ActivityEntry[] {
    const now = this.options.now();
    const at = new Date(now).toISOString();
    const added = inputs.map((input) => ({
      id: `${now.toString(36)}-${(this.counter++).toString(36)}`,
      at,
      ...input,
      actor: input.actor ?? this.options.actor,
    }));
    this.entries.push(...added);
    this.trim();
    this.persist(added);
    for (const listener of this.listeners) listener(added);
    return added;
  }

  /** The entries kept in memory, oldest first. */
  list(): ActivityEntry[] {
    return [...this.entries];
  }

  /** Subscribes to new entries. */
  subscribe(listener: (entries: ActivityEntry[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The log as CSV (UTF-8, CRLF, every cell quoted and guarded against formulas) for audit. */
  toCsv(): string {
    const rows = this.entries.map((e) =>
      [e.at, e.actor, e.action, e.serial, e.groupTag, e.outcome, e.detail].map(spreadsheetSafe),
    );
    return stringify(
      [['Time', 'Who', 'Action', 'Serial', 'Group tag', 'Outcome', 'Detail'], ...rows],
      SAFE_CSV_OPTIONS,
    );
  }

  /** Waits for pending writes (tests, shutdown). */
  flushed(): Promise<void> {
    return this.writing;
  }

  private trim(): void {
    const limit = this.options.limit ?? 5000;
    if (this.entries.length > limit) this.entries.splice(0, this.entries.length - limit);
  }

  private persist(added: ActivityEntry[]): void {
    const file = this.options.file;
    if (!file) return;
    this.pending.push(...added);
    this.writing = this.writing
      .then(async () => {
        if (this.pending.length === 0) return;
        const batch = this.pending;
        this.pending = [];
        await mkdir(dirname(file), { recursive: true });
        await appendFile(file, batch.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
      })
      .catch((error: unknown) => this.options.onError?.('cannot write the activity log', error));
  }
}
