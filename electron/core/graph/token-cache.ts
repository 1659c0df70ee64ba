/**
 * Where delegated sign-in keeps MSAL's token cache (accounts, refresh tokens, access tokens): in memory, in an
 * owner-only file (the CLI's --token-cache), or anywhere else through a store, sealed at rest when the store is
 * given an encrypt/decrypt pair (Electron's safeStorage in the desktop console).
 */
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';

/** Raw cache text in and out of some place. */
export interface CacheStore {
  /** Where the cache lives, in words ("memory only", "file ...", "encrypted ..."). */
  readonly description: string;
  load(): Promise<string | null>;
  save(data: string): Promise<void>;
  clear(): Promise<void>;
}

/** Encrypts and decrypts the cache text (it holds refresh tokens). */
export interface CacheSealer {
  encrypt(plain: string): string | Promise<string>;
  decrypt(sealed: string): string | Promise<string>;
}

/** A store that forgets everything when the process ends. */
export function memoryStore(): CacheStore {
  let data: string | null = null;
  return {
    description: 'memory only (sign-in is forgotten when the app closes)',
    load: () => Promise.resolve(data),
    save: (text) => {
      data = text;
      return Promise.resolve();
    },
    clear: () => {
      data = null;
      return Promise.resolve();
    },
  };
}

/** A file readable and writable by its owner only (0600), replaced atomically on every save. */
export function fileStore(path: string): CacheStore {
  return {
    description: `file ${path} (owner-only)`,
    async load() {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async save(text) {
      await mkdir(dirname(path), { recursive: true, mode: 0o700 });
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, text, { mode: 0o600 });
      // writeFile's mode is masked by the umask and ignored for an existing file: set it explicitly.
      await chmod(temporary, 0o600);
      await rename(temporary, path);
    },
    async clear() {
      await rm(path, { force: true });
    },
  };
}

/** The same store with its content sealed by `sealer` (a cache that cannot be opened is treated as empty). */
export function sealedStore(store: CacheStore, sealer: CacheSealer, what = 'encrypted'): CacheStore {
  return {
    description: `${what}: ${store.description}`,
    async load() {
      const sealed = await store.load();
      if (sealed === null || sealed === '') return null;
      try {
        return await sealer.decrypt(sealed);
      } catch {
        return null;
      }
    },
    async save(text) {
      await store.save(await sealer.encrypt(text));
    },
    clear: () => store.clear(),
  };
}

/** MSAL's cache plugin over a store: read before every cache access, written after every change. */
export function cachePlugin(store: CacheStore): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext) {
      const data = await store.load();
      if (data) context.tokenCache.deserialize(data);
    },
    async afterCacheAccess(context: TokenCacheContext) {
      if (context.cacheHasChanged) await store.save(context.tokenCache.serialize());
    },
  };
}
