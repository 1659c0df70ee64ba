/** /deviceManagement/importedWindowsAutopilotDeviceIdentities: create, import, get, list, delete (v1.0 and beta). */
import { filterImports } from './collection-filters';
import { PERMISSIONS } from './graph-auth';
import { contextUrl, jsonBody, keyOf, noContent, ok, type GraphContext } from './graph-context';
import { errors } from './graph-errors';
import { BOTH, type Route } from './graph-routes';
import type { SandboxResponse } from './http-types';
import { isEdmBinary } from './import-processing';
import { countResponse, entity, page } from './odata';
import type { ImportInput } from './tenant';
import { importView } from './views';

const TYPE = 'microsoft.graph.importedWindowsAutopilotDeviceIdentity';
const SET = 'deviceManagement/importedWindowsAutopilotDeviceIdentities';
const PROPERTIES = [
  'id',
  'groupTag',
  'serialNumber',
  'productKey',
  'importId',
  'hardwareIdentifier',
  'state',
  'assignedUserPrincipalName',
];
const STRINGS = [
  'groupTag',
  'serialNumber',
  'productKey',
  'importId',
  'hardwareIdentifier',
  'assignedUserPrincipalName',
];

/** Validates one entity payload the way the OData reader does; returns the input or the 400. */
function readInput(ctx: GraphContext, raw: unknown): ImportInput | SandboxResponse {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return errors.badRequest(ctx.err, `An entity of type '${TYPE}' was expected.`);
  }
  const record = raw as Record<string, unknown>;
  const odataType = record['@odata.type'];
  const typeName = typeof odataType === 'string' ? odataType.replace(/^#/, '') : JSON.stringify(odataType);
  if (odataType !== undefined && typeName !== TYPE) {
    return errors.badRequest(ctx.err, `A type named '${typeName}' could not be resolved by the model.`);
  }
  for (const key of Object.keys(record)) {
    if (key.startsWith('@') || key.includes('@odata.')) continue;
    if (!PROPERTIES.includes(key)) {
      return errors.badRequest(
        ctx.err,
        `The property '${key}' does not exist on type '${TYPE}'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    }
  }
  for (const key of STRINGS) {
    const value = record[key];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return errors.badRequest(
        ctx.err,
        `Cannot convert a primitive value to the expected type 'Edm.${key === 'hardwareIdentifier' ? 'Binary' : 'String'}'.`,
      );
    }
  }
  const hash = record.hardwareIdentifier;
  if (typeof hash === 'string' && !isEdmBinary(hash)) {
    return errors.badRequest(ctx.err, `Cannot convert the literal '${hash}' to the expected type 'Edm.Binary'.`);
  }
  return record;
}

function isResponse(value: unknown): value is SandboxResponse {
  return typeof value === 'object' && value !== null && 'status' in value && typeof value.status === 'number';
}

const create = (ctx: GraphContext): SandboxResponse => {
  const body = jsonBody(ctx);
  if (!body.ok) return body.response;
  const input = readInput(ctx, body.value);
  if (isResponse(input)) return input;
  const [record] = ctx.tenant.createImports([input], `request:${ctx.req.requestId}`);
  if (!record) return errors.badRequest(ctx.err, 'Nothing to create.');
  const view = { '@odata.context': contextUrl(ctx, `${SET}/$entity`), ...importView(ctx.tenant, record) };
  return ok(view, 201, { Location: `${ctx.graphEndpoint}/${ctx.version}/${SET}('${record.id}')` });
};

const importAction = (ctx: GraphContext): SandboxResponse => {
  const body = jsonBody(ctx);
  if (!body.ok) return body.response;
  for (const key of Object.keys(body.value)) {
    if (key !== 'importedWindowsAutopilotDeviceIdentities') {
      return errors.badRequest(
        ctx.err,
        `The parameter '${key}' in the request payload is not a valid parameter for the operation 'import'.`,
      );
    }
  }
  const list = body.value.importedWindowsAutopilotDeviceIdentities;
  if (!Array.isArray(list)) {
    return errors.badRequest(
      ctx.err,
      "The parameter 'importedWindowsAutopilotDeviceIdentities' is required and must be a collection.",
    );
  }
  const inputs: ImportInput[] = [];
  for (const raw of list) {
    const input = readInput(ctx, raw);
    if (isResponse(input)) return input;
    inputs.push(input);
  }
  const records = ctx.tenant.createImports(inputs, `request:${ctx.req.requestId}`);
  return ok({
    '@odata.context': contextUrl(ctx, `Collection(${TYPE})`),
    value: records.map((r) => importView(ctx.tenant, r)),
  });
};

const list = (ctx: GraphContext): SandboxResponse => {
  ctx.tenant.settle();
  const items = ctx.tenant.data.imports.map((r) => importView(ctx.tenant, r));
  const filtered = filterImports(ctx, items);
  if (!Array.isArray(filtered)) return filtered;
  return page(ctx, filtered, SET, TYPE);
};

const count = (ctx: GraphContext): SandboxResponse => {
  ctx.tenant.settle();
  const filtered = filterImports(
    ctx,
    ctx.tenant.data.imports.map((r) => importView(ctx.tenant, r)),
  );
  return Array.isArray(filtered) ? countResponse(filtered.length) : filtered;
};

const get = (ctx: GraphContext): SandboxResponse => {
  const record = ctx.tenant.findImport(keyOf(ctx.params.id));
  if (!record) return errors.intuneNotFound(ctx.err);
  return entity(ctx, importView(ctx.tenant, record), `${SET}/$entity`, TYPE);
};

const remove = (ctx: GraphContext): SandboxResponse =>
  ctx.tenant.deleteImport(keyOf(ctx.params.id)) ? noContent() : errors.intuneNotFound(ctx.err);

const base = { versions: BOTH, area: 'intune' } as const;

export const importedRoutes: Route[] = [
  { ...base, method: 'GET', path: SET, permissions: PERMISSIONS.intuneRead, handler: list },
  { ...base, method: 'POST', path: SET, permissions: PERMISSIONS.intuneWrite, handler: create },
  { ...base, method: 'GET', path: `${SET}/$count`, permissions: PERMISSIONS.intuneRead, handler: count },
  { ...base, method: 'POST', path: `${SET}/import`, permissions: PERMISSIONS.intuneWrite, handler: importAction },
  { ...base, method: 'GET', path: `${SET}/{id}`, permissions: PERMISSIONS.intuneRead, handler: get },
  { ...base, method: 'DELETE', path: `${SET}/{id}`, permissions: PERMISSIONS.importDelete, handler: remove },
];
