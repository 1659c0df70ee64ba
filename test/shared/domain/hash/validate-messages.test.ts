import { describe, expect, it } from 'vitest';
import { validateHash } from '../../../../shared/domain/hash/validate';
import { FIXTURE_CAPTURED_MS, FIXTURE_NOW_MS, fixtureHash } from '../../../fixtures/hashes';

const DAY = 86_400_000;

function warnings(text: string, context: { serial?: string; now?: number } = {}): Record<string, string> {
  return Object.fromEntries(
    validateHash(text, { now: FIXTURE_NOW_MS, ...context }).warnings.map((w) => [w.code, w.message]),
  );
}

describe('what validateHash tells a technician', () => {
  it('says a short hash was probably cut, with both counts', () => {
    expect(warnings(fixtureHash().slice(0, 3992))).toEqual({
      length:
        'The hardware hash has 2994 bytes, not 3000 (3992 characters, not 4000): it was probably cut when copied, ' +
        'and registration refuses it (Intune answers HashNot4k) unless --allow-odd-hash-size is given. Copy the ' +
        'whole value or capture it again.',
    });
  });

  it('says a longer hash may come from an old OA3Tool', () => {
    expect(warnings(`${fixtureHash()}AAAAAAAA`)).toEqual({
      length:
        'The hardware hash has 4008 characters, not 4000: it may come from an old OA3Tool; registration refuses it ' +
        '(Intune answers HashNot4k) unless --allow-odd-hash-size is given.',
    });
  });

  it('names the missing serial, the placeholder, the other serial and the missing manufacturer', () => {
    expect(warnings(fixtureHash({ serial: '' }), { serial: 'PF1' })).toEqual({
      'serial-empty':
        'The hash holds no serial number: Intune rejects it (InvalidZtdHardwareHash). Set the serial in the firmware.',
    });
    expect(warnings(fixtureHash({ serial: 'Default string' }))['serial-placeholder']).toBe(
      'The serial number in the hash is the placeholder "Default string": set a real serial with the manufacturer\'s BIOS tool, then capture again.',
    );
    expect(warnings(fixtureHash(), { serial: ' PF9 ' })).toEqual({
      'serial-mismatch':
        'The serial "PF9" differs from the serial in the hash ("PF4XK2QZ"): the hash may belong to another device.',
    });
    expect(warnings(fixtureHash({ manufacturer: '' }))['manufacturer-empty']).toBe(
      'The hash holds no manufacturer: Intune rejects it (InvalidZtdHardwareHash).',
    );
  });

  it('compares serials without case or surrounding spaces, and not against an empty one', () => {
    expect(warnings(fixtureHash(), { serial: ' pf4xk2qz ' })).toEqual({});
    expect(warnings(fixtureHash(), { serial: '  ' })).toEqual({});
  });

  it('explains the missing TPM, the virtual machine, the missing adapter and the capture outside Windows', () => {
    expect(warnings(fixtureHash({ tpmVersion: undefined, tpmEkPub: undefined }))['no-tpm']).toBe(
      'The hash has no TPM data: self-deploying and pre-provisioning will fail; user-driven still works.',
    );
    expect(warnings(fixtureHash({ manufacturer: 'Microsoft Corporation', model: 'Virtual Machine' }))).toEqual({
      'virtual-machine':
        'This is a virtual machine (Hyper-V / Azure): user-driven only; cloned VMs may share serials and UUIDs.',
    });
    expect(warnings(fixtureHash({ networkAdapters: [] }))['no-network-adapter']).toBe(
      'The hash has no network adapter: hardware matching is weaker; load the NIC driver before capture.',
    );
    expect(warnings(fixtureHash({ osType: 1 }))['not-full-os']).toBe(
      'The hash was not captured in full Windows (OS type 1): Microsoft supports capture in full Windows only.',
    );
  });

  it('tolerates a clock a day ahead, not more', () => {
    const at = FIXTURE_CAPTURED_MS;
    expect(warnings(fixtureHash(), { now: at - DAY })).toEqual({});
    expect(warnings(fixtureHash(), { now: at - DAY - 1000 })).toEqual({
      'capture-time-future':
        'The hash says it was captured in the future (2026-11-20T09:00:00.000Z): check the device clock.',
    });
  });

  it('calls a capture old after three years, or before the format existed (April 2017)', () => {
    const at = FIXTURE_CAPTURED_MS;
    expect(warnings(fixtureHash(), { now: at + 3 * 365 * DAY })).toEqual({});
    expect(warnings(fixtureHash(), { now: at + 3 * 365 * DAY + 1000 })).toEqual({
      'capture-time-old': 'The hash was captured on 2026-11-20: if the device has changed since, capture it again.',
    });
    expect(warnings(fixtureHash({ capturedAtMs: Date.UTC(2017, 3, 1) }), { now: Date.UTC(2017, 5, 1) })).toEqual({});
    expect(
      Object.keys(warnings(fixtureHash({ capturedAtMs: Date.UTC(2017, 2, 31) }), { now: Date.UTC(2017, 5, 1) })),
    ).toEqual(['capture-time-old']);
  });

  it('reports a decoding error alone, and treats a non-string as empty', () => {
    expect(validateHash('QUJDRA==')).toEqual({
      ok: false,
      errors: [
        {
          code: 'bad-magic',
          message: 'The hardware hash does not start with the "OA" header: it is not an Autopilot hash.',
        },
      ],
      warnings: [],
    });
    expect(validateHash(undefined as unknown as string).errors[0]?.code).toBe('empty');
  });
});
