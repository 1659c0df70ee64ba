/**
 * The Autopilot device name (displayName of a windowsAutopilotDeviceIdentity), which Windows applies
 * during a user-driven Entra join. Microsoft's rules for the name template of a deployment profile:
 * at most 15 characters, letters (a-z, A-Z), digits and hyphens, not digits only, no spaces;
 * `%SERIAL%` adds the serial number and `%RAND:x%` a string of x random digits
 * (https://learn.microsoft.com/autopilot/profiles, "Apply device name template"). The 15 is the NetBIOS
 * computer name's limit (https://learn.microsoft.com/windows/win32/sysinfo/computer-names: "up to 15 bytes"),
 * which is why WindowsAutopilotIntune's Set-AutopilotDevice warns that "names should not exceed 15 characters".
 * The per-device name is applied only by a user-driven Microsoft Entra join (not hybrid, not self-deploying).
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

/** The template with each macro replaced by its shortest possible text (a one-character serial, x digits). */
function shortestExpansion(template: string): string {
  return template.replace(MACRO, (_match, _kind: string, count: string | undefined) =>
    count === undefined ? 'A' : '1'.repeat(Number(count)),
  );
}

/**
 * Why a name or template cannot be used for `count` devices, or undefined when it can. A fixed name (no
 * macro) is one device's; a template must be valid with its macros expanded (checked again per device).
 */
export function nameRequestProblem(text: string, count: number): string | undefined {
  if (!isNameTemplate(text)) {
    const problem = deviceNameProblem(text);
    if (problem) return `Device name "${text}" ${problem}.`;
    if (count > 1)
      return `Device name "${text}" is one device's name: for ${count} devices use a template with %SERIAL% or %RAND:x% (e.g. "${text.slice(0, 8)}-%RAND:4%").`;
    return undefined;
  }
  if (/%RAND:0+%/i.test(text)) return `Name template "${text}": %RAND:x% needs at least one digit.`;
  const shortest = shortestExpansion(text);
  if (shortest.length > DEVICE_NAME_MAX)
    return `Name template "${text}" gives names of at least ${shortest.length} characters (at most ${DEVICE_NAME_MAX}).`;
  const problem = deviceNameProblem(shortest);
  if (problem) return `Name template "${text}": the names it gives ${problem.replace(/^is /, 'are ')}.`;
  return undefined;
}
