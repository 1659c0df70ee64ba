/** Small byte helpers that need neither Node's Buffer nor the DOM's TextDecoder. */

/** Reads a little-endian u16. */
export function u16(bytes: Uint8Array, offset: number): number {
  return (bytes[offset] ?? 0) | ((bytes[offset + 1] ?? 0) << 8);
}

/** Reads a little-endian u32. */
export function u32(bytes: Uint8Array, offset: number): number {
  return (u16(bytes, offset) + u16(bytes, offset + 2) * 0x10000) >>> 0;
}

/** Writes a little-endian u16. */
export function putU16(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = value & 0xff;
  bytes[offset + 1] = (value >>> 8) & 0xff;
}

/** Writes a little-endian u32. */
export function putU32(bytes: Uint8Array, offset: number, value: number): void {
  putU16(bytes, offset, value & 0xffff);
  putU16(bytes, offset + 2, (value >>> 16) & 0xffff);
}

/** Decodes NUL-terminated single-byte text (the hash stores SMBIOS strings this way). */
export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) {
    if (byte === 0) break;
    text += String.fromCharCode(byte);
  }
  return text;
}

/** Encodes text as NUL-terminated single-byte characters (non-Latin-1 becomes '?'). */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length + 1);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[i] = code < 256 ? code : 0x3f;
  }
  return out;
}

/** Decodes NUL-terminated UTF-16LE text. */
export function utf16le(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    const code = u16(bytes, i);
    if (code === 0) break;
    text += String.fromCharCode(code);
  }
  return text;
}

/** Encodes text as NUL-terminated UTF-16LE. */
export function utf16leBytes(text: string): Uint8Array {
  const out = new Uint8Array((text.length + 1) * 2);
  for (let i = 0; i < text.length; i++) putU16(out, i * 2, text.charCodeAt(i));
  return out;
}

/** Lower-case hex of bytes. */
export function hex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}

/** Byte order of a GUID's text in .NET `Guid(byte[])` layout: the first three groups are little-endian. */
const GUID_ORDER = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15] as const;
const HEX_UPPER = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0').toUpperCase());

/** Formats 16 bytes as a GUID in .NET `Guid(byte[])` layout (first three groups little-endian). */
export function guidFromBytes(bytes: Uint8Array): string {
  let text = '';
  for (const i of GUID_ORDER) {
    if (i === 8 || i === 10 || i === 5 || i === 7) text += '-';
    text += HEX_UPPER[bytes[i] ?? 0] ?? '00';
  }
  return text;
}

/** Parses a GUID string into 16 bytes in .NET `Guid(byte[])` layout. */
export function guidToBytes(guid: string): Uint8Array {
  const digits = guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(digits)) throw new Error(`Not a GUID: ${guid}`);
  const raw = Array.from({ length: 16 }, (_, i) => parseInt(digits.slice(i * 2, i * 2 + 2), 16));
  const out = new Uint8Array(16);
  GUID_ORDER.forEach((source, target) => {
    out[target] = raw[source] ?? 0;
  });
  return out;
}
