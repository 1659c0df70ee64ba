/**
 * /deviceManagement/importedDeviceIdentities (beta): corporate identifiers for Windows Autopilot device preparation,
 * modelled from Microsoft's OpenAPI description (test/fixtures/openapi/graph-beta-device-identities.yml): list, get,
 * delete, importDeviceIdentityList and searchExistingIdentities.
 */
import { PERMISSIONS } from './graph-auth';
import { contextUrl, jsonBody, keyOf, noContent, ok, type GraphContext } from './graph-context';
import { errors } from './graph-errors';
import { BETA, type Route } from './graph-routes';
import type { SandboxResponse } from './http-types';
import { isoOrNever, NEVER, type DeviceIdentityRecord } from './model';
import { entity, page } from './odata';

const SET = 'deviceManagement/importedDeviceIdentities';
const TYPE = 'microsoft.graph.importedDeviceIdentity';
const RESULT_TYPE = 'microsoft.graph.importedDeviceIdentityResult';
const IDENTITY_TYPES = ['unknown', 'imei', 'serialNumber', 'manufacturerModelSerial'];
const PLATFORMS = ['unknown', 'ios', 'android', 'windows', 'windowsMobile', 'macOS'];

type Json = Record<string, unknown>;

/** The stored identities (state files from before they were modelled have none). */
function store(ctx: GraphContext): DeviceIdentityRecord[] {
  return (ctx.tenant.data.deviceIdentities ??= []);
}

function view(record: DeviceIdentityRecord): Json {
  return {
    '@odata.type': `#${TYPE}`,
    id: record.id,
    importedDeviceIdentifier: record.importedDeviceIdentifier,
    importedDeviceIdentityType: record.importedDeviceIdentityType,
    lastModifiedDateTime: isoOrNever(record.lastModifiedAt),
    createdDateTime: isoOrNever(record.createdAt),
    lastContactedDateTime: NEVER,
    description: record.description,
    enrollmentState: 'notContacted',
    platform: record.platform,
  };
}

/** Identifiers compare as the service is assumed to: trimmed, case-insensitive, per type. */
function sameIdentity(record: DeviceIdentityRecord, type: string, identifier: string): boolean {
  return (
    record.importedDeviceIdentityType === type &&
    record.importedDeviceIdentifier.trim().toLowerCase() === identifier.trim().toLowerCase()
  );
}

/** A manufacturerModelSerial tuple: three non-empty values joined by commas (the Intune CSV form). */
function wellFormed(type: string, identifier: string): boolean {
  if (type !== 'manufacturerModelSerial') return identifier.trim() !== '';
  const parts = identifier.split(',');
  return parts.length === 3 && parts.every((part) => part.trim() !== '');
}

/** Reads the importedDeviceIdentities parameter the way the OData reader does; a 400 on anything malformed. */
function readIdentities(ctx: GraphContext, body: Json, action: string, allowed: string[]): Json[] | SandboxResponse {
  for (const key of Object.keys(body)) {
    if (!allowed.includes(key))
      return errors.badRequest(
        ctx.err,
        `The parameter '${key}' in the request payload is not a valid parameter for the operation '${action}'.`,
      );
  }
  const list = body.importedDeviceIdentities;
  if (!Array.isArray(list))
    return errors.badRequest(ctx.err, "The parameter 'importedDeviceIdentities' is required and must be a collection.");
  for (const item of list) {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      return errors.badRequest(ctx.err, `An entity of type '${TYPE}' was expected.`);
    const record = item as Json;
    const type = record.importedDeviceIdentityType;
    if (typeof type !== 'string' || !IDENTITY_TYPES.includes(type))
      return errors.badRequest(
        ctx.err,
        `The value '${String(type)}' is not valid for the property 'importedDeviceIdentityType' of type 'microsoft.graph.importedDeviceIdentityType'.`,
      );
    if (typeof record.importedDeviceIdentifier !== 'string')
      return errors.badRequest(ctx.err, "Cannot convert a primitive value to the expected type 'Edm.String'.");
    if (record.platform !== undefined && (typeof record.platform !== 'string' || !PLATFORMS.includes(record.platform)))
      return errors.badRequest(
        ctx.err,
        `The value '${JSON.stringify(record.platform)}' is not valid for the property 'platform' of type 'microsoft.graph.platform'.`,
      );
  }
  return list as Json[];
}

/**
 * importDeviceIdentityList: one importedDeviceIdentityResult per identity. How the service answers an identity it
 * already holds (without overwrite) or a malformed tuple is not documented: here both come back with status false
 * and nothing stored. The engine searches first and sends only new, checked identities; an identity answered status false is searched once more (a repeated request finds what the first one stored).
 */
const importList = (ctx: GraphContext): SandboxResponse => {
  const body = jsonBody(ctx);
  if (!body.ok) return body.response;
  const list = readIdentities(ctx, body.value, 'importDeviceIdentityList', [
    'importedDeviceIdentities',
    'overwriteImportedDeviceIdentities',
  ]);
  if (!Array.isArray(list)) return list;
  const overwrite = body.value.overwriteImportedDeviceIdentities === true;
  const now = ctx.tenant.now();
  const results = list.map((item) => {
    const type = item.importedDeviceIdentityType as string;
    const identifier = item.importedDeviceIdentifier as string;
    const description = typeof item.description === 'string' ? item.description : '';
    const existing = store(ctx).find((record) => sameIdentity(record, type, identifier));
    let record: DeviceIdentityRecord | undefined = existing;
    let status = false;
    if (existing && overwrite) {
      existing.description = description;
      existing.lastModifiedAt = now;
      status = true;
    } else if (!existing && wellFormed(type, identifier)) {
      record = {
        id: ctx.tenant.ids.guid(),
        importedDeviceIdentifier: identifier,
        importedDeviceIdentityType: type,
        description,
        platform:
          typeof item.platform === 'string'
            ? item.platform
            : type === 'manufacturerModelSerial'
              ? 'windows'
              : 'unknown',
        createdAt: now,
        lastModifiedAt: now,
      };
      store(ctx).push(record);
      status = true;
    }
    const shown = record ?? {
      id: '00000000-0000-0000-0000-000000000000',
      importedDeviceIdentifier: identifier,
      importedDeviceIdentityType: type,
      description,
      platform: 'unknown',
      createdAt: now,
      lastModifiedAt: now,
    };
    return { ...view(shown), '@odata.type': `#${RESULT_TYPE}`, status };
  });
  ctx.tenant.changed();
  return ok({ '@odata.context': contextUrl(ctx, `Collection(${RESULT_TYPE})`), value: results });
};

/** searchExistingIdentities: the stored identities that match any of those given. */
const search = (ctx: GraphContext): SandboxResponse => {
  const body = jsonBody(ctx);
  if (!body.ok) return body.response;
  const list = readIdentities(ctx, body.value, 'searchExistingIdentities', ['importedDeviceIdentities']);
  if (!Array.isArray(list)) return list;
  const found = store(ctx).filter((record) =>
    list.some((item) =>
      sameIdentity(record, item.importedDeviceIdentityType as string, item.importedDeviceIdentifier as string),
    ),
  );
  return ok({ '@odata.context': contextUrl(ctx, `Collection(${TYPE})`), value: found.map(view) });
};

const list = (ctx: GraphContext): SandboxResponse => page(ctx, store(ctx).map(view), SET, TYPE);

const get = (ctx: GraphContext): SandboxResponse => {
  const record = store(ctx).find((r) => r.id.toLowerCase() === keyOf(ctx.params.id).toLowerCase());
  return record ? entity(ctx, view(record), `${SET}/$entity`, TYPE) : errors.intuneNotFound(ctx.err);
};

const remove = (ctx: GraphContext): SandboxResponse => {
  const records = store(ctx);
  const index = records.findIndex((r) => r.id.toLowerCase() === keyOf(ctx.params.id).toLowerCase());
  if (index < 0) return errors.intuneNotFound(ctx.err);
  records.splice(index, 1);
  ctx.tenant.changed();
  return noContent();
};

const base = { versions: BETA, area: 'intune' } as const;

export const identityRoutes: Route[] = [
  { ...base, method: 'GET', path: SET, permissions: PERMISSIONS.intuneRead, handler: list },
  {
    ...base,
    method: 'POST',
    path: `${SET}/importDeviceIdentityList`,
    permissions: PERMISSIONS.intuneWrite,
    handler: importList,
  },
  {
    ...base,
    method: 'POST',
    path: `${SET}/searchExistingIdentities`,
    permissions: PERMISSIONS.intuneRead,
    handler: search,
  },
  { ...base, method: 'GET', path: `${SET}/{id}`, permissions: PERMISSIONS.intuneRead, handler: get },
  { ...base, method: 'DELETE', path: `${SET}/{id}`, permissions: PERMISSIONS.intuneWrite, handler: remove },
];
