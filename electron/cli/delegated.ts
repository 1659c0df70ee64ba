/**
 * Signing in as a person from the CLI: --device-code (task sequences, WinPE, OOBE: the code and URL go to stderr),
 * --interactive (the system browser), --token-cache FILE (owner-only; without it nothing is kept on disk).
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { AppError } from '../core/errors';
import type { TenantSettings } from '../core/graph/connection';
import { GraphError } from '../core/graph/errors';
import type { SignInPrompt } from '../core/graph/delegated-auth';
import {
  explainPersonRefused,
  hasScope,
  INTUNE_ROLE_ADVICE,
  personOf,
  type TokenPerson,
} from '../core/graph/delegated-refusal';
import { fileStore, memoryStore } from '../core/graph/token-cache';
import type { TokenProvider } from '../core/graph/auth';
import type { CliContext } from './context';
import { stringOption, UsageError, type ParsedValues } from './options';

/** Opens a URL in the system browser without a shell (the URL is one argument, never parsed by a shell). */
export function openSystemBrowser(url: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  const [command, args] =
    platform === 'win32'
      ? ['rundll32', ['url.dll,FileProtocolHandler', url]]
      : platform === 'darwin'
        ? ['open', [url]]
        : ['xdg-open', [url]];
  return new Promise((done, fail) => {
    const child = spawn(command, args, { detached: true, stdio: 'ignore' });
    child.once('error', (error) => fail(new AppError('auth', `The browser could not be opened (${error.message}).`)));
    child.once('spawn', () => {
      child.unref();
      done();
    });
  });
}

/** The delegated sign-in the flags ask for, or undefined for application credentials. */
export function delegatedFromFlags(
  values: ParsedValues,
  ctx: CliContext,
  openBrowser: (url: string) => Promise<void> = openSystemBrowser,
): TenantSettings['delegated'] | undefined {
  const deviceCode = values['device-code'] === true;
  const interactive = values.interactive === true;
  const cacheFile = stringOption(values, 'token-cache');
  if (deviceCode && interactive)
    throw new UsageError('--device-code and --interactive are two ways to sign in: pick one');
  if (!deviceCode && !interactive && cacheFile === undefined) return undefined;
  let prompt: SignInPrompt;
  if (deviceCode) {
    prompt = {
      kind: 'device-code',
      // stderr only: stdout stays the command's output (JSON Lines with --json).
      show: (p) =>
        ctx.err(
          `To sign in, open ${p.verificationUri} in a browser on any device and enter the code ${p.userCode} (valid for ${Math.round(p.expiresInSeconds / 60)} minutes).`,
        ),
    };
  } else if (interactive) {
    prompt = {
      kind: 'interactive',
      openBrowser: async (url) => {
        ctx.err('Opening the system browser to sign in; finish there and come back.');
        await openBrowser(url);
      },
    };
  } else {
    prompt = { kind: 'none' };
  }
  // A person adding devices to static groups needs the group write permission in the token too.
  const groups = Array.isArray(values.group) && values.group.length > 0;
  return {
    prompt,
    store: cacheFile ? fileStore(resolve(ctx.cwd, cacheFile)) : memoryStore(),
    ...(groups ? { extraPermissions: ['Group.ReadWrite.All'] } : {}),
  };
}

/** Signs the person in (prompting if the cache cannot) and says who it is, on stderr. */
export async function signInPerson(tokens: TokenProvider, ctx: CliContext): Promise<TokenPerson | null> {
  try {
    const person = personOf(await tokens.getToken());
    if (person) ctx.err(`Signed in as ${person.username}.`);
    return person;
  } catch (error) {
    if (error instanceof AppError && /Not signed in/.test(error.message))
      throw new AppError('auth', 'The token cache holds no sign-in: add --device-code or --interactive to sign in.');
    throw error;
  }
}

const NOT_GRANTED = /^(\S+) is not granted: (.*)$/;

/**
 * The engine names the application permission when Graph answers 403. For a person that holds the delegated
 * permission, the missing piece is an Intune role: say so in words.
 */
export function explainForPerson(text: string, person: TokenPerson | null): string {
  const match = NOT_GRANTED.exec(text);
  if (!person || !match) return text;
  const [, permission = '', detail = ''] = match;
  const area = permission.startsWith('DeviceManagement') ? 'intune' : 'directory';
  return explainPersonRefused(person, detail.replace(/ \(403\)\.?$/, ''), permission, area);
}

/** The next step to show a person refused by Intune despite the scope. */
export function nextStepForPerson(permission: string, person: TokenPerson | null): string | undefined {
  if (!person || !permission.startsWith('DeviceManagement') || !hasScope(person, permission)) return undefined;
  return `Ask an Intune administrator to assign ${person.username} a role: ${INTUNE_ROLE_ADVICE.replace(/^the account needs /, '')}.`;
}

/** A stage event as a person should read it (a missing Intune role instead of a missing application permission). */
export function personaliseEvent<T extends { code?: string; reason?: string; nextStep?: string }>(
  event: T,
  person: TokenPerson | null,
): T {
  if (!person || event.code !== 'permission-missing' || !event.reason) return event;
  const permission = NOT_GRANTED.exec(event.reason)?.[1] ?? '';
  const nextStep = nextStepForPerson(permission, person);
  return { ...event, reason: explainForPerson(event.reason, person), ...(nextStep ? { nextStep } : {}) };
}

/** The delegated permission a Graph path needs, and whether Intune (which also needs a role) answers it. */
function neededFor(path: string): { permission: string; area: 'intune' | 'directory' } {
  if (/\/deviceManagement\//i.test(path))
    return { permission: 'DeviceManagementServiceConfig.ReadWrite.All', area: 'intune' };
  if (/\/groups/i.test(path)) return { permission: 'GroupMember.Read.All', area: 'directory' };
  return { permission: 'Device.Read.All', area: 'directory' };
}

/** The same error, explained for a person when it is a refusal despite the delegated permission. */
export function personaliseError(error: unknown, person: TokenPerson | null): unknown {
  if (!person || !(error instanceof AppError) || error.code !== 'permission-missing') return error;
  if (error instanceof GraphError) {
    const { permission, area } = neededFor(error.path);
    const what = `${error.method} ${error.path.split('?')[0] ?? ''}`;
    return new AppError('permission-missing', explainPersonRefused(person, what, permission, area));
  }
  const text = explainForPerson(error.message, person);
  return text === error.message ? error : new AppError('permission-missing', text);
}
