import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advance, phaseOf, reachedTarget, type Phase } from '../../../../electron/core/pipeline/phase';
import { VirtualClock } from '../../../../electron/core/pipeline/virtual-clock';
import { Journal } from '../../../../electron/core/store/journal';
import { newJournalDevice } from '../../../../electron/core/store/records';
import type { JournalDevice } from '../../../../electron/core/store/types';

const NOW = Date.parse('2026-03-02T08:00:00Z');
const EARLIER = '2026-03-02T07:59:00.000Z';
const LATER = '2026-03-02T08:01:00.000Z';

function device(patch: Partial<JournalDevice>): JournalDevice {
  return {
    ...newJournalDevice({ serial: 'SER1', hardwareHash: 'H' }, EARLIER),
    target: 'ready',
    stageStartedAt: EARLIER,
    ...patch,
  };
}

/** Every field combination the follower meets, and the one phase each maps to. */
const TABLE: [string, Partial<JournalDevice>, Phase][] = [
  ['not followed (queued)', { target: null }, 'idle'],
  ['terminal: failed', { stage: 'failed' }, 'idle'],
  ['terminal: ready', { stage: 'ready' }, 'idle'],
  ['reached the stage it waits for', { stage: 'imported', target: 'imported' }, 'done'],
  ['fresh: look the serial up first', {}, 'lookup'],
  ['looked up, nothing found: upload', { lookedUpAt: EARLIER }, 'upload'],
  ['intent written, no record id: in doubt', { lookedUpAt: EARLIER, importIntentAt: EARLIER }, 'in-doubt'],
  [
    'record created, unknown/pending: importing',
    { lookedUpAt: EARLIER, importRecordId: 'r1', importStatus: 'unknown' },
    'importing',
  ],
  ['import complete: wait for the identity', { importRecordId: 'r1', importStatus: 'complete' }, 'identity'],
  [
    'existing record followed as it is',
    { lookedUpAt: EARLIER, autopilotDeviceId: 'ap1', importStatus: 'existing' },
    'identity',
  ],
  [
    'existing record updated: wait for read-back',
    { lookedUpAt: EARLIER, autopilotDeviceId: 'ap1', importStatus: 'existing', propertiesChangedAt: EARLIER },
    'read-back',
  ],
  [
    'replacing: old record deleted, wait until gone',
    { replaceExisting: true, replacedRecordId: 'old' },
    'replace-wait',
  ],
  ['806 during a deletion: upload later', { lookedUpAt: EARLIER, uploadAfter: LATER }, 'upload-later'],
  ['806 wait over: upload again', { lookedUpAt: EARLIER, uploadAfter: EARLIER }, 'upload'],
  [
    '806 with no record: look again (the record may appear)',
    { importStatus: 'error', lookedUpAt: null, importRecordId: null },
    'lookup',
  ],
  ['imported: wait for the group', { stage: 'imported' }, 'group'],
  [
    'imported, group not observable: wait for the profile',
    { stage: 'imported', notObservable: ['in-group'] },
    'profile',
  ],
  ['in group: wait for the profile', { stage: 'in-group' }, 'profile'],
  ['profile assigned, waiting for ready: the profile phase', { stage: 'profile-assigned' }, 'profile'],
  ['806 answered, record id kept: looked up again', { importRecordId: 'r1', importStatus: 'error' }, 'lookup'],
  ['upload wait ends exactly now: upload', { lookedUpAt: EARLIER, uploadAfter: new Date(NOW).toISOString() }, 'upload'],
];

describe('phaseOf', () => {
  it.each(TABLE)('%s', (_name, patch, phase) => {
    expect(phaseOf(device(patch), NOW)).toBe(phase);
  });

  it('maps every stage and target to a phase (exhaustive over the upload fields)', () => {
    const values = {
      importIntentAt: [null, EARLIER],
      importRecordId: [null, 'r1'],
      importStatus: [null, 'unknown', 'complete', 'error', 'existing'],
      autopilotDeviceId: [null, 'ap1'],
      lookedUpAt: [null, EARLIER],
      replacedRecordId: [null, 'old'],
      uploadAfter: [null, EARLIER, LATER],
      propertiesChangedAt: [null, EARLIER],
    };
    const phases = new Set<Phase>();
    const keys = Object.keys(values) as (keyof typeof values)[];
    const walk = (index: number, patch: Partial<JournalDevice>): void => {
      if (index === keys.length) {
        phases.add(phaseOf(device(patch), NOW));
        return;
      }
      const key = keys[index] as keyof typeof values;
      for (const value of values[key]) walk(index + 1, { ...patch, [key]: value });
    };
    walk(0, {});
    // Every upload-side phase is reachable, and nothing else comes out of a device at "collected".
    expect([...phases].sort()).toEqual(
      ['identity', 'importing', 'in-doubt', 'lookup', 'read-back', 'replace-wait', 'upload', 'upload-later'].sort(),
    );
  });
});

describe('reachedTarget', () => {
  it('is false when nothing is awaited or the device stopped, true from the awaited stage on', () => {
    expect(reachedTarget(device({ stage: 'ready', target: null }))).toBe(false);
    expect(reachedTarget(device({ stage: 'failed', target: 'imported' }))).toBe(false);
    expect(reachedTarget(device({ stage: 'imported', target: 'in-group' }))).toBe(false);
    expect(reachedTarget(device({ stage: 'in-group', target: 'in-group' }))).toBe(true);
    expect(reachedTarget(device({ stage: 'profile-assigned', target: 'in-group' }))).toBe(true);
  });
});

describe('advance', () => {
  it('is the one way forward: stamps the stage, restarts its clock, clears the note; profile-assigned then ready', () => {
    const dir = mkdtempSync(join(tmpdir(), 'phase-'));
    const clock = new VirtualClock(NOW);
    const journal = Journal.open(dir, clock);
    try {
      const seen: string[] = [];
      journal.subscribe((d) => seen.push(d.stage));
      journal.put(device({ stage: 'in-group', statusNote: 'assigned, syncing with the Autopilot service' }));
      const after = advance(journal, clock, journal.get('SER1') as JournalDevice, 'profile-assigned');
      expect(after).toMatchObject({ stage: 'ready', statusNote: null, stageStartedAt: new Date(NOW).toISOString() });
      expect(after.stageTimes).toMatchObject({
        'profile-assigned': new Date(NOW).toISOString(),
        ready: new Date(NOW).toISOString(),
      });
      expect(seen.slice(-2)).toEqual(['profile-assigned', 'ready']);
      journal.put(device({ key: 'SER2', serial: 'SER2', stage: 'in-group', target: 'in-group' }));
      expect(advance(journal, clock, journal.get('SER2') as JournalDevice, 'profile-assigned').stage).toBe(
        'profile-assigned',
      );
    } finally {
      journal.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
