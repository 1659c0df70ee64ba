import { describe, expect, it } from 'vitest';
import { retagInFlight } from '../../../../electron/core/pipeline/retag';
import { newJournalDevice } from '../../../../electron/core/store/records';

const AT = '2026-03-02T08:00:00.000Z';
const LATER = '2026-03-02T08:05:00.000Z';

/** A device not uploaded yet, registered with tag OD-FINANCE, a user and a name. */
function inFlight() {
  return newJournalDevice(
    {
      serial: 'PF5RT0001',
      hardwareHash: 'AAAA',
      groupTag: 'OD-FINANCE',
      assignedUser: 'ana@contoso.com',
      deviceName: 'FIN-01',
    },
    AT,
  );
}

describe('the latest intent for a device still being followed', () => {
  it('takes an explicit empty tag and user as the new intent, not as "keep the old ones"', () => {
    const change = retagInFlight(
      inFlight(),
      { serial: 'PF5RT0001', hardwareHash: 'AAAA', groupTag: '', assignedUser: '' },
      LATER,
    );
    expect(change).toMatchObject({ groupTag: '', assignedUser: '', deviceName: 'FIN-01' });
  });

  it('needs the tag and user of the new registration: there is no "keep the old one" to fall back to', () => {
    // A missing tag is a type error (prepareDevices always sets one), not a silent fallback to the old tag.
    // @ts-expect-error groupTag and assignedUser are required
    const call = () => retagInFlight(inFlight(), { serial: 'PF5RT0001', hardwareHash: 'AAAA' }, LATER);
    expect(call).toThrow(TypeError);
  });

  it('changes nothing for the same tag, user (any case) and name (any case)', () => {
    const same = { serial: 'PF5RT0001', hardwareHash: 'AAAA', groupTag: 'OD-FINANCE', assignedUser: 'Ana@Contoso.com' };
    expect(retagInFlight(inFlight(), { ...same, deviceName: 'fin-01' }, LATER)).toEqual({});
    expect(retagInFlight(inFlight(), same, LATER)).toEqual({});
  });

  it('takes a new name; once the device reached the tenant it is looked up again to update its record', () => {
    const input = {
      serial: 'PF5RT0001',
      hardwareHash: 'AAAA',
      groupTag: 'OD-FINANCE',
      assignedUser: 'ana@contoso.com',
    };
    expect(retagInFlight(inFlight(), { ...input, deviceName: 'FIN-02' }, LATER)).toEqual({
      groupTag: 'OD-FINANCE',
      assignedUser: 'ana@contoso.com',
      deviceName: 'FIN-02',
    });
    const registered = { ...inFlight(), stage: 'imported' as const, autopilotDeviceId: 'ap-1' };
    expect(retagInFlight(registered, { ...input, deviceName: 'FIN-02' }, LATER)).toMatchObject({
      deviceName: 'FIN-02',
      stage: 'collected',
      retagSince: LATER,
      lookedUpAt: null,
      statusNote: 'registered again with name "FIN-02": updating the tenant\'s record',
    });
  });
});
