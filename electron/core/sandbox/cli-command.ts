/** `sandbox` command: starts the sandbox tenant, prints how to reach it, runs until SIGINT/SIGTERM. */
import { startSandbox, type RunningSandbox } from './index';
import type { SandboxSpeed } from './types';

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
}

interface Parsed {
  speed: SandboxSpeed;
  port: number;
  stateFile?: string;
  json: boolean;
  help: boolean;
}

const USAGE = [
  'Usage: sandbox [--speed realistic|demo|test] [--port N] [--state-file PATH] [--json]',
  '  Starts a local Microsoft Graph and Entra sign-in emulation (the sandbox tenant) over HTTPS.',
  '  --speed       latency preset: realistic (minutes), demo (seconds, default), test (milliseconds)',
  '  --port        port on 127.0.0.1 (default: a free port)',
  '  --state-file  load the tenant from this JSON file and save changes to it',
  '  --json        print one JSON line instead of text',
];

function parse(argv: string[]): Parsed | string {
  const first = argv.findIndex((a) => a.startsWith('-'));
  const args = first < 0 ? [] : argv.slice(first);
  const parsed: Parsed = { speed: 'demo', port: 0, json: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const [flag = '', inline] = (args[i] ?? '').split(/=(.*)/s, 2);
    const value = (): string | undefined => inline ?? args[++i];
    if (flag === '--json') parsed.json = true;
    else if (flag === '--help' || flag === '-h') parsed.help = true;
    else if (flag === '--speed') {
      const speed = value();
      if (speed !== 'realistic' && speed !== 'demo' && speed !== 'test')
        return `--speed must be realistic, demo or test (got ${speed ?? 'nothing'}).`;
      parsed.speed = speed;
    } else if (flag === '--port') {
      const port = Number(value());
      if (!Number.isInteger(port) || port < 0 || port > 65535) return '--port must be a number from 0 to 65535.';
      parsed.port = port;
    } else if (flag === '--state-file') {
      const path = value();
      if (!path) return '--state-file needs a path.';
      parsed.stateFile = path;
    } else return `Unknown option ${flag}.`;
  }
  return parsed;
}

/** The lines that tell any client how to reach the sandbox. */
export function describeSandbox(sandbox: RunningSandbox): string[] {
  return [
    `Autopilot Console sandbox tenant is running (speed: ${sandbox.speed}). Nothing here reaches Microsoft.`,
    `Authority:           ${sandbox.authority}`,
    `Graph endpoint:      ${sandbox.graphEndpoint}  (append /v1.0/... or /beta/...)`,
    `Tenant id:           ${sandbox.tenantId}`,
    `Client id:           ${sandbox.clientId}`,
    `Client secret:       ${sandbox.clientSecret}`,
    `Scope:               ${sandbox.scope}`,
    `CA certificate:      ${sandbox.caCertPath}`,
    `Client certificate:  ${sandbox.clientCertificatePath}`,
    `  thumbprint SHA-1   ${sandbox.clientCertificateThumbprint}`,
    `  thumbprint SHA-256 ${sandbox.clientCertificateThumbprintSha256}`,
    'Get a token:',
    `  curl --cacert ${sandbox.caCertPath} -d grant_type=client_credentials -d client_id=${sandbox.clientId} ` +
      `--data-urlencode client_secret='${sandbox.clientSecret}' --data-urlencode scope=${sandbox.scope} ${sandbox.authority}/oauth2/v2.0/token`,
    'Press Ctrl+C to stop.',
  ];
}

/** Runs the sandbox until SIGINT/SIGTERM (or `options.signal`); returns the exit code. */
export async function runSandboxCommand(
  argv: string[],
  io: CommandIo,
  options: { signal?: AbortSignal } = {},
): Promise<number> {
  const parsed = parse(argv);
  if (typeof parsed === 'string') {
    io.err(parsed);
    for (const line of USAGE) io.err(line);
    return 2;
  }
  if (parsed.help) {
    for (const line of USAGE) io.out(line);
    return 0;
  }
  let sandbox: RunningSandbox;
  try {
    sandbox = await startSandbox({
      speed: parsed.speed,
      port: parsed.port,
      ...(parsed.stateFile ? { stateFile: parsed.stateFile } : {}),
    });
  } catch (error) {
    io.err(`The sandbox could not start: ${(error as Error).message}`);
    return 1;
  }
  if (parsed.json) {
    io.out(
      JSON.stringify({
        event: 'sandbox-started',
        speed: sandbox.speed,
        authority: sandbox.authority,
        authorityHost: sandbox.authorityHost,
        graphEndpoint: sandbox.graphEndpoint,
        tenantId: sandbox.tenantId,
        clientId: sandbox.clientId,
        clientSecret: sandbox.clientSecret,
        scope: sandbox.scope,
        caCertPath: sandbox.caCertPath,
        clientCertificatePath: sandbox.clientCertificatePath,
        clientCertificateThumbprint: sandbox.clientCertificateThumbprint,
        clientCertificateThumbprintSha256: sandbox.clientCertificateThumbprintSha256,
      }),
    );
  } else {
    for (const line of describeSandbox(sandbox)) io.out(line);
  }
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      options.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (options.signal?.aborted) stop();
    else options.signal?.addEventListener('abort', stop, { once: true });
  });
  await sandbox.close();
  if (parsed.json) io.out(JSON.stringify({ event: 'sandbox-stopped' }));
  else io.out('Sandbox stopped.');
  return 0;
}
