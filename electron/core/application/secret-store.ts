import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors';
import type { SafeStorageLike } from './platform';

/** Where secrets (client secret, certificate key) are kept; values never leave main. */
export interface SecretStore {
  /** True when secrets survive a restart. */
  readonly persistent: boolean;
  /** Shown in Settings, e.g. "Encrypted with the operating system's key store". */
  readonly description: string;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<void>;
}

const SAFE_NAME = /^[a-z][a-z0-9-]{0,40}$/;

function fileOf(dir: string, name: string): string {
  if (!SAFE_NAME.test(name)) throw new AppError('bad-input', `Invalid secret name "${name}".`);
  return join(dir, `${name}.secret`);
}

/** Secrets encrypted with Electron safeStorage (DPAPI on Windows), one file each in `dir`. */
export function createSafeStorageSecretStore(safeStorage: SafeStorageLike, dir: string): SecretStore {
  return {
    persistent: true,
    description: "Encrypted with this computer's user key (Windows DPAPI) and stored only on this computer.",
    async get(name) {
      const data = await readFile(fileOf(dir, name)).catch(() => null);
      if (!data) return null;
      if (!safeStorage.isEncryptionAvailable()) return null;
      return safeStorage.decryptString(data);
    },
    async set(name, value) {
      if (!safeStorage.isEncryptionAvailable()) {
        throw new AppError(
          'secret-storage',
          'This computer offers no encrypted storage, so the secret was not saved. Use a certificate instead.',
        );
      }
      await mkdir(dir, { recursive: true });
      const path = fileOf(dir, name);
      await writeFile(`${path}.tmp`, safeStorage.encryptString(value), { mode: 0o600 });
      await rename(`${path}.tmp`, path);
    },
    async delete(name) {
      await rm(fileOf(dir, name), { force: true });
    },
  };
}

/** Secrets kept in memory only: the web transport, which has no safe place to store them. */
export function createMemorySecretStore(): SecretStore {
  const values = new Map<string, string>();
  return {
    persistent: false,
    description: 'Kept in memory for this session only (browser console): enter it again after a restart.',
    get: (name) => Promise.resolve(values.get(name) ?? null),
    set: (name, value) => {
      values.set(name, value);
      return Promise.resolve();
    },
    delete: (name) => {
      values.delete(name);
      return Promise.resolve();
    },
  };
}
