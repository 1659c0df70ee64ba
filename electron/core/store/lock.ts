import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { AppError } from '../errors';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the single-writer lock file (stale locks of dead processes on this host are taken over). */
export function acquireLock(path: string): () => void {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname() }));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      let owner: { pid?: number; host?: string } = {};
      try {
        owner = JSON.parse(readFileSync(path, 'utf8')) as typeof owner;
      } catch {
        owner = {};
      }
      const sameHost = owner.host === undefined || owner.host === hostname();
      if (typeof owner.pid === 'number' && owner.pid !== process.pid && sameHost && alive(owner.pid)) {
        throw new AppError(
          'journal-locked',
          `The journal is in use by another process (pid ${owner.pid}); wait for it to finish.`,
        );
      }
      if (!sameHost) throw new AppError('journal-locked', `The journal is in use on ${owner.host}.`);
      rmSync(path, { force: true });
    }
  }
  throw new AppError('journal-locked', 'Could not take the journal lock.');
}
