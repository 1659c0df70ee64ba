import type { DeviceProblem, Stage } from '../../../shared/domain/device';

interface Explanation {
  name: string;
  reason: string;
  nextStep: string;
}

/** DDS import errors (reference §1.5) in plain words, keyed by name (codes vary between sources). */
const IMPORT_ERRORS: Record<string, Explanation & { code?: number }> = {
  InvalidZtdRequestBody: {
    code: 801,
    name: 'InvalidZtdRequestBody',
    reason: 'The Autopilot service rejected the request as malformed (a service-side problem).',
    nextStep: 'Retry later; if it repeats, open a Microsoft support case.',
  },
  InvalidZtdHardwareHash: {
    code: 802,
    name: 'InvalidZtdHardwareHash',
    reason: 'The hardware hash is invalid: a field in it is wrong or empty (manufacturer and serial must be present).',
    nextStep:
      'Capture the hash again on the device (full OS, not a VM); check the board serial with "wmic baseboard get manufacturer,serialnumber".',
  },
  MissingZtdSerialNumberAndProductKey: {
    code: 803,
    name: 'MissingZtdSerialNumberAndProductKey',
    reason: 'The serial number and product key are missing or invalid.',
    nextStep: 'Capture the hash again; make sure the firmware reports a serial number.',
  },
  ZtdDeviceAlreadyAssigned: {
    code: 806,
    name: 'ZtdDeviceAlreadyAssigned',
    reason: 'The device is already registered in this tenant.',
    nextStep:
      'Nothing to import: the existing record is used. If it is stale (e.g. from Microsoft Store for Business), delete it and register again.',
  },
  ZtdDeviceIsNotRegistered: {
    code: 807,
    name: 'ZtdDeviceIsNotRegistered',
    reason: 'The device is not registered in this tenant.',
    nextStep: 'Register the device first.',
  },
  ZtdDeviceAssignedToOtherTenant: {
    code: 808,
    name: 'ZtdDeviceAssignedToOtherTenant',
    reason: "The device is registered to another organisation's tenant.",
    nextStep:
      'Ask the previous owner (or the reseller/OEM) to deregister it; otherwise Microsoft support must, with proof of purchase.',
  },
  ZtdProfileIsNotRegistered: {
    code: 809,
    name: 'ZtdProfileIsNotRegistered',
    reason: 'The profile being assigned is not registered to this tenant.',
    nextStep: 'Check the deployment profile assignment in Intune.',
  },
  ZtdProfileAssignedToOtherTenant: {
    code: 810,
    name: 'ZtdProfileAssignedToOtherTenant',
    reason: 'The profile belongs to another tenant.',
    nextStep: 'Open a Microsoft support case.',
  },
  ZtdDeviceRegisteredByOtherTenant: {
    code: 811,
    name: 'ZtdDeviceRegisteredByOtherTenant',
    reason: 'The device was registered by another tenant.',
    nextStep: 'Ask the registering organisation or Microsoft support to release it.',
  },
  ZtdDeviceNotFound: {
    code: 812,
    name: 'ZtdDeviceNotFound',
    reason: 'Manufacturer, model and serial matched no known hash.',
    nextStep: 'Upload the full hardware hash rather than the manufacturer/model/serial tuple.',
  },
  ZtdDeviceIsNotUnique: {
    code: 813,
    name: 'ZtdDeviceIsNotUnique',
    reason: 'The device cannot be identified uniquely from its hash.',
    nextStep: 'Capture the hash again on the device; contact the OEM if it repeats.',
  },
  ZtdDeviceAlreadyAadRegistered: {
    code: 814,
    name: 'ZtdDeviceAlreadyAadRegistered',
    reason: 'A Microsoft Entra device object already exists, so the Autopilot record could not be created.',
    nextStep: 'Remove the device from Intune first (then Autopilot); do not delete the Entra object by hand.',
  },
  HashNot4k: {
    name: 'HashNot4k',
    reason: 'The hash is not a complete 4K hardware hash.',
    nextStep: 'Capture the hash again; do not edit or truncate it.',
  },
  ZtdDeviceDuplicated: {
    name: 'ZtdDeviceDuplicated',
    reason: 'The same device appears more than once in one upload; only one row was processed.',
    nextStep: 'Remove the duplicate row; the other row is being registered.',
  },
  StorageError: {
    code: 640,
    name: 'StorageError',
    reason: 'The Autopilot service had a storage error.',
    nextStep: 'Retry later; if it repeats, open a Microsoft support case.',
  },
};

const BY_CODE = new Map<number, Explanation>(
  Object.values(IMPORT_ERRORS).flatMap((entry) => (entry.code ? [[entry.code, entry] as const] : [])),
);
/** Names looked up case-insensitively; memdocs spells 808 "ZtdDeviceAssignedToAnotherTenant". */
const BY_NAME = new Map<string, Explanation>([
  ...Object.values(IMPORT_ERRORS).map((entry) => [entry.name.toLowerCase(), entry] as const),
  ['ztddeviceassignedtoanothertenant', IMPORT_ERRORS.ZtdDeviceAssignedToOtherTenant as Explanation],
]);

/**
 * A problem for an import record that ended in error (or the undocumented "partial"): one code (the number Graph
 * sent, else the name), the plain explanation as the reason, and the name exactly as Graph sent it (both spellings
 * of 808 exist) kept beside them for searching Microsoft's documentation.
 */
export function importProblem(errorCode: number, errorName: string, status: string): DeviceProblem {
  const rawName = errorName.trim();
  const known = BY_NAME.get(rawName.toLowerCase()) ?? BY_CODE.get(errorCode);
  const name = rawName || known?.name || '';
  const code = errorCode ? String(errorCode) : name || status || 'import-error';
  const reason = known
    ? known.reason
    : `The import ended with status "${status}" and no explanation Microsoft documents.`;
  return {
    code,
    reason,
    nextStep: known
      ? known.nextStep
      : 'Check the device in Intune > Devices > Windows > Windows enrollment > Devices; retry the import.',
    stage: 'imported',
    ...(name && name !== code ? { graphError: name } : {}),
  };
}

/** A problem raised by the console itself. */
export function problem(code: string, stage: Stage, reason: string, nextStep: string): DeviceProblem {
  return { code, stage, reason, nextStep };
}

/** "permission missing" for a stage. */
export function permissionProblem(stage: Stage, permission: string, detail: string): DeviceProblem {
  return problem(
    'permission-missing',
    stage,
    `${permission} is not granted: ${detail}`,
    `Grant the application permission ${permission} (with admin consent) and run again.`,
  );
}
