import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, win32 } from 'node:path';
import { CaptureError } from './capture-error';
import { createNodeProcessRunner, type ProcessRunner } from './process-runner';
import { createSimulatedProvider, type SimulatedOptions } from './simulated';
import type { ElevationPolicy } from './elevation';
import type { CaptureProvider } from './types';
import { createWindowsProvider } from './windows';
import { createWinPeProvider, type WinPeFileSystem } from './winpe';

/** Provider names accepted by settings and `capture --provider`. */
export const CAPTURE_PROVIDERS = ['auto', 'windows', 'winpe', 'simulated'] as const;
/** A provider choice. */
export type CaptureProviderChoice = (typeof CAPTURE_PROVIDERS)[number];

/** What the automatic choice looks at (probes injected for tests). */
export interface CaptureEnvironment {
  platform: NodeJS.Platform;
  /** True when the console works against the sandbox tenant: never a real device's hash. */
  sandbox: boolean;
  /** True in Windows PE. */
  isWinPe(): Promise<boolean>;
  /** True when root/cimv2/mdm/dmmap:MDM_DevDetail_Ext01 exists. */
  hasMdmClass(): Promise<boolean>;
}

/** The decision and why, so the UI and CLI can say which provider runs. */
export interface CaptureChoice {
  provider: Exclude<CaptureProviderChoice, 'auto'>;
  reason: string;
}

/**
 * Picks the provider: an explicit choice wins; the sandbox and non-Windows get the simulated one;
 * WinPE gets OA3Tool; full Windows gets the MDM bridge. On Windows without the class against a real
 * tenant the Windows provider is still chosen, so its "class missing" error reaches the technician
 * instead of a synthetic hash reaching the tenant.
 */
export async function chooseCaptureProvider(
  preference: CaptureProviderChoice,
  environment: CaptureEnvironment,
): Promise<CaptureChoice> {
  if (preference !== 'auto') return { provider: preference, reason: `chosen explicitly (--provider ${preference})` };
  if (environment.sandbox) return { provider: 'simulated', reason: 'the sandbox tenant uses simulated devices' };
  if (environment.platform !== 'win32')
    return { provider: 'simulated', reason: `${environment.platform} is not Windows` };
  if (await environment.isWinPe()) return { provider: 'winpe', reason: 'Windows PE detected: OA3Tool report mode' };
  if (await environment.hasMdmClass()) return { provider: 'windows', reason: 'full Windows with the MDM bridge class' };
  return { provider: 'windows', reason: 'Windows without the MDM bridge class: capture will explain why it fails' };
}

/** Real probes: WinPE by its MiniNT key / X: system drive, the class by a CIM query. */
export function nodeCaptureEnvironment(runner: ProcessRunner, sandbox: boolean, env = process.env): CaptureEnvironment {
  const systemRoot = env.SystemRoot ?? 'C:\\Windows';
  return {
    platform: process.platform,
    sandbox,
    async isWinPe() {
      if ((env.SystemDrive ?? '').toUpperCase() === 'X:') return true;
      const result = await runner.run(
        win32.join(systemRoot, 'System32', 'reg.exe'),
        ['query', 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\MiniNT'],
        { timeoutMs: 10_000, windowsHide: true },
      );
      return result.exitCode === 0;
    },
    async hasMdmClass() {
      const script =
        "if (Get-CimClass -Namespace root/cimv2/mdm/dmmap -ClassName MDM_DevDetail_Ext01 -ErrorAction SilentlyContinue) { 'yes' } else { 'no' }";
      const result = await runner.run(
        win32.join(systemRoot, 'System32', 'WindowsPowerShell', 'v1.0', 'powershell.exe'),
        [
          '-NoProfile',
          '-NonInteractive',
          '-ExecutionPolicy',
          'Bypass',
          '-EncodedCommand',
          Buffer.from(script, 'utf16le').toString('base64'),
        ],
        { timeoutMs: 60_000, windowsHide: true },
      );
      return result.stdout.trim() === 'yes';
    },
  };
}

/** The WinPE provider's file operations on the real disk. */
export const nodeWinPeFileSystem: WinPeFileSystem = {
  exists: (path) =>
    access(path).then(
      () => true,
      () => false,
    ),
  makeTempDir: (prefix) => mkdtemp(join(tmpdir(), prefix)),
  writeText: (path, text) => writeFile(path, text, 'utf8'),
  readText: (path) => readFile(path, 'utf8'),
  remove: (path) => rm(path, { recursive: true, force: true }),
};

/** Settings that shape the real providers. */
export interface CaptureProviderSettings {
  runner?: ProcessRunner;
  oa3toolPath?: string;
  timeoutMs?: number;
  simulated?: SimulatedOptions;
  /** 'prompt': a non-elevated console elevates the Windows capture alone (one UAC prompt). */
  elevation?: ElevationPolicy;
}

/** Builds the provider for a choice with real dependencies. */
export function createCaptureProvider(
  choice: CaptureChoice['provider'],
  settings: CaptureProviderSettings = {},
): CaptureProvider {
  const runner = settings.runner ?? createNodeProcessRunner();
  const systemRoot = process.env.SystemRoot ?? (choice === 'winpe' ? 'X:\\Windows' : 'C:\\Windows');
  if (choice === 'windows') {
    return createWindowsProvider({
      runner,
      systemRoot,
      ...(settings.elevation ? { elevation: settings.elevation, files: nodeWinPeFileSystem } : {}),
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
    });
  }
  if (choice === 'winpe') {
    return createWinPeProvider({
      runner,
      fs: nodeWinPeFileSystem,
      systemRoot,
      arch: process.arch === 'arm64' ? 'arm64' : process.arch === 'ia32' ? 'x86' : 'amd64',
      ...(process.env['ProgramFiles(x86)'] ? { programFilesX86: process.env['ProgramFiles(x86)'] } : {}),
      ...(settings.oa3toolPath ? { oa3toolPath: settings.oa3toolPath } : {}),
      ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
    });
  }
  return createSimulatedProvider(settings.simulated ?? {});
}

/** Options of the provider that chooses at each capture (the tenant may change between captures). */
export interface AutoCaptureOptions {
  preference?: CaptureProviderChoice;
  /** Whether the sandbox tenant is active right now. */
  isSandbox: () => boolean;
  settings?: CaptureProviderSettings;
  /** Probes and platform; the real ones by default. */
  environment?: (sandbox: boolean) => CaptureEnvironment;
  /** Builds the chosen provider; the real ones by default. */
  create?: (choice: CaptureChoice['provider']) => CaptureProvider;
}

/** A provider for the app: picks windows / winpe / simulated at each capture and notes which and why. */
export function createAutoCaptureProvider(options: AutoCaptureOptions): CaptureProvider {
  const settings = options.settings ?? {};
  const runner = settings.runner ?? createNodeProcessRunner();
  const environment = options.environment ?? ((sandbox: boolean) => nodeCaptureEnvironment(runner, sandbox));
  const create =
    options.create ?? ((choice: CaptureChoice['provider']) => createCaptureProvider(choice, { ...settings, runner }));
  return {
    name: 'auto',
    async capture() {
      const sandbox = options.isSandbox();
      const choice = await chooseCaptureProvider(options.preference ?? 'auto', environment(sandbox));
      if (choice.provider === 'simulated' && !sandbox) {
        // A synthetic hash must never reach a real tenant.
        throw new CaptureError(
          'not-windows',
          `No hardware hash can be captured here (${choice.reason}). Capture on the device itself, or switch to the sandbox tenant to try the console.`,
        );
      }
      const device = await create(choice.provider).capture();
      return {
        ...device,
        notes: [`Captured with the ${choice.provider} provider: ${choice.reason}.`, ...device.notes],
      };
    },
  };
}
