/** Optional state file: loaded on start, saved shortly after each change and on close (atomic rename). */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TenantData } from './model';

/** Reads a saved tenant, or null when the file does not exist. Throws when it exists but is not a sandbox state. */
export function loadState(path: string): TenantData | null {
  if (!existsSync(path)) return null;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<TenantData>;
  if (parsed.version !== 1 || !parsed.identity || !Array.isArray(parsed.devices) || !Array.isArray(parsed.imports)) {
    throw new Error(`${path} is not an Autopilot Console sandbox state file.`);
  }
  return parsed as TenantData;
}

/** Writes the tenant atomically. Credentials are not part of it: the secret and certificates are per run. */
export function saveState(path: string, data: TenantData): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}

/** A saver that coalesces bursts of changes into one write. */
export function createSaver(path: string, data: () => TenantData, delayMs = 250): { schedule(): void; flush(): void } {
  let timer: NodeJS.Timeout | null = null;
  const flush = (): void => {
    if (timer) clearTimeout(timer);
    timer = null;
    saveState(path, data());
  };
  return {
    schedule: () => {
      if (timer) return;
      timer = setTimeout(flush, delayMs);
      timer.unref();
    },
    flush,
  };
}
