import { RemoteCaptureError } from '../../core/capture/remote';
import { createAutoRemoteProvider } from '../../core/capture/remote-choose';
import { AppError } from '../../core/errors';
import type { ProcessRunner } from '../../core/capture/process-runner';
import type { CapturedDevice } from '../../core/capture/types';
import type { CliContext } from '../context';
import { stringOption, UsageError, type ParsedValues } from '../options';

/** The environment variable a task sequence may give the remote account's password in (read once, then removed). */
export const REMOTE_PASSWORD_ENV = 'AUTOPILOT_REMOTE_PASSWORD';

/** Options that read this device and make no sense for another PC. */
const LOCAL_ONLY = ['provider', 'oa3tool', 'simulate', 'elevate'] as const;

/**
 * The account's password: from the environment (then removed, so no child process inherits it) or asked on
 * the terminal without echo. Never from the command line, where other users and logs could see it.
 */
async function passwordOf(account: string, computer: string, ctx: CliContext): Promise<string> {
  const given = ctx.env[REMOTE_PASSWORD_ENV];
  if (given !== undefined) {
    delete ctx.env.AUTOPILOT_REMOTE_PASSWORD;
    if (given === '') throw new UsageError(`${REMOTE_PASSWORD_ENV} is empty: give the password of ${account}`);
    return given;
  }
  if (ctx.readSecret) return ctx.readSecret(`Password of ${account} on ${computer}: `);
  throw new UsageError(
    `the password of ${account} is needed: set ${REMOTE_PASSWORD_ENV} for this run, or run capture in a terminal to be asked (it is never taken from the command line)`,
  );
}

/** `capture --computer NAME [--account USER]`: another PC's hash over WinRM (the sandbox's bench without a tenant). */
export async function captureRemote(
  values: ParsedValues,
  ctx: CliContext,
  options: { realTenant: boolean; runner: ProcessRunner; quiet: boolean },
): Promise<CapturedDevice> {
  const computer = stringOption(values, 'computer')?.trim() ?? '';
  for (const name of LOCAL_ONLY)
    if (values[name] !== undefined)
      throw new UsageError(`--${name} reads this device: it cannot be used with --computer`);
  const account = stringOption(values, 'account')?.trim() ?? '';
  const password = account ? await passwordOf(account, computer, ctx) : '';
  const provider = createAutoRemoteProvider({
    isSandbox: () => !options.realTenant,
    runner: options.runner,
    now: () => ctx.clock.now(),
  });
  if (!options.quiet)
    ctx.err(
      `Capturing ${computer} over WinRM${account ? ` as ${account}` : ' with your own sign-in'}${options.realTenant ? '' : " (the sandbox's bench network)"}...`,
    );
  try {
    return await provider.capture({ computer, user: account, password });
  } catch (error) {
    // The code leads the message (task sequences grep it); a refused account is an authentication failure (exit 3).
    if (!(error instanceof RemoteCaptureError)) throw error;
    throw new AppError(error.code === 'access-denied' ? 'auth' : error.code, `${error.code}: ${error.message}`);
  }
}
