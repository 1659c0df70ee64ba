import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nativeHashCodec } from '../../../../electron/core/files/native-hash-codec';
import { portableHashCodec } from '../../../../shared/domain/hash/codec';
import { decodeHash } from '../../../../shared/domain/hash/decode';
import { fixtureHash } from '../../../fixtures/hashes';

/** What a decoder makes of a text: its bytes, or that it refused it. */
function outcome(decode: (text: string) => Uint8Array, text: string): number[] | 'refused' {
  try {
    return Array.from(decode(text));
  } catch {
    return 'refused';
  }
}

/** Base64-ish text: the alphabet, the URL-safe pair, padding in odd places, blanks and other characters. */
const base64ish = fc
  .array(fc.constantFrom(...Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_ \n.é')), {
    maxLength: 40,
  })
  .map((chars) => chars.join(''));

describe('nativeHashCodec', () => {
  it('accepts and refuses exactly the texts the portable decoder does, with the same bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          base64ish,
          fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b).toString('base64')),
        ),
        (text) => {
          expect(outcome(nativeHashCodec.decodeBase64, text)).toEqual(outcome(portableHashCodec.decodeBase64, text));
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('refuses what Buffer alone would quietly accept', () => {
    // URL-safe characters, missing padding, foreign characters, and non-zero bits in the last character.
    for (const text of ['ab-_', 'QQ', 'QUJD RA==', 'QR==', 'QUI=x', 'QUI']) {
      expect(() => nativeHashCodec.decodeBase64(text), text).toThrow();
      expect(() => portableHashCodec.decodeBase64(text), text).toThrow();
    }
    expect(Array.from(nativeHashCodec.decodeBase64(''))).toEqual([]);
  });

  it('gives the SHA-256 the portable codec gives', () => {
    expect(Buffer.from(nativeHashCodec.sha256(new TextEncoder().encode('abc'))).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(Array.from(nativeHashCodec.sha256(bytes))).toEqual(Array.from(portableHashCodec.sha256(bytes)));
      }),
      { numRuns: 300 },
    );
  });

  it('decodes a hash, and refuses an edited one, as the portable codec does', () => {
    const hash = fixtureHash();
    const edited = `${hash.slice(0, 100)}${hash[100] === 'A' ? 'B' : 'A'}${hash.slice(101)}`;
    for (const text of [hash, edited, hash.slice(0, -4), hash.replace(/\+/g, '-')]) {
      expect(decodeHash(text, nativeHashCodec)).toEqual(decodeHash(text, portableHashCodec));
    }
    expect(decodeHash(hash, nativeHashCodec).ok).toBe(true);
    const refused = decodeHash(edited, nativeHashCodec);
    expect(refused.ok ? '' : refused.error.code).toBe('checksum-mismatch');
  });
});
