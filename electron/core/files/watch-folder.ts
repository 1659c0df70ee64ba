import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import type { CsvDevice, CsvRowReport } from '../../../shared/domain/csv/row-checker';
import { readOa3HardwareHash } from '../capture/oa3';
import { readIntuneCsv, refusedFile, type CsvReadSummary } from './csv-reader';
import { fileLimitFor, fileSizeProblem, MAX_STREAMED_FILE_BYTES } from '../../../shared/domain/csv/limits';
import { formatIngestReport } from './ingest-report';
import { LinkRefusedError, moveIntoFolder, openPlainFile, plainFileInfo, realSubfolder, writeNewFile } from './safe-fs';

/** An OA3Tool report (OA3.xml) is a few kilobytes: larger .xml files are not read. */
export const MAX_XML_BYTES = 1024 * 1024;

/** A file problem or a row's problem, as one line for a log or a console. */
export interface IngestIssue {
  /** The row's line; absent for a problem of the file as a whole. */
  line?: number;
  serial: string;
  severity: 'error' | 'warning';
  message: string;
}

/** What one ingested file produced. */
export interface IngestedFileReport {
  name: string;
  accepted: number;
  rejected: number;
  /** Why rows were rejected or warned about, and the file's own problems, in file order. */
  issues: IngestIssue[];
  /** Where the file was moved (processed/ or rejected/). */
  movedTo: string;
  reportPath: string;
  /** True when the same content was ingested before (not handed over again). */
  repeat: boolean;
}

/** How to watch. */
export interface FolderWatchOptions {
  /** Takes the good devices of one file (queue or register them). A throw leaves the file for the next scan. */
  accept(devices: CsvDevice[], file: { name: string; path: string }): Promise<void>;
  onIngested?(report: IngestedFileReport): void;
  onError?(message: string): void;
  /** Files over this size are rejected unread (default MAX_STREAMED_FILE_BYTES). */
  maxBytes?: number;
  /** Scan interval (polling works on network shares, where change events are unreliable). */
  pollMs?: number;
  /** A file is taken once its size and time have not changed for this long (copies in progress). */
  stableMs?: number;
  now?: () => number;
}

/** A running watch. */
export interface FolderWatch {
  /** Scans once now (also used by tests). */
  scan(): Promise<void>;
  close(): Promise<void>;
}

const EXTENSIONS = new Set(['.csv', '.txt', '.hash', '.xml']);
const IGNORED = /^(\.|~\$)|\.(tmp|part|partial|crdownload|filepart|report\.txt)$/i;

interface Candidate {
  size: number;
  mtimeMs: number;
  since: number;
}

async function fingerprintAndRead(path: string, name: string, now: number | undefined, maxBytes: number) {
  const digest = createHash('sha256');
  const rows: CsvRowReport[] = [];
  const devices: CsvDevice[] = [];
  const onRow = (row: CsvRowReport): void => {
    if (row.device) devices.push(row.device);
    if (row.status !== 'ok') rows.push(row);
  };
  const options = { name, onRow, ...(now === undefined ? {} : { now }) };
  let summary: CsvReadSummary;
  // Read through a handle opened without following links: a link planted in the folder is never read.
  const { handle, info } = await openPlainFile(path);
  try {
    const tooLarge = fileSizeProblem(name, info.size, fileLimitFor(name, maxBytes));
    if (tooLarge && extname(name).toLowerCase() !== '.xml') {
      // Refused before a byte is read: its size and time stand for its content.
      digest.update(`${info.size}:${info.mtimeMs}`);
      summary = await refusedFile(name, tooLarge);
    } else if (extname(name).toLowerCase() !== '.xml') {
      const hashing = (async function* () {
        for await (const chunk of handle.createReadStream({ autoClose: false }) as AsyncIterable<Buffer>) {
          digest.update(chunk);
          yield chunk;
        }
      })();
      summary = await readIntuneCsv(hashing, options);
    } else if (info.size > MAX_XML_BYTES) {
      digest.update(`${info.size}:${info.mtimeMs}`);
      summary = await readIntuneCsv([''], options);
      summary.fileProblems = [
        {
          severity: 'error',
          code: 'file-too-large',
          message: `${name} is ${Math.ceil(info.size / 1024)} KB: an OA3Tool report (OA3.xml) is a few kilobytes, and .xml files over ${MAX_XML_BYTES / 1024} KB are not read.`,
        },
      ];
    } else {
      const text = await handle.readFile('utf8');
      digest.update(text);
      summary = await readIntuneCsv([readOa3HardwareHash(text)], options);
    }
  } finally {
    await handle.close();
  }
  return { fingerprint: digest.digest('hex'), summary, problemRows: rows, devices };
}

/** The file's problems, then each problem of each row that was not clean. */
function issuesOf(read: { summary: CsvReadSummary; problemRows: CsvRowReport[] }): IngestIssue[] {
  // A file problem's line (where reading stopped) stays in the report: here it would read as a row.
  const issues: IngestIssue[] = read.summary.fileProblems.map((problem) => ({
    serial: '',
    severity: problem.severity,
    message: problem.message,
  }));
  for (const row of read.problemRows) {
    for (const problem of row.problems) {
      issues.push({ line: row.line, serial: row.serial, severity: problem.severity, message: problem.message });
    }
  }
  return issues;
}

/** Watches a folder (local or a share) and ingests each new CSV or hash file once. */
export function watchFolder(folder: string, options: FolderWatchOptions): FolderWatch {
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 2000;
  const stableMs = options.stableMs ?? 3000;
  const candidates = new Map<string, Candidate>();
  const ingested = new Set<string>();
  const refused = new Set<string>();
  let unavailable = false;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const ingest = async (name: string, path: string, seen: Candidate): Promise<void> => {
    const read = await fingerprintAndRead(
      path,
      name,
      options.now ? now() : undefined,
      options.maxBytes ?? MAX_STREAMED_FILE_BYTES,
    );
    const after = await plainFileInfo(path);
    if (!after) throw new LinkRefusedError(`${name} was replaced while it was read: left where it is.`);
    if (after.size !== seen.size || after.mtimeMs !== seen.mtimeMs) {
      // Rewritten while being read: wait for it to settle again.
      candidates.set(name, { size: after.size, mtimeMs: after.mtimeMs, since: now() });
      return;
    }
    const repeat = ingested.has(read.fingerprint);
    const accepted = repeat ? 0 : read.devices.length;
    const rejected = read.summary.invalid;
    // Checked before the devices are taken: a file that cannot be moved safely is left, not taken.
    const dir = await realSubfolder(folder, accepted > 0 || repeat ? 'processed' : 'rejected');
    if (accepted > 0) await options.accept(read.devices, { name, path });
    ingested.add(read.fingerprint);
    const movedTo = await moveIntoFolder(path, dir, name, now());
    const report = formatIngestReport(read.summary, read.problemRows, { accepted, repeat, at: now() });
    const reportPath = await writeNewFile(dir, `${basename(movedTo)}.report.txt`, report, now());
    candidates.delete(name);
    options.onIngested?.({ name, accepted, rejected, movedTo, reportPath, repeat, issues: issuesOf(read) });
  };

  const scanOnce = async (): Promise<void> => {
    let names: string[];
    try {
      const entries = await readdir(folder, { withFileTypes: true });
      // Plain files only: links, junctions and folders are never taken (the app may run elevated).
      names = entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
      for (const entry of entries) {
        const watched = EXTENSIONS.has(extname(entry.name).toLowerCase()) && !IGNORED.test(entry.name);
        if (entry.isSymbolicLink() && watched && !refused.has(entry.name)) {
          refused.add(entry.name);
          options.onError?.(
            `${entry.name} is a link or junction: the watch folder takes plain files only, so it is left alone.`,
          );
        }
      }
    } catch (error) {
      if (!unavailable)
        options.onError?.(
          `The watch folder ${folder} is not reachable (${(error as NodeJS.ErrnoException).code ?? 'error'}); retrying.`,
        );
      unavailable = true;
      return;
    }
    unavailable = false;
    const present = new Set(names);
    for (const name of candidates.keys()) if (!present.has(name)) candidates.delete(name);
    for (const name of names) {
      if (closed) return;
      if (IGNORED.test(name) || !EXTENSIONS.has(extname(name).toLowerCase())) continue;
      const path = join(folder, name);
      const info = await plainFileInfo(path);
      if (!info) {
        candidates.delete(name);
        continue;
      }
      const previous = candidates.get(name);
      if (!previous || previous.size !== info.size || previous.mtimeMs !== info.mtimeMs) {
        candidates.set(name, { size: info.size, mtimeMs: info.mtimeMs, since: now() });
        continue;
      }
      if (info.size === 0 || now() - previous.since < stableMs) continue;
      try {
        await ingest(name, path, previous);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') {
          candidates.delete(name);
          continue;
        }
        if (code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') {
          // Windows keeps a file locked while it is being copied: wait for the copy to finish.
          candidates.set(name, { ...previous, since: now() });
          continue;
        }
        options.onError?.(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        candidates.set(name, { ...previous, since: now() });
      }
    }
  };

  const scan = (): Promise<void> => {
    running = running.then(scanOnce, scanOnce);
    return running;
  };
  const loop = (): void => {
    if (closed) return;
    timer = setTimeout(() => {
      void scan().finally(loop);
    }, pollMs);
  };
  void scan().finally(loop);

  return {
    scan,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running.catch(() => undefined);
    },
  };
}

/** Per-watch settings as the app's watch service passes them. */
export interface WatchStartOptions {
  groupTag: string;
  register: boolean;
  onIngested: (file: { name: string; accepted: number; rejected: number; issues: IngestIssue[] }) => void;
  onError: (message: string) => void;
}

/**
 * Adapts watchFolder to a "start(folder, options)" function: `handle` decides what taking a file's
 * devices means (queue them, or register them) given the watch's tag and register setting.
 */
export function folderWatchStarter(
  handle: (
    devices: CsvDevice[],
    file: { name: string; path: string },
    settings: { groupTag: string; register: boolean },
  ) => Promise<void>,
  tuning: Pick<FolderWatchOptions, 'pollMs' | 'stableMs' | 'now'> = {},
): (folder: string, options: WatchStartOptions) => Promise<{ close(): Promise<void> }> {
  return (folder, options) => {
    const watch = watchFolder(folder, {
      ...tuning,
      accept: (devices, file) => handle(devices, file, { groupTag: options.groupTag, register: options.register }),
      onIngested: (report) => {
        const { name, accepted, rejected, issues } = report;
        options.onIngested({ name, accepted, rejected, issues });
      },
      onError: options.onError,
    });
    return Promise.resolve({ close: () => watch.close() });
  };
}
