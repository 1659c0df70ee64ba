import { win32 } from 'node:path';
import { decodeHash } from '../../../shared/domain/hash/decode';
import { CaptureError } from './capture-error';
import { OA3_CONFIG, OA3_PLACEHOLDER_INPUT, oa3ReportArgs, readOa3HardwareHash } from './oa3';
import type { ProcessRunner } from './process-runner';
import type { CaptureProvider, CapturedDevice } from './types';
import { readWmiIdentity } from './wmi-identity';

/** The file operations the WinPE provider needs (injected: tests use an in-memory folder). */
export interface WinPeFileSystem {
  exists(path: string): Promise<boolean>;
  makeTempDir(prefix: string): Promise<string>;
  writeText(path: string, text: string): Promise<void>;
  readText(path: string): Promise<string>;
  remove(path: string): Promise<void>;
}

/** Options of the WinPE provider. */
export interface WinPeProviderOptions {
  runner: ProcessRunner;
  fs: WinPeFileSystem;
  /** Configured oa3tool.exe path (settings or --oa3tool), absolute; checked first. */
  oa3toolPath?: string;
  /** %SystemRoot% of the running system, X:\Windows in WinPE. */
  systemRoot?: string;
  /** %ProgramFiles(x86)% for the ADK default location. */
  programFilesX86?: string;
  /** ADK architecture folder matching the WinPE image. */
  arch?: 'amd64' | 'arm64' | 'x86';
  /** OA3Tool gets 3 minutes (a C# capture service uses the same), rundll32 30 s. */
  timeoutMs?: number;
}

const OA3_TIMEOUT_MS = 180_000;
const RUNDLL_TIMEOUT_MS = 30_000;

/**
 * Where oa3tool.exe is looked for, in order: the configured absolute path, System32, the ADK under Program
 * Files. Never the current folder or the console's own folder (a portable copy may sit in a folder any user
 * can write to, and the console runs elevated).
 */
export function oa3toolCandidates(options: WinPeProviderOptions): string[] {
  const systemRoot = options.systemRoot ?? 'X:\\Windows';
  const programFilesX86 = options.programFilesX86 ?? 'C:\\Program Files (x86)';
  const arch = options.arch ?? 'amd64';
  const candidates: string[] = [];
  if (options.oa3toolPath) candidates.push(options.oa3toolPath);
  candidates.push(
    win32.join(systemRoot, 'System32', 'oa3tool.exe'),
    win32.join(
      programFilesX86,
      'Windows Kits',
      '10',
      'Assessment and Deployment Kit',
      'Deployment Tools',
      arch,
      'Licensing',
      'OA30',
      'oa3tool.exe',
    ),
  );
  return candidates;
}

async function locateOa3tool(options: WinPeProviderOptions): Promise<string> {
  if (options.oa3toolPath && !win32.isAbsolute(options.oa3toolPath)) {
    throw new CaptureError(
      'oa3tool-missing',
      `The oa3tool.exe path must be absolute (such as X:\\Tools\\oa3tool.exe), not ${options.oa3toolPath}.`,
    );
  }
  if (options.oa3toolPath && !(await options.fs.exists(options.oa3toolPath))) {
    throw new CaptureError(
      'oa3tool-missing',
      `oa3tool.exe was not found at the configured path ${options.oa3toolPath}.`,
    );
  }
  for (const candidate of oa3toolCandidates(options)) {
    if (await options.fs.exists(candidate)) return candidate;
  }
  throw new CaptureError(
    'oa3tool-missing',
    'oa3tool.exe was not found (configured path, System32, Windows ADK). Copy it from the ADK ' +
      '(Deployment Tools\\<arch>\\Licensing\\OA30) into System32 of the WinPE image, or give its full path.',
  );
}

/** Registers PCPKsp.dll so OA3Tool can read the TPM; returns a note when the hash will lack TPM data. */
async function registerTpmProvider(options: WinPeProviderOptions): Promise<string | null> {
  const system32 = win32.join(options.systemRoot ?? 'X:\\Windows', 'System32');
  const dll = win32.join(system32, 'PCPKsp.dll');
  if (!(await options.fs.exists(dll))) {
    return 'PCPKsp.dll is missing from WinPE: the hash lacks TPM data (self-deploying and pre-provisioning will fail). Copy it from a full Windows System32.';
  }
  const result = await options.runner.run(win32.join(system32, 'rundll32.exe'), [`${dll},DllInstall`], {
    timeoutMs: RUNDLL_TIMEOUT_MS,
    windowsHide: true,
  });
  if (result.timedOut || result.exitCode !== 0) {
    return 'Registering PCPKsp.dll failed: the hash may lack TPM data.';
  }
  return null;
}

/** WinPE: OA3Tool in report mode in a temporary folder, hash from OA3.xml, serial from WMI. */
export function createWinPeProvider(options: WinPeProviderOptions): CaptureProvider {
  return {
    name: 'winpe',
    async capture(): Promise<CapturedDevice> {
      const tool = await locateOa3tool(options);
      const notes: string[] = [];
      const tpmNote = await registerTpmProvider(options);
      if (tpmNote) notes.push(tpmNote);
      const dir = await options.fs.makeTempDir('oa3-');
      const reportPath = win32.join(dir, 'OA3.xml');
      let hash: string;
      try {
        const configPath = win32.join(dir, 'OA3.cfg');
        await options.fs.writeText(configPath, OA3_CONFIG);
        await options.fs.writeText(win32.join(dir, 'input.xml'), OA3_PLACEHOLDER_INPUT);
        const timeoutMs = options.timeoutMs ?? OA3_TIMEOUT_MS;
        const result = await options.runner.run(tool, oa3ReportArgs(configPath), {
          timeoutMs,
          windowsHide: true,
          cwd: dir,
        });
        if (result.timedOut) {
          throw new CaptureError(
            'timed-out',
            `OA3Tool did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped.`,
          );
        }
        if (!(await options.fs.exists(reportPath))) {
          const detail = `${result.stdout}\n${result.stderr}`.trim().split(/\r?\n/).pop() ?? '';
          throw new CaptureError(
            'oa3tool-failed',
            `OA3Tool exited with code ${String(result.exitCode)} and wrote no OA3.xml${detail ? `: ${detail}` : ''}. ` +
              'Check that the image has WinPE-WMI and the storage/network drivers.',
          );
        }
        hash = readOa3HardwareHash(await options.fs.readText(reportPath));
      } finally {
        // OA3.xml holds the hash (sensitive) and OA3.bin is a leftover: never leave them behind.
        for (const name of ['OA3.xml', 'OA3.bin', 'OA3.cfg', 'input.xml'])
          await options.fs.remove(win32.join(dir, name));
        await options.fs.remove(dir);
      }
      if (!hash) throw new CaptureError('no-hash', 'OA3.xml has no <HardwareHash>: OA3Tool could not build the hash.');
      const identity = await readWmiIdentity(options.runner, options.systemRoot ?? 'X:\\Windows');
      const decoded = decodeHash(hash);
      const fromHash = decoded.ok ? decoded.hash : null;
      if (!identity.serial)
        notes.push('WMI gave no serial number (is WinPE-WMI in the image?): the serial in the hash is used.');
      return {
        serial: identity.serial || fromHash?.serial || '',
        manufacturer: identity.manufacturer || fromHash?.manufacturer || '',
        model: identity.model || fromHash?.model || '',
        hardwareHash: hash,
        uuid: identity.uuid || fromHash?.uuid || '',
        productId: '',
        provider: 'winpe',
        notes,
        ...(tpmNote ? { tpm: { present: null, ready: null } } : {}),
      };
    },
  };
}
