import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES, SANDBOX_STATIC_GROUPS } from '../../../../electron/core/sandbox/index';
import { startHarness, type Harness } from './harness';

function group(h: Harness, name: string): { id: string; name: string; members: string[] } {
  const found = h.sandbox.control.snapshot().groups.find((g) => g.displayName === name);
  if (!found) throw new Error(`no group ${name}`);
  return { id: found.id, name: found.displayName, members: found.members };
}

describe('static groups at the "in group" stage', () => {
  it('adds each device to the chosen groups once its Entra object exists; one already a member is fine', async () => {
    const h = await startHarness();
    try {
      const c = h.sandbox.control;
      const fresh = c.makeHash();
      // The seed's first device is already in the loaner pool: adding it again is Graph's 400, taken as done.
      const seeded = c.snapshot().devices[0];
      const seededHash = c.makeHash({
        serial: seeded?.serialNumber ?? '',
        manufacturer: seeded?.manufacturer ?? '',
        model: seeded?.model ?? '',
      });
      const loaners = group(h, SANDBOX_STATIC_GROUPS[0]);
      const finance = group(h, SANDBOX_STATIC_GROUPS[1]);
      c.resetStats();
      const result = await h.engine.register(
        [
          { serial: fresh.serial, hardwareHash: fresh.hardwareHash, groupTag: 'OD-FINANCE' },
          { serial: seededHash.serial, hardwareHash: seededHash.hardwareHash, groupTag: 'OD-FINANCE' },
        ],
        { staticGroups: [loaners, finance].map(({ id, name }) => ({ id, name })) },
      );
      expect(result.devices.map((d) => d.stage)).toEqual(['ready', 'ready']);
      for (const device of result.devices)
        expect(device.staticGroups).toEqual([
          { id: loaners.id, name: loaners.name, added: true },
          { id: finance.id, name: finance.name, added: true },
        ]);
      const objects = c
        .snapshot()
        .devices.filter((d) => [fresh.serial, seededHash.serial].includes(d.serialNumber))
        .map((d) => d.entraObjectId)
        .sort();
      expect([...group(h, loaners.name).members].sort()).toEqual(objects);
      expect([...group(h, finance.name).members].sort()).toEqual(objects);
      // The object id is found from the Autopilot record's Entra deviceId, with the documented filter.
      // Each device's object id is found once from its Entra deviceId (GET /devices?$filter=deviceId eq ...), then
      // one reference per group is added (the seeded member's answer is the 400 for an existing reference).
      const byEndpoint = c.stats().byEndpoint;
      expect(byEndpoint['GET /v1.0/devices']).toBe(2);
      expect(byEndpoint['POST /v1.0/groups/{id}/members/$ref']).toBe(4);
      expect(c.stats().byStatus['400']).toBe(1);
    } finally {
      await h.close();
    }
  });

  it('fails the device at "in group" naming the permission when group writes are not granted', async () => {
    const h = await startHarness({
      sandbox: { grantedRoles: DEFAULT_ROLES.filter((r) => r !== 'GroupMember.ReadWrite.All') },
    });
    try {
      const device = h.sandbox.control.makeHash();
      const kiosk = group(h, SANDBOX_STATIC_GROUPS[2]);
      const result = await h.engine.register(
        [{ serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-KIOSK' }],
        {
          staticGroups: [{ id: kiosk.id, name: kiosk.name }],
        },
      );
      expect(result.devices[0]).toMatchObject({
        stage: 'failed',
        problem: { code: 'permission-missing', stage: 'in-group' },
      });
      expect(result.devices[0]?.problem?.reason).toContain('GroupMember.ReadWrite.All');
      expect(result.devices[0]?.problem?.reason).toContain(kiosk.name);
      expect(group(h, kiosk.name).members).toEqual([]);
    } finally {
      await h.close();
    }
  });

  it('reports a 403 from Graph (an application without Device.ReadWrite.All) as the permission to grant', async () => {
    const h = await startHarness({
      sandbox: { grantedRoles: DEFAULT_ROLES.filter((r) => r !== 'Device.ReadWrite.All') },
    });
    try {
      const device = h.sandbox.control.makeHash();
      const kiosk = group(h, SANDBOX_STATIC_GROUPS[2]);
      const result = await h.engine.register(
        [{ serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-KIOSK' }],
        {
          staticGroups: [{ id: kiosk.id, name: kiosk.name }],
        },
      );
      expect(result.devices[0]?.problem).toMatchObject({ code: 'permission-missing', stage: 'in-group' });
      expect(result.devices[0]?.problem?.reason).toContain('Device.ReadWrite.All');
    } finally {
      await h.close();
    }
  });

  it('waits at least for "in group" when static groups are asked, so a registration to "imported" adds them', async () => {
    const h = await startHarness();
    try {
      const device = h.sandbox.control.makeHash();
      const loaners = group(h, SANDBOX_STATIC_GROUPS[0]);
      const result = await h.engine.register(
        [{ serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-FINANCE' }],
        { waitFor: 'imported', staticGroups: [{ id: loaners.id, name: loaners.name }] },
      );
      expect(result.reached).toBe(1);
      expect(result.devices[0]?.stage).toBe('in-group');
      expect(result.devices[0]?.staticGroups).toEqual([{ id: loaners.id, name: loaners.name, added: true }]);
      const entra = h.sandbox.control.snapshot().devices.find((d) => d.serialNumber === device.serial)?.entraObjectId;
      expect(group(h, loaners.name).members).toContain(entra);
    } finally {
      await h.close();
    }
  });

  it('adds a device already past "in group" to a group chosen when it is registered again', async () => {
    const h = await startHarness();
    try {
      const device = h.sandbox.control.makeHash();
      const input = { serial: device.serial, hardwareHash: device.hardwareHash, groupTag: 'OD-FINANCE' };
      const first = await h.engine.register([input], { waitFor: 'in-group' });
      expect(first.devices[0]?.stage).toBe('in-group');
      const finance = group(h, SANDBOX_STATIC_GROUPS[1]);
      const again = await h.engine.register([input], { staticGroups: [{ id: finance.id, name: finance.name }] });
      expect(again.devices[0]?.stage).toBe('ready');
      expect(again.devices[0]?.staticGroups).toEqual([{ id: finance.id, name: finance.name, added: true }]);
      const entra = h.sandbox.control.snapshot().devices.find((d) => d.serialNumber === device.serial)?.entraObjectId;
      expect(group(h, finance.name).members).toContain(entra);
    } finally {
      await h.close();
    }
  });

  it('refuses static groups before anything is imported when Device.Read.All is not granted', async () => {
    const h = await startHarness({
      sandbox: { grantedRoles: DEFAULT_ROLES.filter((r) => r !== 'Device.Read.All' && r !== 'Device.ReadWrite.All') },
    });
    try {
      h.sandbox.control.resetStats();
      const refusal = await h.engine.resolveGroups([SANDBOX_STATIC_GROUPS[0]]).catch((error: unknown) => error);
      expect(refusal).toMatchObject({ code: 'permission-missing' });
      expect(String(refusal)).toContain('Device.Read.All is not granted');
      // Nothing was looked up or imported: the refusal comes from the granted roles alone.
      expect(h.sandbox.control.stats().byEndpoint['GET /v1.0/groups'] ?? 0).toBe(0);
      expect(h.sandbox.control.snapshot().imports).toHaveLength(0);
    } finally {
      await h.close();
    }
  });
});
