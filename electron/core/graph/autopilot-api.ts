import { z } from 'zod';
import type { GraphClient, GraphRequest } from './client';
import { DirectoryApi, parseOne } from './directory-api';
import { parseRetryAfter } from './retry';
import {
  AutopilotIdentity,
  AutopilotSettings,
  DeploymentProfile,
  ImportedIdentity,
  ImportResponse,
  ProfileAssignment,
} from './schemas';

const IMPORTED = '/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities';
const IDENTITIES = '/beta/deviceManagement/windowsAutopilotDeviceIdentities';
const PROFILES = '/beta/deviceManagement/windowsAutopilotDeploymentProfiles';
// No $select on the Autopilot collections: the service answers 500 to any projection (field notes B1).
const EXPAND_PROFILES = '$expand=deploymentProfile,intendedDeploymentProfile';

/** One device to import: what an import record takes. */
export interface ImportItem {
  serialNumber: string;
  hardwareIdentifier: string;
  groupTag: string;
  productKey: string;
  assignedUserPrincipalName: string;
}

/** The properties updateDeviceProperties sets; the engine always sends all four (field notes B6). */
export interface DeviceProperties {
  groupTag: string;
  userPrincipalName: string;
  addressableUserName: string;
  displayName: string;
}

/**
 * The part of a serial that `contains(serialNumber,'...')` accepts: hyphens and spaces have made Graph
 * answer 400, so the longest run without them is searched and the exact match is made client-side.
 */
export function serialSearchToken(serial: string): string {
  const parts = serial.split(/[\s\-'"#%&+/\\?]+/).filter(Boolean);
  const longest = parts.reduce((best, part) => (part.length > best.length ? part : best), '');
  return longest || serial;
}

function filterContains(serial: string): string {
  return encodeURIComponent(`contains(serialNumber,'${serialSearchToken(serial).replace(/'/g, "''")}')`);
}

function sameSerial(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

/** Typed Autopilot, Entra device and group operations on a Graph client. */
export class AutopilotApi extends DirectoryApi {
  /** The tenant's verdicts on the optimisations (kept in the journal by the engine). */
  get optimisations(): GraphClient['optimisations'] {
    return this.graph.optimisations;
  }

  /**
   * Registered devices whose serial equals one of `serials` exactly, per serial: `contains(serialNumber,...)`
   * on a hyphen-free token with the exact match made here, as Get-AutopilotDevice -serial does. A serial
   * contains() refuses (400) is found by one walk of the device list.
   */
  async identitiesBySerial(serials: string[], signal?: AbortSignal): Promise<Map<string, AutopilotIdentity[]>> {
    const requests: GraphRequest[] = serials.map((serial) => ({
      method: 'GET',
      path: `${IDENTITIES}?$filter=${filterContains(serial)}`,
    }));
    const responses = await this.graph.batch(requests, signal);
    const found = new Map<string, AutopilotIdentity[]>();
    let everyDevice: AutopilotIdentity[] | null = null;
    for (const [index, response] of responses.entries()) {
      const serial = serials[index] as string;
      if (response.status === 400) {
        everyDevice ??= (await this.listIdentities(signal)) ?? [];
        found.set(
          serial,
          everyDevice.filter((item) => sameSerial(item.serialNumber, serial)),
        );
        continue;
      }
      const items = await this.pages(response, requests[index] as GraphRequest, AutopilotIdentity, signal);
      found.set(
        serial,
        (items ?? []).filter((item) => sameSerial(item.serialNumber, serial)),
      );
    }
    return found;
  }

  /** Every registered device; `onPage` (pages read so far) may stop the walk by returning false (null then). */
  async listIdentities(
    signal?: AbortSignal,
    onPage?: (pages: number) => boolean,
    attempts?: number,
  ): Promise<AutopilotIdentity[] | null> {
    const request: GraphRequest = { method: 'GET', path: IDENTITIES, ...(attempts ? { attempts } : {}) };
    return this.pages(await this.graph.raw(request, signal), request, AutopilotIdentity, signal, onPage);
  }

  /** One registered device by id, with its current and intended profile (beta $expand); null when gone. */
  async identity(id: string, signal?: AbortSignal): Promise<AutopilotIdentity | null> {
    const [identity] = await this.batchGet(
      [`${IDENTITIES}/${encodeURIComponent(id)}?${EXPAND_PROFILES}`],
      AutopilotIdentity,
      signal,
    );
    return identity ?? null;
  }

  /** Registered devices by id with their profiles expanded; null for ids that are gone. */
  async identities(ids: string[], signal?: AbortSignal): Promise<Map<string, AutopilotIdentity | null>> {
    const found = await this.batchGet(
      ids.map((id) => `${IDENTITIES}/${encodeURIComponent(id)}?${EXPAND_PROFILES}`),
      AutopilotIdentity,
      signal,
    );
    return new Map(ids.map((id, index) => [id, found[index] ?? null]));
  }

  private importBody(item: ImportItem, importId: string): Record<string, unknown> {
    return {
      '@odata.type': '#microsoft.graph.importedWindowsAutopilotDeviceIdentity',
      ...item,
      importId,
      state: { deviceImportStatus: 'pending', deviceRegistrationId: '', deviceErrorCode: 0, deviceErrorName: '' },
    };
  }

  /**
   * Uploads hashes with the bulk import action (an optimisation: no field-proven tool uses it); returns the
   * created records. It gives up after three attempts so the caller can fall back to importOne().
   */
  async importDevices(items: ImportItem[], importId: string, signal?: AbortSignal): Promise<ImportedIdentity[]> {
    const request: GraphRequest = {
      method: 'POST',
      path: `${IMPORTED}/import`,
      body: { importedWindowsAutopilotDeviceIdentities: items.map((item) => this.importBody(item, importId)) },
      attempts: 3,
    };
    const response = await this.graph.request(request, signal);
    return parseOne(ImportResponse, request, response.body).value;
  }

  /** Uploads one hash as Get-WindowsAutopilotInfo and the WindowsAutopilotIntune module do (201 Created). */
  async importOne(item: ImportItem, importId: string, signal?: AbortSignal): Promise<ImportedIdentity> {
    const request: GraphRequest = { method: 'POST', path: IMPORTED, body: this.importBody(item, importId) };
    const response = await this.graph.request(request, signal);
    return parseOne(ImportedIdentity, request, response.body);
  }

  /** Every import record in the tenant (few when every tool deletes its own once terminal). */
  async listImported(signal?: AbortSignal, onPage?: () => void, attempts?: number): Promise<ImportedIdentity[]> {
    const request: GraphRequest = { method: 'GET', path: IMPORTED, ...(attempts ? { attempts } : {}) };
    const items = await this.pages(await this.graph.raw(request, signal), request, ImportedIdentity, signal, () => {
      onPage?.();
      return true;
    });
    return items ?? [];
  }

  /** Import records of one serial (contains() on a token, exact match here), as Get-AutopilotImportedDevice does. */
  async importedBySerial(serial: string, signal?: AbortSignal): Promise<ImportedIdentity[]> {
    const request: GraphRequest = { method: 'GET', path: `${IMPORTED}?$filter=${filterContains(serial)}` };
    const items = await this.pages(await this.graph.raw(request, signal), request, ImportedIdentity, signal);
    return (items ?? []).filter((item) => sameSerial(item.serialNumber, serial));
  }

  /** Import records by id; null for records that are gone. */
  async importedByIds(ids: string[], signal?: AbortSignal): Promise<Map<string, ImportedIdentity | null>> {
    const found = await this.batchGet(
      ids.map((id) => `${IMPORTED}/${encodeURIComponent(id)}`),
      ImportedIdentity,
      signal,
    );
    return new Map(ids.map((id, index) => [id, found[index] ?? null]));
  }

  /** Deletes import records (404 counts as done). */
  async deleteImported(ids: string[], signal?: AbortSignal): Promise<void> {
    const requests: GraphRequest[] = ids.map((id) => ({
      method: 'DELETE',
      path: `${IMPORTED}/${encodeURIComponent(id)}`,
    }));
    const responses = await this.graph.batch(requests, signal);
    responses.forEach((response, index) => {
      if (response.status >= 300 && response.status !== 404)
        throw this.graph.failure(requests[index] as GraphRequest, response);
    });
  }

  /**
   * Sets tag, user and name of a registered device. All four properties are sent, the unchanged ones with their
   * current values: whether the service keeps an omitted property is not documented, and a name-only update
   * was reported to clear the tag (field notes B6).
   */
  async updateDeviceProperties(id: string, properties: DeviceProperties, signal?: AbortSignal): Promise<void> {
    await this.graph.request(
      {
        method: 'POST',
        path: `${IDENTITIES}/${encodeURIComponent(id)}/updateDeviceProperties`,
        body: properties,
        idempotent: true,
      },
      signal,
    );
  }

  /** Deregisters a device (404 counts as done). */
  async deleteIdentity(id: string, signal?: AbortSignal): Promise<void> {
    const request: GraphRequest = { method: 'DELETE', path: `${IDENTITIES}/${encodeURIComponent(id)}` };
    const response = await this.graph.raw(request, signal);
    if (response.status >= 300 && response.status !== 404) throw this.graph.failure(request, response);
  }

  /** Triggers an Autopilot sync: "started", "busy" (409) or "too-soon" (429: within 10 minutes of the last one). */
  async sync(signal?: AbortSignal): Promise<'started' | 'busy' | 'too-soon'> {
    return (await this.trySync(signal)).outcome;
  }

  /**
   * Triggers an Autopilot sync once: 409 and 429 are answers (a sync runs; the last one was under 10 minutes
   * ago, tenant-wide), returned unretried with the Retry-After in ms when Graph gives one.
   */
  async trySync(signal?: AbortSignal): Promise<{ outcome: 'started' | 'busy' | 'too-soon'; retryAfterMs?: number }> {
    const request: GraphRequest = {
      method: 'POST',
      path: '/beta/deviceManagement/windowsAutopilotSettings/sync',
      throttleRetry: false,
    };
    const response = await this.graph.raw(request, signal);
    const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.graph.now());
    const extra = retryAfterMs !== undefined ? { retryAfterMs } : {};
    if (response.status === 409) return { outcome: 'busy', ...extra };
    if (response.status === 429) return { outcome: 'too-soon', ...extra };
    if (response.status >= 300) throw this.graph.failure(request, response);
    return { outcome: 'started' };
  }

  /** Autopilot settings (last sync). */
  settings(signal?: AbortSignal): Promise<z.infer<typeof AutopilotSettings>> {
    return this.graph.get('/beta/deviceManagement/windowsAutopilotSettings', AutopilotSettings, signal);
  }

  /** Every deployment profile. */
  listProfiles(signal?: AbortSignal): Promise<DeploymentProfile[]> {
    return this.graph.list(PROFILES, DeploymentProfile, signal);
  }

  /** Assignments of each profile, by profile id. */
  async profileAssignments(profileIds: string[], signal?: AbortSignal): Promise<Map<string, ProfileAssignment[]>> {
    const requests: GraphRequest[] = profileIds.map((id) => ({
      method: 'GET',
      path: `${PROFILES}/${encodeURIComponent(id)}/assignments`,
    }));
    const responses = await this.graph.batch(requests, signal);
    const out = new Map<string, ProfileAssignment[]>();
    for (const [index, response] of responses.entries()) {
      const items = await this.pages(response, requests[index] as GraphRequest, ProfileAssignment, signal);
      out.set(profileIds[index] as string, items ?? []);
    }
    return out;
  }

  /** Ids of the devices that have this profile assigned. */
  async profileAssignedDevices(profileId: string, signal?: AbortSignal): Promise<Set<string>> {
    const items = await this.graph.list(
      `${PROFILES}/${encodeURIComponent(profileId)}/assignedDevices`,
      z.looseObject({ id: z.string() }),
      signal,
    );
    return new Set(items.map((item) => item.id));
  }
}
