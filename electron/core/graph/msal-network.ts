import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from '@azure/msal-node';
import { asNetworkError, NetworkError } from './network-failure';
import type { FetchLike } from './transport';

async function send<T>(
  fetch: FetchLike,
  method: string,
  url: string,
  options: NetworkRequestOptions | undefined,
  onFailure: ((failure: NetworkError) => void) | undefined,
): Promise<NetworkResponse<T>> {
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await fetch(url, {
      method,
      headers: options?.headers ?? {},
      ...(options?.body !== undefined ? { body: options.body } : {}),
      // A token request carries the client secret or assertion: a redirect must never take it elsewhere.
      ...(method === 'POST' ? { redirect: 'manual' as const } : {}),
    });
  } catch (error) {
    // MSAL replaces any error of its network module with a bare "network_error": the cause is told here.
    const failure = asNetworkError(error, { url });
    onFailure?.(failure);
    throw failure;
  }
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

/**
 * MSAL's network module on our transport, so sign-in uses the same CAs and proxy as Graph. MSAL keeps only
 * "network_error" of a failed request: `onFailure` hears what failed (DNS, proxy, TLS, host), with the host.
 */
export function createMsalNetworkModule(fetch: FetchLike, onFailure?: (failure: NetworkError) => void): INetworkModule {
  return {
    sendGetRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>(fetch, 'GET', url, options, onFailure),
    sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) =>
      send<T>(fetch, 'POST', url, options, onFailure),
  };
}

/**
 * Remembers the last network failure of a sign-in's requests, so an MSAL error that carries no AADSTS code is
 * explained by what really failed. `take` answers it once (and forgets it).
 */
export function networkFailureMemory(): { remember(failure: NetworkError): void; take(): NetworkError | null } {
  let last: NetworkError | null = null;
  return {
    remember: (failure) => {
      last = failure;
    },
    take: () => {
      const failure = last;
      last = null;
      return failure;
    },
  };
}

/** A sign-in that never reached the sign-in service, said as such (the credentials were not checked). */
export function signInNetworkError(failure: NetworkError): NetworkError {
  return new NetworkError(
    `Sign-in could not reach the sign-in service, so the tenant id and credentials were not checked: ${failure.message}`,
    failure.kind,
    failure.host,
    failure.systemCode,
  );
}
