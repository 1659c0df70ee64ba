import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { runSandboxCommand } from '../../../../electron/core/sandbox/cli-command';

/** A plain HTTPS call, as curl would make it, trusting only the printed CA file. */
function call(
  url: string,
  ca: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
) {
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }>(
    (resolve, reject) => {
      const req = request(url, { method: init.method ?? 'GET', ca, headers: init.headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', reject);
      if (init.body) req.write(init.body);
      req.end();
    },
  );
}

async function started(argv: string[]) {
  const lines: string[] = [];
  const errors: string[] = [];
  const stop = new AbortController();
  let ready!: () => void;
  const printed = new Promise<void>((resolve) => (ready = resolve));
  const done = runSandboxCommand(
    argv,
    {
      out: (l) => {
        lines.push(l);
        if (l.startsWith('Press Ctrl+C') || l.startsWith('{"event":"sandbox-started"')) ready();
      },
      err: (l) => errors.push(l),
    },
    { signal: stop.signal },
  );
  await Promise.race([printed, done]);
  return {
    lines,
    errors,
    stop: async () => {
      stop.abort();
      return done;
    },
  };
}

describe('sandbox command', () => {
  it('prints everything a client it has never seen needs, and answers it as documented', async () => {
    const run = await started(['--speed', 'test']);
    const value = (label: string) =>
      run.lines
        .find((l) => l.startsWith(label))
        ?.slice(label.length)
        .trim()
        .split(/\s+/)[0] ?? '';
    const authority = value('Authority:');
    const graph = value('Graph endpoint:');
    const clientId = value('Client id:');
    const secret = value('Client secret:');
    const ca = readFileSync(value('CA certificate:'), 'utf8');
    expect(value('Tenant id:')).toBe(authority.split('/').pop());
    expect(readFileSync(value('Client certificate:'), 'utf8')).toMatch(/BEGIN CERTIFICATE[\s\S]*BEGIN PRIVATE KEY/);

    const tokenResponse = await call(`${authority}/oauth2/v2.0/token`, ca, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    expect(tokenResponse.status).toBe(200);
    const token = (JSON.parse(tokenResponse.body) as { access_token: string }).access_token;
    const list = await call(
      `${graph}/beta/deviceManagement/windowsAutopilotDeviceIdentities?$filter=contains(serialNumber,'PF4SBX')`,
      ca,
      {
        headers: { authorization: `Bearer ${token}`, 'client-request-id': 'curl-1' },
      },
    );
    expect(list.status).toBe(200);
    expect(list.headers['client-request-id']).toBe('curl-1');
    expect(list.headers['request-id']).toBeTruthy();
    expect((JSON.parse(list.body) as { value: { serialNumber: string }[] }).value.map((d) => d.serialNumber)).toEqual([
      'PF4SBX0001',
      'PF4SBX0002',
    ]);
    const preflight = await call(`${graph}/beta/deviceManagement/windowsAutopilotDeviceIdentities`, ca, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(preflight.headers['access-control-allow-headers']).toBe('authorization');
    const denied = await call(`${graph}/v1.0/deviceManagement/windowsAutopilotDeviceIdentities`, ca);
    expect(denied.status).toBe(401);
    expect(JSON.parse(denied.body)).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    expect(await run.stop()).toBe(0);
    expect(run.lines.at(-1)).toBe('Sandbox stopped.');
  });

  it('prints one JSON line with --json and rejects bad flags with exit code 2', async () => {
    const run = await started(['node', 'run.ts', '--json', '--speed=test']);
    const event = JSON.parse(run.lines[0] ?? '{}') as Record<string, string>;
    expect(event).toMatchObject({ event: 'sandbox-started', speed: 'test' });
    expect(event.authority).toBe(`${event.authorityHost}/${event.tenantId}`);
    expect(await run.stop()).toBe(0);
    const errors: string[] = [];
    expect(await runSandboxCommand(['--speed', 'warp'], { out: () => undefined, err: (l) => errors.push(l) })).toBe(2);
    expect(errors[0]).toMatch(/--speed must be/);
  });
});
