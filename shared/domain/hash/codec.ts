import { sha256 } from '@noble/hashes/sha2.js';
import { decodeBase64 } from './base64';

/**
 * The two byte-level steps of decoding a hash. These portable ones run anywhere (the page included);
 * the main process passes Node's native ones where thousands of rows are read (electron/core/files).
 */
export interface HashCodec {
  /** Strict padded base64 (RFC 4648 §4): throws on any text that is not canonical. */
  decodeBase64: (text: string) => Uint8Array;
  sha256: (bytes: Uint8Array) => Uint8Array;
}

export const portableHashCodec: HashCodec = { decodeBase64, sha256 };
