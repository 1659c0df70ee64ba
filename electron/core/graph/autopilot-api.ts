import { z } from 'zod';
import type { GraphClient, GraphRequest, GraphResponse } from './client';
import { GraphError } from './errors';
import { parseRetryAfter } from './retry';
import {
  AutopilotIdentity,
  AutopilotSettings,
  DeploymentProfile,
  DirectoryObject,
  Group,
  ImportedIdentity,
  ImportResponse,
  ProfileAssignment,
} from './schemas';

const IMPORTED = '/v1.0/deviceManagement/importedWindowsAutopilotDeviceIdentities';
const IDENTITIES = '/beta/deviceManagement/windowsAutopilotDeviceIdentities';
const PROFILES = '/beta/deviceManagement/windowsAutopilotDeploymentProfiles';
const IDENTITY_SELECT =
  'id,serialNumber,groupTag,manufacturer,model,enrollmentState,managedDeviceId,userPrincipalName,azureActiveDirectoryDeviceId,azureAdDeviceId,deploymentProfileAssignmentStatus,deploymentProfileAssignedDateTime';

/** One device to import: what the import action takes. */
export interface ImportItem {
  serialNumber: string;
  hardwareIdentifier: string;
  groupTag: string;
  productKey: string;
  assignedUserPrincipalName: string;
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

function parseItems<T>(schema: z.ZodType<T>, response: GraphResponse): T[] {
  const body = response.body as { value?: unknown } | null;
  if (!body || !Array.isArray(body.value)) return [];
  return body.value.flatMap((item) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

/** Typed Autopilot, Entra device and group operations on a Graph client. */
export class AutopilotApi {
  /** $select of device identities; dropped for good if the service refuses a property (400). */
  private identitySelect = `&$select=${IDENTITY_SELECT}`;

  constructor(readonly graph: GraphClient) {}

  /** Registered devices whose serial equals one of `serials` exactly, per serial ($batch of contains-queries). */
  async identitiesBySerial(serials: string[], signal?: AbortSignal): Promise<Map<string, AutopilotIdentity[]>> {
    let requests: GraphRequest[] = serials.map((serial) => ({
      method: 'GET',
      path: `${IDENTITIES}?$filter=${filterContains(serial)}${this.identitySelect}`,
    }));
    let responses = await this.graph.batch(requests, signal);
    if (this.identitySelect && responses.every((response) => response.status === 400)) {
      this.identitySelect = '';
      requests = serials.map((serial) => ({ method: 'GET', path: `${IDENTITIES}?$filter=${filterContains(serial)}` }));
      responses = await this.graph.batch(requests, signal);
    }
    const found = new Map<string, AutopilotIdentity[]>();
    let everyDevice: AutopilotIdentity[] | null = null;
    const exact = (items: AutopilotIdentity[], serial: string): AutopilotIdentity[] =>
      items.filter((item) => item.serialNumber.trim().toUpperCase() === serial.trim().toUpperCase());
    for (const [index, response] of responses.entries()) {
      const serial = serials[index] as string;
      if (response.status === 400) {
        // contains() has refused odd serials (reference §2.3): walk the device list once and match client-side.
        everyDevice ??= (await this.listIdentities(signal)) ?? [];
        found.set(serial, exact(everyDevice, serial));
        continue;
      }
      if (response.status !== 200) throw this.graph.failure(requests[index] as GraphRequest, response);
      let items = parseItems(AutopilotIdentity, response);
      let next = (response.body as Record<string, unknown>)['@odata.nextLink'];
      while (typeof next === 'string') {
        const page = await this.graph.request({ method: 'GET', path: next }, signal);
        items = items.concat(parseItems(AutopilotIdentity, page));
        next = (page.body as Record<string, unknown>)['@odata.nextLink'];
      }
      found.set(serial, exact(items, serial));
    }
    return found;
  }

  /** Every registered device, first page first; `onPage` may stop the walk by returning false. */
  async listIdentities(signal?: AbortSignal, onPage?: (pages: number) => boolean): Promise<AutopilotIdentity[] | null> {
    const items: AutopilotIdentity[] = [];
    let next: string | undefined = `${IDENTITIES}?${this.identitySelect.slice(1)}`;
    let pages = 0;
    while (next) {
      let response;
      try {
        response = await this.graph.request({ method: 'GET', path: next }, signal);
      } catch (error) {
        if (!(error instanceof GraphError) || error.status !== 400 || pages > 0 || !this.identitySelect) throw error;
        this.identitySelect = '';
        next = IDENTITIES;
        continue;
      }
      pages += 1;
      items.push(...parseItems(AutopilotIdentity, response));
      const link = (response.body as Record<string, unknown> | null)?.['@odata.nextLink'];
      next = typeof link === 'string' ? link : undefined;
      if (next && onPage && !onPage(pages)) return null;
    }
    return items;
  }

  /** One registered device by id, with its current and intended profile; null when gone. */
  async identity(id: string, signal?: AbortSignal): Promise<AutopilotIdentity | null> {
    try {
      return await this.graph.get(
        `${IDENTITIES}/${encodeURIComponent(id)}?$expand=deploymentProfile,intendedDeploymentProfile`,
        AutopilotIdentity,
        signal,
      );
    } catch (error) {
      if (error instanceof GraphError && error.notFound) return null;
      throw error;
    }
  }

  /** Registered devices by id with their current profile expanded ($batch); null for ids that are gone. */
  async identities(ids: string[], signal?: AbortSignal): Promise<Map<string, AutopilotIdentity | null>> {
    const requests: GraphRequest[] = ids.map((id) => ({
      method: 'GET',
      path: `${IDENTITIES}/${encodeURIComponent(id)}?$expand=deploymentProfile,intendedDeploymentProfile`,
    }));
    const responses = await this.graph.batch(requests, signal);
    const out = new Map<string, AutopilotIdentity | null>();
    responses.forEach((response, index) => {
      const id = ids[index] as string;
      if (response.status === 404) out.set(id, null);
      else if (response.status !== 200) throw this.graph.failure(requests[index] as GraphRequest, response);
      else {
        const parsed = AutopilotIdentity.safeParse(response.body);
        out.set(id, parsed.success ? parsed.data : null);
      }
    });
    return out;
  }

  /** Uploads hashes with the import action; returns the created import records. */
  async importDevices(items: ImportItem[], importId: string, signal?: AbortSignal): Promise<ImportedIdentity[]> {
    const body = {
      importedWindowsAutopilotDeviceIdentities: items.map((item) => ({
        '@odata.type': '#microsoft.graph.importedWindowsAutopilotDeviceIdentity',
        ...item,
        importId,
        state: { deviceImportStatus: 'pending', deviceRegistrationId: '', deviceErrorCode: 0, deviceErrorName: '' },
      })),
    };
    const response = await this.graph.request({ method: 'POST', path: `${IMPORTED}/import`, body }, signal);
    const parsed = ImportResponse.safeParse(response.body);
    if (!parsed.success)
      throw new GraphError(
        'Unexpected response from the import action',
        response.status,
        'bad-response',
        'POST',
        `${IMPORTED}/import`,
      );
    return parsed.data.value;
  }

  /** Every import record in the tenant (few when every tool deletes its own once terminal). */
  listImported(signal?: AbortSignal, onPage?: () => void): Promise<ImportedIdentity[]> {
    return this.graph.list(IMPORTED, ImportedIdentity, signal, undefined, onPage);
  }

  /** Import records by id ($batch); null for records that are gone. */
  async importedByIds(ids: string[], signal?: AbortSignal): Promise<Map<string, ImportedIdentity | null>> {
    const requests: GraphRequest[] = ids.map((id) => ({
      method: 'GET',
      path: `${IMPORTED}/${encodeURIComponent(id)}`,
    }));
    const responses = await this.graph.batch(requests, signal);
    const out = new Map<string, ImportedIdentity | null>();
    responses.forEach((response, index) => {
      const id = ids[index] as string;
      if (response.status === 404) out.set(id, null);
      else if (response.status !== 200) throw this.graph.failure(requests[index] as GraphRequest, response);
      else {
        const parsed = ImportedIdentity.safeParse(response.body);
        out.set(id, parsed.success ? parsed.data : null);
      }
    });
    return out;
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

  /** Sets group tag and user of a registered device (updateDeviceProperties). */
  async updateDeviceProperties(
    id: string,
    properties: { groupTag?: string; userPrincipalName?: string; addressableUserName?: string },
    signal?: AbortSignal,
  ): Promise<void> {
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
    return this.graph.list(`${PROFILES}?$select=id,displayName,createdDateTime`, DeploymentProfile, signal);
  }

  /** Assignments of each profile, by profile id ($batch). */
  async profileAssignments(profileIds: string[], signal?: AbortSignal): Promise<Map<string, ProfileAssignment[]>> {
    const requests: GraphRequest[] = profileIds.map((id) => ({
      method: 'GET',
      path: `${PROFILES}/${encodeURIComponent(id)}/assignments`,
    }));
    const responses = await this.graph.batch(requests, signal);
    const out = new Map<string, ProfileAssignment[]>();
    responses.forEach((response, index) => {
      if (response.status !== 200) throw this.graph.failure(requests[index] as GraphRequest, response);
      out.set(profileIds[index] as string, parseItems(ProfileAssignment, response));
    });
    return out;
  }

  /** Ids of the devices that have this profile assigned. */
  async profileAssignedDevices(profileId: string, signal?: AbortSignal): Promise<Set<string>> {
    const items = await this.graph.list(
      `${PROFILES}/${encodeURIComponent(profileId)}/assignedDevices?$select=id,serialNumber`,
      z.looseObject({ id: z.string() }),
      signal,
    );
    return new Set(items.map((item) => item.id));
  }

  /** Groups by id ($batch); missing groups are left out. */
  async groups(ids: string[], signal?: AbortSignal): Promise<Map<string, Group>> {
    const requests: GraphRequest[] = ids.map((id) => ({
      method: 'GET',
      path: `/v1.0/groups/${encodeURIComponent(id)}?$select=id,displayName,membershipRule,membershipRuleProcessingState,groupTypes`,
    }));
    const responses = await this.graph.batch(requests, signal);
    const out = new Map<string, Group>();
    responses.forEach((response, index) => {
      if (response.status === 404) return;
      if (response.status !== 200) throw this.graph.failure(requests[index] as GraphRequest, response);
      const parsed = Group.safeParse(response.body);
      if (parsed.success) out.set(ids[index] as string, parsed.data);
    });
    return out;
  }

  /** Dynamic groups whose rule mentions "[OrderID]:" (the tag groups), for tag discovery. */
  listTagGroups(signal?: AbortSignal): Promise<Group[]> {
    const filter = encodeURIComponent("groupTypes/any(c:c eq 'DynamicMembership')");
    return this.graph.list(
      `/v1.0/groups?$filter=${filter}&$select=id,displayName,membershipRule,membershipRuleProcessingState,groupTypes&$top=999`,
      Group,
      signal,
    );
  }

  /** Entra deviceIds of a group's device members (needs GroupMember.Read.All or Group.Read.All, plus Device.Read.All). */
  async groupDeviceIds(groupId: string, signal?: AbortSignal, onPage?: () => void): Promise<Set<string>> {
    const base = `/v1.0/groups/${encodeURIComponent(groupId)}/members`;
    let members;
    try {
      members = await this.graph.list(
        `${base}?$select=id,deviceId&$top=999`,
        DirectoryObject,
        signal,
        undefined,
        onPage,
      );
    } catch (error) {
      // deviceId exists on devices only; should the service refuse it in $select for a mixed group, ask plainly.
      if (!(error instanceof GraphError) || error.status !== 400) throw error;
      members = await this.graph.list(`${base}?$top=999`, DirectoryObject, signal, undefined, onPage);
    }
    return new Set(members.map((member) => member.deviceId.toLowerCase()).filter(Boolean));
  }

  /** Group ids of each Entra device, by deviceId ($batch of memberOf by alternate key; Device.Read.All), every page. */
  async deviceGroups(deviceIds: string[], signal?: AbortSignal): Promise<Map<string, Set<string> | null>> {
    // memberOf pages at 100 by default (max 999): ask for the most per page and follow nextLink outside the batch.
    const requests: GraphRequest[] = deviceIds.map((id) => ({
      method: 'GET',
      path: `/v1.0/devices(deviceId='${encodeURIComponent(id)}')/memberOf?$select=id&$top=999`,
    }));
    const responses = await this.graph.batch(requests, signal);
    const out = new Map<string, Set<string> | null>();
    for (const [index, response] of responses.entries()) {
      const id = deviceIds[index] as string;
      if (response.status === 404) out.set(id, null);
      else if (response.status !== 200) throw this.graph.failure(requests[index] as GraphRequest, response);
      else {
        const groups = new Set(parseItems(DirectoryObject, response).map((item) => item.id));
        const next = (response.body as Record<string, unknown> | null)?.['@odata.nextLink'];
        if (typeof next === 'string' && next)
          for (const item of await this.graph.list(next, DirectoryObject, signal)) groups.add(item.id);
        out.set(id, groups);
      }
    }
    return out;
  }
}
