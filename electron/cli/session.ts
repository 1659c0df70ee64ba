import { startSandboxTenant, type SandboxTenant } from '../core/application/sandbox-tenant';
import type { Clock } from '../core/clock';
import { connectTenant, type GraphConnection, type TenantSettings } from '../core/graph/connection';
import type { Logger } from '../core/graph/logger';
import { createRegistrationEngine, type RegistrationEngine } from '../core/pipeline/engine';
import type { PollIntervals, StageEvent } from '../core/pipeline/types';
import { Journal, tenantJournalDir } from '../core/store/journal';
import { personaliseError, personaliseEvent, signInPerson } from './delegated';
import type { TokenPerson } from '../core/graph/delegated-refusal';
import type { CliContext } from './context';
import { parseWholeNumber, stringOption, UsageError, type ParsedValues } from './options';
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
  // Checked before anything starts: a bad value is a usage error, not a half-opened sandbox.
  const pace = paceOf(values);
  let sandbox: SandboxTenant | undefined;
  let settings: TenantSettings;
  if (choice.kind === 'sandbox') {
    sandbox = await startSandboxTenant({ stateDir, speed: 'demo' });
    ctx.err(
      'No tenant configured: using the built-in sandbox tenant (simulated, local). Pass --tenant-id and --client-id, or a config file, for a real tenant.',
    );
    settings = sandbox.settings;
    if (choice.delegated) settings = { ...settings, clientSecret: undefined, delegated: choice.delegated };
  } else {
    settings = choice.settings;
  }
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
    poll: sandbox?.poll ?? {},
    close: async () => {
      await connection.close();
      await sandbox?.sandbox.close();
    },
  };
}

/** `--pace TOTAL/WRITES`: requests and writes per 20 s (default 900/90: 90% of Intune's documented limits). */
function paceOf(values: ParsedValues): PaceLimits | undefined {
  const text = stringOption(values, 'pace');
  if (text === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new UsageError(`--pace must look like 900/90 (requests/writes per 20 s), not "${text}"`);
  const total = parseWholeNumber(match[1] as string, '--pace (requests per 20 s)', 1, 100_000);
  const writes = parseWholeNumber(match[2] as string, '--pace (writes per 20 s)', 1, 100_000);
  if (writes > total) throw new UsageError(`--pace: ${writes} writes cannot exceed ${total} requests in all`);
  return { windowMs: 20_000, total, writes };
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
  readBackTimeoutMs?: number,
): RegistrationEngine {
  return createRegistrationEngine({
    ...(readBackTimeoutMs ? { readBackTimeoutMs } : {}),
    graph: session.connection,
    journal,
    clock,
    logger,
    poll: { ...session.poll, ...poll },
    configuredTags: session.configuredTags,
  });
}

/** What a command asks of its engine's lifecycle. */
export interface EngineOptions {
  verbose?: boolean;
  poll?: Partial<PollIntervals>;
  /** How long a changed record's new values may take to read back. */
  readBackTimeoutMs?: number;
  /** Told every stage change (the command prints it). */
  onStage?: (event: StageEvent) => void;
}

/**
 * The lifecycle every engine command shares: connects to the tenant (or starts the sandbox), opens its journal,
 * runs `work` with the engine, then stops the engine, closes the journal and the connection, whatever happened.
 */
export async function withEngine<T>(
  values: ParsedValues,
  ctx: CliContext,
  options: EngineOptions,
  work: (engine: RegistrationEngine) => Promise<T>,
): Promise<T> {
  const logger = cliLogger(ctx, options.verbose === true);
  const session = await openTenant(values, ctx, logger);
  let person: TokenPerson | null = null;
  try {
    // A person signs in before anything else (the prompt on stderr); failures are then explained for them.
    if (session.connection.delegated) person = await signInPerson(session.connection.tokens, ctx);
    const journal = await openJournal(session, ctx.clock, ctx.err);
    try {
      const engine = engineFor(session, journal, ctx.clock, logger, options.poll ?? {}, options.readBackTimeoutMs);
      const onStage = options.onStage;
      if (onStage) engine.onStage((event) => onStage(personaliseEvent(event, person)));
      try {
        return await work(engine);
      } finally {
        await engine.stop();
      }
    } finally {
      journal.close();
    }
  } catch (error) {
    throw personaliseError(error, person);
  } finally {
    await session.close();
  }
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
