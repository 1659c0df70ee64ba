import { describe, expect, it } from 'vitest';
import { headerlessColumns, matchHeader } from '../../../../shared/domain/csv/columns';
import { guessDelimiter, guessEncoding } from '../../../../shared/domain/csv/sniff';

describe('matchHeader', () => {
  it.each([
    ['Device Serial Number,Windows Product ID,Hardware Hash,Group Tag,Assigned User', 'intune'],
    ['Device Serial Number,Windows Product ID,Hardware Hash', 'three-column'],
    ['device serial number,windows product id,hardware hash', 'three-column'],
    ['Device serial number,Windows product ID,Hardware hash,Manufacturer name,Device Model', 'partner'],
    ['Device Serial Number,Windows Product ID,Hardware Hash,Manufacturer Name,Device Name', 'partner'],
    ['SerialNumber,HWHash', 'custom'],
    ['Device Serial Number,Windows Product ID,Hardware Hash,Owner', 'custom'],
  ])('%s -> %s', (line, variant) => {
    expect(matchHeader(line.split(','))?.variant).toBe(variant);
  });

  it('maps columns by name, not position', () => {
    expect(matchHeader(['Hardware Hash', 'Group Tag', 'Device Serial Number'])?.columns).toEqual({
      hardwareHash: 0,
      groupTag: 1,
      serial: 2,
    });
  });

  it('refuses rows that are not headers', () => {
    expect(matchHeader(['name', 'age'])).toBeNull();
    expect(matchHeader(['Group Tag', 'Assigned User'])).toBeNull();
  });

  it('finds the hash column of a headerless row', () => {
    const hash = 'T0Fq'.repeat(30);
    expect(headerlessColumns(['SN1', '', hash])).toMatchObject({ serial: 0, hardwareHash: 2 });
    expect(headerlessColumns([hash])).toEqual({ hardwareHash: 0 });
    expect(headerlessColumns(['a', 'b'])).toBeNull();
  });
});

describe('sniffing', () => {
  it('guesses encodings from BOMs and NUL patterns', () => {
    expect(guessEncoding(new Uint8Array([0xff, 0xfe, 0x44, 0]))).toEqual({ encoding: 'utf16le', bomBytes: 2 });
    expect(guessEncoding(new Uint8Array([0xfe, 0xff, 0, 0x44]))).toEqual({ encoding: 'utf16be', bomBytes: 2 });
    expect(guessEncoding(new Uint8Array([0xef, 0xbb, 0xbf, 0x44]))).toEqual({ encoding: 'utf8-bom', bomBytes: 3 });
    const le = new Uint8Array(Buffer.from('Device,Serial', 'utf16le'));
    expect(guessEncoding(le).encoding).toBe('utf16le');
    expect(guessEncoding(new Uint8Array(Buffer.from('Device,Serial'))).encoding).toBe('utf8');
  });

  it('guesses the delimiter', () => {
    expect(guessDelimiter('a,b,c\r\n1,2,3')).toBe(',');
    expect(guessDelimiter('a;b;c\n')).toBe(';');
    expect(guessDelimiter('"a;x",b,c')).toBe(',');
    expect(guessDelimiter('sep=;\r\na,b')).toBe(';');
    expect(guessDelimiter('\n\na\tb\tc')).toBe('\t');
    expect(guessDelimiter('Autopilot export\r\nDevice Serial Number;Windows Product ID;Hardware Hash\r\n')).toBe(';');
  });
});
