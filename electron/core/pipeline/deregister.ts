import type { Clock } from '../clock';
import type { AutopilotApi } from '../graph/autopilot-api';
import type { Journal } from '../store/journal';
import { enrolledReason, ENROLLED_NEXT_STEP, isEnrolled } from './enrolled';

/** Outcome of a deregistration. */
export interface DeregisterResult {
  serial: string;
  outcome: 'deleted' | 'not-found' | 'refused';
  autopilotDeviceIds: string[];
  reason: string;
  nextStep: string;
}

/** Deletes the Autopilot record(s) of a serial unless the device is enrolled in Intune. */
export async function deregisterDevice(
  api: AutopilotApi,
  journal: Journal,
  clock: Clock,
  serial: string,
  signal?: AbortSignal,
): Promise<DeregisterResult> {
  const found = (await api.identitiesBySerial([serial], signal)).get(serial) ?? [];
  if (found.length === 0) {
    return {
      serial,
      outcome: 'not-found',
      autopilotDeviceIds: [],
      reason: `No Autopilot record with serial ${serial} in this tenant.`,
      nextStep: 'Nothing to do.',
    };
  }
  const enrolled = found.find(isEnrolled);
  if (enrolled) {
    return {
      serial,
      outcome: 'refused',
      autopilotDeviceIds: found.map((identity) => identity.id),
      reason: enrolledReason(enrolled),
      nextStep: ENROLLED_NEXT_STEP,
    };
  }
  for (const identity of found) await api.deleteIdentity(identity.id, signal);
  if (journal.get(serial)) {
    journal.update(serial, {
      target: null,
      autopilotDeviceId: null,
      entraDeviceId: null,
      stage: 'collected',
      stageTimes: { collected: new Date(clock.now()).toISOString() },
      problem: null,
    });
    journal.commit();
  }
  return {
    serial,
    outcome: 'deleted',
    autopilotDeviceIds: found.map((identity) => identity.id),
    reason:
      'Deregistered. Removal can take some time to show everywhere; the Entra device object is removed automatically.',
    nextStep: 'Register the device again when it should return to Autopilot.',
  };
}
