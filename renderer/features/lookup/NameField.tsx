import { Field, Input } from '@fluentui/react-components';
import { deviceNameProblem, expandNameTemplate, isNameTemplate } from '../../../shared/domain/device-name';

/** Why a device name (or, for several devices, a name template) cannot be used; null when it can. */
export function nameProblem(name: string, sampleSerial: string | null, several = false): string | null {
  if (name === '') return null;
  if (several && !isNameTemplate(name)) return 'Several devices cannot share one name: use %SERIAL% or %RAND:x%.';
  const sample = isNameTemplate(name) ? expandNameTemplate(name, sampleSerial ?? 'SERIAL', () => 0) : name;
  const problem = deviceNameProblem(sample);
  if (!problem) return null;
  return isNameTemplate(name)
    ? `For ${sampleSerial ?? 'a device'} this gives "${sample}", which ${problem}.`
    : `The name ${problem}.`;
}

/** Optional device name (Windows applies it during a user-driven Entra join), or a template for several devices. */
export function NameField({
  value,
  onChange,
  sampleSerial,
  several,
}: {
  value: string;
  onChange: (name: string) => void;
  /** A serial to try a template on (the longest of the devices). */
  sampleSerial: string | null;
  several: boolean;
}): React.JSX.Element {
  const problem = nameProblem(value, sampleSerial, several);
  return (
    <Field
      label="Device name (optional)"
      validationState={problem ? 'error' : 'none'}
      validationMessage={
        problem ??
        (several
          ? 'At most 15 letters, digits or hyphens. For several devices use %SERIAL% or %RAND:x%, e.g. FIN-%RAND:5%.'
          : 'At most 15 letters, digits or hyphens; not digits only.')
      }
    >
      <Input
        value={value}
        placeholder={several ? 'FIN-%RAND:5%' : 'FIN-0001'}
        onChange={(_, data) => onChange(data.value.trim())}
      />
    </Field>
  );
}
