import { STAGE_LABELS, type DeviceStage } from './device';

/**
 * Corporate identifiers for Windows Autopilot device preparation: manufacturer, model and serial of a device, as
 * Intune's "Manufacturer, model, and serial number (Windows only)" upload takes them (one "manufacturer,model,serial"
 * row each, no header, at most 5,000 rows or 5 MB per file; periods removed from the serial).
 */
export interface CorporateIdentity {
  manufacturer: string;
  model: string;
  serial: string;
}

/** The rows Intune's upload takes per file (memdocs corporate-identifiers-add, "Step 1: Create CSV file"). */
export const CORPORATE_CSV_MAX_ROWS = 5000;

/** What is wrong with one value, or null: commas and quotes would break the row, and Intune wants no periods in serials. */
function corporateValueProblem(field: keyof CorporateIdentity, value: string): string | null {
  const text = value.trim();
  if (text === '') return `the ${field} is empty`;
  if (text.includes(',')) return `the ${field} "${text}" contains a comma, which would split the identifier`;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/["\u0000-\u001f]/.test(text)) return `the ${field} "${text}" contains a quote or control character`;
  if (field === 'serial' && text.includes('.'))
    return `the serial "${text}" contains periods: Intune asks for serials with every period removed`;
  return null;
}

/** The first problem of an identity, naming the field, or null. */
export function corporateIdentityProblem(identity: CorporateIdentity): string | null {
  for (const field of ['manufacturer', 'model', 'serial'] as const) {
    const problem = corporateValueProblem(field, identity[field]);
    if (problem) return problem;
  }
  return null;
}

/** How the board and the CLI name the steps of a corporate identifier. */
const CORPORATE_STAGE_LABELS: Readonly<Partial<Record<DeviceStage, string>>> = {
  collected: 'Identifiers collected',
  imported: 'Added as corporate identifier',
};

/** A stage's name for a device of either kind. */
export function stageLabelOf(stage: DeviceStage, kind?: 'autopilot' | 'corporate-identifier'): string {
  return (kind === 'corporate-identifier' ? CORPORATE_STAGE_LABELS[stage] : undefined) ?? STAGE_LABELS[stage];
}

/** What the technician must still do in Intune for device preparation; this console does not manage it. */
export const DEVICE_PREPARATION_NEXT_STEPS: readonly string[] = [
  'Create (or check) the device group of the device preparation policy: an assigned security group owned by the "Intune Provisioning Client" service principal (AppId f1346770-5b25-470b-88bd-d5744ab7952c; in some tenants "Intune Autopilot ConfidentialClient").',
  'Create (or check) a Windows Autopilot device preparation policy that uses that device group, and assign it to a group of the users who will set the device up.',
  'Make sure the device is not registered with Windows Autopilot: an Autopilot profile takes precedence over device preparation.',
  'Windows 11 22H2/23H2 needs KB5035942 or later (24H2 and later are fine); Windows 10 22H2 needs KB5039299 or later. Then the user signs in at OOBE and the device enrolls as corporate.',
];
