import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  existsSync,
  ftruncateSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../clock';
import { acquireLock, waitForLock, type LockWaitOptions } from './lock';
import { newJournalDevice, journalKey } from './records';
import type { JournalDevice, JournalMeta, QueuedDeviceInput } from './types';

type Line =
  | { t: 'device'; d: JournalDevice }
  | { t: 'patch'; k: string; p: Partial<JournalDevice> }
  | { t: 'remove'; k: string }
  | { t: 'meta'; p: Partial<JournalMeta> };

/** Subscribers to device changes (the board and CLI follow the engine through these). */
export type JournalListener = (device: JournalDevice) => void;

/** Directory of one tenant's journal under a state directory. */
export function tenantJournalDir(stateDir: string, tenantId: string): string {
  return join(stateDir, 'tenants', tenantId.replace(/[^A-Za-z0-9._-]/g, '_'));
}

/**
 * Durable per-tenant journal: append-only JSON Lines, each commit one write + fsync; a torn last line (crash
 * mid-write) is cut off on open; compaction writes a temp file, fsyncs it and renames it over the log.
 * One writer at a time (lock file).
 */
export class Journal {
  private readonly devices = new Map<string, JournalDevice>();
  private meta: JournalMeta = { lastSyncAt: null };
  private pending: string[] = [];
  private fd: number;
  private linesSinceCompaction = 0;
  private closed = false;
  private readonly release: () => void;
  private readonly file: string;

  private constructor(
    private readonly dir: string,
    private readonly clock: Clock,
  ) {
    // Hardware hashes identify devices: the journal is readable by its owner only.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.release = acquireLock(join(dir, 'writer.lock'));
    this.file = join(dir, 'journal.jsonl');
    this.load();
    this.fd = openSync(this.file, 'a', 0o600);
  }

  /** Reads a journal without taking the lock or repairing it (status while a run is writing). */
  static read(dir: string): { devices: JournalDevice[]; meta: JournalMeta } {
    const file = join(dir, 'journal.jsonl');
    const devices = new Map<string, JournalDevice>();
    let meta: JournalMeta = { lastSyncAt: null };
    if (!existsSync(file)) return { devices: [], meta };
    for (const raw of readFileSync(file, 'utf8').split('\n')) {
      let line: Line;
      try {
        line = JSON.parse(raw) as Line;
      } catch {
        continue;
      }
      if (line.t === 'device') devices.set(line.d.key, line.d);
      else if (line.t === 'remove') devices.delete(line.k);
      else if (line.t === 'meta') meta = { ...meta, ...line.p };
      else if (devices.has(line.k)) devices.set(line.k, { ...(devices.get(line.k) as JournalDevice), ...line.p });
    }
    return { devices: [...devices.values()], meta };
  }

  /** Opens (creating) the journal in `dir`, taking the writer lock; throws "journal-locked" when it is held. */
  static open(dir: string, clock: Clock): Journal {
    return new Journal(dir, clock);
  }

  /** Opens the journal, waiting a bounded time (saying so once) while another process holds the lock. */
  static openWhenFree(dir: string, clock: Clock, wait: LockWaitOptions = {}): Promise<Journal> {
    return waitForLock(() => new Journal(dir, clock), wait);
  }

  private load(): void {
    if (!existsSync(this.file)) return;
    const text = readFileSync(this.file, 'utf8');
    const total = Buffer.byteLength(text);
    let offset = 0;
    let goodEnd = 0;
    let missingNewline = false;
    for (const raw of text.split('\n')) {
      const end = offset + Buffer.byteLength(raw) + 1;
      if (raw.trim() !== '') {
        let line: Line;
        try {
          line = JSON.parse(raw) as Line;
        } catch {
          // Only the last line can be torn (each commit is one append); anything else is damage.
          if (end > total) break;
          throw new Error(`journal ${this.file} is damaged at byte ${offset}`);
        }
        this.apply(line);
        this.linesSinceCompaction += 1;
        if (end > total) missingNewline = true;
      }
      goodEnd = Math.min(end, total);
      offset = end;
    }
    if (goodEnd < total || missingNewline) {
      const fd = openSync(this.file, 'r+');
      ftruncateSync(fd, goodEnd);
      if (missingNewline) writeSync(fd, '\n', goodEnd);
      fsyncSync(fd);
      closeSync(fd);
    }
  }

  private apply(line: Line): void {
    if (line.t === 'device') this.devices.set(line.d.key, line.d);
    else if (line.t === 'remove') this.devices.delete(line.k);
    else if (line.t === 'meta') this.meta = { ...this.meta, ...line.p };
    else {
      const current = this.devices.get(line.k);
      if (current) this.devices.set(line.k, { ...current, ...line.p });
    }
  }

  private readonly listeners = new Set<JournalListener>();

  /** Calls `listener` after each change of a device (in memory, before commit). */
  subscribe(listener: JournalListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private push(line: Line): void {
    this.apply(line);
    this.pending.push(JSON.stringify(line));
    const key = line.t === 'device' ? line.d.key : line.t === 'meta' ? undefined : line.k;
    const device = key === undefined ? undefined : this.devices.get(key);
    if (device) for (const listener of this.listeners) listener(device);
  }

  /** A device by serial. */
  get(serial: string): JournalDevice | undefined {
    return this.devices.get(journalKey(serial));
  }

  /** Every device. */
  all(): JournalDevice[] {
    return [...this.devices.values()];
  }

  /** Tenant-wide facts. */
  metadata(): JournalMeta {
    return this.meta;
  }

  /** Stores a whole device record (new or replacing). */
  put(device: JournalDevice): JournalDevice {
    this.push({ t: 'device', d: device });
    return device;
  }

  /** Changes some fields of a device. */
  update(serial: string, patch: Partial<JournalDevice>): JournalDevice {
    const key = journalKey(serial);
    if (!this.devices.has(key)) throw new Error(`journal: no device ${key}`);
    this.push({ t: 'patch', k: key, p: { ...patch, updatedAt: new Date(this.clock.now()).toISOString() } });
    return this.devices.get(key) as JournalDevice;
  }

  /** Forgets a device. */
  remove(serial: string): void {
    this.push({ t: 'remove', k: journalKey(serial) });
  }

  /** Updates tenant-wide facts. */
  setMeta(patch: Partial<JournalMeta>): void {
    this.push({ t: 'meta', p: patch });
  }

  /** Keeps a captured device for later upload or export (offline queue). */
  enqueue(input: QueuedDeviceInput): JournalDevice {
    return this.put({ ...newJournalDevice(input, new Date(this.clock.now()).toISOString()), queued: true });
  }

  /** Devices waiting in the offline queue. */
  queued(): JournalDevice[] {
    return this.all().filter((device) => device.queued);
  }

  /** Records that queued devices were written to an export file. */
  markExported(serials: string[]): void {
    const at = new Date(this.clock.now()).toISOString();
    for (const serial of serials) if (this.get(serial)) this.update(serial, { exportedAt: at });
    this.commit();
  }

  /** Makes every change so far durable (one write, one fsync); compacts when the log has grown. */
  commit(): void {
    if (this.pending.length === 0 || this.closed) return;
    const data = `${this.pending.join('\n')}\n`;
    this.linesSinceCompaction += this.pending.length;
    this.pending = [];
    writeSync(this.fd, data);
    fsyncSync(this.fd);
    if (this.linesSinceCompaction > Math.max(2000, this.devices.size * 8)) this.compact();
  }

  /** Rewrites the log as one line per device: temp file, fsync, rename, fsync the directory. */
  compact(): void {
    this.commit();
    const temp = join(this.dir, `journal.jsonl.${process.pid}.tmp`);
    const lines = [
      JSON.stringify({ t: 'meta', p: this.meta } satisfies Line),
      ...this.all().map((d) => JSON.stringify({ t: 'device', d } satisfies Line)),
    ];
    const fd = openSync(temp, 'w', 0o600);
    writeSync(fd, `${lines.join('\n')}\n`);
    fsyncSync(fd);
    closeSync(fd);
    closeSync(this.fd);
    renameSync(temp, this.file);
    try {
      const dirFd = openSync(this.dir, 'r');
      fsyncSync(dirFd);
      closeSync(dirFd);
    } catch {
      // Directories cannot be opened for fsync on every platform (Windows); the rename is still atomic.
    }
    this.fd = openSync(this.file, 'a', 0o600);
    this.linesSinceCompaction = lines.length;
  }

  /** Commits and releases the writer lock; later changes stay in memory only. */
  close(): void {
    if (this.closed) return;
    this.commit();
    this.closed = true;
    closeSync(this.fd);
    this.release();
  }
}
