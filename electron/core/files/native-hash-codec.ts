import { hash } from 'node:crypto';
import type { HashCodec } from '../../../shared/domain/hash/codec';

/** A Buffer's bytes as a plain Uint8Array view (no copy), as the portable codec returns them. */
function plain(bytes: Buffer): Uint8Array {
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Node's native base64 and SHA-256, for reading files of thousands of hashes. Buffer's decoder is lenient
 * (it skips foreign characters and takes the URL-safe alphabet), so the bytes are encoded again and must
 * give back the very text: only canonical padded base64 passes, exactly what the portable decoder accepts.
 */
export const nativeHashCodec: HashCodec = {
  decodeBase64: (text) => {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.toString('base64') !== text) throw new Error('Not canonical base64.');
    return plain(bytes);
  },
  // One-shot hashing (Node 20.12+): no Hash object per hash.
  sha256: (bytes) => plain(hash('sha256', bytes, 'buffer')),
};
