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
import { useState } from 'react';
import type { RecordActionResult } from '../../../shared/domain/tenant-record';
import { recordsStore } from '../../stores';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, maxHeight: '40vh', overflowY: 'auto' },
});

/** Confirms the deregistration of many devices by listing them, then shows each outcome. */
export function DeregisterDialog({
  serials,
  onClose,
}: {
  serials: readonly string[];
  onClose: () => void;
}): React.JSX.Element {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const [outcomes, setOutcomes] = useState<readonly RecordActionResult[] | null>(null);
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setOutcomes(await recordsStore.getState().deregister(serials));
    setBusy(false);
  };
  const error = recordsStore.getState().error;
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>
            Deregister {serials.length} device{serials.length === 1 ? '' : 's'} from Autopilot?
          </DialogTitle>
          <DialogContent className={styles.content}>
            {outcomes === null ? (
              <>
                <Text>
                  Their Autopilot records are deleted: at their next OOBE these devices get no deployment profile until
                  they are registered again. Devices enrolled in Intune are refused (delete them from Intune first).
                </Text>
                <ul className={styles.list} aria-label="Devices to deregister">
                  {serials.map((serial) => (
                    <li key={serial}>{serial}</li>
                  ))}
                </ul>
              </>
            ) : (
              <ul className={styles.list} aria-label="Outcomes" data-testid="deregister-outcomes">
                {outcomes.map((outcome) => (
                  <li key={outcome.serial}>
                    {outcome.serial}: {outcome.outcome === 'done' ? 'deregistered' : outcome.outcome}. {outcome.message}
                    {outcome.nextStep ? ` Next step: ${outcome.nextStep}` : ''}
                  </li>
                ))}
              </ul>
            )}
            {outcomes !== null && outcomes.length === 0 && error && (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
            {busy && <Spinner size="small" label="Deregistering…" />}
          </DialogContent>
          <DialogActions>
            {outcomes === null ? (
              <>
                <Button onClick={onClose}>Cancel</Button>
                <Button appearance="primary" disabled={busy} onClick={() => void confirm()}>
                  Deregister {serials.length}
                </Button>
              </>
            ) : (
              <Button appearance="primary" onClick={onClose}>
                Close
              </Button>
            )}
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
