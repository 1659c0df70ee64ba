import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '../core/clock';
import { connectTenant, type GraphConnection, type TenantSettings } from '../core/graph/connection';
import type { Logger } from '../core/graph/logger';
import { createRegistrationEngine, type RegistrationEngine } from '../core/pipeline/engine';
import type { PollIntervals } from '../core/pipeline/types';
import { startSandbox, type RunningSandbox } from '../core/sandbox/index';
import { sandboxTenantSettings } from '../core/sandbox/tenant-settings';
import { Journal, tenantJournalDir } from '../core/store/journal';
import type { CliContext } from './context';
import { stringOption, UsageError, type ParsedValues } from './options';
import type { PaceLimits } from '../core/graph/pacer';
import { chooseTenant, stateDirOf } from './tenant';

/** A connected tenant for one command. */
export interface TenantSession {
  kind: 'tenant' | 'sandbox';
  settings: TenantSettings;
  connection: GraphConnection;
  stateDir: string;
  configuredTags: string[];
  /** Poll intervals suited to the tenant (the sandbox runs faster than a real tenant). */
  poll: Partial<PollIntervals>;
  close(): Promise<void>;
}

/** Connects to the configured tenant, or starts the sandbox (and says so) when none is configured. */
export async function openTenant(values: ParsedValues, ctx: CliContext, logger: Logger): Promise<TenantSession> {
  const choice = chooseTenant(values, ctx);
  const stateDir = stateDirOf(values, ctx);
  let settings: TenantSettings;
  let sandbox: RunningSandbox | undefined;
  if (choice.kind === 'sandbox') {
    sandbox = await startSandbox({ speed: 'demo', stateFile: join(stateDir, 'sandbox', 'state.json'), seed: 1 });
    mkdirSync(join(stateDir, 'sandbox'), { recursive: true });
    writeFileSync(join(stateDir, 'sandbox', 'tenant-id'), sandbox.tenantId);
    ctx.err(
      'No tenant configured: using the built-in sandbox tenant (simulated, local). Pass --tenant-id and --client-id, or a config file, for a real tenant.',
    );
    settings = sandboxTenantSettings(sandbox);
    if (choice.delegated) settings = { ...settings, clientSecret: undefined, delegated: choice.delegated };
  } else {
    settings = choice.settings;
  }
  const pace = paceOf(values);
  const connection = connectTenant(settings, {
    clock: ctx.clock,
    logger,
    env: ctx.env,
    ...(pace ? { pace } : {}),
    ...(values['use-system-ca'] === true ? { trust: 'system' as const } : {}),
    // The host's network (Electron's in the packaged app) for a real tenant; the sandbox keeps its own CA.
    ...(ctx.network && choice.kind === 'tenant' ? { network: ctx.network } : {}),
  });
  return {
    kind: choice.kind,
    settings,
    connection,
    stateDir,
    configuredTags: choice.configuredTags,
    poll: sandbox ? { import: 1000, identity: 1000, group: 1000, profile: 1000 } : {},
    close: async () => {
      await connection.close();
      await sandbox?.close();
    },
  };
}

/** `--pace TOTAL/WRITES`: requests and writes per 20 s (default 900/90: 90% of Intune's documented limits). */
function paceOf(values: ParsedValues): PaceLimits | undefined {
  const text = stringOption(values, 'pace');
  if (text === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1)
    throw new UsageError(`--pace must look like 900/90 (requests/writes per 20 s), not "${text}"`);
  return { windowMs: 20_000, total: Number(match[1]), writes: Number(match[2]) };
}

/** Opens the tenant's journal (taking the writer lock, waiting a bounded time while another run holds it). */
export function openJournal(
  session: TenantSession,
  clock: Clock,
  onWait?: (message: string) => void,
): Promise<Journal> {
  return Journal.openWhenFree(
    tenantJournalDir(session.stateDir, session.settings.tenantId),
    clock,
    onWait ? { onWait } : {},
  );
}

/** The engine on a session and journal. */
export function engineFor(
  session: TenantSession,
  journal: Journal,
  clock: Clock,
  logger: Logger,
  poll: Partial<PollIntervals>,
): RegistrationEngine {
  return createRegistrationEngine({
    graph: session.connection,
    journal,
    clock,
    logger,
    poll: { ...session.poll, ...poll },
    configuredTags: session.configuredTags,
  });
}

/** A logger for the CLI: warnings to stderr, the rest only with --verbose. Never given hashes or secrets. */
export function cliLogger(ctx: CliContext, verbose: boolean): Logger {
  const format = (message: string, fields?: Record<string, unknown>): string =>
    fields && Object.keys(fields).length > 0 ? `${message} ${JSON.stringify(fields)}` : message;
  return {
    debug: (message, fields) => {
      if (verbose) ctx.err(`debug: ${format(message, fields)}`);
    },
    info: (message, fields) => {
      if (verbose) ctx.err(format(message, fields));
    },
    warn: (message, fields) => ctx.err(`warning: ${format(message, fields)}`),
  };
}
