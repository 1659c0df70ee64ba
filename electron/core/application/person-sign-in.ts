/**
 * A person's sign-in from the console: the system browser (Electron's shell.openExternal) or, in the browser
 * console, a new tab the renderer opens with the URL it is given. The loopback redirect that receives the code
 * listens in this process. The outcome is announced with "tenant:changed" (the account in the header).
 */
import type { TenantMode } from '../../../shared/ipc/settings-schemas';
import { AppError } from '../errors';
import type { EventHub } from '../events';
import type { ActivityLog } from './activity-log';
import type { RegistrationBackend } from './registration-backend';

/** What a person's sign-in needs of the application: the tenant in use, its sign-in, the log, the push events. */
export interface SignInHost {
  readonly mode: TenantMode | null;
  readonly person: RegistrationBackend['person'];
  readonly activity: ActivityLog;
  readonly events: EventHub;
}

/** The sign-in host of an application: its tenant (mode and person, read when used), its log and push events. */
export function signInHostOf(
  tenant: { readonly mode: TenantMode | null; readonly person: RegistrationBackend['person'] },
  activity: ActivityLog,
  events: EventHub,
): SignInHost {
  return {
    get mode() {
      return tenant.mode;
    },
    get person() {
      return tenant.person;
    },
    activity,
    events,
  };
}

/** Opens a URL in the system browser (Electron: shell.openExternal); absent in the browser console. */
export type OpenExternal = (url: string) => Promise<void>;

const SUCCESS_PAGE =
  '<!doctype html><title>Signed in</title><p style="font-family:system-ui">Signed in. You can close this tab and return to Autopilot Console.</p>';

function announce(core: SignInHost, account: string | undefined): TenantMode {
  const mode = core.mode;
  if (!mode) throw new AppError('not-ready', 'The console is still connecting to the tenant; try again in a moment.');
  // The backend's mode object is the one the header reads: record the account on it.
  if (account) mode.account = account;
  else delete mode.account;
  core.events.publish('tenant:changed', { ...mode });
  return { ...mode };
}

/** Starts the sign-in; resolves as soon as the browser has the sign-in page (or the renderer has its URL). */
export function startPersonSignIn(core: SignInHost, openExternal?: OpenExternal): Promise<{ openUrl: string | null }> {
  const person = core.person;
  if (!person) return Promise.reject(new AppError('bad-input', 'Choose "Sign in as a person" in Settings first.'));
  return new Promise((resolve, reject) => {
    let started = false;
    person
      .signIn({
        kind: 'interactive',
        successPage: SUCCESS_PAGE,
        openBrowser: async (url) => {
          started = true;
          if (openExternal) {
            await openExternal(url);
            resolve({ openUrl: null });
          } else resolve({ openUrl: url });
        },
      })
      .then((account) => {
        announce(core, account.username);
        core.activity.add({
          action: 'Signed in',
          serial: '',
          groupTag: '',
          outcome: 'info',
          detail: `Signed in as ${account.username}`,
        });
      })
      .catch((error: unknown) => {
        if (!started) reject(error instanceof Error ? error : new Error(String(error)));
        core.activity.add({
          action: 'Sign-in failed',
          serial: '',
          groupTag: '',
          outcome: 'warning',
          detail: error instanceof Error ? error.message : String(error),
        });
      });
  });
}

/** Signs the person out: their tokens leave the cache; the console stays on the tenant, not signed in. */
export async function signOutPerson(core: SignInHost): Promise<TenantMode> {
  const person = core.person;
  if (!person) throw new AppError('bad-input', 'Nobody is signed in as a person.');
  const account = await person.account();
  await person.signOut();
  core.activity.add({
    action: 'Signed out',
    serial: '',
    groupTag: '',
    outcome: 'info',
    detail: account ? `${account.username} signed out` : 'Signed out',
  });
  return announce(core, undefined);
}

/** The account a backend's cache already holds (a sign-in kept from an earlier session). */
export async function rememberedAccount(person: { account(): Promise<{ username: string } | null> } | undefined) {
  return person ? ((await person.account().catch(() => null))?.username ?? undefined) : undefined;
}
