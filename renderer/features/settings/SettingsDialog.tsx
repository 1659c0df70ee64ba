import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Divider,
  MessageBar,
  MessageBarBody,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { appStore, useApp } from '../../stores';
import { SignInPanel } from '../signin/SignInPanel';
import { PermissionsTable } from './PermissionsTable';
import { SettingsForm } from './SettingsForm';
import { useReturnFocus } from '../../components/return-focus';

const useStyles = makeStyles({
  surface: { maxWidth: '880px', width: 'calc(100vw - 48px)' },
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

/** Settings: the tenant, the explicit sandbox/tenant switch and "Test connection". */
export function SettingsDialog({ onClose }: { onClose: () => void }): React.JSX.Element {
  const styles = useStyles();
  useReturnFocus();
  const settings = useApp((s) => s.settings);
  const doctor = useApp((s) => s.doctor);
  const testing = useApp((s) => s.testing);
  const switching = useApp((s) => s.switching);
  const [switchError, setSwitchError] = useState<string | null>(null);
  useEffect(() => void appStore.getState().loadSettings(), []);
  const mode = settings?.mode;
  const switchTo = async (kind: 'sandbox' | 'tenant'): Promise<void> =>
    setSwitchError(await appStore.getState().useTenant(kind));
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Settings</DialogTitle>
          <DialogContent className={styles.content}>
            {!settings ? (
              <Spinner label="Loading settings…" />
            ) : (
              <>
                <MessageBar intent={mode?.kind === 'sandbox' ? 'warning' : 'info'}>
                  <MessageBarBody>
                    Working against: <strong>{mode?.label}</strong>
                    {mode?.kind === 'sandbox'
                      ? ' — a practice tenant on this computer; nothing reaches Microsoft.'
                      : ' — devices are registered in this tenant.'}
                  </MessageBarBody>
                </MessageBar>
                <div className={styles.row}>
                  {mode?.kind === 'sandbox' ? (
                    <Button disabled={!settings.tenantReady || switching} onClick={() => void switchTo('tenant')}>
                      Switch to my tenant
                    </Button>
                  ) : (
                    <Button disabled={switching} onClick={() => void switchTo('sandbox')}>
                      Switch to the sandbox
                    </Button>
                  )}
                  {!settings.tenantReady && mode?.kind === 'sandbox' && (
                    <Text size={200}>
                      {settings.tenant.auth === 'person'
                        ? 'Save a tenant id and client id to switch.'
                        : 'Save a tenant id, client id and a secret or certificate to switch.'}
                    </Text>
                  )}
                  {settings.tenantReady && mode?.kind === 'sandbox' && (
                    <Text size={200}>
                      Devices registered after switching go to {settings.tenant.tenantId}, through Microsoft Graph.
                    </Text>
                  )}
                  {mode?.kind === 'tenant' && (
                    <Text size={200}>
                      The sandbox is a practice tenant on this computer; nothing reaches Microsoft.
                    </Text>
                  )}
                  {switching && <Spinner size="tiny" label="Switching…" />}
                </div>
                {switchError && (
                  <MessageBar intent="error">
                    <MessageBarBody>{switchError}</MessageBarBody>
                  </MessageBar>
                )}
                <SignInPanel settings={settings} />
                <Divider />
                <SettingsForm
                  settings={settings}
                  onSave={(request) => appStore.getState().saveSettings(request)}
                  onTest={(request) => void appStore.getState().testConnection(request)}
                  testing={testing}
                />
                <div className={styles.row}>
                  <Text size={200}>
                    Test connection signs in with the values in the form above, saved or not (the tenant in use when the
                    form has no tenant), and checks each permission.
                  </Text>
                  {testing && <Spinner size="tiny" label="Testing…" />}
                </div>
                {doctor && <PermissionsTable report={doctor} />}
              </>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
