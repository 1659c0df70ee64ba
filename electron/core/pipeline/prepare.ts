import { randomInt } from 'node:crypto';
import { deviceNameProblem, expandNameTemplate } from '../../../shared/domain/device-name';
import { decodeHash, normaliseHashText } from '../../../shared/domain/hash/decode';
import { journalKey } from '../store/records';
import type { QueuedDeviceInput } from '../store/types';
import { problem } from './problems';
import type { DeviceProblem } from '../../../shared/domain/device';
import type { DuplicateRow, RegisterOptions, RegistrationInput } from './types';

/** A device ready for the journal, or rejected before anything is sent. */
export interface PreparedDevice {
  /** The tag and user are always set: an empty one is the registration's choice (no tag, no user). */
  input: QueuedDeviceInput & { groupTag: string; assignedUser: string };
  /** Set when the device must not be sent (bad hash, same motherboard as another row). */
  rejected: DeviceProblem | null;
}

/** Result of preparing a batch: one entry per distinct device, plus the rows folded into others. */
export interface Prepared {
  devices: PreparedDevice[];
  duplicates: DuplicateRow[];
}

/** Decodes a hash; an unpadded one is padded when that makes it whole (checksum verified), as memdocs advises. */
export function decodeWithPadding(text: string): {
  hash: string;
  decoded: ReturnType<typeof decodeHash>;
  repaired: boolean;
} {
  const hash = normaliseHashText(text);
  const decoded = decodeHash(hash);
  if (decoded.ok || decoded.error.code !== 'bad-padding' || hash.includes('='))
    return { hash, decoded, repaired: false };
  const padded = hash + '='.repeat((4 - (hash.length % 4)) % 4);
  const again = decodeHash(padded);
  return again.ok ? { hash: padded, decoded: again, repaired: true } : { hash, decoded, repaired: false };
}

/** Characters of a complete 4K hardware hash (3,000 bytes). */
const HASH_4K_CHARS = 4000;

/** The refusal of a hash that is not 4,000 characters, unless the run allows odd sizes. */
function oddSize(chars: number, options: RegisterOptions): DeviceProblem | null {
  if (chars === HASH_4K_CHARS || options.allowOddHashSize) return null;
  return problem(
    'HashNot4k',
    'imported',
    `The hardware hash has ${chars} characters, not ${HASH_4K_CHARS}: it was probably cut when copied, and Intune answers HashNot4k to such a hash. It was not sent.`,
    chars < HASH_4K_CHARS
      ? 'Copy the whole value again (or capture the hash again on the device). For a genuinely odd-sized hash, register with --allow-odd-hash-size.'
      : 'Capture the hash again on the device with a current Windows. For a genuinely odd-sized hash, register with --allow-odd-hash-size.',
  );
}

/** The device's name from the run's name or template (or the input's), and why it cannot be used. */
function nameOf(
  input: RegistrationInput,
  serial: string,
  options: RegisterOptions,
): { name: string; problem: DeviceProblem | null } {
  const text = (options.deviceName ?? input.deviceName ?? '').trim();
  if (!text) return { name: '', problem: null };
  const name = expandNameTemplate(text, serial, options.randomDigit ?? (() => randomInt(10)));
  const why = deviceNameProblem(name);
  if (!why) return { name, problem: null };
  return {
    name,
    problem: problem(
      'device-name',
      'imported',
      `The device name "${name}"${name === text ? '' : ` (from "${text}")`} ${why}: Windows names a device with at most 15 letters, digits and hyphens, not digits only. Nothing was sent.`,
      'Choose a shorter name or template (e.g. a shorter prefix before %SERIAL%, or %RAND:x%) and register again.',
    ),
  };
}

/**
 * Decodes each hash, applies the run's tag and user, and deduplicates by serial and by the SMBIOS UUID in the
 * hash (never by the hash text: two captures of one device differ). Intune would answer ZtdDeviceDuplicated.
 */
export function prepareDevices(inputs: RegistrationInput[], options: RegisterOptions): Prepared {
  const bySerial = new Map<string, PreparedDevice>();
  const byUuid = new Map<string, string>();
  const duplicates: DuplicateRow[] = [];
  const devices: PreparedDevice[] = [];
  for (const input of inputs) {
    const { hash, decoded, repaired } = decodeWithPadding(input.hardwareHash);
    // Autopilot registers the serial inside the hash; a different serial in the row would never be found.
    const rowSerial = (input.serial ?? '').trim();
    const hashSerial = decoded.ok ? decoded.hash.serial.trim() : '';
    const serial = hashSerial || rowSerial;
    const origin = input.origin ?? '';
    if (!serial) {
      devices.push({
        input: {
          serial: `(no serial) ${origin}`.trim(),
          hardwareHash: hash,
          groupTag: '',
          assignedUser: '',
          origin,
          source: input.source ?? 'csv',
        },
        rejected: problem(
          'no-serial',
          'imported',
          'Neither the row nor the hash carries a serial number.',
          'Capture the hash again on the device; check that the firmware reports a serial.',
        ),
      });
      continue;
    }
    const key = journalKey(serial);
    const earlier = bySerial.get(key);
    if (earlier) {
      duplicates.push({ origin, serial, duplicateOf: earlier.input.origin ?? '', by: 'serial' });
      continue;
    }
    const uuid = decoded.ok ? decoded.hash.uuid : '';
    const warnings: string[] = repaired
      ? ["the hash's base64 padding was missing and has been added (Graph rejects unpadded hashes)"]
      : [];
    if (hashSerial && rowSerial && journalKey(rowSerial) !== key) {
      warnings.push(
        `the serial given (${rowSerial}) differs from the serial in the hash (${hashSerial}); Autopilot uses the hash's, so does the console`,
      );
    }
    const named = nameOf(input, serial, options);
    const prepared: PreparedDevice = {
      input: {
        serial,
        ...(rowSerial && rowSerial !== serial ? { givenSerial: rowSerial } : {}),
        hardwareHash: hash,
        productKey: input.productKey ?? '',
        manufacturer: decoded.ok ? decoded.hash.manufacturer : '',
        model: decoded.ok ? decoded.hash.model : '',
        uuid,
        groupTag: options.groupTag ?? input.groupTag ?? '',
        assignedUser: options.assignedUser ?? input.assignedUser ?? '',
        ...(named.name ? { deviceName: named.name } : {}),
        source: input.source ?? 'csv',
        origin,
        warnings,
      },
      rejected: decoded.ok
        ? (oddSize(decoded.hash.chars, options) ?? named.problem)
        : problem(
            `hash-${decoded.error.code}`,
            'imported',
            `The hardware hash cannot be used: ${decoded.error.message}`,
            'Capture the hash again on the device; do not edit or re-encode it.',
          ),
    };
    const uuidOwner = uuid && !/^0{8}-|^F{8}-F{4}/i.test(uuid) ? byUuid.get(uuid.toUpperCase()) : undefined;
    if (uuidOwner) {
      duplicates.push({ origin, serial, duplicateOf: uuidOwner, by: 'uuid' });
      prepared.rejected = problem(
        'ZtdDeviceDuplicated',
        'imported',
        `This hash has the same motherboard id (SMBIOS UUID ${uuid}) as serial ${uuidOwner} in this upload; Intune would reject it as ZtdDeviceDuplicated, so it was not sent.`,
        'Check which serial is right for this device, capture its hash again and register it on its own.',
      );
    } else if (uuid) {
      byUuid.set(uuid.toUpperCase(), serial);
    }
    bySerial.set(key, prepared);
    devices.push(prepared);
  }
  return { devices, duplicates };
}
