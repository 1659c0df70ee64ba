/** Bearer-token validation as Graph performs it: present, well formed, signed by the tenant, for Graph, not expired. */
import type { KeyObject } from 'node:crypto';
import { GRAPH_APP_ID, GRAPH_RESOURCE } from './identity-token';
import { decodeJwt, verifyJwtSignature } from './jwt';

/** The caller behind a valid token. */
export interface Caller {
  appId: string;
  tenantId: string;
  /** Application permissions (app-only tokens). */
  roles: string[];
  /** Delegated permissions (`scp` of a token issued to a person). */
  scopes?: string[];
  /** The person a delegated token acts for. */
  user?: { oid: string; upn: string };
}

export type AuthResult = { ok: true; caller: Caller } | { ok: false; message: string };

/** Validates the Authorization header against the sandbox signing key and clock. */
export function authenticate(header: string | undefined, key: KeyObject, tenantId: string, nowMs: number): AuthResult {
  const match = /^Bearer\s+(.*)$/i.exec(header?.trim() ?? '');
  const token = match?.[1]?.trim() ?? '';
  if (!token) return { ok: false, message: 'Access token is empty.' };
  if (!token.includes('.')) {
    return {
      ok: false,
      message:
        "IDX14100: JWT is not well formed, there are no dots (.).\nThe token needs to be in JWS or JWE Compact Serialization Format. (JWS): 'EncodedHeader.EndcodedPayload.EncodedSignature'. (JWE): 'EncodedProtectedHeader.EncodedEncryptedKey.EncodedInitializationVector.EncodedCiphertext.EncodedAuthenticationTag'.",
    };
  }
  const jwt = decodeJwt(token);
  if (!jwt) return { ok: false, message: 'CompactToken parsing failed with error code: 80049217' };
  if (jwt.header.alg !== 'RS256' || !verifyJwtSignature(jwt, key)) {
    return { ok: false, message: 'Access token validation failure.' };
  }
  const { aud, tid, exp, nbf, appid, roles, scp, oid, upn } = jwt.claims;
  if (aud !== GRAPH_RESOURCE && aud !== `${GRAPH_RESOURCE}/` && aud !== GRAPH_APP_ID) {
    return { ok: false, message: 'Access token validation failure. Invalid audience.' };
  }
  if (typeof tid !== 'string' || tid.toLowerCase() !== tenantId.toLowerCase()) {
    return { ok: false, message: 'Access token validation failure. Invalid issuer.' };
  }
  const now = Math.floor(nowMs / 1000);
  if (typeof exp !== 'number' || exp <= now)
    return { ok: false, message: 'Lifetime validation failed, the token is expired.' };
  if (typeof nbf === 'number' && nbf > now + 300)
    return { ok: false, message: 'Lifetime validation failed, the token is not yet valid.' };
  return {
    ok: true,
    caller: {
      appId: typeof appid === 'string' ? appid : '',
      tenantId: tid,
      roles: Array.isArray(roles) ? roles.filter((r): r is string => typeof r === 'string') : [],
      ...(typeof scp === 'string' && typeof oid === 'string'
        ? { scopes: scp.split(' ').filter(Boolean), user: { oid, upn: typeof upn === 'string' ? upn : '' } }
        : {}),
    },
  };
}

/** Application permissions per area (least privileged first; higher ones imply the lower). */
export const PERMISSIONS = {
  intuneRead: ['DeviceManagementServiceConfig.Read.All', 'DeviceManagementServiceConfig.ReadWrite.All'],
  intuneWrite: ['DeviceManagementServiceConfig.ReadWrite.All'],
  profilesRead: [
    'DeviceManagementServiceConfig.Read.All',
    'DeviceManagementServiceConfig.ReadWrite.All',
    'DeviceManagementConfiguration.Read.All',
    'DeviceManagementConfiguration.ReadWrite.All',
  ],
  importDelete: ['DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementConfiguration.ReadWrite.All'],
  syncWrite: ['DeviceManagementServiceConfig.ReadWrite.All', 'DeviceManagementConfiguration.ReadWrite.All'],
  deviceRead: ['Device.Read.All', 'Device.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  groupRead: [
    'GroupMember.Read.All',
    'Group.Read.All',
    'Directory.Read.All',
    'Group.ReadWrite.All',
    'Directory.ReadWrite.All',
  ],
  /** Adding a member to a group (group-post-members: GroupMember.ReadWrite.All, least privileged). */
  groupMemberWrite: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  /** group-post-members for a device: with application permissions also Device.ReadWrite.All. */
  deviceWrite: ['Device.ReadWrite.All', 'Directory.ReadWrite.All'],
} as const;

/** Whether the caller holds any of the permissions (as application permissions or delegated scopes). */
export function holds(caller: Caller, permissions: readonly string[]): boolean {
  const held = [...caller.roles, ...(caller.scopes ?? [])];
  return permissions.some((p) => held.some((r) => r.toLowerCase() === p.toLowerCase()));
}
