import { win32 } from 'node:path';

/** %SystemRoot% when it is a plain absolute folder on a drive (C:\Windows, X:\Windows in WinPE). */
const SYSTEM_ROOT = /^[A-Za-z]:\\[^<>:"/\\|?*\r\n]+(\\[^<>:"/\\|?*\r\n]+)*$/;

/**
 * The absolute path of a Windows tool in System32. Tools are never started by bare name: Windows searches
 * the current folder and the executable's folder first, which a standard user may be able to write to.
 */
export function system32Path(
  exe: string,
  env: Record<string, string | undefined> = process.env,
  fallback = 'C:\\Windows',
): string {
  const root = env['SystemRoot'] ?? env['SYSTEMROOT'];
  return win32.join(root && SYSTEM_ROOT.test(root) ? root : fallback, 'System32', exe);
}
