import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import { nameRequestProblem } from '../../../shared/domain/device-name';
import { validateHash } from '../../../shared/domain/hash/validate';
import type { IntuneCsvRow } from '../../../shared/domain/csv/write';
import {
  CAPTURE_PROVIDERS,
  chooseCaptureProvider,
  createCaptureProvider,
  nodeCaptureEnvironment,
  type CaptureProviderChoice,
} from '../../core/capture/choose';
import { createNodeProcessRunner, type ProcessRunner } from '../../core/capture/process-runner';
import type { SimulatedOptions } from '../../core/capture/simulated';
import type { CapturedDevice } from '../../core/capture/types';
import type { StageEvent } from '../../core/pipeline/types';
import { collectIntuneCsv } from '../../core/files/csv-reader';
import { writeIntuneCsvFiles } from '../../core/files/csv-writer';
import { queueDevices } from '../../core/files/offline-queue';
import type { CliCommand, CliContext } from '../context';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import {
  parseCommandArgs,
  parseDuration,
  stringOption,
  TENANT_OPTIONS_HELP,
  UsageError,
  type ParsedValues,
} from '../options';
import { captureRemote } from './capture-remote';
import { readTagChoice, requireTagChoice, TAG_OPTIONS } from '../tag-choice';
import { offlineTenant, openOfflineJournal } from './export';

const USAGE = `Usage: autopilot-console capture [options]
       autopilot-console capture --computer NAME [--account USER] [options]

Captures this device's hardware hash (or another PC's with --computer), validates it offline, and
keeps it in the offline queue (or registers it with --register).

Options:
  --out FILE             also write it to an Intune CSV file (a device already in the file is replaced)
  --tag T                group tag
  --no-tag               no group tag. With --register one of --tag and --no-tag is required: a device
                         without a tag matches no dynamic group rule and ends "not assigned"
  --user UPN             user to pre-assign
  --provider P           auto (default) | windows | winpe | simulated
                         auto: simulated with the sandbox tenant or off Windows, OA3Tool in WinPE,
                         the MDM bridge (elevated PowerShell) in full Windows
  --oa3tool PATH         full path of oa3tool.exe in WinPE (default: System32, then the ADK)
  --capture-timeout D    time limit for the capture (default 120s in Windows, 180s for OA3Tool)
  --simulate LIST        simulated edge cases: no-tpm, vm, placeholder-serial, no-network
  --elevate              when this prompt is not elevated, ask for administrator rights for the capture
                         alone (one UAC prompt); without it a non-elevated capture fails with not-elevated.
                         Task sequences run as SYSTEM and need neither.
  --computer NAME        capture another Windows PC on this network over WinRM (a CIM session, as
                         Get-WindowsAutopilotInfo -Name does); without a tenant, the sandbox's bench PCs
  --account USER         the account for --computer (DOMAIN\\user or PC\\user, an administrator there);
                         its password is asked for without echo, or read once from
                         $AUTOPILOT_REMOTE_PASSWORD, never from the command line and never kept.
                         Without --account: your own sign-in (Kerberos in a domain).
  --register             register it now and follow it to "ready for OOBE" (needs the network)
  --timeout DURATION     with --register: time limit for the whole registration, e.g. 60m (the device
                         ends "timed-out" if it is still moving then)
  --name NAME|TEMPLATE   with --register: the Autopilot device name (user-driven Entra join), or a
                         template with %SERIAL% / %RAND:x%; at most 15 letters, digits and hyphens
  --json                 JSON Lines on stdout (the hash itself is never printed)

${TENANT_OPTIONS_HELP}`;

const OPTIONS = {
  out: { type: 'string' },
  ...TAG_OPTIONS,
  user: { type: 'string' },
  provider: { type: 'string' },
  oa3tool: { type: 'string' },
  'capture-timeout': { type: 'string' },
  simulate: { type: 'string' },
  register: { type: 'boolean' },
  timeout: { type: 'string' },
  name: { type: 'string' },
  computer: { type: 'string' },
  account: { type: 'string' },
  elevate: { type: 'boolean' },
} as const;

const EDGE_CASES: Readonly<Record<string, keyof SimulatedOptions>> = {
  'no-tpm': 'noTpm',
  vm: 'virtualMachine',
  'placeholder-serial': 'placeholderSerial',
  'no-network': 'noNetworkAdapter',
};

function simulatedOptions(list: string | undefined): SimulatedOptions {
  const options: SimulatedOptions = {};
  for (const name of (list ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const key = EDGE_CASES[name];
    if (!key) throw new UsageError(`--simulate: unknown case "${name}" (use ${Object.keys(EDGE_CASES).join(', ')})`);
    Object.assign(options, { [key]: true });
  }
  return options;
}

/** Adds (or replaces, by serial) the device in an Intune CSV file; existing bad rows stop it rather than vanish. */
async function writeOutFile(path: string, row: IntuneCsvRow, now: number): Promise<string[]> {
  const rows: IntuneCsvRow[] = [];
  if (existsSync(path)) {
    const { summary, rows: existing } = await collectIntuneCsv(readFileSync(path), { now });
    if (summary.invalid > 0) throw new UsageError(`${path} has invalid rows: fix or move it before adding to it`);
    for (const report of existing) {
      const device = report.device;
      if (device && device.serial.toUpperCase() !== row.serial.toUpperCase()) {
        rows.push({
          serial: device.serial,
          productId: device.productId,
          hardwareHash: device.hardwareHash,
          groupTag: device.groupTag,
          assignedUser: device.assignedUser,
        });
      }
    }
  }
  rows.push(row);
  const result = await writeIntuneCsvFiles(dirname(path), rows, { baseName: basename(path, extname(path)) });
  if (!result.ok) throw new UsageError(result.refusals.map((r) => `${r.serial}: ${r.message}`).join('; '));
  return result.paths;
}

/** What a capture registers with: tag, user and device name (each optional). */
interface RegisterWishes {
  groupTag?: string | undefined;
  assignedUser?: string | undefined;
  deviceName?: string | undefined;
  overallTimeoutMs?: number | undefined;
}

async function register(
  values: ParsedValues,
  ctx: CliContext,
  device: CapturedDevice,
  wishes: RegisterWishes,
): Promise<number> {
  const { withEngine } = await import('../session');
  const onStage = (event: StageEvent): void =>
    ctx.err(
      `${event.serial}: ${event.stage}${event.reason ? `: ${event.reason}` : ''}${event.nextStep ? ` Next: ${event.nextStep}` : ''}`,
    );
  return withEngine(values, ctx, { onStage }, async (engine) => {
    const result = await engine.register(
      [
        {
          serial: device.serial,
          hardwareHash: device.hardwareHash,
          productKey: device.productId,
          source: 'capture',
          origin: device.provider,
        },
      ],
      {
        ...(wishes.groupTag === undefined ? {} : { groupTag: wishes.groupTag }),
        ...(wishes.assignedUser === undefined ? {} : { assignedUser: wishes.assignedUser }),
        ...(wishes.deviceName ? { deviceName: wishes.deviceName } : {}),
        ...(wishes.overallTimeoutMs === undefined ? {} : { overallTimeoutMs: wishes.overallTimeoutMs }),
      },
      ctx.signal,
    );
    const named = result.devices[0]?.deviceName;
    if (result.ready > 0)
      ctx.out(
        `${device.serial}${named ? ` (device name ${named})` : ''} is ready for OOBE: it may be rebooted into OOBE or handed over.`,
      );
    return result.ready === result.total ? EXIT.ok : EXIT.failed;
  });
}

/** This device's hash with the provider chosen (or asked for). */
async function captureThisDevice(
  values: ParsedValues,
  ctx: CliContext,
  options: {
    runner: ProcessRunner;
    realTenant: boolean;
    preference: CaptureProviderChoice;
    timeoutMs: number | undefined;
    quiet: boolean;
  },
): Promise<CapturedDevice> {
  const { runner, realTenant, preference, timeoutMs } = options;
  const choice = await chooseCaptureProvider(preference, nodeCaptureEnvironment(runner, !realTenant, ctx.env));
  if (choice.provider === 'simulated' && realTenant) {
    // A synthetic hash must never reach a real tenant, queued or registered.
    throw new UsageError(
      `no hardware hash can be captured here (${choice.reason}), and simulated devices only go to the sandbox tenant: ` +
        'run capture on the device itself, or without a tenant configured to try the sandbox',
    );
  }
  const oa3toolPath = stringOption(values, 'oa3tool');
  const provider = createCaptureProvider(choice.provider, {
    runner,
    simulated: simulatedOptions(stringOption(values, 'simulate')),
    ...(values.elevate === true ? { elevation: 'prompt' as const } : {}),
    ...(oa3toolPath ? { oa3toolPath: resolve(ctx.cwd, oa3toolPath) } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  if (!options.quiet) ctx.err(`Capturing with the ${choice.provider} provider (${choice.reason})...`);
  return provider.capture();
}

async function run(argv: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs(argv, OPTIONS);
  const preference = (stringOption(values, 'provider') ?? 'auto') as CaptureProviderChoice;
  if (!CAPTURE_PROVIDERS.includes(preference))
    throw new UsageError(`--provider must be one of ${CAPTURE_PROVIDERS.join(', ')}`);
  const timeoutText = stringOption(values, 'capture-timeout');
  const timeoutMs =
    timeoutText !== undefined ? parseDuration(timeoutText, '--capture-timeout', { max: 3_600_000 }) : undefined;
  const tagChoice = readTagChoice(values);
  // Registering now needs the tag chosen before anything is captured; a queued device can still get one later.
  if (values.register === true) requireTagChoice(tagChoice);
  const overallText = stringOption(values, 'timeout');
  if (overallText !== undefined && values.register !== true)
    throw new UsageError(
      '--timeout limits the registration: it needs --register (--capture-timeout limits the capture)',
    );
  const overallTimeoutMs = overallText === undefined ? undefined : parseDuration(overallText, '--timeout');
  const tag = tagChoice.kind === 'tag' ? tagChoice.tag : undefined;
  const user = stringOption(values, 'user');
  const out = stringOption(values, 'out');
  const name = stringOption(values, 'name')?.trim();
  if (name !== undefined) {
    if (values.register !== true)
      throw new UsageError(
        '--name is set when the device is registered: add --register (a CSV file has no name column)',
      );
    const problem = nameRequestProblem(name, 1);
    if (problem) throw new UsageError(`--name: ${problem}`);
  }
  const json = values.json === true ? new JsonLinesWriter((line) => ctx.out(line)) : null;
  const runner = createNodeProcessRunner();
  const realTenant = offlineTenant(values, ctx).configured;
  const device =
    values.computer !== undefined
      ? await captureRemote(values, ctx, { realTenant, runner, quiet: json !== null })
      : await captureThisDevice(values, ctx, { runner, realTenant, preference, timeoutMs, quiet: json !== null });
  const validation = validateHash(device.hardwareHash, { serial: device.serial, now: ctx.clock.now() });
  const warnings = [...device.notes, ...validation.warnings.map((w) => w.message)];
  const report = {
    event: 'captured',
    provider: device.provider,
    ...(values.computer !== undefined ? { computer: stringOption(values, 'computer')?.trim().toUpperCase() } : {}),
    serial: device.serial,
    manufacturer: device.manufacturer,
    model: device.model,
    uuid: device.uuid,
    hashChars: device.hardwareHash.length,
    valid: validation.ok,
    errors: validation.errors,
    warnings: validation.warnings,
    notes: device.notes,
  };
  if (json) json.line(report);
  else {
    ctx.out(`${device.serial || '(no serial)'}  ${device.manufacturer} ${device.model}  UUID ${device.uuid || '-'}`);
    ctx.out(
      validation.ok ? `Hash: ${device.hardwareHash.length} characters, structure and checksum OK.` : 'Hash: INVALID.',
    );
    for (const error of validation.errors) ctx.err(`error: ${error.message}`);
    for (const warning of warnings) ctx.err(`warning: ${warning}`);
  }
  if (!validation.ok) return EXIT.failed;
  const row: IntuneCsvRow = {
    serial: device.serial,
    productId: device.productId,
    hardwareHash: device.hardwareHash,
    groupTag: tag ?? '',
    assignedUser: user ?? '',
  };
  if (out) {
    const paths = await writeOutFile(resolve(ctx.cwd, out), row, ctx.clock.now());
    if (json) json.line({ event: 'written', files: paths });
    else ctx.out(`Written to ${paths.join(', ')}`);
  }
  if (values.register === true)
    return register(values, ctx, device, { groupTag: tag, assignedUser: user, deviceName: name, overallTimeoutMs });
  const { journal } = await openOfflineJournal(values, ctx, ctx.clock);
  try {
    const [outcome] = queueDevices(
      journal,
      [
        {
          serial: device.serial,
          hardwareHash: device.hardwareHash,
          productId: device.productId,
          manufacturer: device.manufacturer,
          model: device.model,
          uuid: device.uuid,
          warnings,
        },
      ],
      {
        source: 'capture',
        origin: device.provider,
        ...(tag === undefined ? {} : { groupTag: tag }),
        ...(user === undefined ? {} : { assignedUser: user }),
      },
    );
    if (json)
      json.line({
        event: 'queued',
        serial: device.serial,
        action: outcome?.action,
        ...(outcome?.note ? { note: outcome.note } : {}),
      });
    else if (outcome?.action === 'already-tracked') ctx.out(`Not queued: ${outcome.note ?? 'already tracked'}.`);
    else ctx.out('Kept in the offline queue; upload later with "register" or "export --out DIR".');
  } finally {
    journal.close();
  }
  return EXIT.ok;
}

/** `capture`: this device's hash, validated, queued (or registered). */
export const captureCommand: CliCommand = {
  name: 'capture',
  summary: "capture this device's hardware hash, validate it, queue it (or --register it)",
  usage: USAGE,
  run,
};
