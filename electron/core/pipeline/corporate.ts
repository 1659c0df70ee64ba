import { corporateIdentityProblem, type CorporateIdentity } from '../../../shared/domain/corporate';
import { isTerminal } from '../../../shared/domain/device';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import type { GraphClient } from '../graph/client';
import { corporateIdentifier, importIdentities, searchIdentities } from '../graph/device-identities-api';
import type { Journal } from '../store/journal';
import { journalKey, newJournalDevice } from '../store/records';
import type { JournalDevice, JournalSource } from '../store/types';
import { advance } from './phase';
import { problem } from './problems';

/** One device to add as a corporate identifier (from a hash, which holds all three, or a 3-column CSV row). */
export interface CorporateInput extends CorporateIdentity {
  /** File and line, or the board's device (shown to people). */
  origin?: string;
  source?: JournalSource;
  /** The hash it was read from, kept in the journal like any captured device (never sent for this kind). */
  hardwareHash?: string;
}

/** A row that was not added, with why. */
export interface CorporateRejection {
  origin: string;
  serial: string;
  reason: string;
}

const DESCRIPTION = 'Added by Autopilot Console';

/** Why the identifiers could not be sent, naming Graph's error. */
function graphProblem(error: unknown): ReturnType<typeof problem> {
  const message = error instanceof Error ? error.message : String(error);
  return problem(
    error instanceof AppError ? error.code : 'graph-error',
    'imported',
    `The corporate identifier could not be added: Microsoft Graph failed (${message}).`,
    'Check the connection and the permissions ("doctor" or "Test connection"), then add the device again.',
  );
}

/**
 * Looks the identifiers up, imports the new ones, and returns those Intune holds (found first) and those it added.
 * An import answered status false is looked up once more: a repeated request (after a lost answer or a 503) finds
 * the identifier stored by the first one, and that counts as added.
 */
async function sendIdentifiers(
  graph: GraphClient,
  items: { identifier: string }[],
  signal?: AbortSignal,
): Promise<{ held: Set<string>; added: Set<string> }> {
  const lower = (found: { importedDeviceIdentifier: string }[]): string[] =>
    found.map((identity) => identity.importedDeviceIdentifier.toLowerCase());
  const held = new Set(
    lower(
      await searchIdentities(
        graph,
        items.map((item) => item.identifier),
        signal,
      ),
    ),
  );
  const fresh = items.filter((item) => !held.has(item.identifier.toLowerCase())).map((item) => item.identifier);
  const results = fresh.length > 0 ? await importIdentities(graph, fresh, DESCRIPTION, signal) : [];
  const added = new Set(lower(results.filter((result) => result.status === true)));
  const refused = fresh.filter((identifier) => !added.has(identifier.toLowerCase()));
  if (refused.length > 0) for (const found of lower(await searchIdentities(graph, refused, signal))) added.add(found);
  return { held, added };
}

/**
 * Adds devices as corporate identifiers (importedDeviceIdentities, manufacturerModelSerial): checks each, looks
 * the identifiers up (searchExistingIdentities), imports only the new ones without overwriting, and moves each
 * device to "added as corporate identifier" (one Intune already held counts as added) or "failed".
 */
export async function addCorporateIdentifiers(
  deps: { graph: GraphClient; journal: Journal; clock: Clock },
  inputs: CorporateInput[],
  signal?: AbortSignal,
): Promise<{ keys: string[]; rejected: CorporateRejection[] }> {
  const { graph, journal, clock } = deps;
  const rejected: CorporateRejection[] = [];
  const wanted = new Map<string, { key: string; identifier: string }>();
  const at = new Date(clock.now()).toISOString();
  for (const input of inputs) {
    const origin = input.origin ?? '';
    const why = corporateIdentityProblem(input);
    if (why) {
      rejected.push({ origin, serial: input.serial, reason: `${why}.` });
      continue;
    }
    const key = journalKey(input.serial);
    const existing = journal.get(key);
    if (
      existing &&
      existing.kind !== 'corporate-identifier' &&
      existing.target !== null &&
      !isTerminal(existing.stage)
    ) {
      rejected.push({
        origin,
        serial: input.serial,
        reason: 'the device is being registered with Windows Autopilot right now.',
      });
      continue;
    }
    const identifier = corporateIdentifier(input.manufacturer, input.model, input.serial);
    if ([...wanted.values()].some((item) => item.key === key)) {
      rejected.push({ origin, serial: input.serial, reason: 'the same serial is already in this upload.' });
      continue;
    }
    journal.put({
      ...newJournalDevice(
        {
          serial: input.serial.trim(),
          hardwareHash: input.hardwareHash ?? existing?.hardwareHash ?? '',
          manufacturer: input.manufacturer.trim(),
          model: input.model.trim(),
          source: input.source ?? 'csv',
          origin,
        },
        existing?.stageTimes.collected ?? at,
      ),
      kind: 'corporate-identifier',
      target: 'imported',
      stageStartedAt: at,
    });
    wanted.set(identifier.toLowerCase(), { key, identifier });
  }
  journal.commit();
  const items = [...wanted.values()];
  if (items.length === 0) return { keys: [], rejected };
  let held: Set<string>;
  let added: Set<string>;
  try {
    ({ held, added } = await sendIdentifiers(graph, items, signal));
  } catch (error) {
    // Nothing must stay in flight: a device no run follows would never leave "Hash collected".
    for (const item of items) journal.update(item.key, { stage: 'failed', target: null, problem: graphProblem(error) });
    journal.commit();
    throw error;
  }
  for (const item of items) {
    const device = journal.get(item.key) as JournalDevice;
    const lower = item.identifier.toLowerCase();
    if (held.has(lower) || added.has(lower)) {
      advance(journal, clock, device, 'imported', {
        target: null,
        warnings: held.has(lower)
          ? [...device.warnings.filter((w) => !w.startsWith('already')), 'already a corporate identifier in Intune']
          : device.warnings,
      });
    } else {
      journal.update(item.key, {
        stage: 'failed',
        target: null,
        problem: problem(
          'identity-not-added',
          'imported',
          `Intune did not add "${item.identifier}" as a corporate identifier (its answer said status false, without a reason).`,
          'Check the manufacturer, model and serial against what the device reports (Settings > System > About, or "wmic csproduct get vendor,name,identifyingnumber"), then try again.',
        ),
      });
    }
  }
  journal.commit();
  return { keys: items.map((item) => item.key), rejected };
}
