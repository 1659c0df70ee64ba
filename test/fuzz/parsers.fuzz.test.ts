import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { physicalLines } from '../../electron/core/files/csv-lines';
import { readIntuneCsv } from '../../electron/core/files/csv-reader';
import { evaluateFilter, parseFilter } from '../../electron/core/sandbox/odata-filter';
import { decodeHash } from '../../shared/domain/hash/decode';
import { validateHash } from '../../shared/domain/hash/validate';
import { evaluateRule, parseRule } from '../../shared/domain/rules/rules';
import { FIXTURE_NOW_MS, fixtureHash } from '../fixtures/hashes';

/** Runs per property: the whole fuzz suite stays well under 30 s on two cores. */
const RUNS = 300;

/** Text cut into random chunks, as a stream delivers it. */
function chunked(text: string, cuts: number[]): string[] {
  const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let start = 0;
  for (const end of [...at, text.length]) {
    chunks.push(text.slice(start, end));
    start = end;
  }
  return chunks;
}

async function* stream<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield await Promise.resolve(item);
}

/** CSV-ish text: the header, delimiters, quotes, line breaks, BOMs, a real hash, and noise. */
const csvText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'Device Serial Number,Windows Product ID,Hardware Hash',
        ',Group Tag,Assigned User',
        ',',
        ';',
        '\t',
        '"',
        '""',
        '\r\n',
        '\n',
        '\r',
        '\uFEFF',
        '=cmd',
        'PF4SBX0001',
        fixtureHash().slice(0, 40),
        fixtureHash(),
        '\u0000',
        '\uD800',
      ),
      fc.string({ maxLength: 20 }),
    ),
    { maxLength: 40 },
  )
  .map((parts) => parts.join(''));

describe('fuzz: the CSV reader', () => {
  it('splits any text in any chunking exactly as one split would', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.array(fc.nat(), { maxLength: 6 }), async (text, cuts) => {
        const lines: string[] = [];
        for await (const { text: line } of physicalLines(stream(chunked(text, cuts)))) lines.push(line);
        const expected = text.split(/\r\n|\r|\n/);
        if (expected.at(-1) === '') expected.pop();
        expect(lines).toEqual(expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('reads any bytes to a summary whose counts add up, never throwing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          csvText.map((text) => Buffer.from(text, 'utf8')),
          csvText.map((text) => Buffer.from(`\uFEFF${text}`, 'utf16le')),
          fc.uint8Array({ maxLength: 600 }).map((bytes) => Buffer.from(bytes)),
        ),
        fc.array(fc.nat(), { maxLength: 4 }),
        async (bytes, cuts) => {
          const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
          const chunks = [0, ...at].map((start, i) => bytes.subarray(start, [...at, bytes.length][i]));
          const summary = await readIntuneCsv(stream(chunks), { now: FIXTURE_NOW_MS });
          expect(summary.ok + summary.warned + summary.invalid).toBe(summary.rows);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

describe('fuzz: the hash decoder', () => {
  it('answers any text, and any bytes as base64, with a result and never a throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('base64')),
          fc.tuple(fc.nat({ max: 4000 }), fc.nat({ max: 255 })).map(([at, byte]) => {
            const bytes = Buffer.from(fixtureHash(), 'base64');
            bytes[at % bytes.length] = byte;
            return bytes.toString('base64');
          }),
        ),
        (text) => {
          const decoded = decodeHash(text);
          if (!decoded.ok) expect(typeof decoded.error.code).toBe('string');
          const validated = validateHash(text, { now: FIXTURE_NOW_MS });
          expect(validated.ok).toBe(validated.errors.length === 0);
        },
      ),
      { numRuns: RUNS },
    );
  });
});

const filterText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        'serialNumber',
        'groupTag',
        'devices',
        'd',
        ' eq ',
        ' ne ',
        ' gt ',
        ' and ',
        ' or ',
        'not ',
        'contains(',
        'startswith(',
        '/any(',
        ':',
        '(',
        ')',
        ',',
        "'",
        "'x'",
        "''",
        '12',
        '-1.5',
        'null',
        'true',
      ),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('fuzz: the OData $filter parser (sandbox)', () => {
  it('parses or refuses with a syntax error, and evaluates what it parses', () => {
    fc.assert(
      fc.property(filterText, (text) => {
        let node;
        try {
          node = parseFilter(text);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
          expect((error as Error).message).toMatch(/^(Syntax error|Unterminated)/);
          return;
        }
        expect(typeof evaluateFilter(node, { serialNumber: 'X', groupTag: null, devices: [{ id: 1 }] })).toBe(
          'boolean',
        );
      }),
      { numRuns: RUNS },
    );
  });
});

const ruleText = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '(device.devicePhysicalIds',
        'device.displayName',
        ' -any ',
        ' -all ',
        ' -eq ',
        ' -contains ',
        ' -startsWith ',
        ' -match ',
        ' -in ',
        ' -and ',
        ' -or ',
        '-not ',
        '_',
        '(',
        ')',
        '[',
        ']',
        ',',
        '"',
        '"[OrderID]:OD-KIOSK"',
        "'x'",
        '"[ZTDId]"',
      ),
      fc.string({ maxLength: 6 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('fuzz: the membership rule parser (shared)', () => {
  it('answers any rule with ok or an error message, and evaluates what it parses', () => {
    fc.assert(
      fc.property(ruleText, (text) => {
        const parsed = parseRule(text);
        if (!parsed.ok) {
          expect(parsed.error).toEqual(expect.any(String));
          return;
        }
        const subject = { devicePhysicalIds: ['[OrderID]:OD-KIOSK', '[ZTDId]:x'], displayName: 'PC-1' };
        expect(typeof evaluateRule(parsed.rule, subject)).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });
});
