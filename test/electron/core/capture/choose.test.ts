import { describe, expect, it } from 'vitest';
import {
  chooseCaptureProvider,
  createAutoCaptureProvider,
  type CaptureEnvironment,
} from '../../../../electron/core/capture/choose';
import { seededRandom, simulateDevice } from '../../../../electron/core/capture/simulated';
import { validateHash } from '../../../../shared/domain/hash/validate';

const env = (overrides: Partial<CaptureEnvironment> & { winpe?: boolean; mdm?: boolean } = {}): CaptureEnvironment => ({
  platform: 'win32',
  sandbox: false,
  isWinPe: () => Promise.resolve(overrides.winpe ?? false),
  hasMdmClass: () => Promise.resolve(overrides.mdm ?? true),
  ...overrides,
});

describe('chooseCaptureProvider', () => {
  it.each([
    ['full Windows with the class', env(), 'windows'],
    ['WinPE', env({ winpe: true, mdm: false }), 'winpe'],
    ['Linux', env({ platform: 'linux' }), 'simulated'],
    ['macOS', env({ platform: 'darwin' }), 'simulated'],
    ['the sandbox on Windows', env({ sandbox: true }), 'simulated'],
    ['Windows without the class (explains the failure)', env({ mdm: false }), 'windows'],
  ])('%s -> %s', async (_name, environment, provider) => {
    expect((await chooseCaptureProvider('auto', environment)).provider).toBe(provider);
  });

  it('lets an explicit choice win', async () => {
    expect((await chooseCaptureProvider('winpe', env({ platform: 'linux' }))).provider).toBe('winpe');
    expect((await chooseCaptureProvider('simulated', env())).provider).toBe('simulated');
  });
});

describe('simulated devices', () => {
  const now = Date.UTC(2026, 10, 26);
  const warnings = (options: Parameters<typeof simulateDevice>[0]): string[] => {
    const device = simulateDevice({ random: seededRandom(7), now: () => now, ...options });
    const result = validateHash(device.hardwareHash, { serial: device.serial, now });
    expect(result.ok).toBe(true);
    return result.warnings.map((w) => w.code);
  };

  it('are structurally valid, deterministic with a seed, and clean by default', () => {
    expect(warnings({})).toEqual([]);
    const a = simulateDevice({ random: seededRandom(1), now: () => now });
    const b = simulateDevice({ random: seededRandom(1), now: () => now });
    expect(a).toEqual(b);
  });

  it('produce each edge case on request', () => {
    expect(warnings({ noTpm: true })).toEqual(['no-tpm']);
    expect(warnings({ placeholderSerial: true })).toEqual(['serial-placeholder']);
    expect(warnings({ placeholderSerial: 'Default string' })).toEqual(['serial-placeholder']);
    expect(warnings({ noNetworkAdapter: true })).toEqual(['no-network-adapter']);
    expect(warnings({ osType: 1 })).toEqual(['not-full-os']);
    for (const vmPlatform of ['hyper-v', 'vmware', 'virtualbox', 'qemu', 'parallels'] as const) {
      expect(warnings({ virtualMachine: true, vmPlatform })).toEqual(['virtual-machine']);
    }
    expect(simulateDevice({ serial: 'FIXED123', random: seededRandom(2) }).serial).toBe('FIXED123');
  });
});

describe('createAutoCaptureProvider', () => {
  it('chooses at each capture, following the sandbox switch', async () => {
    let sandbox = true;
    const made: string[] = [];
    const provider = createAutoCaptureProvider({
      isSandbox: () => sandbox,
      environment: (isSandbox) => env({ sandbox: isSandbox }),
      create: (choice) => {
        made.push(choice);
        return { name: choice, capture: () => Promise.resolve(simulateDevice({ random: seededRandom(3) })) };
      },
    });
    const first = await provider.capture();
    sandbox = false;
    await provider.capture();
    expect(made).toEqual(['simulated', 'windows']);
    expect(first.notes[0]).toMatch(/simulated provider: the sandbox tenant/);
  });

  it('refuses a synthetic hash for a real tenant', async () => {
    const provider = createAutoCaptureProvider({
      isSandbox: () => false,
      environment: (isSandbox) => env({ sandbox: isSandbox, platform: 'linux' }),
      create: () => ({ name: 'x', capture: () => Promise.resolve(simulateDevice()) }),
    });
    await expect(provider.capture()).rejects.toMatchObject({ code: 'not-windows' });
  });
});
