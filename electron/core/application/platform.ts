/** Services only the hosting platform can provide; Electron main passes real ones, tests and the web transport others. */

/** Electron's safeStorage, as far as the console uses it (passed in by main; never imported here). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

/** Why a folder is being chosen: the picker's title says it. */
export type FolderPurpose = 'export' | 'watch';

/** Asks the user for a folder (a native dialog in Electron); null when they cancel. */
export interface FolderPicker {
  chooseFolder(purpose: FolderPurpose): Promise<string | null>;
}

/** A picker that always answers the same folder: the web transport and tests, where no native dialog exists. */
export function fixedFolderPicker(folders: Partial<Record<FolderPurpose, string>>): FolderPicker {
  return { chooseFolder: (purpose) => Promise.resolve(folders[purpose] ?? null) };
}
