import { guidFromBytes, latin1, u16, u32, utf16le } from './bytes';
import { portableHashCodec, type HashCodec } from './codec';
import {
  ARCHITECTURES,
  CHECKSUM_RECORD_BYTES,
  HASH_EPOCH_MS,
  NETWORK_MEDIA,
  OS_TYPE_FULL_OS,
  RecordType,
} from './records';

/** Why a hash cannot be used at all (a hard error: Intune would reject it or it was damaged). */
export type HashErrorCode =
  | 'empty'
  | 'not-base64'
  | 'bad-padding'
  | 'bad-magic'
  | 'record-walk'
  | 'missing-checksum'
  | 'checksum-mismatch'
  | 'padding-not-zero';

/** A hard decoding error with a message a technician can act on. */
export interface HashError {
  code: HashErrorCode;
  message: string;
}

/** One record found by the record walk. */
export interface HashRecord {
  type: number;
  offset: number;
  length: number;
  value: Uint8Array;
}

/** A network adapter decoded from record 8. */
export interface HashNetworkAdapter {
  medium: string;
  mac: string;
  bus: string;
}

/** What a structurally valid hash says about its device. */
export interface DecodedHash {
  /** Characters of the (normalised) base64 text. */
  chars: number;
  /** Decoded bytes. */
  bytes: number;
  /** The n of the header: where the records end and the "CS" record starts. */
  recordsEnd: number;
  records: HashRecord[];
  serial: string;
  manufacturer: string;
  model: string;
  /** SMBIOS UUID as an upper-case GUID, or '' when absent. */
  uuid: string;
  osBuild: string;
  toolBuild: string;
  osType: number | null;
  fullOs: boolean;
  architecture: string;
  /** Capture time as ISO 8601 (inferred field, see the reference §3.3), or null. */
  capturedAt: string | null;
  tpmVersion: string;
  hasTpm: boolean;
  networkAdapters: HashNetworkAdapter[];
  productKeyId: string;
  /** Types present that this decoder has no name for (accepted: the format grows). */
  unknownRecordTypes: number[];
}

/** Result of decoding: the decoded hash, or the first hard error. */
export type DecodeResult = { ok: true; hash: DecodedHash } | { ok: false; error: HashError };

const KNOWN_TYPES = new Set<number>(Object.values(RecordType));

/** Trims whitespace, a BOM and surrounding quotes: what spreadsheets and scripts wrap hashes in. */
export function normaliseHashText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .trim()
    .replace(/^"(.*)"$/s, '$1')
    .trim();
}

/**
 * Decodes and structurally verifies a hardware hash (magic, record walk, SHA-256, zero padding); `codec`
 * does the base64 and SHA-256 steps (portable by default).
 */
export function decodeHash(input: string, codec: HashCodec = portableHashCodec): DecodeResult {
  const text = normaliseHashText(input);
  if (text.length === 0) return fail('empty', 'The hardware hash is empty.');
  let bytes: Uint8Array;
  try {
    // One pass that also checks the alphabet and the padding; the reasons are worked out only on failure.
    bytes = codec.decodeBase64(text);
  } catch {
    const bad = /[^A-Za-z0-9+/=]/.exec(text);
    if (bad) {
      return fail(
        'not-base64',
        `The hardware hash is not base64: character ${JSON.stringify(bad[0])} at position ${bad.index + 1}.`,
      );
    }
    if (text.length % 4 !== 0 || /=[^=]/.test(text)) {
      return fail(
        'bad-padding',
        `The hardware hash has ${text.length} characters, not a multiple of 4: it was cut or its padding is wrong ` +
          `(Intune answers "Cannot convert the literal to the expected type Edm.Binary"). Capture it again.`,
      );
    }
    return fail('not-base64', 'The hardware hash is not valid base64.');
  }
  if (bytes.length < 4 || bytes[0] !== 0x4f || bytes[1] !== 0x41) {
    return fail('bad-magic', 'The hardware hash does not start with the "OA" header: it is not an Autopilot hash.');
  }
  const end = u16(bytes, 2);
  if (end < 4 || end + CHECKSUM_RECORD_BYTES > bytes.length) {
    return fail(
      'record-walk',
      `The hardware hash is truncated: its header says ${end + CHECKSUM_RECORD_BYTES} bytes, it has ${bytes.length}.`,
    );
  }
  const records: HashRecord[] = [];
  let offset = 4;
  while (offset < end) {
    const length = u16(bytes, offset + 2);
    if (length < 4 || offset + length > end) {
      return fail(
        'record-walk',
        `The hardware hash is damaged: the record at byte ${offset} runs past the end of the data.`,
      );
    }
    records.push({ type: u16(bytes, offset), offset, length, value: bytes.subarray(offset + 4, offset + length) });
    offset += length;
  }
  if (u16(bytes, end) !== RecordType.Checksum || u16(bytes, end + 2) !== CHECKSUM_RECORD_BYTES) {
    return fail('missing-checksum', 'The hardware hash has no "CS" checksum record where its header says it ends.');
  }
  const expected = codec.sha256(bytes.subarray(0, end));
  const stored = bytes.subarray(end + 4, end + CHECKSUM_RECORD_BYTES);
  if (!sameBytes(expected, stored)) {
    return fail(
      'checksum-mismatch',
      'The hardware hash fails its SHA-256 checksum: it was edited or truncated (Excel, a line wrap, a copy). Capture it again.',
    );
  }
  const nonZero = firstNonZero(bytes, end + CHECKSUM_RECORD_BYTES);
  if (nonZero !== -1) {
    return fail('padding-not-zero', `The hardware hash has data after its checksum (byte ${nonZero}): it was altered.`);
  }
  return { ok: true, hash: describe(text.length, bytes.length, end, records) };
}

function fail(code: HashErrorCode, message: string): DecodeResult {
  return { ok: false, error: { code, message } };
}

/** The index of the first non-zero byte from `from` on, or -1; reads four bytes at a time (the padding is ~2,300). */
function firstNonZero(bytes: Uint8Array, from: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let i = from;
  for (; i + 4 <= bytes.length; i += 4) if (view.getUint32(i) !== 0) break;
  for (; i < bytes.length; i++) if (bytes[i] !== 0) return i;
  return -1;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A record's NUL-terminated single-byte text, trimmed ('' when the record is absent). */
function recordText(value: Uint8Array | undefined): string {
  return value ? latin1(value).trim() : '';
}

/** A four-part version stored as four u16s (minor before major). */
function versionAt(v: Uint8Array, at: number): string {
  return `${u16(v, at + 2)}.${u16(v, at)}.${u16(v, at + 6)}.${u16(v, at + 4)}`;
}

function networkAdapter(value: Uint8Array): HashNetworkAdapter {
  let mac = '';
  for (let i = 4; i < 10; i++)
    mac += `${i > 4 ? ':' : ''}${(value[i] ?? 0).toString(16).padStart(2, '0').toUpperCase()}`;
  const medium = u32(value, 0);
  return { medium: NETWORK_MEDIA[medium] ?? `medium ${medium}`, mac, bus: utf16le(value.subarray(10)) };
}

function describe(chars: number, byteCount: number, recordsEnd: number, records: HashRecord[]): DecodedHash {
  // One pass: the first record of each type, the network adapters, the types without a name.
  const first = new Map<number, Uint8Array>();
  const networkAdapters: HashNetworkAdapter[] = [];
  const unknownRecordTypes: number[] = [];
  for (const record of records) {
    if (!first.has(record.type)) {
      first.set(record.type, record.value);
      if (!KNOWN_TYPES.has(record.type)) unknownRecordTypes.push(record.type);
    }
    if (record.type === RecordType.Network && record.value.length >= 10)
      networkAdapters.push(networkAdapter(record.value));
  }
  const versions = first.get(RecordType.Versions);
  const osType = versions && versions.length >= 22 ? (versions[21] ?? null) : null;
  const seconds = versions && versions.length >= 20 ? u32(versions, 16) : 0;
  const uuidValue = first.get(RecordType.SmbiosUuid);
  return {
    chars,
    bytes: byteCount,
    recordsEnd,
    records,
    serial: recordText(first.get(RecordType.SmbiosSerial)),
    manufacturer: recordText(first.get(RecordType.SmbiosManufacturer)),
    model: recordText(first.get(RecordType.SmbiosProductName)),
    uuid: uuidValue && uuidValue.length >= 16 ? guidFromBytes(uuidValue) : '',
    toolBuild: versions && versions.length >= 8 ? versionAt(versions, 0) : '',
    osBuild: versions && versions.length >= 16 ? versionAt(versions, 8) : '',
    osType,
    fullOs: osType === OS_TYPE_FULL_OS,
    architecture: versions && versions.length >= 23 ? (ARCHITECTURES[versions[22] ?? -1] ?? 'unknown') : 'unknown',
    capturedAt: seconds > 0 ? new Date(HASH_EPOCH_MS + seconds * 1000).toISOString() : null,
    tpmVersion: recordText(first.get(RecordType.TpmVersion)),
    hasTpm: first.has(RecordType.TpmVersion) || first.has(RecordType.TpmEkPub),
    networkAdapters,
    productKeyId: recordText(first.get(RecordType.ProductKeyId)),
    unknownRecordTypes,
  };
}
