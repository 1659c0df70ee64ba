import { sha256 } from '@noble/hashes/sha2.js';
import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { buildHash, type HashSpec } from '../../../../shared/domain/hash/build';
import { decodeHash, normaliseHashText, type DecodeResult } from '../../../../shared/domain/hash/decode';

const spec: HashSpec = {
  serial: 'PF3ABC12',
  manufacturer: 'LENOVO',
  model: '21G2',
  uuid: '4C4C4544-0042-3510-8052-B4C04F583133',
  capturedAtMs: Date.UTC(2026, 10, 26, 12, 30, 5),
};

/** Hand-made hash bytes: "OA", u16 end, records, "CS" + SHA-256 of [0, end), then `padding`. */
function craft(
  records: { type: number; value: number[] | Uint8Array; length?: number }[],
  options: { padding?: number[]; checksum?: (sum: Uint8Array) => Uint8Array; csType?: number; csLength?: number } = {},
): string {
  const body: number[] = [];
  for (const record of records) {
    const length = record.length ?? record.value.length + 4;
    body.push(record.type & 0xff, record.type >> 8, length & 0xff, length >> 8, ...record.value);
  }
  const end = 4 + body.length;
  const head = [0x4f, 0x41, end & 0xff, end >> 8, ...body];
  const sum = sha256(Uint8Array.from(head));
  const cs = options.csType ?? 0x5343;
  const csLength = options.csLength ?? 36;
  const bytes = [
    ...head,
    cs & 0xff,
    cs >> 8,
    csLength & 0xff,
    csLength >> 8,
    ...(options.checksum ? options.checksum(sum) : sum),
    ...(options.padding ?? []),
  ];
  return base64.encode(Uint8Array.from(bytes));
}

function errorOf(result: DecodeResult): { code: string; message: string } | null {
  return result.ok ? null : result.error;
}

function okHash(result: DecodeResult) {
  if (!result.ok) throw new Error(result.error.message);
  return result.hash;
}

const latin = (text: string): number[] => Array.from(text, (c) => c.charCodeAt(0));
const u16 = (n: number): number[] => [n & 0xff, n >> 8];
const u32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];

describe('normaliseHashText', () => {
  it('drops a BOM, whitespace and one pair of surrounding quotes', () => {
    expect(normaliseHashText('\uFEFF  "T0FB\nQQ==" \r\n')).toBe('T0FB\nQQ==');
    expect(normaliseHashText(' " T0FBQQ== " ')).toBe('T0FBQQ==');
    expect(normaliseHashText('"T0FBQQ==')).toBe('"T0FBQQ==');
    expect(normaliseHashText('T0\uFEFFFB')).toBe('T0\uFEFFFB');
  });
});

describe('decodeHash errors', () => {
  it('names an empty hash, a foreign character and its position, and broken padding', () => {
    expect(errorOf(decodeHash(' "" '))).toEqual({ code: 'empty', message: 'The hardware hash is empty.' });
    expect(errorOf(decodeHash('T0FB-QQ=='))).toEqual({
      code: 'not-base64',
      message: 'The hardware hash is not base64: character "-" at position 5.',
    });
    expect(errorOf(decodeHash('T0FBQQ'))?.message).toMatch(/^The hardware hash has 6 characters, not a multiple of 4/);
    expect(errorOf(decodeHash('T0=BQQ=='))?.code).toBe('bad-padding');
    expect(errorOf(decodeHash('T0FBQQ=A'))?.code).toBe('bad-padding');
    expect(errorOf(decodeHash('T0FBQ==='))).toMatchObject({ code: 'not-base64' });
  });

  it('wants the "OA" header and four bytes', () => {
    expect(errorOf(decodeHash(base64.encode(Uint8Array.from([0x4f, 0x41, 4]))))).toMatchObject({ code: 'bad-magic' });
    expect(errorOf(decodeHash(base64.encode(Uint8Array.from([0x4f, 0x42, 4, 0]))))?.code).toBe('bad-magic');
    expect(errorOf(decodeHash(base64.encode(Uint8Array.from([0x40, 0x41, 4, 0]))))?.code).toBe('bad-magic');
  });

  it('says how many bytes the header promises when the data is shorter', () => {
    const text = craft([{ type: 14, value: latin('S1') }]);
    const bytes = base64.decode(text);
    const cut = base64.encode(bytes.subarray(0, bytes.length - 1));
    expect(errorOf(decodeHash(cut))).toEqual({
      code: 'record-walk',
      message: `The hardware hash is truncated: its header says ${bytes.length} bytes, it has ${bytes.length - 1}.`,
    });
    // An end before the first record cannot be.
    const early = Uint8Array.from(bytes);
    early[2] = 3;
    expect(errorOf(decodeHash(base64.encode(early)))?.code).toBe('record-walk');
  });

  it('finds a record that runs past the end, or that is too short to be one', () => {
    expect(errorOf(decodeHash(craft([{ type: 14, value: latin('S1'), length: 7 }])))).toEqual({
      code: 'record-walk',
      message: 'The hardware hash is damaged: the record at byte 4 runs past the end of the data.',
    });
    expect(
      errorOf(
        decodeHash(
          craft([
            { type: 14, value: [], length: 3 },
            { type: 16, value: [] },
          ]),
        ),
      )?.code,
    ).toBe('record-walk');
    // A record exactly up to the end is fine.
    expect(decodeHash(craft([{ type: 14, value: latin('S1') }])).ok).toBe(true);
  });

  it('wants the "CS" record, of 36 bytes, where the header says the records end', () => {
    expect(errorOf(decodeHash(craft([{ type: 14, value: latin('S1') }], { csType: 0x5344 })))?.code).toBe(
      'missing-checksum',
    );
    expect(errorOf(decodeHash(craft([{ type: 14, value: latin('S1') }], { csLength: 35 })))?.code).toBe(
      'missing-checksum',
    );
  });

  it('checks every byte of the SHA-256', () => {
    for (const at of [0, 31]) {
      const text = craft([{ type: 14, value: latin('S1') }], {
        checksum: (sum) => sum.map((byte, i) => (i === at ? byte ^ 1 : byte)),
      });
      expect(errorOf(decodeHash(text))?.code).toBe('checksum-mismatch');
    }
  });

  it('wants only zeros after the checksum, naming the first other byte', () => {
    const records = [{ type: 14, value: latin('S1') }];
    expect(decodeHash(craft(records, { padding: [0, 0, 0, 0] })).ok).toBe(true);
    const end = 4 + 4 + 2;
    expect(errorOf(decodeHash(craft(records, { padding: [0, 0, 5, 0] })))).toEqual({
      code: 'padding-not-zero',
      message: `The hardware hash has data after its checksum (byte ${end + 36 + 2}): it was altered.`,
    });
    expect(errorOf(decodeHash(craft(records, { padding: [0, 0, 0, 1] })))?.code).toBe('padding-not-zero');
    // Any byte of a longer padding, aligned or not, the first one named when there are two.
    for (let at = 0; at < 11; at++) {
      const padding = Array.from({ length: 11 }, (_, i) => (i === at || i === 10 ? 9 : 0));
      expect(errorOf(decodeHash(craft(records, { padding })))?.message).toContain(`(byte ${end + 36 + at})`);
    }
  });
});

describe('decodeHash fields', () => {
  it('reads the builder’s full hash: versions, time, architecture, TPM, adapters', () => {
    const hash = okHash(
      decodeHash(
        buildHash({
          ...spec,
          osBuild: '10.0.22631.4460',
          architecture: 12,
          tpmVersion: ' TPM-Version:2.0 ',
          networkAdapters: [
            { medium: 9, mac: 'aa:bb:cc:dd:ee:0f', bus: 'PCI' },
            { medium: 10, mac: '01:02:03:04:05:06', bus: 'USB' },
            { medium: 3, mac: '00:00:00:00:00:01', bus: '' },
          ],
        }),
      ),
    );
    expect(hash).toMatchObject({
      chars: 4000,
      bytes: 3000,
      toolBuild: '10.0.26100.1',
      osBuild: '10.0.22631.4460',
      osType: 2,
      fullOs: true,
      architecture: 'arm64',
      capturedAt: '2026-11-26T12:30:05.000Z',
      tpmVersion: 'TPM-Version:2.0',
      hasTpm: true,
      networkAdapters: [
        { medium: 'Wi-Fi', mac: 'AA:BB:CC:DD:EE:0F', bus: 'PCI' },
        { medium: 'Bluetooth', mac: '01:02:03:04:05:06', bus: 'USB' },
        { medium: 'medium 3', mac: '00:00:00:00:00:01', bus: '' },
      ],
      productKeyId: '',
      unknownRecordTypes: [],
    });
    expect(hash.recordsEnd).toBe(hash.records.reduce((end, r) => Math.max(end, r.offset + r.length), 0));
  });

  it('reads an x86 WinPE capture without a TPM', () => {
    const hash = okHash(decodeHash(buildHash({ ...spec, architecture: 0, osType: 1 })));
    expect(hash).toMatchObject({ architecture: 'x86', osType: 1, fullOs: false, hasTpm: false, tpmVersion: '' });
    expect(okHash(decodeHash(buildHash({ ...spec, architecture: 7 }))).architecture).toBe('unknown');
  });

  it('counts a TPM from its EK record alone', () => {
    expect(okHash(decodeHash(buildHash({ ...spec, tpmEkPub: new Uint8Array(256) }))).hasTpm).toBe(true);
  });

  it('reads the first record of a type, lists unknown types once, and skips a short adapter', () => {
    const hash = okHash(
      decodeHash(
        craft([
          { type: 14, value: latin(' SER-1 ') },
          { type: 14, value: latin('SER-2') },
          { type: 24, value: latin('00330-80000') },
          { type: 34, value: [1] },
          { type: 34, value: [2] },
          { type: 37, value: [] },
          { type: 8, value: [14, 0, 0, 0, 1, 2, 3, 4, 5] },
          { type: 12, value: [1, 2, 3] },
        ]),
      ),
    );
    expect(hash).toMatchObject({
      serial: 'SER-1',
      productKeyId: '00330-80000',
      unknownRecordTypes: [34, 37],
      networkAdapters: [],
      uuid: '',
      manufacturer: '',
      toolBuild: '',
      osBuild: '',
      osType: null,
      fullOs: false,
      architecture: 'unknown',
      capturedAt: null,
      hasTpm: false,
    });
    expect(hash.records.map((r) => [r.type, r.offset, r.length])).toEqual([
      [14, 4, 11],
      [14, 15, 9],
      [24, 24, 15],
      [34, 39, 5],
      [34, 44, 5],
      [37, 49, 4],
      [8, 53, 13],
      [12, 66, 7],
    ]);
  });

  it('reads version records of each length it knows', () => {
    const versions = (length: number): number[] => {
      const full = [...u16(0), ...u16(10), ...u16(1), ...u16(26100), ...u16(5), ...u16(10), ...u16(7), ...u16(22000)];
      return [...full, ...u32(86_400), 0, 2, 9, 0].slice(0, length);
    };
    const read = (length: number) => okHash(decodeHash(craft([{ type: 1, value: versions(length) }])));
    expect(read(7)).toMatchObject({ toolBuild: '', osBuild: '' });
    expect(read(8)).toMatchObject({ toolBuild: '10.0.26100.1', osBuild: '' });
    expect(read(15)).toMatchObject({ osBuild: '' });
    expect(read(16)).toMatchObject({ osBuild: '10.5.22000.7', capturedAt: null });
    expect(read(19)).toMatchObject({ capturedAt: null });
    expect(read(20)).toMatchObject({ capturedAt: '2000-01-02T00:00:00.000Z', osType: null });
    expect(read(21)).toMatchObject({ osType: null });
    expect(read(22)).toMatchObject({ osType: 2, fullOs: true, architecture: 'unknown' });
    expect(read(23)).toMatchObject({ architecture: 'x64' });
  });
});
