import { Field, Input } from '@fluentui/react-components';
import { useMemo } from 'react';
import {
  DEVICE_NAME_MAX,
  deviceNameProblem,
  expandNameTemplate,
  isNameTemplate,
  nameRequestProblem,
} from '../../../shared/domain/device-name';

/** What the field says about a name or template for the given serials (the ones inside the hashes). */
export function describeDeviceName(text: string, serials: readonly string[]): { problem: string | null; hint: string } {
  const value = text.trim();
  if (!value)
    return {
      problem: null,
      hint: `Optional. Set for user-driven Microsoft Entra join: at most ${DEVICE_NAME_MAX} letters, digits and hyphens, or a template with %SERIAL% or %RAND:x%.`,
    };
  const request = nameRequestProblem(value, serials.length);
  if (request) return { problem: request, hint: '' };
  if (!isNameTemplate(value)) return { problem: null, hint: `This device will be named ${value}.` };
  // Random digits are drawn again when registering: the preview shows the shape, not the final digits.
  const names = serials.map((serial) => ({
    serial,
    name: expandNameTemplate(value, serial, () => Math.random() * 10),
  }));
  const bad = names.find(({ name }) => deviceNameProblem(name) !== undefined);
  if (bad)
    return {
      problem: `For serial ${bad.serial} the name would be "${bad.name}", which ${deviceNameProblem(bad.name) ?? ''}: shorten the template.`,
      hint: '',
    };
  const shown = names.slice(0, 2).map(({ name }) => name);
  return {
    problem: null,
    hint: `For example ${shown.join(', ')}${names.length > 2 ? ` … (${names.length} devices)` : ''}.`,
  };
}

/** Optional Autopilot device name or name template, validated and previewed as it is typed. */
export function DeviceNameField({
  value,
  serials,
  onChange,
}: {
  value: string;
  serials: readonly string[];
  onChange: (name: string) => void;
}): React.JSX.Element {
  const { problem, hint } = useMemo(() => describeDeviceName(value, serials), [value, serials]);
  return (
    <Field
      label="Device name (optional)"
      validationState={problem ? 'error' : 'none'}
      validationMessage={problem ?? hint}
    >
      <Input
        value={value}
        placeholder={serials.length > 1 ? 'FIN-%RAND:4%' : 'FIN-LAPTOP-01'}
        onChange={(_, data) => onChange(data.value.trim())}
      />
    </Field>
  );
}
