import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import type { FetchLike } from './transport';

async function send<T>(
  fetch: FetchLike,
  method: string,
  url: string,
  options?: NetworkRequestOptions,
): Promise<NetworkResponse<T>> {
  const response = await fetch(url, {
    method,
    headers: options?.headers ?? {},
    ...(options?.body !== undefined ? { body: options.body } : {}),
    // A token request carries the client secret or assertion: a redirect must never take it elsewhere.
    ...(method === 'POST' ? { redirect: 'manual' as const } : {}),
  });
  if (method === 'POST' && response.status >= 300 && response.status < 400) {
    return {
      status: response.status,
      headers: {},
      body: {
        error: 'invalid_response',
        error_description: `The sign-in endpoint answered with a redirect (HTTP ${response.status}); it was not followed, so the credentials were not sent again.`,
      } as T,
    };
  }
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key.toLowerCase()] = value;
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = {
      error: 'invalid_response',
      error_description: `Sign-in endpoint returned non-JSON (HTTP ${response.status})`,
    };
  }
  return { status: response.status, headers, body: body as T };
}

/** MSAL's network module on our transport, so sign-in uses the same CAs and proxy as Graph. */
export function createMsalNetworkModule(fetch: FetchLike): INetworkModule {
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(fetch, 'GET', url, options),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => send<T>(fetch, 'POST', url, options),
  };
}
