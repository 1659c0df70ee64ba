/**
 * Record types of the Autopilot hardware hash (the "4K hardware hash").
 *
 * Layout per ../shared/reference/hash-capture-and-format.md §3.2: "OA" magic, u16 LE total length n,
 * then records "u16 type, u16 total length (header included), value" up to n, then a "CS" record
 * holding SHA-256 of bytes [0, n), then zero padding to 3000 bytes.
 */
export const RecordType = {
  Versions: 1,
  Processor: 2,
  ProcessorManufacturer: 3,
  ProcessorModel: 4,
  Memory: 5,
  Disk: 6,
  DiskSerial: 7,
  Network: 8,
  Display: 9,
  Chassis: 10,
  OfflineDeviceId: 11,
  SmbiosUuid: 12,
  TpmVersion: 13,
  SmbiosSerial: 14,
  SmbiosFirmwareVendor: 15,
  SmbiosManufacturer: 16,
  SmbiosProductName: 17,
  SmbiosSku: 18,
  SmbiosFamily: 19,
  SmbiosBoardManufacturer: 20,
  SmbiosBoardProduct: 21,
  SmbiosBoardVersion: 22,
  SmbiosSystemVersion: 23,
  ProductKeyId: 24,
  TpmEkPub: 25,
  ProductKeyPkPn: 26,
  Gpu: 29,
  GpuAdapter: 30,
  Checksum: 0x5343,
} as const;

/** Bytes in a current hash: 4,000 base64 characters. */
export const HASH_BYTES = 3000;
/** Characters in a current hash. */
export const HASH_CHARS = 4000;
/** Size of the "CS" checksum record: 4-byte header plus SHA-256. */
export const CHECKSUM_RECORD_BYTES = 36;
/** Record 1 value: seconds are counted from 2000-01-01T00:00:00Z (inferred in the reference, §3.3). */
export const HASH_EPOCH_MS = Date.UTC(2000, 0, 1);

/** OSType values seen in record 1. */
export const OS_TYPE_FULL_OS = 2;

/** Processor architectures in record 1 (0 x86, 9 x64, 12 ARM64). */
export const ARCHITECTURES: Readonly<Record<number, string>> = { 0: 'x86', 9: 'x64', 12: 'arm64' };

/** Physical media in record 8. */
export const NETWORK_MEDIA: Readonly<Record<number, string>> = {
  9: 'Wi-Fi',
  10: 'Bluetooth',
  14: 'Ethernet',
};
