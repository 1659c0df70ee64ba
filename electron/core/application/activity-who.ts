import type { TenantMode } from '../../../shared/ipc/settings-schemas';

/** Where and by whom an activity-log entry happens. */
export interface ActivityContext {
  /** "sandbox", or the tenant's id. */
  tenant: string;
  /** The signed-in person's UPN, or "application (client id …)". */
  actor: string;
}

/**
 * The tenant and the identity the console works as: a person signed in (delegated) by their UPN, application
 * credentials by their client id; null before any tenant is in use (the log's default then applies).
 */
export function activityContextOf(
  mode: TenantMode | null,
  auth: 'secret' | 'certificate' | 'person',
  clientId: string | undefined,
): ActivityContext | null {
  if (!mode) return null;
  const tenant = mode.kind === 'sandbox' ? 'sandbox' : mode.label;
  if (mode.account) return { tenant, actor: mode.account };
  if (auth === 'person') return { tenant, actor: 'nobody signed in (sign in as a person)' };
  return { tenant, actor: clientId ? `application (client id ${clientId})` : 'application' };
}
