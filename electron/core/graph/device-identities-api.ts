/**
 * Corporate identifiers for Windows Autopilot device preparation: importedDeviceIdentities (beta), type
 * manufacturerModelSerial. See docs/graph-field-notes.md, "Corporate identifiers".
 */
import { z } from 'zod';
import type { GraphClient, GraphRequest } from './client';
import { parsePage } from './directory-api';

const SET = '/beta/deviceManagement/importedDeviceIdentities';
/** Identities per call: the documented Intune upload takes 5,000 rows; the API's own limit is not documented. */
export const IDENTITIES_PER_CALL = 500;

const Identity = z.looseObject({
  id: z.string(),
  importedDeviceIdentifier: z
    .string()
    .nullish()
    .transform((value) => value ?? ''),
  importedDeviceIdentityType: z
    .string()
    .nullish()
    .transform((value) => value ?? ''),
  status: z.boolean().optional(),
});
/** A stored identity, or the result of importing one (with status). */
export type DeviceIdentity = z.infer<typeof Identity>;

/** The identifier Intune keeps for a device: manufacturer, model and serial joined by commas (the CSV row). */
export function corporateIdentifier(manufacturer: string, model: string, serial: string): string {
  return [manufacturer, model, serial].map((part) => part.trim()).join(',');
}

const entry = (identifier: string): Record<string, unknown> => ({
  '@odata.type': '#microsoft.graph.importedDeviceIdentity',
  importedDeviceIdentityType: 'manufacturerModelSerial',
  importedDeviceIdentifier: identifier,
});

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += IDENTITIES_PER_CALL) out.push(items.slice(i, i + IDENTITIES_PER_CALL));
  return out;
}

/**
 * POSTs the identifiers to one of the set's actions in chunks and gathers the identities answered. Both actions
 * are safe to repeat (search reads; import never overwrites), so each request is marked idempotent.
 */
async function postInChunks(
  graph: GraphClient,
  action: string,
  identifiers: string[],
  body: (part: string[]) => Record<string, unknown>,
  signal?: AbortSignal,
): Promise<DeviceIdentity[]> {
  const out: DeviceIdentity[] = [];
  for (const part of chunks(identifiers)) {
    const request: GraphRequest = { method: 'POST', path: `${SET}/${action}`, body: body(part), idempotent: true };
    const response = await graph.request(request, signal);
    out.push(...parsePage(Identity, request, response.body).items);
  }
  return out;
}

/** The identities Intune already holds among these (searchExistingIdentities; read-only, safe to repeat). */
export function searchIdentities(
  graph: GraphClient,
  identifiers: string[],
  signal?: AbortSignal,
): Promise<DeviceIdentity[]> {
  return postInChunks(
    graph,
    'searchExistingIdentities',
    identifiers,
    (part) => ({ importedDeviceIdentities: part.map(entry) }),
    signal,
  );
}

/** Imports identities without overwriting existing ones (importDeviceIdentityList); one result each, with status. */
export function importIdentities(
  graph: GraphClient,
  identifiers: string[],
  description: string,
  signal?: AbortSignal,
): Promise<DeviceIdentity[]> {
  // Without overwrite a repeat cannot change what the first call stored.
  return postInChunks(
    graph,
    'importDeviceIdentityList',
    identifiers,
    (part) => ({
      importedDeviceIdentities: part.map((identifier) => ({ ...entry(identifier), description, platform: 'windows' })),
      overwriteImportedDeviceIdentities: false,
    }),
    signal,
  );
}
