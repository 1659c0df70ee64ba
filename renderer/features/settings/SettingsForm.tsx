import {
  Button,
  Checkbox,
  Dropdown,
  Field,
  Input,
  Option,
  Radio,
  RadioGroup,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { RequestOf } from '../../../shared/ipc/contract';
import type { SettingsView } from '../../../shared/ipc/settings-schemas';
import { formFrom, formProblems, requestFrom, type SettingsForm as Form } from './settings-form';

const useStyles = makeStyles({
  form: {
    display: 'grid',
    gridTemplateColumns: '1fr 1fr',
    gap: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
  },
  wide: { gridColumn: '1 / -1' },
  actions: { gridColumn: '1 / -1', display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
});

const CLOUDS = {
  global: 'Global (commercial)',
  usgov: 'US Government (GCC High)',
  usgovdod: 'US Government (DoD)',
  china: 'China (21Vianet)',
  custom: 'Custom endpoints',
} as const;

/** Props of the settings form. */
export interface SettingsFormProps {
  settings: SettingsView;
  onSave: (request: RequestOf<'settings:set'>) => Promise<string | null>;
  /** Tests the form's values as they stand (saved or not). */
  onTest?: (request: RequestOf<'settings:set'>) => void;
  /** A test is under way. */
  testing?: boolean;
}

/** Tenant id, client id, a write-only secret or a certificate file, cloud and custom endpoints. */
export function SettingsForm({ settings, onSave, onTest, testing = false }: SettingsFormProps): React.JSX.Element {
  const styles = useStyles();
  const [state, setForm] = useState<Form>(() => formFrom(settings.tenant));
  // Signing in as a person or with credentials is switched (with confirmation) above, never by saving this form.
  const person = settings.tenant.auth === 'person';
  const form: Form = {
    ...state,
    auth: person ? 'person' : state.auth === 'person' ? settings.tenant.auth : state.auth,
  };
  const [status, setStatus] = useState<{ ok: boolean; text: string } | null>(null);
  const file = useRef<HTMLInputElement>(null);
  const problems = formProblems(form);
  const set = <K extends keyof Form>(key: K, value: Form[K]): void => setForm((f) => ({ ...f, [key]: value }));
  const field = (key: keyof Form) =>
    problems[key] ? { validationState: 'error' as const, validationMessage: problems[key] } : {};
  const save = async (): Promise<void> => {
    const error = await onSave(requestFrom(form));
    setStatus(error ? { ok: false, text: error } : { ok: true, text: 'Saved.' });
    // The typed secret is dropped from the form once sent: it is never shown again.
    if (!error) setForm((f) => ({ ...f, secret: '', clearSecret: false, certificatePem: null }));
  };
  return (
    <form
      className={styles.form}
      aria-label="Tenant settings"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <Field label="Tenant id" {...field('tenantId')}>
        <Input
          value={form.tenantId}
          placeholder="contoso.onmicrosoft.com or GUID"
          onChange={(_, d) => set('tenantId', d.value)}
        />
      </Field>
      <Field label="Client (application) id" {...field('clientId')}>
        <Input
          value={form.clientId}
          placeholder="00000000-0000-0000-0000-000000000000"
          onChange={(_, d) => set('clientId', d.value)}
        />
      </Field>
      {person ? (
        <Text className={styles.wide}>
          Technicians sign in as themselves (Sign in, above): the app registration is a public client with delegated
          permissions, and no secret is stored.
        </Text>
      ) : (
        <>
          <Field label="Sign in with" className={styles.wide}>
            <RadioGroup layout="horizontal" value={form.auth} onChange={(_, d) => set('auth', d.value as Form['auth'])}>
              <Radio value="certificate" label="Certificate (recommended)" />
              <Radio value="secret" label="Client secret" />
            </RadioGroup>
          </Field>
          {form.auth === 'secret' ? (
            <Field
              label="Client secret"
              className={styles.wide}
              hint={`${settings.tenant.secretStored ? 'A secret is stored; it is never shown. Type a new one to replace it.' : 'No secret stored.'} ${settings.secretStorage.description}`}
            >
              <Input
                type="password"
                autoComplete="off"
                value={form.secret}
                placeholder={settings.tenant.secretStored ? '•••••••• (stored)' : 'Paste the secret'}
                onChange={(_, d) => set('secret', d.value)}
              />
            </Field>
          ) : (
            <Field
              label="Certificate (PEM with private key)"
              className={styles.wide}
              hint={settings.secretStorage.description}
            >
              <div>
                <Button onClick={() => file.current?.click()}>Choose certificate file…</Button>{' '}
                <Text>
                  {form.certificatePem
                    ? `${form.certificateName ?? ''} (will be stored)`
                    : (settings.tenant.certificateName ?? 'None stored')}
                </Text>
                <input
                  ref={file}
                  type="file"
                  accept=".pem,.crt,.key"
                  hidden
                  aria-label="Certificate file"
                  onChange={(event) => {
                    const chosen = event.target.files?.[0];
                    if (chosen)
                      void chosen
                        .text()
                        .then((pem) => setForm((f) => ({ ...f, certificatePem: pem, certificateName: chosen.name })));
                  }}
                />
              </div>
            </Field>
          )}
        </>
      )}
      {form.auth === 'secret' && settings.tenant.secretStored && (
        <Checkbox
          className={styles.wide}
          label="Remove the stored secret"
          checked={form.clearSecret}
          onChange={(_, d) => set('clearSecret', d.checked === true)}
        />
      )}
      <Field label="Cloud">
        <Dropdown
          value={CLOUDS[form.cloud]}
          selectedOptions={[form.cloud]}
          onOptionSelect={(_, d) => set('cloud', (d.optionValue ?? 'global') as Form['cloud'])}
        >
          {Object.entries(CLOUDS).map(([value, label]) => (
            <Option key={value} value={value}>
              {label}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <Field label="Organisation's group tags" hint="Offered in the tag picker, e.g. OD-FINANCE, OD-RETAIL">
        <Input value={form.configTags} onChange={(_, d) => set('configTags', d.value)} />
      </Field>
      <Field
        label="Authority host"
        hint={form.cloud === 'custom' ? 'e.g. https://login.example.org' : 'Optional override'}
        {...field('authorityHost')}
      >
        <Input value={form.authorityHost} onChange={(_, d) => set('authorityHost', d.value)} />
      </Field>
      <Field
        label="Graph endpoint"
        hint={form.cloud === 'custom' ? 'e.g. https://graph.example.org' : 'Optional override'}
        {...field('graphEndpoint')}
      >
        <Input value={form.graphEndpoint} onChange={(_, d) => set('graphEndpoint', d.value)} />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={Object.keys(problems).length > 0}>
          Save settings
        </Button>
        {onTest && (
          <Button disabled={testing || Object.keys(problems).length > 0} onClick={() => onTest(requestFrom(form))}>
            Test connection
          </Button>
        )}
        {status && (
          <Text role="status" size={200}>
            {status.text}
          </Text>
        )}
      </div>
    </form>
  );
}
