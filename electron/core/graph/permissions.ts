import { decodeJwt } from 'jose';

/** A permission the console uses, what it unlocks and whether it is required. */
export interface PermissionInfo {
  name: string;
  level: 'required' | 'recommended' | 'optional';
  unlocks: string;
  /** Other roles that also grant it. */
  alsoGrantedBy: string[];
}

/** The permissions of PRODUCT.md ("Permissions and what each unlocks"). */
export const PERMISSIONS: readonly PermissionInfo[] = [
  {
    name: 'DeviceManagementServiceConfig.ReadWrite.All',
    level: 'required',
    unlocks: 'import, look up, update and delete Autopilot devices; read deployment profiles',
    alsoGrantedBy: [],
  },
  {
    name: 'Device.Read.All',
    level: 'recommended',
    unlocks: 'the "in dynamic group" stage (without it the stage is not observable and is skipped)',
    alsoGrantedBy: ['Device.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  },
  {
    name: 'GroupMember.Read.All',
    level: 'recommended',
    unlocks: 'group names and rules for the tag -> group -> profile chain; group members in one call per group',
    alsoGrantedBy: ['Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  },
  {
    name: 'Group.ReadWrite.All',
    level: 'optional',
    unlocks:
      'adding devices to static groups chosen at registration (register --group, the group picker; GroupMember.ReadWrite.All is enough, and an application also needs Device.ReadWrite.All to add a device)',
    alsoGrantedBy: ['GroupMember.ReadWrite.All', 'Directory.ReadWrite.All'],
  },
];

/** What the granted roles allow the engine to do. */
export interface Capabilities {
  roles: string[];
  /** Import, look up, update, delete, profiles. */
  serviceConfig: boolean;
  /** Entra devices and their memberOf. */
  deviceRead: boolean;
  /** Group rules and members. */
  groupRead: boolean;
  /** Adding devices to static groups (GroupMember.ReadWrite.All or broader). */
  groupWrite?: boolean;
  /** The token carried no roles claim at all (unknown: assume granted, learn from 403s). */
  rolesUnknown: boolean;
}

/**
 * The permissions an access token carries ([] when absent or the token is opaque): the `roles` claim of an
 * app-only token, or the `scp` claim (space-separated) of a token issued to a person.
 */
export function rolesOf(accessToken: string): { roles: string[]; readable: boolean } {
  try {
    const claims = decodeJwt(accessToken);
    const roles = Array.isArray(claims.roles)
      ? claims.roles.filter((role): role is string => typeof role === 'string')
      : [];
    if (typeof claims.scp === 'string') roles.push(...claims.scp.split(' ').filter(Boolean));
    return { roles, readable: true };
  } catch {
    return { roles: [], readable: false };
  }
}

/** True when `roles` grant the permission (directly or through a broader one). */
export function grants(roles: readonly string[], permission: PermissionInfo): boolean {
  return roles.includes(permission.name) || permission.alsoGrantedBy.some((role) => roles.includes(role));
}

/** Capabilities from an access token. */
export function capabilitiesOf(accessToken: string): Capabilities {
  const { roles, readable } = rolesOf(accessToken);
  const byName = (name: string): PermissionInfo =>
    PERMISSIONS.find((permission) => permission.name === name) as PermissionInfo;
  if (!readable)
    return { roles, serviceConfig: true, deviceRead: true, groupRead: true, groupWrite: true, rolesUnknown: true };
  return {
    roles,
    serviceConfig: grants(roles, byName('DeviceManagementServiceConfig.ReadWrite.All')),
    deviceRead: grants(roles, byName('Device.Read.All')),
    groupRead: grants(roles, byName('GroupMember.Read.All')),
    groupWrite: grants(roles, byName('Group.ReadWrite.All')),
    rolesUnknown: false,
  };
}
