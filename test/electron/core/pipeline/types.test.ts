import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLL, DEFAULT_TIMEOUTS } from '../../../../electron/core/pipeline/types';

describe('the documented defaults of a registration', () => {
  it('stage time limits are the ones the README documents: import 15 min, group 30 min, profile 60 min', () => {
    const readme = readFileSync(new URL('../../../../README.md', import.meta.url), 'utf8').replace(/\s+/g, ' ');
    const stated = /imported (\d+) min, in dynamic group (\d+) min, profile assigned (\d+) min/.exec(readme);
    expect(stated?.slice(1).map(Number)).toEqual([15, 30, 60]);
    expect(DEFAULT_TIMEOUTS).toEqual({
      imported: 15 * 60_000,
      'in-group': 30 * 60_000,
      'profile-assigned': 60 * 60_000,
    });
  });

  it('polls follow the reference plan: import records every 15 s, the device every 30 s, group and profile every 60 s', () => {
    expect(DEFAULT_POLL).toEqual({ import: 15_000, identity: 30_000, group: 60_000, profile: 60_000 });
  });
});
