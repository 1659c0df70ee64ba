import { describe, expect, it } from 'vitest';
import { readInterval, stageLimitAt, timeoutProblem, waitingFor } from '../../../../electron/core/pipeline/timeouts';
import { newJournalDevice } from '../../../../electron/core/store/records';
import type { JournalDevice } from '../../../../electron/core/store/types';

const START = Date.parse('2026-03-02T08:00:00Z');
const MINUTE = 60_000;
const LIMITS = { imported: 15 * MINUTE, 'in-group': 30 * MINUTE, 'profile-assigned': 60 * MINUTE };

function device(patch: Partial<JournalDevice>): JournalDevice {
  const at = new Date(START).toISOString();
  return {
    ...newJournalDevice({ serial: 'SER1', hardwareHash: 'H' }, at),
    target: 'ready',
    stageStartedAt: at,
    timeouts: LIMITS,
    ...patch,
  };
}

describe('readInterval', () => {
  it('reads after a fifth of the wait, never sooner than the poll interval nor later than 5 minutes', () => {
    expect(readInterval(30_000, 0)).toBe(30_000);
    expect(readInterval(30_000, 100_000)).toBe(30_000);
    expect(readInterval(30_000, 200_000)).toBe(40_000);
    expect(readInterval(30_000, 25 * MINUTE)).toBe(5 * MINUTE);
    expect(readInterval(30_000, 60 * MINUTE)).toBe(5 * MINUTE);
  });
});

describe('waitingFor and stageLimitAt', () => {
  it('names the next stage, skipping the group when it cannot be observed', () => {
    expect(waitingFor(device({ stage: 'collected' }))).toBe('imported');
    expect(waitingFor(device({ stage: 'imported' }))).toBe('in-group');
    expect(waitingFor(device({ stage: 'imported', notObservable: ['in-group'] }))).toBe('profile-assigned');
    expect(waitingFor(device({ stage: 'in-group' }))).toBe('profile-assigned');
    expect(waitingFor(device({ stage: 'ready' }))).toBeUndefined();
    expect(waitingFor(device({ stage: 'collected', notObservable: ['in-group'] }))).toBe('imported');
  });

  it("ends the stage at its own limit or the run's deadline, whichever comes first", () => {
    expect(stageLimitAt(device({ stage: 'collected' }))).toBe(START + 15 * MINUTE);
    expect(stageLimitAt(device({ stage: 'in-group' }))).toBe(START + 60 * MINUTE);
    const deadline = new Date(START + 5 * MINUTE).toISOString();
    expect(stageLimitAt(device({ stage: 'in-group', deadlineAt: deadline }))).toBe(START + 5 * MINUTE);
    expect(stageLimitAt(device({ stage: 'collected', timeouts: {} }))).toBeNull();
    expect(stageLimitAt(device({ stage: 'collected', timeouts: {}, deadlineAt: deadline }))).toBe(START + 5 * MINUTE);
  });
});

describe('timeoutProblem', () => {
  it('has none while the stage has time left, one at its limit', () => {
    const d = device({ stage: 'collected' });
    expect(timeoutProblem(d, START + 15 * MINUTE - 1)).toBeNull();
    expect(timeoutProblem(d, START + 15 * MINUTE)).toMatchObject({ code: 'timeout', stage: 'imported' });
    expect(timeoutProblem(d, START + 15 * MINUTE)?.reason).toBe('Not "Imported" after 15 min.');
  });

  it("names the run's limit when that came first, and the last thing seen", () => {
    const d = device({
      stage: 'imported',
      deadlineAt: new Date(START + 90_000).toISOString(),
      statusNote: 'waiting for the group',
    });
    expect(timeoutProblem(d, START + 89_999)).toBeNull();
    const problem = timeoutProblem(d, START + 90_000);
    expect(problem).toMatchObject({ code: 'timeout', stage: 'in-group' });
    expect(problem?.reason).toBe(
      'Not "In dynamic group" after 2 min (the run\'s time limit was reached). Last seen: waiting for the group.',
    );
    expect(problem?.nextStep).toMatch(/dynamic group's rule/);
    expect(timeoutProblem(device({ stage: 'imported', deadlineAt: d.deadlineAt }), START + 20_000)).toBeNull();
    expect(
      timeoutProblem(device({ stage: 'collected', deadlineAt: new Date(START + 20_000).toISOString() }), START + 20_000)
        ?.reason,
    ).toBe('Not "Imported" after less than a minute (the run\'s time limit was reached).');
  });

  it('says "out of sync" for a profile that is assigned but not in sync at the limit', () => {
    const outOfSync = device({ stage: 'in-group', outOfSyncSince: new Date(START + MINUTE).toISOString() });
    const problem = timeoutProblem(outOfSync, START + 60 * MINUTE);
    expect(problem).toMatchObject({ code: 'out-of-sync', stage: 'profile-assigned' });
    expect(problem?.reason).toMatch(/not in sync with the Autopilot service after 60 min/);
    expect(problem?.nextStep).toMatch(/select Sync/);
    const plain = timeoutProblem(device({ stage: 'in-group' }), START + 60 * MINUTE);
    expect(plain).toMatchObject({ code: 'timeout', stage: 'profile-assigned' });
    expect(plain?.nextStep).toMatch(/assignment can take an hour/);
    expect(timeoutProblem(device({ stage: 'collected' }), START + 15 * MINUTE)?.nextStep).toMatch(
      /Windows enrollment > Devices/,
    );
    // Out of sync only speaks of the profile stage: a stale mark on an earlier stage is a plain time-out.
    const early = device({ stage: 'imported', outOfSyncSince: new Date(START).toISOString() });
    expect(timeoutProblem(early, START + 30 * MINUTE)).toMatchObject({ code: 'timeout', stage: 'in-group' });
  });

  it('counts whole minutes from one on', () => {
    const d = device({ stage: 'collected', timeouts: { imported: MINUTE } });
    expect(timeoutProblem(d, START + MINUTE)?.reason).toBe('Not "Imported" after 1 min.');
  });

  it('never times out a device waiting for "ready" only, or one at a terminal stage', () => {
    const deadlineAt = new Date(START + MINUTE).toISOString();
    expect(timeoutProblem(device({ stage: 'profile-assigned', deadlineAt }), START + 999 * MINUTE)).toBeNull();
    expect(timeoutProblem(device({ stage: 'ready' }), START + 999 * MINUTE)).toBeNull();
  });
});
