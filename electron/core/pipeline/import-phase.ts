import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { AutopilotApi, ImportItem } from '../graph/autopilot-api';
import { GraphError } from '../graph/errors';
import type { Logger } from '../graph/logger';
import { isUnexpected } from '../graph/optimisations';
import type { ImportedIdentity } from '../graph/schemas';
import type { Journal } from '../store/journal';
import type { JournalDevice } from '../store/types';
import { importsOf, lookIdentities, type CostModel } from './observe';
import { permissionProblem, problem } from './problems';

/** Shared context of the upload steps. */
export interface ImportContext {
  api: AutopilotApi;
  journal: Journal;
  clock: Clock;
  logger: Logger;
  cost: CostModel;
  batchSize: number;
}

const MAX_UPLOADS = 4;

function iso(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}

function itemOf(device: JournalDevice): ImportItem {
  return {
    serialNumber: device.serial,
    hardwareIdentifier: device.hardwareHash,
    groupTag: device.groupTag,
    productKey: device.productKey,
    assignedUserPrincipalName: device.assignedUser,
  };
}

/** Makes the intent durable before the request: a crash or a lost answer leaves the device "in doubt". */
function markIntent(ctx: ImportContext, devices: JournalDevice[], batchId: string): void {
  const at = iso(ctx.clock);
  for (const device of devices)
    ctx.journal.update(device.key, { importBatchId: batchId, importIntentAt: at, importCount: device.importCount + 1 });
  ctx.journal.commit();
}

function adopt(ctx: ImportContext, device: JournalDevice, record: ImportedIdentity): void {
  ctx.journal.update(device.key, {
    importRecordId: record.id,
    importStatus: record.state.deviceImportStatus || 'pending',
  });
}

function failPermission(ctx: ImportContext, devices: JournalDevice[]): never {
  for (const device of devices) {
    ctx.journal.update(device.key, {
      importIntentAt: null,
      stage: 'failed',
      target: null,
      problem: permissionProblem(
        'imported',
        'DeviceManagementServiceConfig.ReadWrite.All',
        'the import was refused (403)',
      ),
    });
  }
  ctx.journal.commit();
  throw new AppError(
    'permission-missing',
    'DeviceManagementServiceConfig.ReadWrite.All is not granted: the import was refused (403).',
  );
}

/** A 4xx other than auth and throttling: the service read the row and refused it; nothing was created. */
function refusedRow(error: unknown): error is GraphError {
  return (
    error instanceof GraphError &&
    error.status >= 400 &&
    error.status < 500 &&
    error.status !== 401 &&
    error.status !== 403 &&
    error.status !== 408 &&
    error.status !== 429
  );
}

function failRow(ctx: ImportContext, device: JournalDevice, error: GraphError): void {
  const padding = /Edm\.Binary/i.test(error.message);
  ctx.journal.update(device.key, {
    importIntentAt: null,
    importBatchId: null,
    stage: 'failed',
    target: null,
    problem: problem(
      padding ? 'hash-padding' : `http-${error.status}`,
      'imported',
      padding
        ? 'Graph could not read the hardware hash: its base64 text is not padded correctly.'
        : `Graph refused the upload: ${error.message}`,
      padding
        ? 'Capture the hash again, or fix its "=" padding, and register again.'
        : 'Check the row (serial, hash, tag, user) and register again.',
    ),
  });
}

/**
 * The proven upload: one POST of one record per device, as Get-WindowsAutopilotInfo and the WindowsAutopilotIntune
 * module do. Returns how many devices Graph refused as rows (4xx).
 */
async function uploadEach(ctx: ImportContext, devices: JournalDevice[], signal?: AbortSignal): Promise<number> {
  let refused = 0;
  for (const device of devices) {
    markIntent(ctx, [device], randomUUID());
    try {
      adopt(ctx, device, await ctx.api.importOne(itemOf(device), device.key, signal));
    } catch (error) {
      if (error instanceof GraphError && error.status === 403) failPermission(ctx, [device]);
      if (refusedRow(error)) {
        refused += 1;
        failRow(ctx, device, error);
      } else {
        if (signal?.aborted || !(error instanceof GraphError)) throw error;
        // A 5xx or a lost answer: the record may exist. It is settled (by serial and hash) before any new upload.
        ctx.logger.warn('upload outcome unknown; it will be checked before any new upload', {
          serial: device.serial,
          error: error.message,
        });
      }
    }
    ctx.journal.commit();
  }
  return refused;
}

/** The optimisation: one bulk import action per chunk; any unexpected answer falls back to uploadEach. */
async function uploadChunk(ctx: ImportContext, chunk: JournalDevice[], signal?: AbortSignal): Promise<void> {
  const batchId = randomUUID();
  markIntent(ctx, chunk, batchId);
  let records: ImportedIdentity[];
  try {
    records = await ctx.api.importDevices(chunk.map(itemOf), batchId, signal);
  } catch (error) {
    if (error instanceof GraphError && error.status === 403) failPermission(ctx, chunk);
    if (refusedRow(error)) {
      // Refused as a whole, nothing created: each device goes on its own, so the row at fault is named. If no
      // row is refused alone, the bulk action itself was the problem.
      for (const device of chunk) ctx.journal.update(device.key, { importIntentAt: null, importBatchId: null });
      ctx.journal.commit();
      const refused = await uploadEach(ctx, fresh(ctx, chunk), signal);
      if (refused === 0) ctx.api.optimisations.refuse('bulk-import', error);
      return;
    }
    if (signal?.aborted || !(error instanceof GraphError)) throw error;
    // A 5xx or an unreadable answer may still have created records: the devices stay in doubt, are settled by
    // serial and hash, and are then uploaded one by one.
    if (isUnexpected(error)) ctx.api.optimisations.refuse('bulk-import', error);
    ctx.logger.warn('upload outcome unknown; it will be checked before any new upload', {
      devices: chunk.length,
      error: error.message,
    });
    return;
  }
  ctx.api.optimisations.accepted('bulk-import');
  const bySerial = new Map(records.map((record) => [record.serialNumber.trim().toUpperCase(), record]));
  for (const device of chunk) {
    const record = bySerial.get(device.key);
    if (record) adopt(ctx, device, record);
  }
  ctx.journal.commit();
}

function fresh(ctx: ImportContext, devices: JournalDevice[]): JournalDevice[] {
  return devices.map((device) => ctx.journal.get(device.key) as JournalDevice);
}

/** Uploads devices: the bulk action where the tenant accepts it and there is more than one, else one by one. */
export async function uploadDevices(ctx: ImportContext, devices: JournalDevice[], signal?: AbortSignal): Promise<void> {
  if (devices.length === 1 || !ctx.api.optimisations.enabled('bulk-import')) {
    await uploadEach(ctx, devices, signal);
    return;
  }
  for (let start = 0; start < devices.length; start += ctx.batchSize) {
    const chunk = fresh(ctx, devices.slice(start, start + ctx.batchSize));
    if (ctx.api.optimisations.enabled('bulk-import')) await uploadChunk(ctx, chunk, signal);
    else await uploadEach(ctx, chunk, signal);
  }
}

/**
 * Settles devices whose upload outcome is unknown (crash, lost answer, 5xx): adopts an import record of the
 * same serial and hash, or the registered device; otherwise nothing was created and a new upload is allowed.
 * The importId is not used: it is not documented to read back (field notes B8).
 */
export async function settleInDoubt(ctx: ImportContext, devices: JournalDevice[], signal?: AbortSignal): Promise<void> {
  if (devices.length === 0) return;
  const records = await importsOf(ctx.api, devices, signal);
  const rest: JournalDevice[] = [];
  for (const device of devices) {
    const found = records.get(device.key) ?? [];
    // The newest record is the one to follow; older ones of the same device are someone's leftovers.
    const record = found.at(-1);
    if (record) {
      adopt(ctx, device, record);
      const extra = found.slice(0, -1).map((item) => item.id);
      if (extra.length > 0) await ctx.api.deleteImported(extra, signal).catch(() => undefined);
    } else rest.push(device);
  }
  if (rest.length > 0) {
    const look = await lookIdentities(ctx.api, rest, ctx.cost, signal);
    for (const device of rest) {
      // A record this run deregistered for a replacement may still be listed: it is not the upload's outcome.
      const identity = look.byKey.get(device.key)?.find((item) => item.id !== device.replacedRecordId);
      if (identity) {
        ctx.journal.update(device.key, {
          autopilotDeviceId: identity.id,
          importStatus: 'complete',
          importRecordDeleted: true,
          importIntentAt: null,
        });
      } else if (device.importCount >= MAX_UPLOADS) {
        ctx.journal.update(device.key, {
          stage: 'failed',
          target: null,
          importIntentAt: null,
          problem: problem(
            'import-unavailable',
            'imported',
            `The upload did not go through after ${device.importCount} attempts (Graph did not answer).`,
            'Check the network or proxy and run the same command again.',
          ),
        });
      } else {
        ctx.journal.update(device.key, { importIntentAt: null, importBatchId: null });
      }
    }
  }
  ctx.journal.commit();
}
