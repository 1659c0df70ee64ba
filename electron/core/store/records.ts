import type { JournalDevice, QueuedDeviceInput } from './types';

/** The journal key of a serial: trimmed, upper-case (Autopilot serials compare case-insensitively). */
export function journalKey(serial: string): string {
  return serial.trim().toUpperCase();
}

/** A fresh journal record at "collected". */
export function newJournalDevice(input: QueuedDeviceInput, at: string): JournalDevice {
  return {
    key: journalKey(input.serial),
    serial: input.serial.trim(),
    ...(input.givenSerial && input.givenSerial !== input.serial.trim() ? { givenSerial: input.givenSerial } : {}),
    uuid: input.uuid ?? '',
    hardwareHash: input.hardwareHash,
    productKey: input.productKey ?? '',
    manufacturer: input.manufacturer ?? '',
    model: input.model ?? '',
    groupTag: input.groupTag ?? '',
    assignedUser: input.assignedUser ?? '',
    ...(input.deviceName ? { deviceName: input.deviceName } : {}),
    source: input.source ?? 'csv',
    origin: input.origin ?? '',
    warnings: input.warnings ?? [],
    stage: 'collected',
    stageTimes: { collected: at },
    notObservable: [],
    skippedChecks: [],
    problem: null,
    queued: false,
    exportedAt: null,
    target: null,
    stageStartedAt: null,
    timeouts: {},
    importBatchId: null,
    importIntentAt: null,
    importRecordId: null,
    importRecordDeleted: false,
    importCount: 0,
    autopilotDeviceId: null,
    entraDeviceId: null,
    propertiesChangedAt: null,
    replaceExisting: false,
    replacedRecordId: null,
    lookedUpAt: null,
    importStatus: null,
    awaitingIdentitySince: null,
    createdAt: at,
    updatedAt: at,
  };
}
