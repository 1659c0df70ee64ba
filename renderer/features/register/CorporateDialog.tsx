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
import { DEVICE_PREPARATION_NEXT_STEPS } from '../../../shared/domain/corporate';
import { registeredSerial, type DeviceView } from '../../../shared/domain/device';
import { devicesStore } from '../../stores';

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalXL, display: 'flex', flexDirection: 'column', gap: '4px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
});

/** Props of the corporate identifier dialog. */
export interface CorporateDialogProps {
  devices: readonly DeviceView[];
  onClose: () => void;
}

/**
 * Adds the selected devices as corporate identifiers for Windows Autopilot device preparation (manufacturer, model
 * and serial from their hash), saying what must still be done in Intune.
 */
export function CorporateDialog({ devices, onClose }: CorporateDialogProps): React.JSX.Element {
  const styles = useStyles();
  const [busy, setBusy] = useState(false);
  const submit = async (): Promise<void> => {
    setBusy(true);
    const done = await devicesStore.getState().registerCorporate(devices.map((d) => d.id));
    setBusy(false);
    if (done) onClose();
  };
  const shown = devices.slice(0, 5);
  return (
    <Dialog open modalType="modal" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface aria-describedby={undefined}>
        <DialogBody>
          <DialogTitle>
            Add {devices.length} device{devices.length === 1 ? '' : 's'} as corporate identifier
            {devices.length === 1 ? '' : 's'}
          </DialogTitle>
          <DialogContent className={styles.content}>
            <Text>
              For Windows Autopilot device preparation: Intune marks a device that enrolls with a matching manufacturer,
              model and serial as corporate. The devices are not registered with Windows Autopilot.
            </Text>
            <ul className={styles.list} aria-label="Identifiers to add">
              {shown.map((d) => (
                <li key={d.id} className={styles.mono}>
                  {d.manufacturer},{d.model},{registeredSerial(d)}
                </li>
              ))}
              {devices.length > shown.length && <li>and {devices.length - shown.length} more</li>}
            </ul>
            <Text weight="semibold">Still to do in Intune afterwards (not done by this console):</Text>
            <ol className={styles.list}>
              {DEVICE_PREPARATION_NEXT_STEPS.map((step) => (
                <li key={step}>
                  <Text size={200}>{step}</Text>
                </li>
              ))}
            </ol>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button appearance="primary" disabled={busy || devices.length === 0} onClick={() => void submit()}>
              Add as corporate identifier{devices.length === 1 ? '' : 's'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
