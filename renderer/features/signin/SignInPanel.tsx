import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { PersonRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { SettingsView } from '../../../shared/ipc/settings-schemas';
import { api } from '../../api';
import { appStore } from '../../stores';
import { formFrom, requestFrom } from '../settings/settings-form';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

type Way = 'person' | 'app';

/** How the console signs in (a person, or the application's credentials), and a person's sign-in and sign-out. */
export function SignInPanel({ settings }: { settings: SettingsView }): React.JSX.Element {
  const styles = useStyles();
  const way: Way = settings.tenant.auth === 'person' ? 'person' : 'app';
  const account = settings.mode.account;
  const [confirming, setConfirming] = useState<Way | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const switchWay = async (next: Way): Promise<void> => {
    setConfirming(null);
    setBusy('Switching…');
    setError(null);
    const auth = next === 'person' ? 'person' : settings.tenant.certificateName ? 'certificate' : 'secret';
    const saved = await appStore.getState().saveSettings({ ...requestFrom(formFrom(settings.tenant)), auth });
    // Reconnect to the same tenant (sandbox or real) the new way, as an explicit tenant switch does.
    const switched = saved ?? (await appStore.getState().useTenant(settings.mode.kind));
    setBusy(null);
    setError(switched);
  };

  const signIn = async (): Promise<void> => {
    setError(null);
    setBusy('Finish signing in in the browser…');
    const result = await api.invoke('signin:start', {});
    if (!result.ok) {
      setBusy(null);
      setError(result.error.message);
      return;
    }
    // The browser console cannot open the system browser: a new tab shows the organisation's sign-in page.
    if (result.value.openUrl) window.open(result.value.openUrl, '_blank', 'noopener');
    const unsubscribe = api.on('tenant:changed', (mode) => {
      if (mode.account) {
        setBusy(null);
        unsubscribe();
      }
    });
  };

  const signOut = async (): Promise<void> => {
    setError(null);
    const result = await api.invoke('signin:sign-out', {});
    if (!result.ok) setError(result.error.message);
  };

  return (
    <section className={styles.panel} aria-label="How the console signs in">
      <div className={styles.row}>
        <PersonRegular />
        <Text weight="semibold">
          {way === 'person' ? 'Signing in as a person' : 'Signing in with application credentials'}
        </Text>
        <Button
          size="small"
          disabled={busy !== null}
          onClick={() => setConfirming(way === 'person' ? 'app' : 'person')}
        >
          {way === 'person' ? 'Use application credentials instead' : 'Sign in as a person instead'}
        </Button>
      </div>
      {way === 'person' && (
        <div className={styles.row}>
          {account ? (
            <>
              <Text data-testid="signed-in-as">Signed in as {account}</Text>
              <Button onClick={() => void signOut()}>Sign out</Button>
            </>
          ) : (
            <Button appearance="primary" disabled={busy !== null} onClick={() => void signIn()}>
              Sign in
            </Button>
          )}
          <Text size={200}>Where the sign-in is kept: {settings.personCache}</Text>
        </div>
      )}
      {busy && <Spinner size="tiny" label={busy} />}
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
        </MessageBar>
      )}
      {confirming && (
        <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && setConfirming(null)}>
          <DialogSurface aria-describedby={undefined}>
            <DialogBody>
              <DialogTitle>
                {confirming === 'person' ? 'Sign in as a person?' : 'Use application credentials?'}
              </DialogTitle>
              <DialogContent>
                The console reconnects to {settings.mode.label}{' '}
                {confirming === 'person'
                  ? 'and each technician signs in as themselves (their Intune role applies).'
                  : 'with the stored client secret or certificate.'}{' '}
                Devices being followed stop here and are picked up again from the journal.
              </DialogContent>
              <DialogActions>
                <Button appearance="primary" onClick={() => void switchWay(confirming)}>
                  Switch
                </Button>
                <Button onClick={() => setConfirming(null)}>Cancel</Button>
              </DialogActions>
            </DialogBody>
          </DialogSurface>
        </Dialog>
      )}
    </section>
  );
}
