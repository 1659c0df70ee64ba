import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNodeProcessRunner } from '../../../../electron/core/capture/process-runner';

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
