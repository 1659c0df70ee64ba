import { StringDecoder } from 'node:string_decoder';
import { guessEncoding, type CsvEncoding } from '../../../shared/domain/csv/sniff';

/** Decoded text chunks of a byte stream, plus the encoding that was detected. */
export interface DecodedText {
  encoding(): CsvEncoding;
  chunks: AsyncGenerator<string>;
}

const SNIFF_BYTES = 4096;

function swapPairs(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  out.swap16();
  return out;
}

/** The chunk as a Buffer: a file stream's Buffers as they are, other bytes as a view (no copy), text as UTF-8. */
function asBuffer(chunk: Uint8Array | string): Buffer {
  if (typeof chunk === 'string') return Buffer.from(chunk);
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    // stream: true tolerates a sequence cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes a byte stream to text: BOM or NUL pattern decide UTF-16LE/BE, otherwise UTF-8, falling back
 * to Latin-1 when the first 4 KB are not valid UTF-8 (an "ANSI" file). BOMs are removed.
 */
export function decodeTextStream(
  source: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>,
): DecodedText {
  let encoding: CsvEncoding = 'utf8';
  async function* run(): AsyncGenerator<string> {
    const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
    try {
      yield* decodeAll(iterator);
    } finally {
      // A reader that stops early (a file that is not device rows) closes the source, and so the file.
      await iterator.return?.();
    }
  }
  async function* decodeAll(
    iterator: AsyncIterator<Uint8Array | string> | Iterator<Uint8Array | string>,
  ): AsyncGenerator<string> {
    let head = Buffer.alloc(0);
    let done = false;
    while (head.length < SNIFF_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      head = Buffer.concat([head, asBuffer(next.value)]);
    }
    const guess = guessEncoding(head);
    encoding = guess.encoding === 'utf8' && !isValidUtf8(head) ? 'latin1' : guess.encoding;
    const decoder = new StringDecoder(
      encoding === 'latin1' ? 'latin1' : encoding.startsWith('utf16') ? 'utf16le' : 'utf8',
    );
    let odd: Buffer = Buffer.alloc(0);
    const decode = (bytes: Buffer): string => {
      if (encoding !== 'utf16be') return decoder.write(bytes);
      const joined = Buffer.concat([odd, bytes]);
      const even = joined.length - (joined.length % 2);
      odd = joined.subarray(even);
      return decoder.write(swapPairs(joined.subarray(0, even)));
    };
    const first = decode(head.subarray(guess.bomBytes));
    if (first) yield first;
    while (!done) {
      const next = await iterator.next();
      if (next.done) break;
      const text = decode(asBuffer(next.value));
      if (text) yield text;
    }
    const rest = decoder.end();
    if (rest) yield rest;
  }
  return { encoding: () => encoding, chunks: run() };
}
