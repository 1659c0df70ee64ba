import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../../shared/ipc/device-schemas';
import { INTUNE_CSV_HEADER } from '../../../../shared/domain/csv/write';
import { sampleDevices } from '../../../fixtures/csv-variants';
import { fixtureHash } from '../../../fixtures/hashes';
import { startSandboxApplication } from '../../../helpers/sandbox-application';

describe('the watch folder in the activity log', () => {
  it('says each rejected row and each refused file with its file, row and reason', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'console-watch-log-'));
    // The watch folder waits for a file to stop changing in real time: this one runs on the real clock.
    const host = await startSandboxApplication({ stateDir, clock: 'real' });
    try {
      await host.call('watch:choose-folder', {});
      await host.call('watch:set', { enabled: true, groupTag: 'OD-RETAIL', register: false });
      const good = sampleDevices(1)[0];
      writeFileSync(
        join(stateDir, 'watch', 'mixed.csv'),
        `${INTUNE_CSV_HEADER}\r\n${good?.serial},,${good?.hash},,\r\nBAD1,,${fixtureHash().slice(0, 100)},,\r\n`,
      );
      writeFileSync(join(stateDir, 'watch', 'notes.txt'), 'just some text\r\n'.repeat(80));
      const rejected = async (): Promise<ActivityEntry[]> =>
        (await host.call<{ entries: ActivityEntry[] }>('activity:list', {})).entries.filter((e) =>
          e.action.startsWith('Watch folder: '),
        );
      await expect.poll(async () => (await rejected()).length, { timeout: 15_000, interval: 100 }).toBe(2);
      const entries = await rejected();
      expect(entries.map((e) => [e.action, e.serial, e.outcome, e.groupTag])).toEqual(
        expect.arrayContaining([
          ['Watch folder: rejected', 'BAD1', 'failed', 'OD-RETAIL'],
          ['Watch folder: rejected', '', 'failed', 'OD-RETAIL'],
        ]),
      );
      expect(entries.map((e) => e.detail)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^mixed\.csv line 3: The hardware hash is truncated/),
          'notes.txt: notes.txt is not a CSV or hash file (no header and no valid device in its first 50 lines).',
        ]),
      );
    } finally {
      await host.close();
    }
  });
});
