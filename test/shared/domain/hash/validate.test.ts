import { base64 } from '@scure/base';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateHash } from '../../../../shared/domain/hash/validate';
import { isPlaceholderSerial } from '../../../../shared/domain/hash/placeholders';
import { detectVirtualMachine } from '../../../../shared/domain/hash/virtual-machines';
import { FIXTURE_NOW_MS, fixtureHash } from '../../../fixtures/hashes';

const now = FIXTURE_NOW_MS;
const codes = (text: string, serial?: string): string[] =>
  validateHash(text, { now, ...(serial === undefined ? {} : { serial }) }).warnings.map((w) => w.code);

describe('validateHash', () => {
  it('accepts a clean hash with no warnings and returns the decoded fields', () => {
    const result = validateHash(fixtureHash(), { now, serial: 'pf4xk2qz' });
    expect(result.ok).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.decoded?.serial).toBe('PF4XK2QZ');
    expect(result.decoded?.manufacturer).toBe('LENOVO');
  });

  it.each([
    ['', 'empty'],
    ['not a hash!', 'not-base64'],
    ['T0FBQQ', 'bad-padding'],
    ['QUJDRA==', 'bad-magic'],
  ])('rejects %j as %s', (text, code) => {
    const result = validateHash(text, { now });
    expect(result.ok).toBe(false);
    expect(result.errors.map((e) => e.code)).toEqual([code]);
  });

  it('rejects a line-wrapped copy and an edited copy', () => {
    const hash = fixtureHash();
    expect(validateHash(`${hash.slice(0, 76)}\r\n${hash.slice(76)}`).errors[0]?.code).toBe('not-base64');
    const edited = `${hash.slice(0, 100)}${hash[100] === 'A' ? 'B' : 'A'}${hash.slice(101)}`;
    expect(validateHash(edited).errors[0]?.code).toBe('checksum-mismatch');
  });

  it('warns about a copy cut inside the zero padding (length is a warning per the reference)', () => {
    const result = validateHash(fixtureHash().slice(0, 3996), { now });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.code)).toEqual(['length']);
    expect(result.warnings[0]?.message).toMatch(
      /2997 bytes, not 3000 \(3996 characters, not 4000\): it was probably cut/,
    );
  });

  it('warns when the last character became "=": 4,000 characters but 2,999 bytes', () => {
    const hash = fixtureHash();
    const result = validateHash(`${hash.slice(0, 3999)}=`, { now });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.code)).toEqual(['length']);
  });

  it('warns, but accepts, a longer hash', () => {
    const result = validateHash(`${fixtureHash()}AAAA`, { now });
    expect(result.ok).toBe(true);
    expect(result.warnings.map((w) => w.code)).toEqual(['length']);
  });

  it('accepts unknown record types', () => {
    const value = new Uint8Array([1, 2, 3, 4]);
    const hash = fixtureHash({ extraRecords: [34, 35, 37].map((type) => ({ type, value })) });
    const result = validateHash(hash, { now });
    expect(result.ok).toBe(true);
    expect(result.decoded?.unknownRecordTypes).toEqual([34, 35, 37]);
  });

  it('warns about each content problem', () => {
    expect(codes(fixtureHash({ serial: '' }))).toContain('serial-empty');
    expect(codes(fixtureHash({ serial: 'To be filled by O.E.M.' }))).toContain('serial-placeholder');
    expect(codes(fixtureHash(), 'OTHER123')).toEqual(['serial-mismatch']);
    expect(codes(fixtureHash({ manufacturer: '' }))).toContain('manufacturer-empty');
    expect(codes(fixtureHash({ tpmVersion: undefined, tpmEkPub: undefined }))).toEqual(['no-tpm']);
    expect(codes(fixtureHash({ networkAdapters: [] }))).toEqual(['no-network-adapter']);
    expect(codes(fixtureHash({ osType: 1 }))).toEqual(['not-full-os']);
    expect(codes(fixtureHash({ manufacturer: 'QEMU', model: 'Standard PC (Q35 + ICH9, 2009)' }))).toEqual([
      'virtual-machine',
    ]);
  });

  it('warns about capture times in the future and long ago, not about a recent or absent one', () => {
    expect(codes(fixtureHash({ capturedAtMs: now + 3 * 86_400_000 }))).toEqual(['capture-time-future']);
    expect(codes(fixtureHash({ capturedAtMs: now - 4 * 365 * 86_400_000 }))).toEqual(['capture-time-old']);
    expect(codes(fixtureHash({ capturedAtMs: Date.UTC(2016, 0, 1) }))).toEqual(['capture-time-old']);
    expect(codes(fixtureHash({ capturedAtMs: now - 400 * 86_400_000 }))).toEqual([]);
    expect(codes(fixtureHash({ capturedAtMs: Date.UTC(2000, 0, 1) }))).toEqual([]);
  });

  it('catches any single-byte change of a valid hash', () => {
    const bytes = base64.decode(fixtureHash());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, delta) => {
        const changed = bytes.slice();
        changed[index] = ((changed[index] ?? 0) + delta) & 0xff;
        expect(validateHash(base64.encode(changed), { now }).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  /** Caught: a hard error, or the length warning (a shorter hash that still verifies was cut). */
  const caught = (text: string): boolean => {
    const result = validateHash(text, { now });
    return !result.ok || result.warnings.some((w) => w.code === 'length');
  };

  it('catches any single-character change of the text', () => {
    const hash = fixtureHash();
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/= ",;';
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: hash.length - 1 }),
        fc.constantFrom(...alphabet.split('')),
        (index, char) => {
          fc.pre(hash[index] !== char);
          const changed = `${hash.slice(0, index)}${char}${hash.slice(index + 1)}`;
          expect(caught(changed)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('catches any truncation of a valid hash: an error, or at least the length warning', () => {
    const hash = fixtureHash();
    fc.assert(
      fc.property(fc.integer({ min: 0, max: hash.length - 1 }), (length) => {
        expect(caught(hash.slice(0, length))).toBe(true);
        expect(validateHash(hash.slice(hash.length - length), { now }).ok).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('isPlaceholderSerial', () => {
  it.each([
    'Default string',
    'To be filled by O.E.M.',
    'SMBIOS_STRING_INDEX_0',
    '0',
    ' ',
    'System Serial Number',
    'Not Specified',
    '0123456789',
    '00000000',
    'XXXXXXXX',
    'N/A',
    'None',
  ])('flags %j', (serial) => {
    expect(isPlaceholderSerial(serial)).toBe(true);
  });
  it.each(['PF4XK2QZ', '5CG1234XYZ', 'F98059756E444D56', '2378-0002-7885-9434-1355-6165-71'])(
    'accepts %j',
    (serial) => {
      expect(isPlaceholderSerial(serial)).toBe(false);
    },
  );
});

describe('detectVirtualMachine', () => {
  it.each([
    ['Microsoft Corporation', 'Virtual Machine', '', 'Hyper-V / Azure'],
    ['VMware, Inc.', 'VMware20,1', '', 'VMware'],
    ['innotek GmbH', 'VirtualBox', '0', 'VirtualBox'],
    ['QEMU', 'Standard PC (Q35 + ICH9, 2009)', '', 'QEMU / KVM'],
    ['Red Hat', 'KVM', '', 'QEMU / KVM'],
    ['Parallels International GmbH.', 'Parallels ARM Virtual Machine', '', 'Parallels'],
    ['Xen', 'HVM domU', '', 'Xen'],
    ['Amazon EC2', 't3.large', '', 'Amazon EC2'],
    ['Google', 'Google Compute Engine', '', 'Google Compute Engine'],
    ['Nutanix', 'AHV', '', 'Nutanix AHV'],
    ['Apple Inc.', 'VirtualMac2,1', '', 'Apple Virtualization'],
    ['Contoso', 'Thing', '1234-5678-9012-3456-7890-1234-56', 'Hyper-V / Azure'],
  ])('recognises %s %s', (make, model, serial, platform) => {
    expect(detectVirtualMachine(make, model, serial)?.platform).toBe(platform);
  });
  it('leaves physical devices alone', () => {
    expect(detectVirtualMachine('Microsoft Corporation', 'Surface Laptop 6', 'ABC123')).toBeNull();
    expect(detectVirtualMachine('Dell Inc.', 'Latitude 7450', '7XK2Q33')).toBeNull();
  });
});
