/**
 * "Test connection" tests what the settings form holds, saved or not: its tenant, app, cloud and endpoints, with
 * the secret or certificate typed or chosen in it (or the stored one, where it was entered for these values).
 */
import type { RequestOf } from '../../../shared/ipc/contract';
import type { DoctorReport } from '../../../shared/ipc/settings-schemas';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import { resolveCloud } from '../graph/clouds';
import { connectTenant, type TenantSettings } from '../graph/connection';
import { runDoctor } from '../graph/doctor';
import { memoryStore } from '../graph/token-cache';
import type { FetchLike, NetworkProvider } from '../graph/transport';
import { CREDENTIAL_BOUND, type SettingsService } from './settings-service';

/** The form's values as the "settings:set" request carries them. */
export type FormValues = RequestOf<'settings:set'>;

/** Runs the pre-flight on tenant settings that are not (necessarily) the ones in use. */
export type TenantTester = (tenant: TenantSettings, label: string) => Promise<DoctorReport>;

/** The credentials of the form's values, and which values they are, in words. */
export async function formCredentials(
  settings: SettingsService,
  form: FormValues,
): Promise<{ tenant: TenantSettings; tested: string; saved: boolean }> {
  const next = {
    tenantId: form.tenantId.trim(),
    clientId: form.clientId.trim(),
    cloud: form.cloud,
    authorityHost: form.authorityHost.trim(),
    graphEndpoint: form.graphEndpoint.trim(),
  };
  if (form.cloud === 'custom' && (!next.authorityHost || !next.graphEndpoint))
    throw new AppError('bad-input', 'A custom cloud needs both an authority host and a Graph endpoint (https URLs).');
  const current = settings.current;
  // A stored credential is used only for the values it was entered for (as saving would keep it).
  const sameBinding = CREDENTIAL_BOUND.every((key) => current[key] === next[key]);
  const saved = sameBinding && form.auth === current.auth && !form.secret && !form.certificatePem;
  const base: TenantSettings = {
    tenantId: next.tenantId,
    clientId: next.clientId,
    cloud: next.cloud,
    ...(next.authorityHost ? { authorityHost: next.authorityHost } : {}),
    ...(next.graphEndpoint ? { graphEndpoint: next.graphEndpoint } : {}),
  };
  const endpoints = resolveCloud(base);
  const where = `tenant ${next.tenantId}, client ${next.clientId}, sign-in ${endpoints.authorityHost}, Graph ${endpoints.graphEndpoint}`;
  let tenant: TenantSettings;
  let credential: string;
  if (form.auth === 'person') {
    tenant = {
      ...base,
      delegated: { prompt: { kind: 'none' }, store: sameBinding ? settings.personCache : memoryStore() },
    };
    credential = sameBinding ? "the person's saved sign-in" : 'a person (sign in after saving)';
  } else if (form.auth === 'secret') {
    const stored = sameBinding && !form.clearSecret ? await settings.stored('secret') : null;
    const secret = form.secret ?? stored;
    if (!secret)
      throw new AppError(
        'bad-input',
        sameBinding
          ? 'Type the client secret to test: none is stored.'
          : 'Type the client secret to test these values: the stored one was entered for another tenant, app or endpoint.',
      );
    tenant = { ...base, clientSecret: secret };
    credential = form.secret ? 'the client secret typed in the form' : 'the stored client secret';
  } else {
    const stored = sameBinding ? await settings.stored('certificate') : null;
    const pem = form.certificatePem ?? stored;
    if (!pem)
      throw new AppError(
        'bad-input',
        sameBinding
          ? 'Choose the certificate file to test: none is stored.'
          : 'Choose the certificate file to test these values: the stored one was entered for another tenant, app or endpoint.',
      );
    tenant = { ...base, certificatePem: pem };
    credential = form.certificatePem
      ? `the certificate chosen in the form (${form.certificateName ?? 'certificate.pem'})`
      : `the stored certificate (${current.certificateName ?? 'certificate.pem'})`;
  }
  return { tenant, tested: `${where}, with ${credential}`, saved };
}

/** A tester on the application's network and clock: connects, runs the pre-flight, disconnects. */
export function networkTester(options: {
  clock: Clock;
  network?: NetworkProvider | undefined;
  wrapFetch?: ((fetch: FetchLike) => FetchLike) | undefined;
  toReport: (report: Awaited<ReturnType<typeof runDoctor>>, target: string) => DoctorReport;
}): TenantTester {
  return async (tenant, label) => {
    const connection = connectTenant(tenant, {
      clock: options.clock,
      ...(options.network ? { network: options.network } : {}),
      ...(options.wrapFetch ? { wrapFetch: options.wrapFetch } : {}),
    });
    try {
      return options.toReport(await runDoctor(connection), label);
    } finally {
      await connection.close();
    }
  };
}
