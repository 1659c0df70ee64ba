/**
 * Size limits for CSV and hash files, checked before a byte is read. A device row is about 4,100
 * characters: 1,000 devices are about 4 MB in UTF-8 and 8 MB in UTF-16 (Get-WindowsAutopilotInfo's
 * default), and Intune imports at most 500 devices per file.
 */

const MB = 1024 * 1024;

/** Files read by the console (the bytes travel to the application in one message): about 3,000 UTF-16 devices. */
export const MAX_CONSOLE_FILE_BYTES = 24 * MB;

/** Characters of the base64 text of `bytes` bytes. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

/** Files read by the command line and the watch folder (streamed, memory stays flat): about 15,000 UTF-16 devices. */
export const MAX_STREAMED_FILE_BYTES = 128 * MB;

/** A bare hash file (.hash) holds one hardware hash of a few kilobytes. */
export const MAX_HASH_FILE_BYTES = 1 * MB;

/** "1.2 MB", "640 KB", "12 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= MB) return `${(bytes / MB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

/** The limit for a file of this name: .hash files are small, others get `general`. */
export function fileLimitFor(name: string, general: number): number {
  return /\.hash$/i.test(name) ? Math.min(MAX_HASH_FILE_BYTES, general) : general;
}

/** The refusal for a file over its limit, naming the file, its size and the limit; null when it fits. */
export function fileSizeProblem(name: string, size: number, limit: number): string | null {
  if (size <= limit) return null;
  // Just over the limit, both would read "24.0 MB": then the size is given in bytes.
  const shown = formatBytes(size) === formatBytes(limit) ? `${size.toLocaleString('en-US')} bytes` : formatBytes(size);
  const what = /\.hash$/i.test(name)
    ? 'a hash file holds one hardware hash of a few kilobytes'
    : 'split it into smaller files';
  return `${name} is ${shown}: files over ${formatBytes(limit)} are not read (${what}).`;
}
