import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import type { DeviceView } from '../../../shared/domain/device';
import { STAGE_LABELS } from '../../../shared/domain/device';
import { useReturnFocus } from '../../components/return-focus';
import { devicesStore } from '../../stores';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXL,
    maxHeight: '220px',
    overflowY: 'auto',
    fontSize: tokens.fontSizeBase200,
  },
  serial: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
});

/** Props of the confirmation before devices leave the board. */
export interface RemoveDialogProps {
  devices: readonly DeviceView[];
  /** Called after the devices were removed (not on cancel). */
  onRemoved?: () => void;
  onClose: () => void;
}

/** Asks before removing devices from the board, listing each one; the tenant keeps their Autopilot records. */
export function RemoveDialog({ devices, onRemoved, onClose }: RemoveDialogProps): React.JSX.Element {
  const styles = useStyles();
  useReturnFocus();
  const [busy, setBusy] = useState(false);
  const following = devices.filter((d) => d.inProgress).length;
  const count = `${devices.length} device${devices.length === 1 ? '' : 's'}`;
  const remove = async (): Promise<void> => {
    setBusy(true);
    const done = await devicesStore.getState().remove(devices.map((d) => d.id));
    setBusy(false);
    onClose();
    if (done) onRemoved?.();
  };
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>Remove {count} from the board?</DialogTitle>
          <DialogContent className={styles.content}>
            <ul className={styles.list} aria-label="Devices to remove" data-testid="remove-list">
              {devices.map((d) => (
                <li key={d.id}>
                  <span className={styles.serial}>{d.serial}</span> · {d.groupTag || 'no tag'} · {STAGE_LABELS[d.stage]}
                </li>
              ))}
            </ul>
            <Text>
              Only this console forgets them: their Autopilot records in the tenant stay as they are.
              {following > 0
                ? ` ${following} of them ${following === 1 ? 'is' : 'are'} still being registered and will no longer be followed here.`
                : ''}
            </Text>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button appearance="primary" disabled={busy} onClick={() => void remove()}>
              Remove {count}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
