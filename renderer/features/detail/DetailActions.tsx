import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, DeleteRegular, SendRegular, TagRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { DeviceView } from '../../../shared/domain/device';
import { boardViewStore, devicesStore } from '../../stores';
import { AssignDialog } from '../register/AssignDialog';
import { RemoveDialog } from '../board/RemoveDialog';

const useStyles = makeStyles({ bar: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS } });

/** What can be done for this one device: the next step as a button. */
export function DetailActions({ device }: { device: DeviceView }): React.JSX.Element {
  const styles = useStyles();
  const [dialog, setDialog] = useState<'register' | 'update' | 'remove' | null>(null);
  const stopped = device.stage === 'failed' || device.stage === 'timed-out';
  const waiting = device.stage === 'collected' && !device.inProgress;
  return (
    <div className={styles.bar}>
      {waiting && (
        <Button appearance="primary" icon={<SendRegular />} onClick={() => setDialog('register')}>
          Register…
        </Button>
      )}
      {stopped && (
        <Button
          appearance="primary"
          icon={<ArrowClockwiseRegular />}
          onClick={() => void devicesStore.getState().retry([device.id])}
        >
          Retry
        </Button>
      )}
      <Button icon={<TagRegular />} onClick={() => setDialog('update')}>
        Change tag, user or name…
      </Button>
      <Button icon={<DeleteRegular />} onClick={() => setDialog('remove')}>
        Remove from board…
      </Button>
      {dialog === 'remove' && (
        <RemoveDialog
          devices={[device]}
          onRemoved={() => boardViewStore.getState().openDetail(null)}
          onClose={() => setDialog(null)}
        />
      )}
      {(dialog === 'register' || dialog === 'update') && (
        <AssignDialog mode={dialog} ids={[device.id]} initialTag={device.groupTag} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}
