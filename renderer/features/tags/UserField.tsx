import { Field, Input } from '@fluentui/react-components';
import { userProblem } from './tag-rules';

/** Optional assigned user, validated as a user principal name. */
export function UserField({ value, onChange }: { value: string; onChange: (user: string) => void }): React.JSX.Element {
  const problem = userProblem(value);
  return (
    <Field
      label="Assigned user (optional)"
      validationState={problem ? 'error' : 'none'}
      validationMessage={problem ?? 'Pre-fills the sign-in page in OOBE for user-driven profiles.'}
    >
      <Input
        type="email"
        value={value}
        placeholder="alex@contoso.com"
        onChange={(_, data) => onChange(data.value.trim())}
      />
    </Field>
  );
}
