import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_LEGACY_GROUP } from '../../../../electron/core/sandbox/index';
import { startHarness, type Harness } from './harness';

let h: Harness;
/** Every Graph request line sent (the bodies of $batch included). */
let sent: string[];

beforeEach(async () => {
  sent = [];
  h = await startHarness({
    network: (fetch) => (url, init) => {
      sent.push(`${init.method} ${decodeURIComponent(url)} ${init.body ? decodeURIComponent(init.body) : ''}`);
      return fetch(url, init);
    },
  });
});

afterEach(async () => {
  await h.close();
});

async function one(serial: string) {
  const [result] = await h.engine.lookup([serial]);
  expect(result?.records).toHaveLength(1);
  return result!.records[0]!;
}

describe('service desk: look-up of any serial in the tenant', () => {
  it('finds records this app never registered, with an exact match client-side and the profiles expanded', async () => {
    const results = await h.engine.lookup(['PF4SBX0001', 'pf4sbx0002', 'NOSUCH0001', 'PF4SBX']);
    expect(results.map((r) => [r.serial, r.records.map((x) => x.serialNumber)])).toEqual([
      ['PF4SBX0001', ['PF4SBX0001']],
      ['pf4sbx0002', ['PF4SBX0002']],
      ['NOSUCH0001', []],
      // contains() matches PF4SBX0001 and 0002, but only an exact serial is a match.
      ['PF4SBX', []],
    ]);
    const record = results[0]!.records[0]!;
    expect(record.profileStatusText).toBe('Assigned');
    expect(record.assignedProfile?.name).toBe('OneDeploy Finance (user-driven)');
    expect(record.chain?.groups.map((g) => g.name)).toEqual(['Autopilot OD-FINANCE']);
    expect(record.why[0]).toBe('Tag "OD-FINANCE" -> "Autopilot OD-FINANCE" -> "OneDeploy Finance (user-driven)".');
    expect(record.entraGroups?.map((g) => g.name)).toContain('Autopilot OD-FINANCE');
    const calls = sent.join('\n');
    expect(calls).toContain("windowsAutopilotDeviceIdentities?$filter=contains(serialNumber,'PF4SBX0001')");
    expect(calls).toContain(
      `windowsAutopilotDeviceIdentities/${record.id}?$expand=deploymentProfile,intendedDeploymentProfile`,
    );
    expect(calls).not.toMatch(/serialNumber eq/);
  });

  it('explains every seeded case in the words of the Intune blade', async () => {
    const enrolled = await one('SDK0ENRL01');
    expect(enrolled).toMatchObject({ enrolled: true, enrollmentState: 'enrolled', deviceName: 'FIN-ENRL01' });
    expect(enrolled.lastContactedAt).not.toBeNull();
    expect((await one('SDK0SYNC02')).profileStatusText).toBe(
      'Assigned, syncing with the Autopilot service (not ready for OOBE yet)',
    );
    const attention = await one('SDK0HWCH03');
    expect(attention.hardwareChange).toBe('attention-required');
    expect(attention.profileStatusText).toMatch(/^Attention required: hardware change detected/);
    expect((await one('SDK0FIXP04')).profileStatusText).toMatch(/^Fix pending/);
    const older = await one('SDK0OLDG05');
    expect(older.assignedProfile?.name).toBe('OneDeploy Pilot (legacy)');
    expect(older.chain?.profile?.name).toBe('OneDeploy Retail (user-driven)');
    expect(older.why.join(' ')).toContain(`through group "${SANDBOX_LEGACY_GROUP}"`);
    const none = await one('SDK0NOPR06');
    expect(none.profileStatusText).toBe('Not assigned');
    expect(none.why.join(' ')).toMatch(/no deployment profile targets them/);
  });
});

describe('service desk: changes followed to their read-back', () => {
  it('changes tag, user and a templated name, sending all four properties, and reports the read-back', async () => {
    const results = await h.engine.change(['PF4SBX0002', 'NOSUCH0002'], {
      groupTag: 'OD-RETAIL',
      deviceName: 'RT-%SERIAL%',
    });
    expect(results[0]).toMatchObject({ serial: 'PF4SBX0002', outcome: 'done' });
    expect(results[0]!.message).toBe('Read back: tag "OD-RETAIL", user "(none)", name "RT-PF4SBX0002".');
    expect(results[0]!.record).toMatchObject({ groupTag: 'OD-RETAIL', deviceName: 'RT-PF4SBX0002' });
    expect(results[1]).toMatchObject({ outcome: 'not-found' });
    const update = sent.find((line) => line.includes('/updateDeviceProperties'));
    expect(update).toContain(
      '{"groupTag":"OD-RETAIL","userPrincipalName":"","addressableUserName":"","displayName":"RT-PF4SBX0002"}',
    );
    // The next look-up shows the new values: they were read back, not assumed.
    expect((await one('PF4SBX0002')).groupTag).toBe('OD-RETAIL');
  });

  it('refuses a name Windows would not accept before sending anything', async () => {
    h.sandbox.control.resetStats();
    const [tooLong] = await h.engine.change(['PF4SBX0001'], { deviceName: 'FINANCE-%SERIAL%' });
    expect(tooLong).toMatchObject({ outcome: 'refused' });
    expect(tooLong!.message).toBe('Device name "FINANCE-PF4SBX0001" is 18 characters long (at most 15).');
    const [space] = await h.engine.change(['PF4SBX0001'], { deviceName: 'A B' });
    expect(space!.message).toBe('Device name "A B" contains a space.');
    expect(h.sandbox.control.stats().writes).toBe(0);
  });

  it('times out honestly when Intune does not show the new values in time', async () => {
    h.sandbox.control.setLatencies({ propertyLag: 60 * 60_000 });
    const engine = h.reopen();
    const [result] = await engine.change(['5CG4SBX003'], { groupTag: 'OD-KIOSK' });
    expect(result).toMatchObject({ outcome: 'timed-out' });
    expect(result!.nextStep).toMatch(/Look the serial up again/);
  });
});

describe('service desk: Autopilot sync within the 10-minute rule', () => {
  it('starts a sync, then refuses the next one with the time it is allowed', async () => {
    const first = await h.engine.requestSync();
    expect(first.outcome).toBe('started');
    const allowed = new Date(h.clock.now() + 10 * 60_000).toISOString();
    expect(first.nextAllowedAt).toBe(allowed);
    h.sandbox.control.resetStats();
    const second = await h.engine.requestSync();
    expect(second).toMatchObject({ outcome: 'too-soon', nextAllowedAt: allowed });
    expect(second.message).toContain(allowed);
    expect(h.sandbox.control.stats().requests).toBe(0);
    await h.clock.sleep(10 * 60_000);
    expect((await h.engine.requestSync()).outcome).toBe('started');
  });
});
