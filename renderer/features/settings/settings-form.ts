import type { RequestOf } from '../../../shared/ipc/contract';
import type { TenantSettingsView } from '../../../shared/ipc/settings-schemas';

/** The settings form's values; `secret` starts empty and is sent only when typed (write-only). */
export interface SettingsForm {
  tenantId: string;
  clientId: string;
  auth: 'secret' | 'certificate' | 'person';
  secret: string;
  clearSecret: boolean;
  certificatePem: string | null;
  certificateName: string | null;
  cloud: TenantSettingsView['cloud'];
  authorityHost: string;
  graphEndpoint: string;
  configTags: string;
}

/** The form for saved settings: never holds the stored secret, only whether there is one. */
export function formFrom(view: TenantSettingsView): SettingsForm {
  return {
    tenantId: view.tenantId,
    clientId: view.clientId,
    auth: view.auth,
    secret: '',
    clearSecret: false,
    certificatePem: null,
    certificateName: view.certificateName,
    cloud: view.cloud,
    authorityHost: view.authorityHost,
    graphEndpoint: view.graphEndpoint,
    configTags: view.configTags.join(', '),
  };
}

const ID = /^[0-9a-zA-Z][0-9a-zA-Z.-]{0,253}$/;

/** Field problems in plain words (empty when the form can be saved). */
export function formProblems(form: SettingsForm): Partial<Record<keyof SettingsForm, string>> {
  const problems: Partial<Record<keyof SettingsForm, string>> = {};
  if (form.tenantId && !ID.test(form.tenantId))
    problems.tenantId = 'A tenant id (GUID) or a domain such as contoso.onmicrosoft.com.';
  if (form.clientId && !ID.test(form.clientId)) problems.clientId = 'The application (client) id, a GUID.';
  for (const key of ['authorityHost', 'graphEndpoint'] as const) {
    if (form[key] && !/^https:\/\/[^\s/]+/.test(form[key])) problems[key] = 'An https:// URL.';
    else if (form.cloud === 'custom' && !form[key]) problems[key] = 'Required for a custom cloud.';
  }
  return problems;
}

/** The request to save the form: the secret only when typed, the certificate only when a file was chosen. */
export function requestFrom(form: SettingsForm): RequestOf<'settings:set'> {
  return {
    tenantId: form.tenantId.trim(),
    clientId: form.clientId.trim(),
    auth: form.auth,
    ...(form.secret ? { secret: form.secret } : {}),
    ...(form.clearSecret ? { clearSecret: true } : {}),
    ...(form.certificatePem
      ? { certificatePem: form.certificatePem, certificateName: form.certificateName ?? 'certificate.pem' }
      : {}),
    cloud: form.cloud,
    authorityHost: form.authorityHost.trim(),
    graphEndpoint: form.graphEndpoint.trim(),
    configTags: form.configTags
      .split(/[,;\s]+/)
      .map((t) => t.trim())
      .filter(Boolean),
  };
}
