import { randomBytes, randomUUID } from 'node:crypto';
import { seededRandom } from '../capture/simulated';

/** Id and secret source: seeded (deterministic) when a seed is given, cryptographically random otherwise. */
export interface IdSource {
  guid(): string;
  /** A client secret in Entra's shape: 3 characters, "8Q~", then 34 characters. */
  secret(): string;
  /** A number in [0, 1). */
  random(): number;
}

const SECRET_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.';

/** Creates an id source. */
export function createIds(seed?: number): IdSource {
  if (seed === undefined) {
    const random = (): number => randomBytes(4).readUInt32LE(0) / 4294967296;
    return {
      guid: () => randomUUID(),
      secret: () => makeSecret(random),
      random,
    };
  }
  const random = seededRandom(seed);
  return {
    guid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
      const variant = ((parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
    secret: () => makeSecret(random),
    random,
  };
}

function makeSecret(random: () => number): string {
  const pick = (n: number): string =>
    Array.from({ length: n }, () => SECRET_ALPHABET.charAt(Math.floor(random() * SECRET_ALPHABET.length))).join('');
  return `${pick(3)}8Q~${pick(34)}`;
}

/** A stable value in [0, 1) for a string, used for per-record jitter that survives restarts. */
export function hashFraction(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) / 4294967296;
}
