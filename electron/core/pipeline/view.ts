import { isTerminal, type DeviceView } from '../../../shared/domain/device';
import type { JournalDevice } from '../store/types';

/** The board's view of a journal record (never the hash). */
export function deviceView(device: JournalDevice): DeviceView {
  return {
    id: device.key,
    serial: device.givenSerial || device.serial,
    ...(device.givenSerial && device.givenSerial !== device.serial ? { hashSerial: device.serial } : {}),
    manufacturer: device.manufacturer,
    model: device.model,
    groupTag: device.groupTag,
    assignedUser: device.assignedUser,
    ...(device.deviceName ? { deviceName: device.deviceName } : {}),
    stage: device.stage,
    stageTimes: device.stageTimes,
    notObservable: device.notObservable,
    problem: device.problem,
    source: device.source,
    origin: device.origin,
    warnings: [...device.warnings, ...device.skippedChecks],
    autopilotDeviceId: device.autopilotDeviceId,
    entraDeviceId: device.entraDeviceId,
    updatedAt: device.updatedAt,
    inProgress: device.target !== null && !isTerminal(device.stage),
    ...(device.statusNote && device.target !== null && !isTerminal(device.stage) ? { note: device.statusNote } : {}),
    ...(device.staticGroups && device.staticGroups.length > 0
      ? { staticGroups: device.staticGroups.map((group) => ({ ...group })) }
      : {}),
    ...(device.kind === 'corporate-identifier' ? { kind: device.kind } : {}),
  };
}
