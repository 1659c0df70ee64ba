import { describe, expect, it } from 'vitest';
import { buildHash, type HashSpec } from '../../../../shared/domain/hash/build';
import { decodeHash } from '../../../../shared/domain/hash/decode';

const spec: HashSpec = {
  serial: 'PF3ABC12',
  manufacturer: 'LENOVO',
  model: '21G2',
  uuid: '4C4C4544-0042-3510-8052-B4C04F583133',
  capturedAtMs: Date.UTC(2026, 10, 26, 12, 30, 5),
  osBuild: '10.0.26200.7840',
  tpmVersion: "TPM-Version:2.0 -Level:0-Revision:1.59-VendorID:'NTC '",
  tpmEkPub: new Uint8Array(256).fill(7),
  networkAdapters: [{ medium: 14, mac: '00:11:22:AA:BB:CC', bus: 'PCI' }],
};

describe('hash builder and decoder', () => {
  it('builds a 4,000-character hash that decodes back to its serial, make, model and UUID', () => {
    const text = buildHash(spec);
    expect(text).toHaveLength(4000);
    // The prefix every real hash shares (reference §3.3).
    expect(text).toMatch(/^T0[EFGH][A-Za-z0-9+/]{2}[AQgw]EAHAAAAAoA/);
    const decoded = decodeHash(text);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.hash).toMatchObject({
      chars: 4000,
      bytes: 3000,
      serial: 'PF3ABC12',
      manufacturer: 'LENOVO',
      model: '21G2',
      uuid: '4C4C4544-0042-3510-8052-B4C04F583133',
      osBuild: '10.0.26200.7840',
      fullOs: true,
      architecture: 'x64',
      capturedAt: '2026-11-26T12:30:05.000Z',
      hasTpm: true,
      networkAdapters: [{ medium: 'Ethernet', mac: '00:11:22:AA:BB:CC', bus: 'PCI' }],
    });
  });

  it('writes a "CS" SHA-256 record that the decoder verifies, and catches one flipped byte', () => {
    const text = buildHash(spec);
    const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
    bytes[40] = (bytes[40] ?? 0) ^ 0x01;
    const tampered = btoa(String.fromCharCode(...bytes));
    expect(decodeHash(tampered)).toMatchObject({ ok: false, error: { code: 'checksum-mismatch' } });
  });

  it('omits TPM records for a device without a TPM', () => {
    const { tpmVersion: _v, tpmEkPub: _k, ...noTpm } = spec;
    const decoded = decodeHash(buildHash(noTpm));
    expect(decoded.ok && decoded.hash.hasTpm).toBe(false);
  });
});
