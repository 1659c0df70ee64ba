import { RemoteCaptureError, remoteTargetProblem, type RemoteCaptureProvider } from './remote';
import { seededRandom, simulateDevice } from './simulated';
import { AppError } from '../errors';

/** A PC of the sandbox's bench network and how it answers. */
export interface BenchPc {
  name: string;
  answer: 'ok' | 'home-edition' | 'switched-off' | 'not-windows';
  /** Seed of its synthetic hash: the same PC gives the same serial every time. */
  seed: number;
}

/** The sandbox's bench network: two PCs to capture and one of each failure a technician meets. */
export const SANDBOX_BENCH: readonly BenchPc[] = [
  { name: 'BENCH-PC01', answer: 'ok', seed: 101 },
  { name: 'BENCH-PC02', answer: 'ok', seed: 102 },
  { name: 'BENCH-HOME', answer: 'home-edition', seed: 103 },
  { name: 'BENCH-OFF', answer: 'switched-off', seed: 104 },
  { name: 'BENCH-NAS', answer: 'not-windows', seed: 105 },
];

/** The account the sandbox's bench PCs accept (any password but an empty one). */
export const SANDBOX_BENCH_ACCOUNT = 'BENCH\\tech';

const NAMES = SANDBOX_BENCH.map((pc) => pc.name).join(', ');

/**
 * Remote capture on the sandbox: the bench PCs above answer as real ones would (the same codes and messages as
 * the Windows provider), with synthetic hashes. Nothing leaves this machine.
 */
export function createSimulatedRemoteProvider(options: { now?: () => number } = {}): RemoteCaptureProvider {
  return {
    name: 'simulated-remote',
    capture(target) {
      const problem = remoteTargetProblem(target);
      if (problem) return Promise.reject(new AppError('bad-input', problem));
      const pc = SANDBOX_BENCH.find((candidate) => candidate.name.toUpperCase() === target.computer.toUpperCase());
      if (!pc || pc.answer === 'switched-off')
        return Promise.reject(
          new RemoteCaptureError(
            'winrm-unreachable',
            `${target.computer} did not answer over WinRM: check the name, that it is switched on and on this network, and that remote management is on there. (Sandbox bench PCs: ${NAMES}.)`,
          ),
        );
      if ((target.user ?? '').toUpperCase() !== SANDBOX_BENCH_ACCOUNT.toUpperCase())
        return Promise.reject(
          new RemoteCaptureError(
            'access-denied',
            `${pc.name} refused the account: check the user name and password, and that the account is an administrator of ${pc.name}. (The sandbox's bench PCs accept ${SANDBOX_BENCH_ACCOUNT} with any password.)`,
          ),
        );
      if (pc.answer === 'not-windows')
        return Promise.reject(
          new RemoteCaptureError(
            'not-windows',
            `${pc.name} answered over WS-Management but is not Windows (no Win32_OperatingSystem): Autopilot hashes come from Windows PCs only.`,
          ),
        );
      if (pc.answer === 'home-edition')
        return Promise.reject(
          new RemoteCaptureError(
            'class-missing',
            `${pc.name}: The hardware hash class MDM_DevDetail_Ext01 is not available: Windows 11 Home has no MDM bridge: upgrade to Pro, Enterprise or Education, or capture with OA3Tool from WinPE.`,
          ),
        );
      const device = simulateDevice({ random: seededRandom(pc.seed), ...(options.now ? { now: options.now } : {}) });
      return Promise.resolve({
        ...device,
        provider: 'simulated-remote',
        notes: [`Captured from ${pc.name} on the sandbox's bench network (simulated).`, ...device.notes],
      });
    },
  };
}
