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

/** What deregistering does, for one device (with what is known of its enrolment) or several. */
function consequence(count: number, enrolled: boolean | undefined): string {
  if (count > 1)
    return 'Their Autopilot records are deleted: at their next OOBE these devices get no deployment profile until they are registered again. Devices enrolled in Intune are refused (delete them from Intune first).';
  const enrolment =
    enrolled === undefined
      ? ' A device enrolled in Intune is refused (delete it from Intune first).'
      : enrolled
        ? ' This device is enrolled in Intune: Autopilot refuses until it is deleted from Intune.'
        : '';
  return `The Autopilot record is deleted: at its next OOBE the device gets no deployment profile until it is registered again. Removal takes a few minutes to show everywhere.${enrolment}`;
}

/** Confirms the deregistration of one device or many by listing them, then shows each outcome. */
export function DeregisterDialog({
  serials,
  enrolled,
  onClose,
}: {
  /** The serials Autopilot holds. */
  serials: readonly string[];
  /** For one device looked up in the tenant: whether it is enrolled in Intune (which Autopilot refuses). */
  enrolled?: boolean;
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
            {serials.length === 1
              ? `Deregister ${serials[0]}?`
              : `Deregister ${serials.length} devices from Autopilot?`}
          </DialogTitle>
          <DialogContent className={styles.content}>
            {outcomes === null ? (
              <>
                <Text>{consequence(serials.length, enrolled)}</Text>
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
