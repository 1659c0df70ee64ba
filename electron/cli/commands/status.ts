import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STAGE_LABELS } from '../../../shared/domain/device';
import { deviceView } from '../../core/pipeline/view';
import { Journal, tenantJournalDir } from '../../core/store/journal';
import { journalKey } from '../../core/store/records';
import { readOfflineQueue } from '../../core/files/offline-queue-store';
import type { CliCommand } from '../context';
import { EXIT } from '../exit-codes';
import { JsonLinesWriter } from '../json-lines';
import { parseCommandArgs, stringOption, TENANT_OPTIONS_HELP, UsageError } from '../options';
import { nearest } from '../suggest';
import { chooseTenant, stateDirOf } from '../tenant';

const USAGE = `Usage: autopilot-console status [--serial S] [--json]

Shows every device the journal of this tenant knows (or one serial): its stage, times and problem, and the
devices waiting in the offline queue ("Offline queue"; "queued": true in --json), which belongs to no tenant.
Reads only (safe while a register run is writing). The journal is local: it knows the devices registered,
queued or captured with this state folder (--state-dir), not the whole tenant.

${TENANT_OPTIONS_HELP}`;

/** `status`: the journal's view of the devices. */
export const statusCommand: CliCommand = {
  name: 'status',
  summary: 'show the stage of registered devices (from the local journal)',
  usage: USAGE,
  exitCodes: [
    'Exit codes:',
    '  0  the devices (or the serial) were shown',
    '  1  the serial given with --serial is not known in the local journal (said on stderr)',
    '  2  bad usage, or no tenant configured and the sandbox not used yet',
  ].join('\n'),
  run(argv, ctx) {
    const { values } = parseCommandArgs(argv, { serial: { type: 'string' } });
    const stateDir = stateDirOf(values, ctx);
    const choice = chooseTenant(values, ctx);
    let tenantId: string | null = null;
    if (choice.kind === 'tenant') tenantId = choice.settings.tenantId;
    else {
      const file = join(stateDir, 'sandbox', 'tenant-id');
      if (existsSync(file)) {
        tenantId = readFileSync(file, 'utf8').trim();
        ctx.err('No tenant configured: showing the built-in sandbox tenant.');
      }
    }
    const serial = stringOption(values, 'serial');
    // The tenant's journal, and the offline queue (one per state folder, whatever the tenant).
    const devices = tenantId ? Journal.read(tenantJournalDir(stateDir, tenantId)).devices : [];
    const known = new Set(devices.map((device) => device.key));
    for (const device of readOfflineQueue(stateDir)) if (!known.has(device.key)) devices.push(device);
    if (!tenantId && devices.length === 0)
      throw new UsageError(
        'no tenant configured, the sandbox has not been used yet and the offline queue is empty: nothing to show',
      );
    const queued = new Set(devices.filter((device) => device.queued).map((device) => device.key));
    const shown = devices.filter((device) => !serial || device.key === journalKey(serial)).map(deviceView);
    if (values.json === true) {
      const json = new JsonLinesWriter(ctx.out);
      for (const view of shown) {
        json.line({
          serial: view.serial,
          stage: view.stage,
          at: view.updatedAt,
          groupTag: view.groupTag,
          stageTimes: view.stageTimes,
          ...(view.problem
            ? {
                code: view.problem.code,
                reason: view.problem.reason,
                nextStep: view.problem.nextStep,
                ...(view.problem.graphError ? { graphError: view.problem.graphError } : {}),
              }
            : {}),
          ...(view.notObservable.length > 0 ? { notObservable: view.notObservable } : {}),
          autopilotDeviceId: view.autopilotDeviceId,
          ...(queued.has(view.id) ? { queued: true } : {}),
        });
      }
    } else {
      if (shown.length === 0 && !serial) ctx.out('The journal holds no devices.');
      for (const view of shown) {
        ctx.out(
          `${view.serial.padEnd(16)} ${(queued.has(view.id) ? 'Offline queue' : STAGE_LABELS[view.stage]).padEnd(17)} ${view.groupTag.padEnd(12)} ${view.updatedAt}`,
        );
        if (view.problem)
          ctx.out(
            `${' '.repeat(17)}${view.problem.code}: ${view.problem.reason}${view.problem.graphError ? ` (${view.problem.graphError})` : ''}\n${' '.repeat(17)}next: ${view.problem.nextStep}`,
          );
        for (const stage of view.notObservable)
          ctx.out(`${' '.repeat(17)}${STAGE_LABELS[stage]}: not observable (skipped)`);
      }
    }
    if (serial && shown.length === 0) {
      ctx.err(
        unknownSerialText(
          serial,
          tenantId,
          stateDir,
          devices.map((device) => device.givenSerial || device.serial),
        ),
      );
      return Promise.resolve(EXIT.failed);
    }
    return Promise.resolve(EXIT.ok);
  },
};

/** Why a serial is not shown, and where else it may be: the journal is this computer's, not the tenant's. */
function unknownSerialText(serial: string, tenantId: string | null, stateDir: string, known: string[]): string {
  const guess = nearest(serial, known);
  return [
    `${serial} is not known in ${tenantId ? `the local journal of tenant ${tenantId}` : 'any local journal'} or the offline queue (${stateDir}).` +
      (guess ? ` Did you mean ${guess}?` : ''),
    'The journal holds only the devices registered, captured or queued from this computer with this state folder.',
    'It may have been registered elsewhere: look it up in the Intune admin center (Devices > Enrollment >',
    'Windows Autopilot > Devices), or run status on the computer (or with the --state-dir) that registered it.',
  ].join('\n');
}
