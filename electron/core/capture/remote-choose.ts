import { createNodeProcessRunner, type ProcessRunner } from './process-runner';
import { createRemoteWindowsProvider, RemoteCaptureError, type RemoteCaptureProvider } from './remote';
import { createSimulatedRemoteProvider } from './simulated-remote';

/** What decides how another PC is captured. */
export interface AutoRemoteOptions {
  /** Whether the sandbox tenant is in use right now: its bench PCs are simulated. */
  isSandbox: () => boolean;
  platform?: NodeJS.Platform;
  runner?: ProcessRunner;
  now?: () => number;
}

/**
 * Remote capture for the app and the CLI: the sandbox's bench network on the sandbox tenant; a CIM session from
 * this PC against a real tenant, which needs Windows PowerShell here (a synthetic hash never reaches a tenant).
 */
export function createAutoRemoteProvider(options: AutoRemoteOptions): RemoteCaptureProvider {
  const platform = options.platform ?? process.platform;
  const simulated = createSimulatedRemoteProvider(options.now ? { now: options.now } : {});
  let windows: RemoteCaptureProvider | null = null;
  return {
    name: 'auto-remote',
    capture(target) {
      if (options.isSandbox()) return simulated.capture(target);
      if (platform !== 'win32')
        return Promise.reject(
          new RemoteCaptureError(
            'not-windows',
            `Capturing another PC needs this console on Windows (a CIM session from Windows PowerShell); this is ${platform}. Capture on a Windows PC, or switch to the sandbox tenant to try it.`,
          ),
        );
      windows ??= createRemoteWindowsProvider({
        runner: options.runner ?? createNodeProcessRunner(),
        ...(process.env.SystemRoot ? { systemRoot: process.env.SystemRoot } : {}),
      });
      return windows.capture(target);
    },
  };
}
