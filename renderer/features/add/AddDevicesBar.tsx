import { Button, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import {
  DesktopArrowRightRegular,
  DesktopPulseRegular,
  DocumentArrowUpRegular,
  FolderArrowUpRegular,
  FolderGlobeRegular,
} from '@fluentui/react-icons';
import { memo, useState } from 'react';
import { devicesStore, useDevices } from '../../stores';
import { ImportDialog } from '../import/ImportDialog';
import { OfflineExportButton } from './OfflineExportButton';
import { RemoteCaptureDialog } from './RemoteCaptureDialog';
import { WatchFolderDialog } from './WatchFolderDialog';

const useStyles = makeStyles({ bar: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' } });

/** Ways to add devices: capture this one, import a CSV, the watch folder; and the offline export. */
export const AddDevicesBar = memo(function AddDevicesBar(): React.JSX.Element {
  const styles = useStyles();
  const capturing = useDevices((s) => s.capturing);
  const [dialog, setDialog] = useState<'import' | 'watch' | 'remote' | null>(null);
  return (
    <div className={styles.bar}>
      <Button
        appearance="primary"
        icon={capturing ? <Spinner size="tiny" /> : <DesktopArrowRightRegular />}
        disabled={capturing}
        onClick={() => void devicesStore.getState().captureThisDevice()}
      >
        Add this device
      </Button>
      <Button icon={<DesktopPulseRegular />} onClick={() => setDialog('remote')}>
        Another PC…
      </Button>
      <Button icon={<DocumentArrowUpRegular />} onClick={() => setDialog('import')}>
        Import CSV
      </Button>
      <Button icon={<FolderGlobeRegular />} onClick={() => setDialog('watch')}>
        Watch folder
      </Button>
      <OfflineExportButton icon={<FolderArrowUpRegular />} />
      {dialog === 'import' && <ImportDialog onClose={() => setDialog(null)} />}
      {dialog === 'watch' && <WatchFolderDialog onClose={() => setDialog(null)} />}
      {dialog === 'remote' && <RemoteCaptureDialog onClose={() => setDialog(null)} />}
    </div>
  );
});
