import { sha256 } from '@noble/hashes/sha2.js';
import { base64 } from '@scure/base';
import { guidToBytes, latin1Bytes, putU16, putU32, utf16leBytes } from './bytes';
import { CHECKSUM_RECORD_BYTES, HASH_BYTES, HASH_EPOCH_MS, OS_TYPE_FULL_OS, RecordType } from './records';

/** A network adapter to write into record 8. */
export interface HashAdapterSpec {
  /** 9 Wi-Fi, 10 Bluetooth, 14 Ethernet. */
  medium: number;
  /** Six bytes, as "AA:BB:CC:DD:EE:FF". */
  mac: string;
  bus: string;
}

/** Everything a synthetic hash carries. Real hashes carry more; these are the fields tools read. */
export interface HashSpec {
  serial: string;
  manufacturer: string;
  model: string;
  /** SMBIOS UUID as a GUID string. */
  uuid: string;
  /** Capture time, in milliseconds since the Unix epoch. */
  capturedAtMs: number;
  /** OS build as "major.minor.build.revision". */
  osBuild?: string;
  /** Processor architecture code: 0 x86, 9 x64, 12 ARM64. */
  architecture?: number;
  osType?: number;
  /** TPM version string; omit for a device without a TPM. */
  tpmVersion?: string;
  /** 256-byte EK public modulus; omit for a device without a TPM. */
  tpmEkPub?: Uint8Array;
  networkAdapters?: HashAdapterSpec[];
  processorManufacturer?: string;
  processorModel?: string;
  diskSerial?: string;
  /** Extra records, e.g. types 34, 35, 37 that newer builds add. */
  extraRecords?: { type: number; value: Uint8Array }[];
}

function versionBytes(version: string): Uint8Array {
  const [major = 0, minor = 0, build = 0, revision = 0] = version.split('.').map((part) => Number(part) || 0);
  const out = new Uint8Array(8);
  putU16(out, 0, minor);
  putU16(out, 2, major);
  putU16(out, 4, revision);
  putU16(out, 6, build);
  return out;
}

function versionsRecord(spec: HashSpec): Uint8Array {
  const value = new Uint8Array(24);
  value.set(versionBytes('10.0.26100.1'), 0);
  value.set(versionBytes(spec.osBuild ?? '10.0.26100.4349'), 8);
  putU32(value, 16, Math.max(0, Math.floor((spec.capturedAtMs - HASH_EPOCH_MS) / 1000)));
  value[21] = spec.osType ?? OS_TYPE_FULL_OS;
  value[22] = spec.architecture ?? 9;
  value[23] = 9;
  return value;
}

function networkRecord(adapter: HashAdapterSpec): Uint8Array {
  const bus = utf16leBytes(adapter.bus);
  const value = new Uint8Array(10 + bus.length);
  putU32(value, 0, adapter.medium);
  adapter.mac.split(/[:-]/).forEach((part, i) => {
    value[4 + i] = parseInt(part, 16) & 0xff;
  });
  value.set(bus, 10);
  return value;
}

/** Builds a structurally valid hash: records, "CS" SHA-256 record, zero padding to 3000 bytes, base64. */
export function buildHash(spec: HashSpec): string {
  const records: { type: number; value: Uint8Array }[] = [
    { type: RecordType.Versions, value: versionsRecord(spec) },
    { type: RecordType.ProcessorManufacturer, value: latin1Bytes(spec.processorManufacturer ?? 'GenuineIntel') },
    { type: RecordType.ProcessorModel, value: latin1Bytes(spec.processorModel ?? 'Intel(R) Core(TM) Ultra 7 165U') },
    { type: RecordType.DiskSerial, value: latin1Bytes(spec.diskSerial ?? `${spec.serial}-DISK.|NVMe SSD|`) },
    ...(spec.networkAdapters ?? []).map((adapter) => ({ type: RecordType.Network, value: networkRecord(adapter) })),
    { type: RecordType.SmbiosUuid, value: guidToBytes(spec.uuid) },
    ...(spec.tpmVersion === undefined ? [] : [{ type: RecordType.TpmVersion, value: latin1Bytes(spec.tpmVersion) }]),
    { type: RecordType.SmbiosSerial, value: latin1Bytes(spec.serial) },
    { type: RecordType.SmbiosManufacturer, value: latin1Bytes(spec.manufacturer) },
    { type: RecordType.SmbiosProductName, value: latin1Bytes(spec.model) },
    ...(spec.tpmEkPub === undefined ? [] : [{ type: RecordType.TpmEkPub, value: spec.tpmEkPub }]),
    ...(spec.extraRecords ?? []),
  ];
  const out = new Uint8Array(HASH_BYTES);
  out[0] = 0x4f;
  out[1] = 0x41;
  let offset = 4;
  for (const record of records) {
    const length = record.value.length + 4;
    if (offset + length + CHECKSUM_RECORD_BYTES > HASH_BYTES) throw new Error('Hash records exceed 3000 bytes.');
    putU16(out, offset, record.type);
    putU16(out, offset + 2, length);
    out.set(record.value, offset + 4);
    offset += length;
  }
  putU16(out, 2, offset);
  putU16(out, offset, RecordType.Checksum);
  putU16(out, offset + 2, CHECKSUM_RECORD_BYTES);
  out.set(sha256(out.subarray(0, offset)), offset + 4);
  return base64.encode(out);
}
