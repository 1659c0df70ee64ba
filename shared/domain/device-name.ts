/**
 * The Autopilot device name (displayName of a windowsAutopilotDeviceIdentity), which Windows applies
 * during a user-driven Entra join. Microsoft's rules for the name template of a deployment profile:
 * at most 15 characters, letters (a-z, A-Z), digits and hyphens, not digits only, no spaces;
 * `%SERIAL%` adds the serial number and `%RAND:x%` a string of x random digits
 * (https://learn.microsoft.com/autopilot/profiles, "Apply device name template").
 */

/** The longest name Windows accepts (a NetBIOS computer name). */
export const DEVICE_NAME_MAX = 15;

const NAME_CHARACTERS = /^[A-Za-z0-9-]+$/;
const MACRO = /%(SERIAL|RAND:(\d+))%/gi;

/** Why a device name cannot be used, or undefined when it can. */
export function deviceNameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (/\s/.test(name)) return 'contains a space';
  if (!NAME_CHARACTERS.test(name)) return 'may contain only letters, digits and hyphens';
  if (/^\d+$/.test(name)) return 'cannot be digits only';
  if (name.length > DEVICE_NAME_MAX) return `is ${name.length} characters long (at most ${DEVICE_NAME_MAX})`;
  return undefined;
}

/** True when the text uses a macro (%SERIAL% or %RAND:x%), so it is a template rather than a name. */
export function isNameTemplate(text: string): boolean {
  return new RegExp(MACRO.source, 'i').test(text);
}

/**
 * Expands a name template for one device: `%SERIAL%` becomes the serial, `%RAND:x%` x digits from
 * `digit` (a source of random digits 0-9, passed in so the result can be repeated in tests).
 */
export function expandNameTemplate(template: string, serial: string, digit: () => number): string {
  return template.replace(MACRO, (_match, _kind: string, count: string | undefined) => {
    if (count === undefined) return serial;
    return Array.from({ length: Number(count) }, () => String(Math.trunc(digit()) % 10)).join('');
  });
}
