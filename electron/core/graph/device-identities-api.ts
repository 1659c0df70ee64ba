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

async function post(graph: GraphClient, request: GraphRequest, signal?: AbortSignal): Promise<DeviceIdentity[]> {
  const response = await graph.request(request, signal);
  return parsePage(Identity, request, response.body).items;
}

/** The identities Intune already holds among these (searchExistingIdentities; read-only, safe to repeat). */
export async function searchIdentities(
  graph: GraphClient,
  identifiers: string[],
  signal?: AbortSignal,
): Promise<DeviceIdentity[]> {
  const out: DeviceIdentity[] = [];
  for (const part of chunks(identifiers)) {
    out.push(
      ...(await post(
        graph,
        {
          method: 'POST',
          path: `${SET}/searchExistingIdentities`,
          body: { importedDeviceIdentities: part.map(entry) },
          idempotent: true,
        },
        signal,
      )),
    );
  }
  return out;
}

/** Imports identities without overwriting existing ones (importDeviceIdentityList); one result each, with status. */
export async function importIdentities(
  graph: GraphClient,
  identifiers: string[],
  description: string,
  signal?: AbortSignal,
): Promise<DeviceIdentity[]> {
  const out: DeviceIdentity[] = [];
  for (const part of chunks(identifiers)) {
    out.push(
      ...(await post(
        graph,
        {
          method: 'POST',
          path: `${SET}/importDeviceIdentityList`,
          body: {
            importedDeviceIdentities: part.map((identifier) => ({
              ...entry(identifier),
              description,
              platform: 'windows',
            })),
            overwriteImportedDeviceIdentities: false,
          },
          // Without overwrite a repeat cannot change what the first call stored.
          idempotent: true,
        },
        signal,
      )),
    );
  }
  return out;
}
