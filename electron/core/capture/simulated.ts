import { buildHash } from '../../../shared/domain/hash/build';
import type { CaptureProvider, CapturedDevice } from './types';

/** Edge cases the simulated provider can produce. */
export interface SimulatedOptions {
  /** No TPM records (self-deploying and pre-provisioning would fail). */
  noTpm?: boolean;
  /** A virtual machine's make and model. */
  virtualMachine?: boolean;
  /** A placeholder serial such as "To be filled by O.E.M."; a string picks the placeholder. */
  placeholderSerial?: boolean | string;
  /** Which hypervisor a virtual machine reports (default Hyper-V). */
  vmPlatform?: SimulatedVmPlatform;
  /** No network adapter record (e.g. VMware on Apple silicon, or WinPE without NIC drivers). */
  noNetworkAdapter?: boolean;
  /** A fixed serial (e.g. to simulate a re-capture of the same device). */
  serial?: string;
  /** OSType in record 1 (2 = FullOS). */
  osType?: number;
  /** Random source in [0, 1): seeded in tests. */
  random?: () => number;
  /** Clock in ms since the epoch. */
  now?: () => number;
}

/** Hypervisors the simulated provider can impersonate. */
export type SimulatedVmPlatform = 'hyper-v' | 'vmware' | 'virtualbox' | 'qemu' | 'parallels';

const VM_MAKE_MODEL: Readonly<Record<SimulatedVmPlatform, readonly [string, string]>> = {
  'hyper-v': ['Microsoft Corporation', 'Virtual Machine'],
  vmware: ['VMware, Inc.', 'VMware20,1'],
  virtualbox: ['innotek GmbH', 'VirtualBox'],
  qemu: ['QEMU', 'Standard PC (Q35 + ICH9, 2009)'],
  parallels: ['Parallels International GmbH.', 'Parallels ARM Virtual Machine'],
};

const MODELS: readonly (readonly [string, string])[] = [
  ['HP', 'HP EliteBook 840 G10'],
  ['LENOVO', '21G2'],
  ['Dell Inc.', 'Latitude 7450'],
  ['Microsoft Corporation', 'Surface Laptop 6'],
  ['LENOVO', 'ThinkPad T14s Gen 5'],
];

/** A deterministic random source (mulberry32) for seeded, repeatable synthetic devices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length) % items.length] as T;
}

function chars(alphabet: string, length: number, random: () => number): string {
  return Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
}

/** Builds one synthetic but structurally valid device. */
export function simulateDevice(options: SimulatedOptions = {}): CapturedDevice {
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const [manufacturer, model] = options.virtualMachine
    ? VM_MAKE_MODEL[options.vmPlatform ?? 'hyper-v']
    : pick(MODELS, random);
  const generated = `SIM${chars('0123456789ABCDEFGHJKLMNPQRSTUVWXYZ', 9, random)}`;
  const placeholder =
    typeof options.placeholderSerial === 'string' ? options.placeholderSerial : 'To be filled by O.E.M.';
  const serial = options.placeholderSerial ? placeholder : (options.serial ?? generated);
  const hexDigits = (n: number): string => chars('0123456789ABCDEF', n, random);
  const uuid = `${hexDigits(8)}-${hexDigits(4)}-${hexDigits(4)}-${hexDigits(4)}-${hexDigits(12)}`;
  const mac = Array.from({ length: 6 }, (_, i) => (i === 0 ? '02' : hexDigits(2))).join(':');
  const ekPub = new Uint8Array(256).map(() => Math.floor(random() * 256));
  const hardwareHash = buildHash({
    serial,
    manufacturer,
    model,
    uuid,
    capturedAtMs: now(),
    networkAdapters: options.noNetworkAdapter
      ? []
      : [{ medium: options.virtualMachine ? 14 : 9, mac, bus: options.virtualMachine ? 'VMBUS' : 'PCI' }],
    ...(options.osType === undefined ? {} : { osType: options.osType }),
    ...(options.noTpm
      ? {}
      : { tpmVersion: "TPM-Version:2.0 -Level:0-Revision:1.59-VendorID:'SIM '-Firmware:7.2.3.1", tpmEkPub: ekPub }),
  });
  const notes = options.noTpm ? ['Simulated device without a TPM.'] : [];
  return {
    serial,
    manufacturer,
    model,
    hardwareHash,
    uuid,
    productId: '',
    provider: 'simulated',
    notes,
    tpm: { present: !options.noTpm, ready: !options.noTpm },
    edition: 'Windows 11 Enterprise (simulated)',
  };
}

/** The capture provider used on machines that are not Windows and whenever the sandbox is active. */
export function createSimulatedProvider(options: SimulatedOptions = {}): CaptureProvider {
  return {
    name: 'simulated',
    capture: () => Promise.resolve(simulateDevice(options)),
  };
}
