import { spawn, type SpawnOptions } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNodeProcessRunner } from '../../../../electron/core/capture/process-runner';
import { system32Path } from '../../../../electron/core/capture/system32';

const node = process.execPath;
/** True while the process exists and is not a zombie (a container's init may not reap orphans). */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
};

describe('node process runner', () => {
  it('returns exit code, stdout and stderr', async () => {
    const result = await createNodeProcessRunner().run(
      node,
      ['-e', 'console.log("{\\"ok\\":true}"); console.error("warn"); process.exit(3)'],
      {
        timeoutMs: 10_000,
      },
    );
    expect(result).toEqual({ exitCode: 3, stdout: '{"ok":true}\n', stderr: 'warn\n', timedOut: false });
  });

  it('writes the input to the standard input of the child and closes it', async () => {
    const args = [
      '-e',
      'let t = ""; process.stdin.on("data", (d) => (t += d)).on("end", () => console.log(t.trim().length))',
    ];
    const result = await createNodeProcessRunner().run(node, args, { timeoutMs: 10_000, input: 's3cret-pass\n' });
    expect(result).toEqual({ exitCode: 0, stdout: '11\n', stderr: '', timedOut: false });
    // A child that never reads its input still finishes (stdin closed, EPIPE ignored).
    const quiet = await createNodeProcessRunner().run(node, ['-e', 'process.exit(0)'], {
      timeoutMs: 10_000,
      input: 'x',
    });
    expect(quiet.exitCode).toBe(0);
  });

  it('kills a process that never exits, with its children, at the timeout', async () => {
    const script = [
      "const { spawn } = require('node:child_process');",
      "const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });",
      'console.log(child.pid);',
      'setInterval(() => {}, 1000);',
    ].join('\n');
    const started = Date.now();
    const result = await createNodeProcessRunner().run(node, ['-e', script], { timeoutMs: 1500 });
    expect(result.timedOut).toBe(true);
    expect(result.exitCode).toBeNull();
    expect(Date.now() - started).toBeLessThan(6000);
    const grandchild = Number(result.stdout.trim());
    expect(grandchild).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(alive(grandchild)).toBe(false);
  });

  it('reports a command that cannot start', async () => {
    const result = await createNodeProcessRunner().run('/nonexistent/powershell.exe', [], { timeoutMs: 1000 });
    expect(result).toMatchObject({ exitCode: null, timedOut: false, startError: 'ENOENT' });
  });

  it('passes cwd and env', async () => {
    const result = await createNodeProcessRunner().run(
      node,
      ['-e', 'console.log(process.cwd() + "|" + process.env.PROBE)'],
      {
        timeoutMs: 10_000,
        cwd: '/',
        env: { PROBE: 'yes', PATH: process.env.PATH },
      },
    );
    expect(result.stdout.trim()).toBe('/|yes');
  });
});

describe('killing a timed-out process tree on Windows', () => {
  it('starts taskkill by its absolute System32 path, never by bare name (the current folder is searched first)', async () => {
    const started: string[] = [];
    const spawnRecording = ((command: string, args: readonly string[], options: SpawnOptions) => {
      started.push(command);
      // Runs the real child for the command under test; taskkill itself is only recorded.
      return command.endsWith('taskkill.exe')
        ? spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' })
        : spawn(command, [...args], options);
    }) as unknown as typeof spawn;
    const runner = createNodeProcessRunner('win32', { spawn: spawnRecording, env: { SystemRoot: 'D:\\WINDOWS' } });
    const result = await runner.run(node, ['-e', 'setTimeout(() => {}, 1000)'], { timeoutMs: 50 });
    expect(result.timedOut).toBe(true);
    expect(started).toEqual([node, 'D:\\WINDOWS\\System32\\taskkill.exe']);
  });

  it('ignores a %SystemRoot% that is not a plain absolute folder', () => {
    expect(system32Path('taskkill.exe', { SystemRoot: '.\\evil' })).toBe('C:\\Windows\\System32\\taskkill.exe');
    expect(system32Path('taskkill.exe', {})).toBe('C:\\Windows\\System32\\taskkill.exe');
    expect(system32Path('taskkill.exe', { SystemRoot: 'C:\\Windows' })).toBe('C:\\Windows\\System32\\taskkill.exe');
  });
});
