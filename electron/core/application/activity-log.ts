import { appendFile, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { SAFE_CSV_OPTIONS, spreadsheetSafe } from '../../../shared/domain/csv/spreadsheet-safe';
import { ActivityEntry } from '../../../shared/ipc/device-schemas';
import type { ActivityContext } from './activity-who';

/** What a caller records; id, time, tenant and actor are filled in. */
export type ActivityInput = Omit<ActivityEntry, 'id' | 'at' | 'actor' | 'tenant'> & { actor?: string; tenant?: string };

/** The activity log's file in a state folder (the desktop and the web host both pass theirs to start.ts). */
export function activityLogFile(stateDir: string): string {
  return join(stateDir, 'activity.jsonl');
}

/** Entries kept by default, in memory and in the file: the newest ones. */
export const ACTIVITY_LIMIT = 5000;

/** Options of the activity log. */
export interface ActivityLogOptions {
  /** JSON Lines file that keeps the log across restarts; memory only when null. */
  file: string | null;
  /** Who is working until a tenant is in use (the signed-in OS user). */
  actor: string;
  now: () => number;
  /**
   * Entries kept, in memory and in the file (default 5,000): the file grows to a quarter more, then is
   * rewritten with the newest `limit` entries, so it never grows without bound.
   */
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
  /** Entries in the file (written or read), to know when to rewrite it. */
  private fileEntries = 0;
  private context: () => ActivityContext | null = () => null;

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
      log.fileEntries = log.entries.length;
      log.trim();
      if (log.fileEntries > log.fileCap) log.persist([]);
    }
    return log;
  }

  /** Opens the log kept in a state folder (memory only without one). */
  static forStateDir(stateDir: string | null, options: Omit<ActivityLogOptions, 'file'>): Promise<ActivityLog> {
    return ActivityLog.open({ ...options, file: stateDir ? activityLogFile(stateDir) : null });
  }

  /** Tells the log where and as whom the console works now (read at each entry). */
  describeWith(context: () => ActivityContext | null): void {
    this.context = context;
  }

  /** A log that lives in memory only. */
  static inMemory(options: Omit<ActivityLogOptions, 'file'>): ActivityLog {
    return new ActivityLog({ ...options, file: null });
  }

  /** Records entries and tells subscribers. */
  add(...inputs: ActivityInput[]): ActivityEntry[] {
    const now = this.options.now();
    const at = new Date(now).toISOString();
    const where = this.context();
    const added = inputs.map((input) => ({
      id: `${now.toString(36)}-${(this.counter++).toString(36)}`,
      at,
      ...input,
      tenant: input.tenant ?? where?.tenant ?? '',
      actor: input.actor ?? where?.actor ?? this.options.actor,
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
      [e.at, e.tenant, e.actor, e.action, e.serial, e.groupTag, e.outcome, e.detail].map(spreadsheetSafe),
    );
    return stringify(
      [['Time', 'Tenant', 'Who', 'Action', 'Serial', 'Group tag', 'Outcome', 'Detail'], ...rows],
      SAFE_CSV_OPTIONS,
    );
  }

  /** Waits for pending writes (tests, shutdown). */
  flushed(): Promise<void> {
    return this.writing;
  }

  private get limit(): number {
    return this.options.limit ?? ACTIVITY_LIMIT;
  }

  /** Entries the file may hold before it is rewritten with the newest `limit`. */
  private get fileCap(): number {
    return this.limit + Math.ceil(this.limit / 4);
  }

  private trim(): void {
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  private persist(added: ActivityEntry[]): void {
    const file = this.options.file;
    if (!file) return;
    this.pending.push(...added);
    this.writing = this.writing
      .then(async () => {
        // Everything in memory is either in the file already or pending: taken together, synchronously.
        const batch = this.pending;
        this.pending = [];
        // Only a rewrite needs the newest entries: copied here, before any await, so none is written twice.
        const newest = this.fileEntries + batch.length > this.fileCap ? this.entries.slice(-this.limit) : null;
        await mkdir(dirname(file), { recursive: true });
        if (newest) {
          const temporary = `${file}.tmp`;
          await writeFile(temporary, newest.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
          await rename(temporary, file);
          this.fileEntries = newest.length;
          return;
        }
        if (batch.length === 0) return;
        await appendFile(file, batch.map((entry) => JSON.stringify(entry)).join('\n') + '\n');
        this.fileEntries += batch.length;
      })
      .catch((error: unknown) => this.options.onError?.('cannot write the activity log', error));
  }
}
