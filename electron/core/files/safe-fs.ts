import { constants, type Stats } from 'node:fs';
import { copyFile, lstat, mkdir, open, rename, unlink, writeFile, type FileHandle } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';

/**
 * File operations for folders other people can write to (the watch folder, often a share): never follow a
 * link, junction or other reparse point, never write through one, never replace a file that is there. The
 * app may run elevated, so a link planted there must not make it read or overwrite anything elsewhere.
 */

/** O_NOFOLLOW where the platform has it (not on Windows, where lstat is the guard). */
const NOFOLLOW = (constants as Partial<typeof constants>).O_NOFOLLOW ?? 0;

/** Refused because a name is a link (or not what it should be). */
export class LinkRefusedError extends Error {
  readonly code = 'ELINK';
}

function plainFile(info: Stats): boolean {
  return info.isFile() && !info.isSymbolicLink();
}

/** The sub-folder `name` of `parent`, created when missing; refused when it is a link, a junction or not a folder. */
export async function realSubfolder(parent: string, name: string): Promise<string> {
  const dir = join(parent, name);
  await mkdir(dir).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  });
  const info = await lstat(dir);
  if (info.isSymbolicLink() || !info.isDirectory()) {
    throw new LinkRefusedError(
      `${name}/ in the watch folder is a link or junction (or not a folder): files are never moved or written through one. Remove it and the next scan creates a real folder.`,
    );
  }
  return dir;
}

/** Opens a plain file for reading without following a link; the handle is checked to be the file looked at. */
export async function openPlainFile(path: string): Promise<{ handle: FileHandle; info: Stats }> {
  const before = await lstat(path);
  if (!plainFile(before))
    throw new LinkRefusedError(`${basename(path)} is a link, junction or not a plain file: not read.`);
  const handle = await open(path, constants.O_RDONLY | NOFOLLOW);
  try {
    const info = await handle.stat();
    if (info.ino !== before.ino || info.dev !== before.dev || !info.isFile()) {
      throw new LinkRefusedError(`${basename(path)} changed while it was opened: not read.`);
    }
    return { handle, info };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The size and time of a name without following it; null when it is missing or not a plain file. */
export async function plainFileInfo(path: string): Promise<Stats | null> {
  const info = await lstat(path).catch(() => null);
  return info && plainFile(info) ? info : null;
}

/** "batch.csv.report.txt" -> "batch-2026-01-01T00-00-00-000Z-1a2b3c.csv.report.txt" (all extensions kept). */
function stamped(name: string, now: number): string {
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  const dot = name.indexOf('.', 1);
  const [stem, extensions] = dot === -1 ? [name, ''] : [name.slice(0, dot), name.slice(dot)];
  return `${stem}-${stamp}-${randomBytes(3).toString('hex')}${extensions}`;
}

async function taken(path: string): Promise<boolean> {
  return (await lstat(path).catch(() => null)) !== null;
}

/** Writes a new file (O_CREAT | O_EXCL: never through an existing name or link); another name when taken. */
export async function writeNewFile(dir: string, name: string, data: string, now: number): Promise<string> {
  for (const candidate of [name, stamped(name, now), stamped(name, now)]) {
    const path = join(dir, candidate);
    try {
      await writeFile(path, data, { encoding: 'utf8', flag: 'wx' });
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  throw new Error(`Could not write ${name}: the names are taken.`);
}

/** Moves a file into a real folder under a free name (never replacing what is there). */
export async function moveIntoFolder(path: string, dir: string, name: string, now: number): Promise<string> {
  let target = join(dir, name);
  if (await taken(target)) target = join(dir, stamped(name, now));
  try {
    await rename(path, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(path, target, constants.COPYFILE_EXCL);
    await unlink(path);
  }
  return target;
}
