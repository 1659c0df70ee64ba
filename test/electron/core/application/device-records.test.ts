import { describe, expect, it } from 'vitest';
import { DeviceRecords, existingRecordReused } from '../../../../electron/core/application/device-records';
import { detailOf } from '../../../../electron/core/application/device-reports';
import { fixtureHash } from '../../../fixtures/hashes';

const CAPTURED = Date.UTC(2026, 10, 28, 9, 0, 0);
const REGISTERED = CAPTURED + 90_000;

function boardWithOne(): { records: DeviceRecords; id: string; clock: { now: number } } {
  const clock = { now: CAPTURED };
  const records = new DeviceRecords(
    () => clock.now,
    () => undefined,
  );
  const [id] = records.addArriving(
    [
      {
        serial: 'REC0001',
        manufacturer: 'LENOVO',
        model: '21G2',
        hardwareHash: fixtureHash({ serial: 'REC0001' }),
        productId: '',
        uuid: '',
        origin: 'bench.csv',
        warnings: [],
        groupTag: '',
        assignedUser: '',
      },
    ],
    'csv',
    CAPTURED,
  );
  return { records, id: id!, clock };
}

describe('DeviceRecords: what the board and the detail panel say about one device', () => {
  it('keeps the time the hash was collected when the engine reports its own (registration) time', () => {
    const { records, id, clock } = boardWithOne();
    clock.now = REGISTERED;
    const at = new Date(REGISTERED).toISOString();
    const view = records.patch(id, { stage: 'imported', stageTimes: { collected: at, imported: at } });
    expect(view?.stageTimes).toEqual({ collected: new Date(CAPTURED).toISOString(), imported: at });
  });

  it('sets a device name and clears it again; a patch without one leaves it', () => {
    const { records, id } = boardWithOne();
    expect(records.patch(id, { deviceName: 'RET-TILL-07' })?.deviceName).toBe('RET-TILL-07');
    expect(records.patch(id, { groupTag: 'OD-RETAIL' })?.deviceName).toBe('RET-TILL-07');
    expect(records.patch(id, { deviceName: '' })?.deviceName ?? '').toBe('');
  });

  it('says a retry by its note, not with a second "Hash collected" line', () => {
    const { records, id } = boardWithOne();
    records.patch(id, { stage: 'failed', problem: { code: '802', reason: 'r', nextStep: 'n', stage: 'imported' } });
    records.patch(id, {
      stage: 'collected',
      replaceStageTimes: true,
      stageTimes: { collected: new Date(CAPTURED).toISOString() },
      note: 'Registration started',
    });
    const lines = detailOf(records.get(id)!, REGISTERED).timeline.map((entry) => entry.message);
    expect(lines.filter((line) => line.startsWith('Hash collected'))).toHaveLength(1);
    expect(lines).toContain('Registration started');
  });

  it('says why there is no import record id, in words that stay true', () => {
    const { records, id } = boardWithOne();
    expect(detailOf(records.get(id)!, CAPTURED).graph.importRecordNote).toBe('none yet: not registered');
    records.patch(id, { inProgress: true });
    expect(detailOf(records.get(id)!, CAPTURED).graph.importRecordNote).toBe('not known yet');
    records.patch(id, { stage: 'ready', existingRecordReused: true, autopilotDeviceId: 'ap-1' });
    expect(detailOf(records.get(id)!, CAPTURED).graph.importRecordNote).toBe(
      'none: the existing Autopilot record was reused, nothing was imported',
    );
    records.patch(id, { importRecordId: 'imp-1', existingRecordReused: false });
    expect(detailOf(records.get(id)!, CAPTURED).graph).toMatchObject({
      importRecordId: 'imp-1',
      importRecordNote: null,
    });
  });

  it('knows an existing record was reused from the journal: an Autopilot id and no import of its own', () => {
    expect(existingRecordReused({ importRecordId: null, autopilotDeviceId: 'ap', importStatus: 'existing' })).toBe(
      true,
    );
    // 806 first, then the existing record followed: the status stays "error", the record is still the old one.
    expect(existingRecordReused({ importRecordId: null, autopilotDeviceId: 'ap', importStatus: 'error' })).toBe(true);
    expect(existingRecordReused({ importRecordId: 'imp', autopilotDeviceId: 'ap', importStatus: 'complete' })).toBe(
      false,
    );
    expect(existingRecordReused({ importRecordId: null, autopilotDeviceId: null, importStatus: null })).toBe(false);
  });
});
