/**
 * Delegated sign-in: a technician signs in as themselves against the organisation's own app registration, set up
 * as a public client (tenant id and client id, no secret). Authorization code with PKCE in the system browser
 * (MSAL's loopback redirect) or the device code flow where no browser opens; then silent refresh from the cache.
 */
import {
  InteractionRequiredAuthError,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type Configuration,
} from '@azure/msal-node';
import { AppError } from '../errors';
import type { TokenProvider } from './auth';
import type { CloudEndpoints } from './clouds';
import { createMsalNetworkModule, networkFailureMemory, signInNetworkError } from './msal-network';
import type { NetworkError } from './network-failure';
import { cachePlugin, memoryStore, type CacheStore } from './token-cache';
import type { FetchLike } from './transport';

/** Delegated permissions a registration run needs (Group.ReadWrite.All is added only for static groups). */
export const DELEGATED_PERMISSIONS = [
  'DeviceManagementServiceConfig.ReadWrite.All',
  'Device.Read.All',
  'GroupMember.Read.All',
] as const;

/** What a person sees to complete a device code sign-in (the code is not a secret; the device code is). */
export interface DeviceCodePrompt {
  userCode: string;
  verificationUri: string;
  message: string;
  expiresInSeconds: number;
}

/** How a person is asked to sign in when the cache cannot give a token silently. */
export type SignInPrompt =
  | { kind: 'device-code'; show: (prompt: DeviceCodePrompt) => void }
  | { kind: 'interactive'; openBrowser: (url: string) => Promise<void>; successPage?: string }
  /** Never prompt: getToken fails with "sign in first" (the console signs in on an explicit button). */
  | { kind: 'none' };

/** The signed-in person, as the header and doctor show them. */
export interface SignedInAccount {
  username: string;
  name?: string;
  tenantId: string;
  objectId: string;
}

/** Everything delegated sign-in needs. */
export interface DelegatedSignInOptions {
  tenantId: string;
  clientId: string;
  endpoints: CloudEndpoints;
  fetch: FetchLike;
  prompt: SignInPrompt;
  /** Where the token cache lives (default: memory). */
  store?: CacheStore;
  /** Extra delegated permissions (e.g. Group.ReadWrite.All for static groups). */
  extraPermissions?: string[];
  /** Seconds to wait for a device code sign-in before giving up (default: the code's own lifetime). */
  timeoutSeconds?: number;
}

/** A token provider for a person, with explicit sign-in and sign-out. */
export interface DelegatedTokenProvider extends TokenProvider {
  readonly kind: 'delegated';
  /** Prompts (browser or device code) even when the cache holds an account; `prompt` replaces the configured one. */
  signIn(prompt?: SignInPrompt): Promise<SignedInAccount>;
  /** Removes the account and its tokens from the cache. */
  signOut(): Promise<void>;
  /** The cached account, if any (no network). */
  account(): Promise<SignedInAccount | null>;
  /** Where the token cache lives, in words. */
  readonly cacheDescription: string;
}

/** The delegated scopes for a cloud: "{resource}/{permission}" with the resource of the cloud's Graph. */
export function delegatedScopes(endpoints: CloudEndpoints, extra: readonly string[] = []): string[] {
  const resource = endpoints.scope.replace(/\/\.default$/, '');
  return [...DELEGATED_PERMISSIONS, ...extra].map((permission) => `${resource}/${permission}`);
}

function toAccount(account: AccountInfo): SignedInAccount {
  return {
    username: account.username,
    ...(account.name ? { name: account.name } : {}),
    tenantId: account.tenantId,
    objectId: account.localAccountId,
  };
}

/** Explains a delegated sign-in failure in plain words; never echoes codes or tokens. */
export function explainDelegatedError(error: unknown, network: NetworkError | null = null): AppError {
  if (error instanceof AppError) return error;
  const text = error instanceof Error ? error.message : String(error);
  const code = /AADSTS\d+/.exec(text)?.[0];
  if (!code && network) return signInNetworkError(network);
  const hints: [RegExp, string][] = [
    [/authorization_declined|access_denied|AADSTS65004/, 'the sign-in was declined or cancelled'],
    [
      /expired_token|AADSTS70019|device_code_expired|deviceCodeExpired/i,
      'the code expired before the sign-in was completed',
    ],
    [/user_timeout_reached|userTimeoutReached/i, 'nobody completed the sign-in in time'],
    [/AADSTS7000218/, 'the app registration does not allow public client flows ("Allow public client flows" is off)'],
    [/AADSTS50011/, 'the redirect URI http://localhost is not registered on the app (Mobile and desktop applications)'],
    [/AADSTS700016/, 'the application (client) id is not known in this tenant'],
    [/AADSTS90002/, 'the tenant id is not known'],
    [/AADSTS65001/, 'the delegated permissions have not been consented for this app'],
    [/AADSTS501481|AADSTS50148/, 'the PKCE proof did not match'],
    [/invalid_grant|AADSTS70000|AADSTS70008|AADSTS54005/, 'the saved sign-in is no longer valid; sign in again'],
  ];
  const hint = hints.find(([pattern]) => pattern.test(text))?.[1];
  const first = (text.split('\n')[0] ?? '').replace(/[A-Za-z0-9._-]{40,}/g, '[redacted]').slice(0, 200);
  return new AppError('auth', `Sign-in as a person failed${hint ? `: ${hint}` : ''} (${code ?? first}).`);
}

/** A delegated token provider on MSAL's PublicClientApplication. */
export function createDelegatedTokenProvider(options: DelegatedSignInOptions): DelegatedTokenProvider {
  const { endpoints } = options;
  const store = options.store ?? memoryStore();
  const failures = networkFailureMemory();
  const config: Configuration = {
    auth: {
      clientId: options.clientId,
      authority: `${endpoints.authorityHost}/${options.tenantId}`,
      knownAuthorities: [new URL(endpoints.authorityHost).host],
    },
    cache: { cachePlugin: cachePlugin(store) },
    system: { networkClient: createMsalNetworkModule(options.fetch, (failure) => failures.remember(failure)) },
  };
  const app = new PublicClientApplication(config);
  const scopes = delegatedScopes(endpoints, options.extraPermissions ?? []);
  let prompting: Promise<AuthenticationResult> | null = null;

  const cachedAccount = async (): Promise<AccountInfo | null> => {
    const accounts = await app.getTokenCache().getAllAccounts();
    const tenant = options.tenantId.toLowerCase();
    return accounts.find((a) => a.tenantId.toLowerCase() === tenant) ?? accounts[0] ?? null;
  };

  const prompt = (how: SignInPrompt = options.prompt): Promise<AuthenticationResult> => {
    // Concurrent callers share one prompt: a person signs in once.
    prompting ??= (async () => {
      if (how.kind === 'none') throw new AppError('auth', 'Not signed in: sign in as a person first.');
      if (how.kind === 'device-code') {
        const result = await app.acquireTokenByDeviceCode({
          scopes,
          deviceCodeCallback: (response) =>
            how.show({
              userCode: response.userCode,
              verificationUri: response.verificationUri,
              message: response.message,
              expiresInSeconds: response.expiresIn,
            }),
          ...(options.timeoutSeconds ? { timeout: options.timeoutSeconds } : {}),
        });
        if (!result) throw new AppError('auth', 'Sign-in as a person failed: no token was returned.');
        return result;
      }
      return app.acquireTokenInteractive({
        scopes,
        openBrowser: how.openBrowser,
        prompt: 'select_account',
        successTemplate: how.successPage ?? 'Signed in. You can close this window and return to Autopilot Console.',
        errorTemplate: 'Sign-in did not complete. You can close this window and try again in Autopilot Console.',
      });
    })().finally(() => {
      prompting = null;
    });
    return prompting;
  };

  const signIn = async (how?: SignInPrompt): Promise<SignedInAccount> => {
    failures.take();
    try {
      const result = await prompt(how);
      if (!result.account) throw new AppError('auth', 'Sign-in as a person failed: the answer named no account.');
      return toAccount(result.account);
    } catch (error) {
      throw explainDelegatedError(error, failures.take());
    }
  };

  return {
    kind: 'delegated',
    cacheDescription: store.description,
    signIn,
    async signOut() {
      const account = await cachedAccount();
      if (account) await app.getTokenCache().removeAccount(account);
      await store.clear();
    },
    async account() {
      const account = await cachedAccount();
      return account ? toAccount(account) : null;
    },
    async getToken(forceRefresh = false) {
      failures.take();
      try {
        const account = await cachedAccount();
        let result: AuthenticationResult | null = null;
        if (account) {
          try {
            result = await app.acquireTokenSilent({ account, scopes, forceRefresh });
          } catch (error) {
            if (!(error instanceof InteractionRequiredAuthError) || options.prompt.kind === 'none') throw error;
          }
        }
        result ??= await prompt();
        if (!result.accessToken) throw new AppError('auth', 'Sign-in as a person failed: no access token.');
        return result.accessToken;
      } catch (error) {
        throw explainDelegatedError(error, failures.take());
      }
    },
  };
}
