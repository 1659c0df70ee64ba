import type { LookupResult, RecordActionResult, RecordChange, SyncAnswer } from '../../../shared/domain/tenant-record';
import type { ActivityLog } from './activity-log';
import { deviceIdentity, type DeviceRecords } from './device-records';
import type { Registrations } from './registrations';

/** What the service desk works with: the tenant in use, the board's devices and the activity log. */
export interface ServiceDeskOptions {
  registrations: Registrations;
  records: DeviceRecords;
  activity: ActivityLog;
}

const OUTCOME = {
  done: 'ok',
  refused: 'warning',
  'not-found': 'info',
  failed: 'failed',
  'timed-out': 'warning',
} as const;

/**
 * The service desk's work on any Autopilot record of the tenant: look-up, change (followed to read-back),
 * deregistration and a sync. Each action goes to the activity log; devices on the board follow what happened.
 */
export class ServiceDesk {
  constructor(private readonly options: ServiceDeskOptions) {}

  /** Looks serials up in the tenant (a read: not logged). */
  lookup(serials: string[]): Promise<LookupResult[]> {
    return this.options.registrations.requireBackend().lookup(serials);
  }

  /** Changes tag, user and/or name of records; a device on the board takes the values read back. */
  async change(serials: string[], change: RecordChange): Promise<RecordActionResult[]> {
    const results = await this.options.registrations.requireBackend().change(serials, change);
    for (const result of results) {
      const record = result.record;
      this.log('Change in tenant', result, record?.groupTag ?? change.groupTag ?? '');
      const id = this.onBoard(result.serial);
      if (!id || !record) continue;
      // The board takes the values read back first: re-registering sends the record's name, tag and user.
      this.options.records.patch(id, {
        groupTag: record.groupTag,
        assignedUser: record.assignedUser,
        deviceName: record.deviceName,
        note: `Changed in the tenant and read back: tag "${record.groupTag}", user "${record.assignedUser || '(none)'}", name "${record.deviceName || '(none)'}"`,
      });
      // A device on the board takes the new values and, registered, is followed to its (new) profile.
      await this.options.registrations.update([id], { groupTag: record.groupTag, assignedUser: record.assignedUser });
    }
    return results;
  }

  /** Deregisters records; a device on the board goes back to "Hash collected". */
  async deregister(serials: string[]): Promise<RecordActionResult[]> {
    const results = await this.options.registrations.requireBackend().deregister(serials);
    for (const result of results) {
      const id = this.onBoard(result.serial);
      this.log('Deregister', result, id ? (this.options.records.get(id)?.view.groupTag ?? '') : '');
      const collected = id ? this.options.records.get(id)?.view.stageTimes.collected : undefined;
      if (id && result.outcome === 'done')
        this.options.records.patch(id, {
          stage: 'collected',
          replaceStageTimes: true,
          stageTimes: collected ? { collected } : {},
          autopilotDeviceId: null,
          entraDeviceId: null,
          problem: null,
          inProgress: false,
          waiting: null,
          note: 'Deregistered from Autopilot',
        });
    }
    return results;
  }

  /** Asks for an Autopilot sync (within the 10-minute rule). */
  async sync(): Promise<SyncAnswer> {
    const answer = await this.options.registrations.requireBackend().requestSync();
    this.options.activity.add({
      action: 'Autopilot sync',
      serial: '',
      groupTag: '',
      outcome: answer.outcome === 'started' ? 'ok' : 'info',
      detail: answer.message,
    });
    return answer;
  }

  private log(action: string, result: RecordActionResult, groupTag: string): void {
    this.options.activity.add({
      action,
      serial: result.serial,
      groupTag,
      outcome: OUTCOME[result.outcome],
      detail: result.nextStep ? `${result.message} Next: ${result.nextStep}` : result.message,
    });
  }

  private onBoard(serial: string): string | null {
    const id = deviceIdentity(serial, '').id;
    return this.options.records.get(id) ? id : null;
  }
}
