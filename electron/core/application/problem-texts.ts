import type { DeviceProblem, Stage } from '../../../shared/domain/device';
import { STAGE_LABELS } from '../../../shared/domain/device';

type Text = Pick<DeviceProblem, 'reason' | 'nextStep'>;

/** Intune import error codes (reference §1.5) in plain words, each with what to do next. */
const IMPORT_ERRORS: Readonly<Record<string, Text>> = {
  '801': {
    reason:
      'Intune rejected the upload as malformed (801, InvalidZtdRequestBody); this is usually a service-side problem.',
    nextStep: 'Retry in a few minutes; if it keeps failing, open a Microsoft support case.',
  },
  '802': {
    reason:
      'Intune says the hardware hash is invalid (802, InvalidZtdHardwareHash): a field in it is empty or wrong, often the make or serial on a virtual machine or a board without SMBIOS data.',
    nextStep:
      'Capture the hash again on the device (full Windows, as administrator); on a virtual machine, set a serial and manufacturer in its firmware settings first.',
  },
  '803': {
    reason:
      'Intune found neither a serial number nor a product key in the hash (803, MissingZtdSerialNumberAndProductKey).',
    nextStep: 'Capture the hash again; if the firmware has no serial, ask the manufacturer for a BIOS update.',
  },
  '806': {
    reason: 'This device is already registered in your tenant (806, ZtdDeviceAlreadyAssigned).',
    nextStep:
      'Nothing to upload: use "Change tag or user" to update the existing record, or remove the old record in Intune first for a new motherboard.',
  },
  '807': {
    reason: 'The device is not registered in this tenant (807, ZtdDeviceIsNotRegistered).',
    nextStep: 'Register the device again.',
  },
  '808': {
    reason:
      'This device is registered to another organisation (808, ZtdDeviceAssignedToOtherTenant): a previous owner, reseller or repaired motherboard still holds it.',
    nextStep:
      'Ask the previous owner or reseller to deregister it; otherwise open a Microsoft support case with proof of purchase. Do not start OOBE meanwhile.',
  },
  '809': {
    reason: 'The deployment profile being assigned is not registered in this tenant (809, ZtdProfileIsNotRegistered).',
    nextStep: 'Check the deployment profile in Intune, then retry.',
  },
  '811': {
    reason: 'The device is registered by another organisation and cannot be changed from here (811).',
    nextStep: 'Ask the other organisation to deregister it, or open a Microsoft support case.',
  },
  '812': {
    reason: 'Intune matched no device to this make, model and serial (812, ZtdDeviceNotFound).',
    nextStep: 'Capture the hash again on the device.',
  },
  '813': {
    reason: 'Intune cannot tell this device apart from another with the same hash data (813, ZtdDeviceIsNotUnique).',
    nextStep: 'Capture a fresh hash on the device; if it persists, open a Microsoft support case.',
  },
  '814': {
    reason: 'A device object for this hardware already exists in Entra ID (814, ZtdDeviceAlreadyAadRegistered).',
    nextStep: 'Delete the stale Entra device (after its Autopilot record, if any), then retry.',
  },
  duplicate: {
    reason: 'The same device was uploaded twice in one import (ZtdDeviceDuplicated); Intune processed only one copy.',
    nextStep: 'Nothing to do for the other copy: follow the device row that was imported.',
  },
  'bad-base64': {
    reason: 'Intune could not read the hash as base64 (the text was cut, re-wrapped or edited, e.g. by a spreadsheet).',
    nextStep: 'Capture the hash again and import the CSV without opening it in a spreadsheet.',
  },
  '640': {
    reason: 'Intune reported a storage error (640): a temporary service problem.',
    nextStep: 'Retry later; if it persists, open a Microsoft support case.',
  },
};

/** Plain words and the next step for an import error code; a generic text for codes not listed. */
export function explainImportError(code: string, serviceMessage = ''): Text {
  const known = IMPORT_ERRORS[code];
  if (known) return known;
  return {
    reason: `Intune rejected the import (${code}${serviceMessage ? `: ${serviceMessage}` : ''}).`,
    nextStep: 'Retry; if it fails again, check the device in Intune and open a Microsoft support case with the code.',
  };
}

/** The problem for a tag that leads to no deployment profile. */
export function notAssignedProblem(tag: string, groupFound: boolean): DeviceProblem {
  return {
    code: 'not-assigned',
    stage: 'profile-assigned',
    reason: tag
      ? groupFound
        ? `No deployment profile targets the group of tag "${tag}", so the device would run consumer setup.`
        : `No dynamic group selects tag "${tag}", so no deployment profile can reach the device.`
      : 'The device has no group tag, and no profile targets it.',
    nextStep:
      'Pick a tag that leads to a profile ("Change tag or user"), or ask your Intune admin to assign a profile to that group; then retry.',
  };
}

/** The problem for a stage that did not finish in time. */
export function timedOutProblem(stage: Stage, minutes: number): DeviceProblem {
  return {
    code: 'timeout',
    stage,
    reason: `"${STAGE_LABELS[stage]}" was not reached within ${minutes} minutes.`,
    nextStep:
      stage === 'in-group'
        ? 'Check in Entra ID that the dynamic group rule selects the tag and that rule processing is on; then retry.'
        : stage === 'profile-assigned'
          ? 'Check the profile assignment in Intune (it can take up to an hour); then retry.'
          : 'Check the import in Intune (Devices > Windows enrollment > Devices); then retry.',
  };
}
