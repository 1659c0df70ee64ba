import type { HashCodec } from './codec';
import { decodeHash, type DecodedHash, type HashErrorCode } from './decode';
import { isPlaceholderSerial } from './placeholders';
import { HASH_BYTES, HASH_CHARS } from './records';
import { detectVirtualMachine } from './virtual-machines';

/** Hard errors: the hash cannot be uploaded (Intune would reject it or it was damaged). */
export type HashValidationErrorCode = HashErrorCode;

/** Warnings: the hash decodes but the device will cause trouble later. */
export type HashWarningCode =
  | 'length'
  | 'serial-empty'
  | 'serial-placeholder'
  | 'serial-mismatch'
  | 'manufacturer-empty'
  | 'no-tpm'
  | 'virtual-machine'
  | 'no-network-adapter'
  | 'not-full-os'
  | 'capture-time-future'
  | 'capture-time-old';

/** One finding, with a message a technician can act on. */
export interface HashFinding<C extends string> {
  code: C;
  message: string;
}

/** Outcome of offline validation. `ok` is false when there is any hard error. */
export interface HashValidation {
  ok: boolean;
  errors: HashFinding<HashValidationErrorCode>[];
  warnings: HashFinding<HashWarningCode>[];
  decoded?: DecodedHash;
}

/** What else is known about the device (e.g. the CSV row or WMI beside the hash). */
export interface HashValidationContext {
  /** Serial number from the CSV row or Win32_BIOS, compared with the serial inside the hash. */
  serial?: string;
  /** Clock for the capture-time check, ms since the epoch. */
  now?: number;
  /** Base64 and SHA-256 steps (portable by default; the main process passes native ones). */
  codec?: HashCodec;
}

const DAY_MS = 86_400_000;
/** Capture times more than this far ahead of the clock are suspicious (clock skew allowance). */
const FUTURE_TOLERANCE_MS = DAY_MS;
/** Older than this, the device has likely changed (disk, board, firmware) since capture. */
const OLD_AFTER_MS = 3 * 365 * DAY_MS;
/** The 4K hash exists since Windows 10 1703 (April 2017); anything earlier is a broken clock. */
const FORMAT_INTRODUCED_MS = Date.UTC(2017, 3, 1);

/** Validates a hardware hash offline: structure and checksum (errors) and content (warnings). */
export function validateHash(text: string, context: HashValidationContext = {}): HashValidation {
  const result = decodeHash(typeof text === 'string' ? text : '', context.codec);
  if (!result.ok) return { ok: false, errors: [result.error], warnings: [] };
  return { ok: true, errors: [], warnings: contentWarnings(result.hash, context), decoded: result.hash };
}

function contentWarnings(decoded: DecodedHash, context: HashValidationContext): HashFinding<HashWarningCode>[] {
  const warnings: HashFinding<HashWarningCode>[] = [];
  const warn = (code: HashWarningCode, message: string): void => {
    warnings.push({ code, message });
  };
  // Reference §3.4: the hash still decodes, so the file check warns; registration refuses it unless allowed
  // (Intune lists HashNot4k). Current hashes are zero-padded to 3,000 bytes, so a shorter one that still
  // verifies was most likely cut inside its padding when copied.
  if (decoded.chars !== HASH_CHARS || decoded.bytes !== HASH_BYTES) {
    warn(
      'length',
      decoded.bytes < HASH_BYTES
        ? `The hardware hash has ${decoded.bytes} bytes, not ${HASH_BYTES} (${decoded.chars} characters, not ` +
            `${HASH_CHARS}): it was probably cut when copied, and registration refuses it (Intune answers HashNot4k) ` +
            'unless --allow-odd-hash-size is given. Copy the whole value or capture it again.'
        : `The hardware hash has ${decoded.chars} characters, not ${HASH_CHARS}: it may come from an old OA3Tool; ` +
            'registration refuses it (Intune answers HashNot4k) unless --allow-odd-hash-size is given.',
    );
  }
  if (decoded.serial === '') {
    warn(
      'serial-empty',
      'The hash holds no serial number: Intune rejects it (InvalidZtdHardwareHash). Set the serial in the firmware.',
    );
  } else if (isPlaceholderSerial(decoded.serial)) {
    warn(
      'serial-placeholder',
      `The serial number in the hash is the placeholder "${decoded.serial}": set a real serial with the manufacturer's BIOS tool, then capture again.`,
    );
  }
  const outer = context.serial?.trim() ?? '';
  if (outer !== '' && decoded.serial !== '' && outer.toLowerCase() !== decoded.serial.toLowerCase()) {
    warn(
      'serial-mismatch',
      `The serial "${outer}" differs from the serial in the hash ("${decoded.serial}"): the hash may belong to another device.`,
    );
  }
  if (decoded.manufacturer === '') {
    warn('manufacturer-empty', 'The hash holds no manufacturer: Intune rejects it (InvalidZtdHardwareHash).');
  }
  if (!decoded.hasTpm) {
    warn('no-tpm', 'The hash has no TPM data: self-deploying and pre-provisioning will fail; user-driven still works.');
  }
  const vm = detectVirtualMachine(decoded.manufacturer, decoded.model, decoded.serial);
  if (vm) {
    warn(
      'virtual-machine',
      `This is a virtual machine (${vm.platform}): user-driven only; cloned VMs may share serials and UUIDs.`,
    );
  }
  if (decoded.networkAdapters.length === 0) {
    warn(
      'no-network-adapter',
      'The hash has no network adapter: hardware matching is weaker; load the NIC driver before capture.',
    );
  }
  if (!decoded.fullOs) {
    warn(
      'not-full-os',
      `The hash was not captured in full Windows (OS type ${decoded.osType ?? 'missing'}): Microsoft supports capture in full Windows only.`,
    );
  }
  captureTimeWarning(decoded, context.now ?? Date.now(), warn);
  return warnings;
}

function captureTimeWarning(
  decoded: DecodedHash,
  now: number,
  warn: (code: HashWarningCode, message: string) => void,
): void {
  // No time (zero) says nothing either way: the field is inferred, not documented.
  if (decoded.capturedAt === null) return;
  const at = Date.parse(decoded.capturedAt);
  if (at > now + FUTURE_TOLERANCE_MS) {
    warn(
      'capture-time-future',
      `The hash says it was captured in the future (${decoded.capturedAt}): check the device clock.`,
    );
  } else if (at < FORMAT_INTRODUCED_MS || at < now - OLD_AFTER_MS) {
    warn(
      'capture-time-old',
      `The hash was captured on ${decoded.capturedAt.slice(0, 10)}: if the device has changed since, capture it again.`,
    );
  }
}
