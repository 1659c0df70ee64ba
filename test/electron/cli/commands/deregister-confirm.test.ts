import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../../electron/cli/main';
import { fakeContext } from '../fake-context';

/** A context at a terminal: the person answers each question with the next of `answers`. */
function atTerminal(answers: boolean[]) {
  const questions: string[] = [];
  const ctx = fakeContext({});
  return Object.assign(ctx, {
    questions,
    confirm: (question: string) => {
      questions.push(question);
      return Promise.resolve(answers.shift() ?? false);
    },
  });
}

describe('deregister at a terminal', () => {
  it('lists what will be removed and deletes nothing when the answer is no; deletes both after yes', async () => {
    const state = ['--state-dir', mkdtempSync(join(tmpdir(), 'dereg-tty-'))];
    // Two devices the built-in sandbox tenant has registered from the start.
    const serials = ['PF4SBX0001', '5CG4SBX003'];
    const declined = atTerminal([false]);
    expect(await runCli(['deregister', ...serials, ...state], declined)).toBe(1);
    expect(declined.questions).toEqual(['Deregister these 2 devices?']);
    const listed = declined.stderr.join('\n');
    expect(listed).toContain('The Autopilot record(s) of these 2 serial(s) will be deleted from the tenant:');
    for (const serial of serials)
      expect(listed).toMatch(new RegExp(`^  ${serial} +\\(not in the local journal\\)`, 'm'));
    expect(listed).toContain('Nothing deleted.');
    expect(declined.stdout).toEqual([]);

    const accepted = atTerminal([true]);
    expect(await runCli(['deregister', ...serials, '--json', ...state], accepted)).toBe(0);
    const outcomes = accepted.stdout.map((line) => JSON.parse(line) as { serial: string; outcome: string });
    // "deleted", not "not-found": the declined run had left both records in place.
    expect(outcomes.map((line) => [line.serial, line.outcome])).toEqual([
      ['PF4SBX0001', 'deleted'],
      ['5CG4SBX003', 'deleted'],
    ]);

    const scripted = atTerminal([]);
    expect(await runCli(['deregister', 'PF4SBX0002', '--yes', ...state], scripted)).toBe(0);
    expect(scripted.questions).toEqual([]);
  }, 60_000);
});
