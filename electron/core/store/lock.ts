import { readFileSync, rmSync, rmdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import lockfile from 'proper-lockfile';
import { AppError } from '../errors';

/**
 * A lock whose heartbeat (the lock folder's time, refreshed every second) is older than this belongs to a
 * process that died: a killed process leaves its lock behind, and on Windows its process id is soon reused,
 * so the age of the heartbeat is what tells, not whether some process has that id.
 */
export const LOCK_STALE_MS = 5000;
const LOCK_UPDATE_MS = 1000;
/** How long the CLI waits for a lock that is really held before giving up. */
export const LOCK_WAIT_MS = 30_000;
const LOCK_POLL_MS = 250;

/** Who holds a lock, as its holder wrote it beside the lock (for messages only). */
export interface LockOwner {
  pid?: number;
  host?: string;
  since?: string;
}

function ownerFile(path: string): string {
  return `${path}.owner`;
}

function readOwner(path: string): LockOwner {
  try {
    return JSON.parse(readFileSync(ownerFile(path), 'utf8')) as LockOwner;
  } catch {
    return {};
  }
}

/** True only when this host certainly has no process with the owner's id (a reaped, dead holder). */
function certainlyDead(owner: LockOwner): boolean {
  if (typeof owner.pid !== 'number' || owner.host !== hostname() || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function describe(owner: LockOwner): string {
  const who = typeof owner.pid === 'number' ? `pid ${owner.pid}` : 'another process';
  return owner.host && owner.host !== hostname() ? `${who} on ${owner.host}` : who;
}

/** The lock is held by a live process (or one that died less than LOCK_STALE_MS ago). */
export class LockHeldError extends AppError {
  constructor(
    readonly owner: LockOwner,
    waitedMs = 0,
  ) {
    const waited = waitedMs > 0 ? ` after waiting ${Math.round(waitedMs / 1000)} s` : '';
    super(
      'journal-locked',
      `The journal is in use by another process (${describe(owner)})${waited}; wait for it to finish or stop it, then try again.`,
    );
  }
}

function lockOnce(path: string): () => void {
  const options = {
    lockfilePath: path,
    realpath: false,
    stale: LOCK_STALE_MS,
    update: LOCK_UPDATE_MS,
    // The heartbeat found the lock taken over (this process was suspended for longer than the stale age).
    onCompromised: (error: Error) => {
      process.emitWarning(`The journal lock was lost: ${error.message}`, { code: 'JOURNAL_LOCK_LOST' });
    },
  };
  const release = lockfile.lockSync(path, options);
  writeFileSync(
    ownerFile(path),
    JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }),
  );
  return () => {
    rmSync(ownerFile(path), { force: true });
    try {
      release();
    } catch {
      // Already released, or taken over after a long suspension: nothing of ours to remove.
    }
  };
}

/**
 * Takes the single-writer lock at `path` (a folder, created atomically) or throws "journal-locked" naming the
 * holder. A lock whose heartbeat stopped (a killed process) is taken over once it is stale; one whose holder
 * is certainly gone from this host is taken over at once.
 */
export function acquireLock(path: string): () => void {
  try {
    return lockOnce(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    const owner = readOwner(path);
    if (!certainlyDead(owner)) throw new LockHeldError(owner);
    try {
      rmdirSync(path);
    } catch {
      // Someone else took it over first: the retry below says who.
    }
    try {
      return lockOnce(path);
    } catch (again) {
      if ((again as NodeJS.ErrnoException).code !== 'ELOCKED') throw again;
      throw new LockHeldError(readOwner(path));
    }
  }
}

/** How to wait for a held lock. */
export interface LockWaitOptions {
  /** Longest wait (default 30 s). */
  waitMs?: number;
  /** Told once, when the lock is held and the wait starts. */
  onWait?: (message: string) => void;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/**
 * Runs `take` (which throws "journal-locked" while another process holds the lock) until it succeeds or
 * `waitMs` has passed; says once that it is waiting and for whom.
 */
export async function waitForLock<T>(take: () => T, options: LockWaitOptions = {}): Promise<T> {
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const start = now();
  let told = false;
  for (;;) {
    try {
      return take();
    } catch (error) {
      if (!(error instanceof LockHeldError)) throw error;
      const waited = now() - start;
      if (waited >= waitMs) throw new LockHeldError(error.owner, waited);
      if (!told) {
        told = true;
        options.onWait?.(
          `The journal is in use by another process (${describe(error.owner)}): waiting up to ${Math.round(waitMs / 1000)} s ` +
            `for it to finish (a lock left by a killed process is taken over after ${LOCK_STALE_MS / 1000} s).`,
        );
      }
      await sleep(Math.min(LOCK_POLL_MS, Math.max(1, waitMs - waited)));
    }
  }
}
