import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectIntuneCsv, readIntuneCsvFile } from '../../../../electron/core/files/csv-reader';
import { writeIntuneCsvFiles } from '../../../../electron/core/files/csv-writer';
import { INTUNE_CSV_HEADER } from '../../../../shared/domain/csv/write';
import { csvVariants, sampleDevices, utf16le } from '../../../fixtures/csv-variants';
import { FIXTURE_NOW_MS, fixtureHash, numberedHash } from '../../../fixtures/hashes';

const now = FIXTURE_NOW_MS;
const toAsync = <T>(items: T[]): AsyncIterable<T> => ({
  [Symbol.asyncIterator]: () => {
    let i = 0;
    return {
      next: () =>
        Promise.resolve(i < items.length ? { done: false, value: items[i++] as T } : { done: true, value: undefined }),
    };
  },
});
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'csv-reader-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readIntuneCsv: golden variants', () => {
  const expected = sampleDevices().map((d) => d.serial);
  const variants = csvVariants();
  it.each(Object.keys(variants))('reads %s: three good devices', async (name) => {
    const path = join(dir, name);
    await writeFile(path, variants[name] as Buffer);
    const rows: { serial: string; status: string }[] = [];
    const summary = await readIntuneCsvFile(path, { now, onRow: (row) => void rows.push(row) });
    expect(summary.fileProblems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(rows.map((r) => r.serial)).toEqual(expected);
    expect(rows.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
    expect(summary).toMatchObject({ rows: 3, ok: 3, invalid: 0 });
  });

  it('detects encoding, delimiter and variant', async () => {
    const read = (name: string) => collectIntuneCsv(variants[name] as Buffer, { now }).then((r) => r.summary);
    expect(await read('get-windowsautopilotinfo-utf16le.csv')).toMatchObject({
      encoding: 'utf16le',
      delimiter: ',',
      variant: 'three-column',
    });
    expect(await read('utf16be-bom.csv')).toMatchObject({ encoding: 'utf16be', variant: 'intune' });
    expect(await read('quoted-utf8-bom.csv')).toMatchObject({ encoding: 'utf8-bom', variant: 'three-column' });
    expect(await read('semicolon.csv')).toMatchObject({ delimiter: ';', variant: 'intune' });
    expect(await read('partner-utf8-bom.csv')).toMatchObject({ variant: 'partner', ignoredRows: 2 });
    expect(await read('headerless.csv')).toMatchObject({ variant: 'headerless' });
    const owner = await read('extra-owner-column.csv');
    expect(owner.variant).toBe('custom');
    expect(owner.fileProblems.map((p) => p.code)).toEqual(['extra-columns']);
  });

  it('keeps group tag, user and Partner make/model, with line numbers', async () => {
    const { rows } = await collectIntuneCsv(csvVariants()['intune-utf8.csv'] as Buffer, { now });
    expect(rows[0]).toMatchObject({
      line: 2,
      device: { groupTag: 'OD-FINANCE', assignedUser: 'user@contoso.com', manufacturer: 'LENOVO', model: '21G2' },
    });
    const partner = await collectIntuneCsv(csvVariants()['partner-utf8-bom.csv'] as Buffer, { now });
    expect(partner.rows.map((r) => r.line)).toEqual([2, 3, 4]);
  });

  it('reads a bare hash file', async () => {
    const { rows } = await collectIntuneCsv(`${fixtureHash()}\r\n`, { now });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ serial: 'PF4XK2QZ', status: 'warning' });
    expect(rows[0]?.problems.map((p) => p.code)).toEqual(['serial-from-hash']);
  });
});

describe('readIntuneCsv: bad rows', () => {
  it('reports each bad-row reason by line and never blocks the good rows', async () => {
    const good = numberedHash(1);
    const dup = numberedHash(2);
    const hash = fixtureHash({ serial: 'EDITED01' });
    const edited = `${hash.slice(0, 200)}${hash[200] === 'A' ? 'B' : 'A'}${hash.slice(201)}`;
    const lines = [
      'device serial number,windows product id,hardware hash,group tag,assigned user',
      `${good.serial},,${good.hash},OD-RETAIL,`,
      'NOHASH01,,,,',
      `TRUNC001,,${fixtureHash({ serial: 'TRUNC001' }).slice(0, 3000)},,`,
      `EDITED01,,${edited},,`,
      `WRAPPED1,,"${fixtureHash({ serial: 'WRAPPED1' }).slice(0, 76)}\r\n${fixtureHash({ serial: 'WRAPPED1' }).slice(76)}",,`,
      `${dup.serial},,${dup.hash},,`,
      `${dup.serial},,${dup.hash},,`,
      `KEYROW01,ABCDE-FGHIJ-KLMNO-PQRST-UVWXY,${fixtureHash({ serial: 'KEYROW01' })},,`,
      `OTHERSN1,,${fixtureHash({ serial: 'HASHSN01' })},,`,
      `PLACEHLD,,${fixtureHash({ serial: 'Default string' })},,not-a-upn`,
      `NOTPM001,,${fixtureHash({ serial: 'NOTPM001', tpmVersion: undefined, tpmEkPub: undefined })},,`,
      `VM000001,,${fixtureHash({ serial: 'VM000001', manufacturer: 'VMware, Inc.', model: 'VMware20,1' })},,`,
      `NONET001,,${fixtureHash({ serial: 'NONET001', networkAdapters: [] })},,`,
      `WINPE001,,${fixtureHash({ serial: 'WINPE001', osType: 1 })},,`,
      `FUTURE01,,${fixtureHash({ serial: 'FUTURE01', capturedAtMs: now + 30 * 86_400_000 })},,`,
      `NOTBASE6,,${'!'.repeat(4000)},,`,
    ];
    const { rows, summary } = await collectIntuneCsv(lines.join('\r\n'), { now });
    const byLine = new Map(rows.map((r) => [r.line, r]));
    const codes = (line: number): string[] => byLine.get(line)?.problems.map((p) => p.code) ?? [];
    expect(byLine.get(2)?.status).toBe('ok');
    expect(codes(3)).toEqual(['missing-hash']);
    expect(codes(4)).toEqual(['length']);
    expect(byLine.get(4)?.status).toBe('warning');
    expect(codes(5)).toEqual(['checksum-mismatch']);
    expect(codes(6)).toEqual(['malformed']);
    expect(byLine.get(8)?.status).toBe('ok');
    expect(codes(9)).toEqual(['duplicate']);
    expect(codes(10)).toEqual(['product-key']);
    expect(codes(11)).toEqual(['serial-mismatch']);
    expect(codes(12)).toEqual(expect.arrayContaining(['serial-placeholder', 'serial-mismatch', 'assigned-user']));
    expect(codes(13)).toEqual(['no-tpm']);
    expect(codes(14)).toEqual(['virtual-machine']);
    expect(codes(15)).toEqual(['no-network-adapter']);
    expect(codes(16)).toEqual(['not-full-os']);
    expect(codes(17)).toEqual(['capture-time-future']);
    expect(codes(18)).toEqual(['not-base64']);
    expect(byLine.get(12)?.status).toBe('warning');
    expect(byLine.get(3)?.serial).toBe('NOHASH01');
    expect(summary.invalid).toBe(6);
    expect(rows.filter((r) => r.device).length).toBe(summary.ok + summary.warned);
  });

  it('confines an unbalanced quote to its own line: rows before and after are read', async () => {
    const [a, b] = [numberedHash(1), numberedHash(2)];
    const { rows, summary } = await collectIntuneCsv(
      [
        'Device Serial Number,Windows Product ID,Hardware Hash',
        `${a.serial},,${a.hash}`,
        'BROKEN,"oops,x',
        `${b.serial},,${b.hash}`,
      ].join('\n'),
      { now },
    );
    expect(rows.map((r) => [r.line, r.serial, r.status])).toEqual([
      [2, a.serial, 'ok'],
      [3, 'BROKEN', 'invalid'],
      [4, b.serial, 'ok'],
    ]);
    expect(rows[1]?.problems.map((p) => p.code)).toEqual(['malformed']);
    expect(summary).toMatchObject({ rows: 3, ok: 2, invalid: 1, fileProblems: [] });
  });

  it('reports a file with no header and no hash', async () => {
    const { summary } = await collectIntuneCsv('name,age\r\nalex,3\r\n', { now });
    expect(summary.fileProblems.map((p) => p.code)).toEqual(['no-header']);
  });

  it('reads an "ANSI" (Latin-1) file', async () => {
    const good = numberedHash(1);
    const text = `Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User\r\n${good.serial},,${good.hash},B\u00fcro,\r\n`;
    const { summary, rows } = await collectIntuneCsv(Buffer.from(text, 'latin1'), { now });
    expect(summary.encoding).toBe('latin1');
    expect(rows[0]?.device?.groupTag).toBe('B\u00fcro');
  });

  it('decodes UTF-16 split at odd chunk boundaries', async () => {
    const bytes = csvVariants()['get-windowsautopilotinfo-utf16le.csv'] as Buffer;
    const chunks = Array.from({ length: Math.ceil(bytes.length / 333) }, (_, i) =>
      bytes.subarray(i * 333, i * 333 + 333),
    );
    const { rows } = await collectIntuneCsv(toAsync(chunks), { now });
    expect(rows.map((r) => r.status)).toEqual(['ok', 'ok', 'ok']);
  });
});

describe('round trip', () => {
  it('writes Intune CSV files and reads the same devices back', async () => {
    const devices = Array.from({ length: 1203 }, (_, i) => numberedHash(i + 1));
    const out = join(dir, 'export');
    const result = await writeIntuneCsvFiles(
      out,
      devices.map((d) => ({
        serial: d.serial,
        hardwareHash: d.hash,
        groupTag: 'OD-KIOSK',
        assignedUser: 'kiosk@contoso.com',
      })),
    );
    if (!result.ok) throw new Error('refused');
    expect(result.paths.map((p) => p.slice(out.length + 1))).toEqual([
      'autopilot-devices-1.csv',
      'autopilot-devices-2.csv',
      'autopilot-devices-3.csv',
    ]);
    const serials: string[] = [];
    for (const path of result.paths) {
      const bytes = await readFile(path);
      expect(bytes.subarray(0, 3).toString('hex')).not.toBe('efbbbf');
      const text = bytes.toString('utf8');
      expect(text.startsWith(`${INTUNE_CSV_HEADER}\r\n`)).toBe(true);
      expect(text).not.toContain('"');
      expect(text.replaceAll('\r\n', '')).not.toContain('\n');
      const summary = await readIntuneCsvFile(path, {
        now,
        onRow: (row) => {
          if (row.device) serials.push(row.device.serial);
          expect(row.device).toMatchObject({ groupTag: 'OD-KIOSK', assignedUser: 'kiosk@contoso.com' });
        },
      });
      expect(summary.variant).toBe('intune');
      expect(summary.rows).toBeLessThanOrEqual(500);
    }
    expect(serials).toEqual(devices.map((d) => d.serial));
  });

  it('reads back what Get-WindowsAutopilotInfo wrote and re-emits it canonically', async () => {
    const { rows } = await collectIntuneCsv(
      utf16le('Device Serial Number,Windows Product ID,Hardware Hash\r\n' + `A1,,${fixtureHash({ serial: 'A1' })}\r\n`),
      { now },
    );
    const device = rows[0]?.device;
    if (!device) throw new Error('no device');
    const result = await writeIntuneCsvFiles(join(dir, 'single'), [device], { baseName: 'one' });
    if (!result.ok) throw new Error('refused');
    const text = await readFile(result.paths[0] as string, 'utf8');
    expect(text).toBe(`${INTUNE_CSV_HEADER}\r\nA1,,${fixtureHash({ serial: 'A1' })},,\r\n`);
  });
});

describe('readIntuneCsv: tolerance', () => {
  const header = 'Device Serial Number,Windows Product ID,Hardware Hash';
  it('skips a repeated header, notes and identity-less rows, but reports rows that name a device', async () => {
    const [a, b] = [numberedHash(1), numberedHash(2)];
    const text = [
      header,
      `${a.serial},,${a.hash}`,
      header,
      `${b.serial},,${b.hash}`,
      'Total: 2 devices,,',
      ',,,Microsoft Corporation,Surface Laptop',
      ',123451234567,',
      'NOHASH01,,',
    ].join('\r\n');
    const { rows, summary } = await collectIntuneCsv(text, { now });
    expect(rows.map((r) => [r.line, r.status])).toEqual([
      [2, 'ok'],
      [4, 'ok'],
      [7, 'invalid'],
      [8, 'invalid'],
    ]);
    expect(summary.ignoredRows).toBe(3);
  });

  it('flags a product id Excel turned into a number, and an unusual one', async () => {
    const [a, b] = [numberedHash(1), numberedHash(2)];
    const { rows } = await collectIntuneCsv(
      [header, `${a.serial},3.3054E+12,${a.hash}`, `${b.serial},00330-80000-00000-AA123,${b.hash}`].join('\n'),
      { now },
    );
    expect(rows.map((r) => r.problems.map((p) => p.code))).toEqual([['product-id-excel'], ['product-id-format']]);
  });

  it('reports a hash shifted into the serial column instead of ignoring it', async () => {
    const a = numberedHash(1);
    const { rows } = await collectIntuneCsv([header, `${a.hash},,`].join('\n'), { now });
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('invalid');
  });
});
