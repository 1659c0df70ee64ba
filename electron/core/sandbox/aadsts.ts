/** Entra token-endpoint errors in the shape login.microsoftonline.com returns them. */
import type { SandboxResponse } from './http-types';

export interface AadstsContext {
  now: number;
  traceId: string;
  correlationId: string;
  authorityHost: string;
}

function stamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}Z`;
}

/** {error, error_description (with Trace ID / Correlation ID / Timestamp), error_codes, timestamp, trace_id, correlation_id, error_uri}. */
export function aadstsError(
  ctx: AadstsContext,
  status: number,
  error: string,
  code: number,
  description: string,
): SandboxResponse {
  const timestamp = stamp(ctx.now);
  return {
    status,
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store, no-cache',
      Pragma: 'no-cache',
      'x-ms-request-id': ctx.traceId,
    },
    body: {
      error,
      error_description: `AADSTS${code}: ${description}\r\nTrace ID: ${ctx.traceId}\r\nCorrelation ID: ${ctx.correlationId}\r\nTimestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: ctx.traceId,
      correlation_id: ctx.correlationId,
      error_uri: `${ctx.authorityHost}/error?code=${code}`,
    },
  };
}

export const aadsts = {
  unknownTenant: (ctx: AadstsContext, tenant: string) =>
    aadstsError(
      ctx,
      400,
      'invalid_tenant',
      90002,
      `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
    ),
  missingParameter: (ctx: AadstsContext, name: string) =>
    aadstsError(
      ctx,
      400,
      'invalid_request',
      900144,
      `The request body must contain the following parameter: '${name}'.`,
    ),
  unsupportedGrant: (ctx: AadstsContext, grant: string) =>
    aadstsError(ctx, 400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`),
  unknownClient: (ctx: AadstsContext, clientId: string, directory: string) =>
    aadstsError(
      ctx,
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${directory}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    ),
  invalidScope: (ctx: AadstsContext, scope: string) =>
    aadstsError(
      ctx,
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    ),
  unknownResource: (ctx: AadstsContext, resource: string, tenant: string) =>
    aadstsError(
      ctx,
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    ),
  noCredential: (ctx: AadstsContext) =>
    aadstsError(
      ctx,
      401,
      'invalid_client',
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    ),
  wrongSecret: (ctx: AadstsContext, clientId: string) =>
    aadstsError(
      ctx,
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
    ),
  assertionType: (ctx: AadstsContext) =>
    aadstsError(
      ctx,
      400,
      'invalid_request',
      50027,
      "JWT token is invalid or malformed. client_assertion_type must be 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'.",
    ),
  malformedAssertion: (ctx: AadstsContext) =>
    aadstsError(ctx, 401, 'invalid_client', 50027, 'JWT token is invalid or malformed.'),
  keyNotFound: (ctx: AadstsContext, thumbprint: string, clientId: string) =>
    aadstsError(
      ctx,
      401,
      'invalid_client',
      700027,
      `Client assertion failed signature validation. Trace ID: ${ctx.traceId} [Reason - The key was not found., Thumbprint of key used by client: '${thumbprint}', Please visit the Azure Portal, Graph Explorer or directly use MS Graph to see configured keys for app Id '${clientId}'.]`,
    ),
  badSignature: (ctx: AadstsContext) =>
    aadstsError(ctx, 401, 'invalid_client', 700027, 'Client assertion contains an invalid signature.'),
  assertionExpired: (ctx: AadstsContext, exp: number) =>
    aadstsError(
      ctx,
      401,
      'invalid_client',
      700024,
      `Client assertion is not within its valid time range. Current time: ${new Date(ctx.now).toISOString()}, assertion valid until: ${new Date(exp * 1000).toISOString()}.`,
    ),
  assertionIssuer: (ctx: AadstsContext) =>
    aadstsError(
      ctx,
      401,
      'invalid_client',
      700021,
      "Client assertion application identifier doesn't match 'client_id' parameter.",
    ),
  assertionAudience: (ctx: AadstsContext) =>
    aadstsError(ctx, 401, 'invalid_client', 50012, 'Client assertion audience claim does not match Realm issuer.'),
};
