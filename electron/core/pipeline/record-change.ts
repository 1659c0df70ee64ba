import { randomInt } from 'node:crypto';
import { csvValueProblem } from '../../../shared/domain/csv/values';
import { deviceNameProblem, expandNameTemplate, isNameTemplate } from '../../../shared/domain/device-name';
import type { RecordActionResult, RecordChange } from '../../../shared/domain/tenant-record';
import type { Clock } from '../clock';
import type { DeviceProperties } from '../graph/autopilot-api';
import { GraphError } from '../graph/errors';
import type { AutopilotIdentity } from '../graph/schemas';
import { lookupRecords, type LookupContext } from './record-lookup';

/** What a change needs: the look-up's context, a clock, and how long and how often to wait for the read-back. */
export interface ChangeContext extends LookupContext {
  clock: Clock;
  /** How often the records are read while waiting for the new values (the identity poll). */
  pollMs: number;
  /** How long the new values may take to read back (default 15 minutes, the "imported" stage limit). */
  readBackTimeoutMs?: number;
  /** A random digit 0-9 for %RAND:x% in a name template. */
  digit?: () => number;
}

/** Why a change cannot be sent, naming the field; null when it can. */
export function changeProblem(change: RecordChange): string | null {
  if (change.groupTag === undefined && change.assignedUser === undefined && change.deviceName === undefined)
    return 'Give a new group tag, user or device name.';
  const tagProblem = change.groupTag ? csvValueProblem(change.groupTag) : null;
  if (tagProblem) return `Group tag "${change.groupTag}" ${tagProblem}.`;
  if (change.deviceName) {
    // A template's characters are checked here; each device's own name is checked once expanded.
    const sample = expandNameTemplate(change.deviceName, 'S', () => 0);
    const problem = deviceNameProblem(sample);
    if (problem) return `Device name "${change.deviceName}" ${problem}.`;
  }
  return null;
}

/** The four properties to send: the change where given, the record's own values otherwise (field notes B6). */
function wanted(identity: AutopilotIdentity, change: RecordChange, name: string | undefined): DeviceProperties {
  const user = change.assignedUser ?? identity.userPrincipalName;
  const userChanged = user.toLowerCase() !== identity.userPrincipalName.toLowerCase();
  return {
    groupTag: change.groupTag ?? identity.groupTag,
    userPrincipalName: user,
    addressableUserName: userChanged ? (user ? (user.split('@')[0] ?? user) : '') : identity.addressableUserName,
    displayName: name ?? identity.displayName,
  };
}

function readsBack(identity: AutopilotIdentity, values: DeviceProperties): boolean {
  return (
    identity.groupTag === values.groupTag &&
    identity.userPrincipalName.toLowerCase() === values.userPrincipalName.toLowerCase() &&
    identity.displayName === values.displayName
  );
}

function describe(values: DeviceProperties): string {
  return `tag "${values.groupTag}", user "${values.userPrincipalName || '(none)'}", name "${values.displayName || '(none)'}"`;
}

function result(
  serial: string,
  outcome: RecordActionResult['outcome'],
  message: string,
  nextStep: string | null = null,
): RecordActionResult {
  return { serial, outcome, message, nextStep, record: null };
}

/**
 * Changes tag, user and/or name of the records of `serials` (updateDeviceProperties with all four properties)
 * and follows each to its read-back: accepted at once, the new values show minutes later (field notes B6).
 * A name template (%SERIAL%, %RAND:x%) gives each device its own name.
 */
export async function changeRecords(
  ctx: ChangeContext,
  serials: string[],
  change: RecordChange,
  signal?: AbortSignal,
): Promise<RecordActionResult[]> {
  const shared =
    serials.length > 1 && change.deviceName && !isNameTemplate(change.deviceName)
      ? `Several devices cannot share the name "${change.deviceName}": use %SERIAL% or %RAND:x%.`
      : null;
  const problem = changeProblem(change) ?? shared;
  if (problem) return serials.map((serial) => result(serial, 'refused', problem, 'Correct the value and try again.'));
  const found = await ctx.api.identitiesBySerial(serials, signal);
  const results = new Map<string, RecordActionResult>();
  const waiting = new Map<string, { serial: string; values: DeviceProperties }>();
  const digit = ctx.digit ?? (() => randomInt(10));
  for (const serial of serials) {
    const records = found.get(serial) ?? [];
    const identity = records[0];
    if (!identity) {
      results.set(serial, result(serial, 'not-found', `No Autopilot record with serial ${serial} in this tenant.`));
      continue;
    }
    if (records.length > 1) {
      results.set(
        serial,
        result(
          serial,
          'refused',
          `${records.length} Autopilot records share serial ${serial}; none was changed.`,
          'Change the right one in Intune (Devices > Windows > Enrollment > Devices), or deregister the stale one first.',
        ),
      );
      continue;
    }
    const name = change.deviceName === undefined ? undefined : expandNameTemplate(change.deviceName, serial, digit);
    const nameProblem = name ? deviceNameProblem(name) : undefined;
    if (name && nameProblem) {
      results.set(serial, result(serial, 'refused', `Device name "${name}" ${nameProblem}.`, 'Use a shorter name.'));
      continue;
    }
    const values = wanted(identity, change, name);
    if (readsBack(identity, values)) {
      results.set(serial, result(serial, 'done', `Already ${describe(values)}: nothing to change.`));
      continue;
    }
    try {
      await ctx.api.updateDeviceProperties(identity.id, values, signal);
    } catch (error) {
      if (!(error instanceof GraphError)) throw error;
      results.set(
        serial,
        result(
          serial,
          'failed',
          `Intune refused the change: ${error.message}`,
          error.status === 403
            ? 'Grant DeviceManagementServiceConfig.ReadWrite.All (and, signed in as a person, an Intune role), then try again.'
            : 'Check the user principal name (a licensed Intune user) and try again.',
        ),
      );
      continue;
    }
    waiting.set(identity.id, { serial, values });
  }
  const deadline = ctx.clock.now() + (ctx.readBackTimeoutMs ?? 15 * 60_000);
  const readBack: string[] = [];
  // Read again at the identity poll, backing off to a minute: Intune shows accepted values minutes later.
  let delay = ctx.pollMs;
  while (waiting.size > 0) {
    const current = await ctx.api.identities([...waiting.keys()], signal);
    for (const [id, identity] of current) {
      const entry = waiting.get(id);
      if (!entry) continue;
      if (identity === null) {
        results.set(entry.serial, result(entry.serial, 'failed', 'The record was deleted while the change was sent.'));
        waiting.delete(id);
      } else if (readsBack(identity, entry.values)) {
        results.set(entry.serial, result(entry.serial, 'done', `Read back: ${describe(entry.values)}.`));
        readBack.push(entry.serial);
        waiting.delete(id);
      }
    }
    if (waiting.size === 0) break;
    if (ctx.clock.now() >= deadline) {
      for (const { serial, values } of waiting.values())
        results.set(
          serial,
          result(
            serial,
            'timed-out',
            `Intune accepted the change but did not show ${describe(values)} in time.`,
            'Look the serial up again in a few minutes; Intune applies accepted changes late.',
          ),
        );
      break;
    }
    await ctx.clock.sleep(Math.min(delay, deadline - ctx.clock.now()), signal);
    delay = Math.min(delay * 2, Math.max(ctx.pollMs, 60_000));
  }
  if (readBack.length > 0) {
    for (const looked of await lookupRecords(ctx, readBack, signal)) {
      const entry = results.get(looked.serial);
      if (entry) entry.record = looked.records[0] ?? null;
    }
  }
  return serials.map((serial) => results.get(serial) as RecordActionResult);
}
