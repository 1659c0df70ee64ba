import { AppError } from '../errors';
import type { GraphConnection } from './connection';
import { explainPersonRefused, personOf, type TokenPerson } from './delegated-refusal';
import { graphErrorOf } from './errors';
import { OPTIMISATION_LABELS, OPTIMISATIONS, type Optimisation, type OptimisationVerdicts } from './optimisations';
import type { NetworkDescription } from './transport';
import { grants, PERMISSIONS, rolesOf, type PermissionInfo } from './permissions';

/** One permission and whether the token carries it. */
export interface PermissionCheck extends PermissionInfo {
  granted: boolean;
}

/** One harmless read and its result. */
export interface AreaCheck {
  area: string;
  request: string;
  ok: boolean;
  status: number;
  /** The read got no answer (DNS, proxy, TLS, unreachable host). */
  network?: boolean;
  detail: string;
  /** The permission this read depends on. */
  needs: string;
}

/** The pre-flight report. */
export interface DoctorReport {
  /** `network`: the sign-in service was not reached (DNS, proxy, TLS, host), so nothing was refused. */
  signIn: { ok: boolean; detail: string; network?: boolean };
  /** The person signed in (delegated sign-in); absent for application credentials. */
  person?: { username: string; name?: string };
  rolesReadable: boolean;
  roles: string[];
  permissions: PermissionCheck[];
  areas: AreaCheck[];
  /** True when the required permission is granted and its reads work. */
  ready: boolean;
  /** Facts about the cloud worth knowing before registering. */
  notes: string[];
  /** The proxy and the trust source the sign-in and Graph traffic used. */
  network: NetworkDescription;
  /** What the tenant said to each optimisation beyond the field-proven calls (from earlier runs). */
  optimisations: OptimisationCheck[];
}

/** One optimisation and the tenant's verdict on it. */
export interface OptimisationCheck {
  name: Optimisation;
  what: string;
  fallback: string;
  verdict: 'accepted' | 'refused' | 'not tried yet';
  at?: string;
  reason?: string;
}

/** The verdicts as doctor lists them, every optimisation included. */
export function optimisationChecks(verdicts: OptimisationVerdicts = {}): OptimisationCheck[] {
  return OPTIMISATIONS.map((name) => {
    const verdict = verdicts[name];
    return {
      name,
      ...OPTIMISATION_LABELS[name],
      verdict: verdict?.state ?? 'not tried yet',
      ...(verdict ? { at: verdict.at } : {}),
      ...(verdict?.reason ? { reason: verdict.reason } : {}),
    };
  });
}

const AREAS: { area: string; path: string; needs: string }[] = [
  {
    area: 'Autopilot devices',
    // The proven look-up shape; no $select on Autopilot collections (field notes B1, B12).
    path: `/beta/deviceManagement/windowsAutopilotDeviceIdentities?$filter=${encodeURIComponent("contains(serialNumber,'AUTOPILOTCONSOLEPROBE')")}`,
    needs: 'DeviceManagementServiceConfig.ReadWrite.All',
  },
  {
    area: 'Import records',
    path: `/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities?$filter=${encodeURIComponent("contains(serialNumber,'AUTOPILOTCONSOLEPROBE')")}`,
    needs: 'DeviceManagementServiceConfig.ReadWrite.All',
  },
  {
    area: 'Deployment profiles',
    path: '/beta/deviceManagement/windowsAutopilotDeploymentProfiles',
    needs: 'DeviceManagementServiceConfig.ReadWrite.All',
  },
  {
    area: 'Autopilot sync settings',
    path: '/beta/deviceManagement/windowsAutopilotSettings',
    needs: 'DeviceManagementServiceConfig.ReadWrite.All',
  },
  { area: 'Entra devices', path: '/v1.0/devices?$top=1&$select=id,deviceId', needs: 'Device.Read.All' },
  // (Intune areas above; the directory areas below need no Intune role.)
  { area: 'Groups and rules', path: '/v1.0/groups?$top=1&$select=id,membershipRule', needs: 'GroupMember.Read.All' },
];

function explain(status: number, body: unknown, person: TokenPerson | null, area: (typeof AREAS)[number]): string {
  const { code, message } = graphErrorOf(body);
  if (status === 403 && person) {
    const kind = area.needs.startsWith('DeviceManagement') ? 'intune' : 'directory';
    return explainPersonRefused(person, `to read ${area.area.toLowerCase()}`, area.needs, kind);
  }
  if (status === 403) return `forbidden${code ? ` (${code})` : ''}: the permission is missing or not consented`;
  if (status === 401) return 'unauthorised: the token was rejected';
  if (status === 404) return 'not found: the endpoint is not available in this cloud or tenant (Intune licence?)';
  return `HTTP ${status}${code ? ` ${code}` : ''}${message ? `: ${message}` : ''}`;
}

function cloudNotes(connection: GraphConnection): string[] {
  if (connection.endpoints.cloud === 'china') {
    return [
      'Microsoft documented Windows Autopilot as not available in the China cloud (21Vianet); the reads below show what this tenant offers.',
    ];
  }
  if (connection.endpoints.cloud === 'usgov' || connection.endpoints.cloud === 'usgovdod') {
    return [
      'In GCC High and DoD some Autopilot features are documented as still planned (e.g. self-deploying and pre-provisioning).',
    ];
  }
  return [];
}

/** Acquires a token, reads its roles, reports each permission and makes one harmless read per area. */
export async function runDoctor(
  connection: GraphConnection,
  signal?: AbortSignal,
  verdicts?: OptimisationVerdicts,
): Promise<DoctorReport> {
  const optimisations = optimisationChecks(verdicts ?? connection.graph.optimisations.snapshot());
  const network = await connection.describeNetwork().catch((error: unknown) => ({
    proxy: `unknown (${error instanceof Error ? error.message : String(error)})`,
    trust: 'unknown',
  }));
  const networkNote = `Network: proxy ${network.proxy}; trusted roots: ${network.trust}.`;
  let token: string;
  try {
    token = await connection.tokens.getToken();
  } catch (error) {
    const detail = error instanceof AppError ? error.message : String(error);
    return {
      signIn: {
        ok: false,
        detail,
        ...(error instanceof AppError && error.code === 'network' ? { network: true } : {}),
      },
      rolesReadable: false,
      roles: [],
      permissions: [],
      areas: [],
      ready: false,
      notes: [...cloudNotes(connection), networkNote],
      network,
      optimisations,
    };
  }
  const { roles, readable } = rolesOf(token);
  const person = personOf(token);
  const permissions = PERMISSIONS.map((permission) => ({
    ...permission,
    granted: readable ? grants(roles, permission) : false,
  }));
  const areas: AreaCheck[] = [];
  for (const area of AREAS) {
    try {
      const response = await connection.graph.raw({ method: 'GET', path: area.path }, signal);
      const ok = response.status >= 200 && response.status < 300;
      areas.push({
        area: area.area,
        request: `GET ${area.path.split('?')[0]}`,
        ok,
        status: response.status,
        detail: ok ? 'readable' : explain(response.status, response.body, person, area),
        needs: area.needs,
      });
    } catch (error) {
      areas.push({
        area: area.area,
        request: `GET ${area.path.split('?')[0]}`,
        ok: false,
        status: 0,
        detail: error instanceof Error ? error.message : String(error),
        ...(error instanceof AppError && error.code === 'network' ? { network: true } : {}),
        needs: area.needs,
      });
    }
  }
  const required = permissions.find((permission) => permission.level === 'required');
  const ready =
    (required?.granted ?? !readable) && areas.filter((area) => area.needs === required?.name).every((area) => area.ok);
  return {
    signIn: {
      ok: true,
      detail: person
        ? `signed in as ${person.username} (delegated) at ${connection.endpoints.authorityHost}`
        : `token acquired from ${connection.endpoints.authorityHost}`,
    },
    ...(person ? { person: { username: person.username, ...(person.name ? { name: person.name } : {}) } } : {}),
    rolesReadable: readable,
    roles,
    permissions,
    areas,
    ready,
    notes: [...cloudNotes(connection), networkNote],
    network,
    optimisations,
  };
}
