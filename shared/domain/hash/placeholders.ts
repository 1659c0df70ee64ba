/**
 * Serial numbers that are not serial numbers: SMBIOS defaults left by board vendors and virtual
 * machines. Intune rejects a hash without a real serial (InvalidZtdHardwareHash), and two devices with
 * the same placeholder collide. Sources: the hash reference §5 (a public module's block list, QEMU's
 * "SMBIOS_STRING_INDEX_0", VirtualBox's "0") plus defaults common in AMI/Insyde/Phoenix firmware.
 */
const PLACEHOLDER_SERIALS: ReadonlySet<string> = new Set([
  'default string',
  'default',
  'to be filled by o.e.m.',
  'to be filled by oem',
  'to be filled by o.e.m',
  'to be filled',
  'filled by o.e.m.',
  'o.e.m.',
  'oem',
  'system serial number',
  'system serial',
  'serial number',
  'serialnumber',
  'serial',
  'sn',
  's/n',
  'chassis serial number',
  'base board serial number',
  'baseboard serial number',
  'board serial number',
  'type1 - serial number',
  'type2 - board serial number',
  'type3 - chassis serial number',
  'not specified',
  'not applicable',
  'not available',
  'not defined',
  'unspecified',
  'undefined',
  'unknown',
  'invalid',
  'empty',
  'none',
  'null',
  'nil',
  'n/a',
  'na',
  'tbd',
  'tba',
  'oem_serial',
  'system_serial_number',
  'invalid serial',
  'no asset information',
  'asset tag',
  'none specified',
  '0',
  '0123456789',
  '123456789',
  '1234567890',
  '12345678',
  '1234567',
  '123456',
  '01234567890',
  'abcdefghij',
  'abcdef',
  'xxxxxxxxxx',
]);

const PLACEHOLDER_PATTERNS: readonly RegExp[] = [
  // QEMU and some OVMF builds report an unfilled SMBIOS string index.
  /^smbios_string_index_\d+$/,
  // One character repeated ("00000000", "XXXXXXXX", "FFFFFFFF", "........").
  /^(.)\1*$/,
  // Punctuation or spaces only.
  /^[\s\-._#*?/\\]+$/,
  /^to be filled/,
  /^default[ _-]?string/,
  /^system[ _-]?serial/,
];

/** True when a serial number is empty or an SMBIOS placeholder rather than a real serial. */
export function isPlaceholderSerial(serial: string): boolean {
  const value = serial.trim().toLowerCase();
  if (value.length === 0) return true;
  return PLACEHOLDER_SERIALS.has(value) || PLACEHOLDER_PATTERNS.some((pattern) => pattern.test(value));
}
