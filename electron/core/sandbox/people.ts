/**
 * People of the sandbox tenant and the state of delegated sign-in: practice accounts, authorization codes
 * (with their PKCE challenge), device codes being approved, and refresh tokens.
 */
import { randomBytes } from 'node:crypto';

/** A practice account: a person who signs in through the sandbox's sign-in page. */
export interface PracticeAccount {
  oid: string;
  upn: string;
  name: string;
  /** The Intune role the person holds, or null (Graph then refuses Intune calls, whatever the scopes). */
  intuneRole: string | null;
}

/** Who signed in, and for which scopes (full scope strings as the client asked for them). */
export interface Grant {
  clientId: string;
  account: PracticeAccount;
  scopes: string[];
}

/** An authorization code waiting to be redeemed. */
export interface PendingCode extends Grant {
  redirectUri: string;
  codeChallenge: string;
  expiresAt: number;
  redeemed: boolean;
}

/** A device code and where its user is in the approval. */
export interface DeviceCodeState {
  clientId: string;
  scopes: string[];
  userCode: string;
  expiresAt: number;
  interval: number;
  lastPollAt: number | null;
  state: 'pending' | 'approved' | 'declined' | 'redeemed';
  account?: PracticeAccount;
}

/** Delegated sign-in settings of a sandbox. */
export interface DelegatedSettings {
  /** Seconds between polls the device code response asks for (Entra: 5). */
  deviceCodeIntervalSeconds: number;
  /** Seconds a device code stays valid (Entra: 900). */
  deviceCodeLifetimeSeconds: number;
}

/** The delegated state of one sandbox (in memory: sign-ins do not survive a restart). */
export class PeopleDirectory {
  readonly accounts: PracticeAccount[];
  readonly codes = new Map<string, PendingCode>();
  readonly deviceCodes = new Map<string, DeviceCodeState>();
  readonly refreshTokens = new Map<string, Grant & { revoked: boolean }>();

  constructor(
    tenantDomain: string,
    newId: () => string,
    readonly settings: DelegatedSettings,
  ) {
    this.accounts = [
      { oid: newId(), upn: `admin@${tenantDomain}`, name: 'Alex Admin', intuneRole: 'Intune Administrator' },
      { oid: newId(), upn: `technician@${tenantDomain}`, name: 'Taylor Technician', intuneRole: null },
    ];
  }

  /** The account with this UPN (case-insensitive) or object id. */
  find(key: string | null | undefined): PracticeAccount | undefined {
    const wanted = (key ?? '').toLowerCase();
    return this.accounts.find((a) => a.upn.toLowerCase() === wanted || a.oid === wanted);
  }

  /** Whether the person behind an object id holds an Intune role. */
  intuneRoleOf(oid: string): string | null {
    return this.accounts.find((a) => a.oid === oid)?.intuneRole ?? null;
  }

  /** Gives or takes an account's Intune role (tests). */
  setIntuneRole(upn: string, role: string | null): void {
    const account = this.find(upn);
    if (account) account.intuneRole = role;
  }

  /** A new opaque secret value (codes and refresh tokens). */
  static secret(prefix: string): string {
    return `${prefix}${randomBytes(32).toString('base64url')}`;
  }

  /** A user code as Entra prints them: nine letters and digits without look-alikes. */
  static userCode(): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
    return [...randomBytes(9)].map((b) => alphabet[b % alphabet.length]).join('');
  }

  /** The device code whose user code this is. */
  byUserCode(userCode: string): [string, DeviceCodeState] | undefined {
    const wanted = userCode.replace(/[\s-]/g, '').toUpperCase();
    return [...this.deviceCodes.entries()].find(([, state]) => state.userCode === wanted);
  }
}

/** Delegated permissions the sandbox's app registration has been consented for. */
export const CONSENTED_SCOPES = [
  'DeviceManagementServiceConfig.ReadWrite.All',
  'DeviceManagementServiceConfig.Read.All',
  'Device.Read.All',
  'GroupMember.Read.All',
  'Group.Read.All',
  'Group.ReadWrite.All',
  'User.Read',
];

/** OpenID Connect scopes: they shape the answer, not the access token. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/** HTML-escapes text for the sign-in pages. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
