/**
 * Graph's error envelope {error:{code,message,innerError:{date,request-id,client-request-id}}} and the
 * service-specific forms: Intune wraps its message in a JSON string (`_version: 3`), the directory uses
 * `Request_ResourceNotFound` / `Authorization_RequestDenied`.
 */
import { GRAPH_JSON, type SandboxRequest, type SandboxResponse } from './http-types';

/** What every error needs to fill innerError. */
export interface ErrorContext {
  req: SandboxRequest;
  now: number;
}

function innerDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19);
}

/** A Graph error response. */
export function graphError(
  ctx: ErrorContext,
  status: number,
  code: string,
  message: string,
  extra: {
    headers?: Record<string, string>;
    details?: { code: string; message: string }[];
    inner?: Record<string, unknown>;
  } = {},
): SandboxResponse {
  return {
    status,
    headers: { 'Content-Type': GRAPH_JSON, ...extra.headers },
    body: {
      error: {
        code,
        message,
        ...(extra.details ? { details: extra.details } : {}),
        innerError: {
          ...extra.inner,
          date: innerDate(ctx.now),
          'request-id': ctx.req.requestId,
          'client-request-id': ctx.req.clientRequestId,
        },
      },
    },
  };
}

/** Intune's message format: a JSON document in a string, with CRLF line breaks. */
export function intuneMessage(ctx: ErrorContext, text: string): string {
  const document = {
    _version: 3,
    Message: `${text} - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${ctx.req.clientRequestId} - Url: https://fef.sandbox.manage.microsoft.com/DeviceEnrollmentFE/StatelessDeviceEnrollmentFEService${ctx.req.path.replace(/^\/(v1\.0|beta)/, '')}?api-version=5024-01-01`,
    CustomApiErrorPhrase: '',
    RetryAfter: null,
    ErrorSourceService: '',
    HttpHeaders: '{}',
  };
  return JSON.stringify(document, null, 2).replace(/\n/g, '\r\n');
}

export const errors = {
  /** OData routing failure: a segment that does not exist in this API version. */
  segment: (ctx: ErrorContext, segment: string) =>
    graphError(ctx, 400, 'BadRequest', `Resource not found for the segment '${segment}'.`),
  badRequest: (ctx: ErrorContext, message: string) => graphError(ctx, 400, 'BadRequest', message),
  intuneBadRequest: (ctx: ErrorContext, text: string) => graphError(ctx, 400, 'BadRequest', intuneMessage(ctx, text)),
  intuneNotFound: (ctx: ErrorContext) =>
    graphError(ctx, 404, 'ResourceNotFound', intuneMessage(ctx, 'An error has occurred')),
  directoryNotFound: (ctx: ErrorContext, id: string) =>
    graphError(
      ctx,
      404,
      'Request_ResourceNotFound',
      `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
    ),
  intuneForbidden: (ctx: ErrorContext, scopes: string[]) =>
    graphError(
      ctx,
      403,
      'Forbidden',
      intuneMessage(
        ctx,
        `Application is not authorized to perform this operation. Application must have one of the following scopes: ${scopes.join(', ')}`,
      ),
    ),
  /** A person with the scopes but without an Intune role: a plain refusal that names no role. */
  intuneUserForbidden: (ctx: ErrorContext) => graphError(ctx, 403, 'Forbidden', intuneMessage(ctx, 'Forbidden')),
  /** The directory's fixed message does not name the permission; `details` does, for people reading logs. */
  directoryForbidden: (ctx: ErrorContext, scopes: string[]) =>
    graphError(ctx, 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.', {
      details: [
        { code: 'MissingPermission', message: `Requires one of these application permissions: ${scopes.join(', ')}` },
      ],
    }),
  unauthorized: (ctx: ErrorContext, message: string, authority: string) =>
    graphError(ctx, 401, 'InvalidAuthenticationToken', message, {
      headers: {
        'WWW-Authenticate': `Bearer realm="", authorization_uri="${authority}/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"`,
      },
    }),
  tooManyRequests: (ctx: ErrorContext, retryAfterSeconds: number) =>
    graphError(ctx, 429, 'TooManyRequests', 'Please retry again later.', {
      headers: { 'Retry-After': String(retryAfterSeconds) },
      inner: { code: '429', message: 'Please retry after', status: '429' },
    }),
  internal: (ctx: ErrorContext, text: string) => graphError(ctx, 500, 'InternalServerError', intuneMessage(ctx, text)),
  methodNotAllowed: (ctx: ErrorContext) =>
    graphError(
      ctx,
      405,
      'MethodNotAllowed',
      `The requested resource does not support http method '${ctx.req.method}'.`,
    ),
  invalidJson: (ctx: ErrorContext) =>
    graphError(
      ctx,
      400,
      'BadRequest',
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    ),
};
