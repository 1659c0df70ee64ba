import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/cli/main';
import { fakeContext } from '../fake-context';

describe('register --corporate-identifier refuses the options of Autopilot registration', () => {
  const work = mkdtempSync(join(tmpdir(), 'corp-options-'));
  const ids = join(work, 'ids.csv');
  writeFileSync(ids, 'HP,EliteBook 840 G10,5CG4OPT01\n');

  it.each([
    [['--name', 'RET-%SERIAL%'], '--name'],
    [['--no-tag'], '--no-tag'],
    [['--timeout', '60m'], '--timeout'],
    [['--import-timeout', '5m'], '--import-timeout'],
    [['--group-timeout', '5m'], '--group-timeout'],
    [['--profile-timeout', '5m'], '--profile-timeout'],
    [['--poll-interval', '30s'], '--poll-interval'],
  ])('refuses %j with a usage error naming it, sending nothing', async (options, named) => {
    const ctx = fakeContext({});
    const state = ['--state-dir', mkdtempSync(join(work, 'state-'))];
    expect(await runCli(['register', '--corporate-identifier', ids, ...options, ...state], ctx)).toBe(2);
    expect(ctx.stderr.join('\n')).toContain(`--corporate-identifier does not take ${named}`);
    expect(ctx.stdout).toEqual([]);
  });
});
