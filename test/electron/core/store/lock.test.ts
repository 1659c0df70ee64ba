import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../../electron/core/errors';
import { acquireLock, LOCK_STALE_MS, LockHeldError, waitForLock } from '../../../../electron/core/store/lock';

function lockPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'lock-')), 'writer.lock');
}

/** The lock a process left behind: the folder, its heartbeat time and the owner note. */
function leftBehind(path: string, owner: { pid: number; host?: string }, ageMs: number): void {
  mkdirSync(path);
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
  writeFileSync(`${path}.owner`, JSON.stringify({ host: hostname(), ...owner }));
}

/** A pid that no process has any more (a child that ran and was reaped). */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid;
}

describe('the journal writer lock', () => {
  it('is exclusive, names its holder, and is free again once released', () => {
    const path = lockPath();
    const release = acquireLock(path);
    expect(() => acquireLock(path)).toThrow(new RegExp(`in use by another process \\(pid ${process.pid}\\)`));
    release();
    expect(existsSync(path)).toBe(false);
    acquireLock(path)();
  });

  it('takes over a lock whose holder still has a live pid but whose heartbeat is older than the stale age', () => {
    // A zombie, or on Windows a reused process id: kill(pid, 0) succeeds, yet nobody keeps the lock fresh.
    const path = lockPath();
    leftBehind(path, { pid: process.ppid }, LOCK_STALE_MS + 2000);
    const release = acquireLock(path);
    release();
  });

  it('refuses a lock with a fresh heartbeat even when its recorded pid looks alive or unknown', () => {
    const path = lockPath();
    leftBehind(path, { pid: process.ppid }, 0);
    expect(() => acquireLock(path)).toThrow(LockHeldError);
    expect(() => acquireLock(path)).toThrow(`pid ${process.ppid}`);
  });

  it('takes over at once a fresh lock whose holder is certainly gone from this host', () => {
    const path = lockPath();
    leftBehind(path, { pid: deadPid() }, 0);
    acquireLock(path)();
  });

  it('does not judge a holder on another host by a local pid', () => {
    const path = lockPath();
    leftBehind(path, { pid: deadPid(), host: 'imaging-07' }, 0);
    expect(() => acquireLock(path)).toThrow(/pid \d+ on imaging-07/);
  });

  it('keeps its heartbeat fresh while held', async () => {
    const path = lockPath();
    const release = acquireLock(path);
    const first = statSync(path).mtimeMs;
    await new Promise((resolve) => setTimeout(resolve, 1600));
    expect(statSync(path).mtimeMs).toBeGreaterThan(first);
    release();
  });
});

describe('waiting for the lock', () => {
  it('says once that it waits and for whom, then takes the lock when it is released', async () => {
    const path = lockPath();
    const release = acquireLock(path);
    const messages: string[] = [];
    setTimeout(release, 400);
    const taken = await waitForLock(() => acquireLock(path), { waitMs: 5000, onWait: (m) => messages.push(m) });
    taken();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/in use by another process \(pid \d+\): waiting up to 5 s/);
  });

  it('gives up after the bounded wait with a message saying how long it waited', async () => {
    const path = lockPath();
    const release = acquireLock(path);
    let clock = 0;
    const error = await waitForLock(() => acquireLock(path), {
      waitMs: 30_000,
      now: () => clock,
      sleep: (ms) => {
        clock += ms;
        return Promise.resolve();
      },
    }).catch((e: unknown) => e);
    release();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('journal-locked');
    expect((error as AppError).message).toMatch(/in use by another process \(pid \d+\) after waiting 30 s/);
  });

  it('does not wait on other errors', async () => {
    let calls = 0;
    const error = await waitForLock(() => {
      calls += 1;
      throw new AppError('bad-input', 'no');
    }).catch((e: unknown) => e);
    expect((error as AppError).code).toBe('bad-input');
    expect(calls).toBe(1);
  });
});
