import { describe, expect, it } from 'vitest';
import { createIds } from '../../../../electron/core/sandbox/ids';
import { resolveLatencies } from '../../../../electron/core/sandbox/presets';
import { makeAssignment, makeProfile, seedTenant } from '../../../../electron/core/sandbox/seed';
import { makeDevice, Tenant } from '../../../../electron/core/sandbox/tenant';
import { jittered } from '../../../../electron/core/sandbox/timeline';
import { createManualClock } from '../../../helpers/sandbox';

function tenantAt() {
  const clock = createManualClock();
  const ids = createIds(1);
  const data = seedTenant(ids, clock.now(), (spec, at) => makeDevice(ids, spec, at));
  return { clock, tenant: new Tenant(data, clock, ids, resolveLatencies('test')) };
}

describe('sandbox timeline', () => {
  it('keeps a removed tag assigned until the group and then the profile catch up', () => {
    const { clock, tenant } = tenantAt();
    const device = tenant.data.devices.find((d) => d.groupTag === 'OD-FINANCE');
    if (!device) throw new Error('seed changed');
    const finance = tenant.timeline.profileState(device, clock.now()).assignedProfileId;
    expect(finance).not.toBeNull();
    tenant.setGroupTag(device, '');
    expect(tenant.timeline.profileState(device, clock.now())).toMatchObject({
      status: 'assignedInSync',
      assignedProfileId: finance,
    });
    clock.advance(30);
    expect(tenant.timeline.groupsOf(device, clock.now()).map((g) => g.displayName)).toContain(
      'Autopilot devices without a group tag',
    );
    expect(tenant.timeline.profileState(device, clock.now())).toMatchObject({
      status: 'assignedInSync',
      assignedProfileId: finance,
    });
    clock.advance(30);
    expect(tenant.timeline.profileState(device, clock.now())).toMatchObject({
      status: 'notAssigned',
      assignedProfileId: null,
      assignedAt: null,
    });
  });

  it('assigns a profile added later to an existing group after the profile latency', () => {
    const { clock, tenant } = tenantAt();
    const lab = tenant.data.devices.find((d) => d.groupTag === 'OD-LAB');
    const group = tenant.data.groups.find((g) => g.displayName === 'Autopilot OD-LAB');
    if (!lab || !group) throw new Error('seed changed');
    expect(tenant.timeline.profileState(lab, clock.now()).status).toBe('notAssigned');
    const profile = makeProfile(tenant.ids, 'Lab', clock.now());
    tenant.data.profiles.push(profile);
    tenant.data.assignments.push(makeAssignment(profile, group.id, clock.now()));
    expect(tenant.timeline.profileState(lab, clock.now())).toMatchObject({
      status: 'pending',
      intendedProfileId: profile.id,
    });
    clock.advance(30);
    const assignedAt = clock.now();
    expect(tenant.timeline.profileState(lab, clock.now())).toMatchObject({
      status: 'assignedOutOfSync',
      assignedProfileId: profile.id,
      assignedAt,
    });
    clock.advance(tenant.latency.outOfSync);
    expect(tenant.timeline.profileState(lab, clock.now())).toMatchObject({
      status: 'assignedInSync',
      assignedProfileId: profile.id,
      assignedAt,
    });
  });

  it('spreads latencies by a stable per-record factor within the jitter', () => {
    const values = Array.from({ length: 50 }, (_, i) => jittered(10_000, `device-${i}`, 0.25));
    expect(Math.min(...values)).toBeGreaterThanOrEqual(7_500);
    expect(Math.max(...values)).toBeLessThanOrEqual(12_500);
    expect(new Set(values).size).toBeGreaterThan(10);
    expect(jittered(10_000, 'device-1', 0.25)).toBe(values[1]);
    expect(jittered(10_000, 'device-1', 0)).toBe(10_000);
  });
});
