import type { TenantSettings } from '../graph/connection';
import type { RunningSandbox } from './index';

/** How any client of the console signs in to a running sandbox: a custom cloud that trusts its certificate. */
export function sandboxTenantSettings(sandbox: RunningSandbox): TenantSettings {
  return {
    tenantId: sandbox.tenantId,
    clientId: sandbox.clientId,
    clientSecret: sandbox.clientSecret,
    cloud: 'custom',
    authorityHost: sandbox.authorityHost,
    graphEndpoint: sandbox.graphEndpoint,
    extraCaPem: [sandbox.caCertPem],
  };
}
