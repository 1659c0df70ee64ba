/**
 * Why Graph refuses a person: with a delegated token Graph needs both the delegated permission (the token's
 * `scp`) and, for Intune, an Intune role held by the person. A 403 with the scope present is a missing role.
 */
import { decodeJwt } from 'jose';

/** The person a delegated access token acts for, and its delegated permissions. */
export interface TokenPerson {
  username: string;
  name?: string;
  scopes: string[];
}

/** The Intune roles that allow Autopilot registration (reference §5.2). */
export const INTUNE_ROLE_ADVICE =
  'the account needs an Intune role such as Intune Administrator or Policy and Profile Manager (or a custom Intune role with the "Enrollment programs" permissions)';

/** The person behind a delegated token; null for app-only or opaque tokens. */
export function personOf(accessToken: string): TokenPerson | null {
  try {
    const claims = decodeJwt(accessToken);
    if (typeof claims.scp !== 'string') return null;
    const username = [claims.upn, claims.preferred_username, claims.unique_name, claims.oid].find(
      (value): value is string => typeof value === 'string' && value !== '',
    );
    return {
      username: username ?? 'an unnamed account',
      ...(typeof claims.name === 'string' ? { name: claims.name } : {}),
      scopes: claims.scp.split(' ').filter(Boolean),
    };
  } catch {
    return null;
  }
}

/** Permissions that also grant `needed` (a broader one implies the narrower). */
const IMPLIED: Record<string, string[]> = {
  'DeviceManagementServiceConfig.ReadWrite.All': [],
  'DeviceManagementServiceConfig.Read.All': ['DeviceManagementServiceConfig.ReadWrite.All'],
  'Device.Read.All': ['Device.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  'GroupMember.Read.All': ['Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
};

/** Whether the person's token carries `needed` or a broader permission. */
export function hasScope(person: TokenPerson, needed: string): boolean {
  const accepted = [needed, ...(IMPLIED[needed] ?? [])].map((p) => p.toLowerCase());
  return person.scopes.some((scope) => accepted.includes(scope.toLowerCase()));
}

/**
 * The plain explanation of a 403 given to a person: the missing Intune role (scope present, Intune area), the
 * missing directory rights (scope present, directory area) or the delegated permission the app lacks.
 */
export function explainPersonRefused(
  person: TokenPerson,
  what: string,
  needed: string,
  area: 'intune' | 'directory',
): string {
  const who = `signed in as ${person.username}`;
  if (!hasScope(person, needed))
    return `${who}; Graph refused ${what}: the app registration lacks the delegated permission ${needed} (add it and grant admin consent)`;
  if (area === 'intune') return `${who}; Graph refused ${what}: ${INTUNE_ROLE_ADVICE}`;
  return `${who}; Graph refused ${what}: the account may not read the directory (guests need a directory role such as Directory Readers)`;
}
