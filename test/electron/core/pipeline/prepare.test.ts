import { describe, expect, it } from 'vitest';
import { buildHash } from '../../../../shared/domain/hash/build';
import { prepareDevices } from '../../../../electron/core/pipeline/prepare';

function hash(serial: string, uuid: string): string {
  return buildHash({
    serial,
    manufacturer: 'HP',
    model: 'EliteBook',
    uuid,
    capturedAtMs: Date.parse('2026-01-01T00:00:00Z'),
    tpmVersion: '2.0',
  });
}

describe('prepareDevices', () => {
  it('dedupes by serial and by SMBIOS UUID, never by hash text', () => {
    const a = hash('SER-1', '11111111-2222-3333-4444-555555555555');
    const again = hash('SER-1', '11111111-2222-3333-4444-555555555555').replace(/^/, ' ');
    const sameBoard = hash('SER-2', '11111111-2222-3333-4444-555555555555');
    const other = hash('SER-3', '99999999-2222-3333-4444-555555555555');
    const { devices, duplicates } = prepareDevices(
      [
        { hardwareHash: a, origin: 'a.csv:2' },
        { serial: 'ser-1', hardwareHash: again, origin: 'a.csv:3' },
        { hardwareHash: sameBoard, origin: 'a.csv:4' },
        { hardwareHash: other, origin: 'a.csv:5', groupTag: 'X' },
      ],
      { groupTag: 'OD-KIOSK' },
    );
    expect(devices.map((d) => d.input.serial)).toEqual(['SER-1', 'SER-2', 'SER-3']);
    expect(duplicates).toEqual([
      expect.objectContaining({ origin: 'a.csv:3', by: 'serial', duplicateOf: 'a.csv:2' }),
      expect.objectContaining({ origin: 'a.csv:4', by: 'uuid', duplicateOf: 'SER-1' }),
    ]);
    expect(devices[1]?.rejected?.code).toBe('ZtdDeviceDuplicated');
    expect(devices[2]?.rejected).toBeNull();
    expect(devices.every((d) => d.input.groupTag === 'OD-KIOSK')).toBe(true);
  });

  it("rejects a damaged hash (checksum) before anything is sent, with the decoder's reason", () => {
    const full = hash('CUT-1', '11111111-0000-3333-4444-555555555555');
    const damaged = `${full.slice(0, 300)}${full[300] === 'A' ? 'B' : 'A'}${full.slice(301)}`;
    const { devices } = prepareDevices([{ serial: 'CUT-1', hardwareHash: damaged }], {});
    expect(devices[0]?.rejected?.code).toMatch(/^hash-/);
    expect(devices[0]?.rejected?.nextStep).toMatch(/Capture the hash again/);
  });
});
