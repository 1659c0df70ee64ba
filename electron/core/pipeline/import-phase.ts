import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { AutopilotApi } from '../graph/autopilot-api';
import { GraphError } from '../graph/errors';
import type { Logger } from '../graph/logger';
import type { Journal } from '../store/journal';
import { journalKey } from '../store/records';
import type { JournalDevice } from '../store/types';
import { lookIdentities, importsByBatch, type CostModel } from './observe';
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

/**
 * Uploads devices with the import action. The intent (batch id) is made durable before the request, so a crash
 * or a lost response leaves the device "in doubt", never forgotten; only a 4xx proves nothing was created.
 */
export async function uploadDevices(ctx: ImportContext, devices: JournalDevice[], signal?: AbortSignal): Promise<void> {
  for (let start = 0; start < devices.length; start += ctx.batchSize) {
    await uploadChunk(ctx, devices.slice(start, start + ctx.batchSize), signal);
  }
}

async function uploadChunk(ctx: ImportContext, chunk: JournalDevice[], signal?: AbortSignal): Promise<void> {
  if (chunk.length === 0) return;
  const batchId = randomUUID();
  const at = iso(ctx.clock);
  for (const device of chunk)
    ctx.journal.update(device.key, { importBatchId: batchId, importIntentAt: at, importCount: device.importCount + 1 });
  ctx.journal.commit();
  let records;
  try {
    records = await ctx.api.importDevices(
      chunk.map((device) => ({
        serialNumber: device.serial,
        hardwareIdentifier: device.hardwareHash,
        groupTag: device.groupTag,
        productKey: device.productKey,
        assignedUserPrincipalName: device.assignedUser,
      })),
      batchId,
      signal,
    );
  } catch (error) {
    if (error instanceof GraphError && error.status === 403) {
      for (const device of chunk) {
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
    if (
      error instanceof GraphError &&
      error.status >= 400 &&
      error.status < 500 &&
      error.status !== 408 &&
      error.status !== 429
    ) {
      // The request was rejected as a whole: nothing was created. Halve it to find the row at fault.
      for (const device of chunk) ctx.journal.update(device.key, { importIntentAt: null, importBatchId: null });
      ctx.journal.commit();
      if (chunk.length > 1) {
        const half = Math.ceil(chunk.length / 2);
        await uploadChunk(
          ctx,
          chunk.slice(0, half).map((device) => ctx.journal.get(device.key) as JournalDevice),
          signal,
        );
        await uploadChunk(
          ctx,
          chunk.slice(half).map((device) => ctx.journal.get(device.key) as JournalDevice),
          signal,
        );
        return;
      }
      const single = chunk[0] as JournalDevice;
      const padding = /Edm\.Binary/i.test(error.message);
      ctx.journal.update(single.key, {
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
      ctx.journal.commit();
      return;
    }
    if (signal?.aborted) throw error;
    ctx.logger.warn('upload outcome unknown; it will be checked before any new upload', {
      devices: chunk.length,
      error: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  const bySerial = new Map(records.map((record) => [journalKey(record.serialNumber), record]));
  for (const device of chunk) {
    const record = bySerial.get(device.key);
    if (record)
      ctx.journal.update(device.key, {
        importRecordId: record.id,
        importStatus: record.state.deviceImportStatus || 'pending',
      });
  }
  ctx.journal.commit();
}

/**
 * Settles devices whose upload outcome is unknown (crash, lost response): adopts the import record or the
 * registered device if one exists, otherwise proves nothing was created and allows a new upload.
 */
export async function settleInDoubt(ctx: ImportContext, devices: JournalDevice[], signal?: AbortSignal): Promise<void> {
  if (devices.length === 0) return;
  const byBatch = await importsByBatch(ctx.api, signal);
  const rest: JournalDevice[] = [];
  for (const device of devices) {
    const record = byBatch.get(`${device.importBatchId}|${device.key}`)?.[0];
    if (record)
      ctx.journal.update(device.key, {
        importRecordId: record.id,
        importStatus: record.state.deviceImportStatus || 'pending',
      });
    else rest.push(device);
  }
  if (rest.length > 0) {
    const look = await lookIdentities(ctx.api, rest, ctx.cost, signal);
    for (const device of rest) {
      const identity = look.byKey.get(device.key)?.[0];
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
