import { Button, Text, Toolbar, ToolbarButton, ToolbarDivider, makeStyles, tokens } from '@fluentui/react-components';
import {
  ArrowClockwiseRegular,
  ArrowUndoRegular,
  ArrowDownloadRegular,
  BuildingRegular,
  DeleteRegular,
  DismissRegular,
  SendRegular,
  TagRegular,
} from '@fluentui/react-icons';
import { memo, useState } from 'react';
import { registeredSerial } from '../../../shared/domain/device';
import { downloadText } from '../../components/download';
import { boardViewStore, devicesStore, useBoardView, useDevices } from '../../stores';
import { AssignDialog } from '../register/AssignDialog';
import { CorporateDialog } from '../register/CorporateDialog';
import { RemoveDialog } from './RemoveDialog';
import { DeregisterDialog } from './DeregisterDialog';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    padding: `0 ${tokens.spacingHorizontalS}`,
    backgroundColor: tokens.colorBrandBackground2,
    borderRadius: tokens.borderRadiusMedium,
    minHeight: '40px',
  },
  count: { fontWeight: tokens.fontWeightSemibold, whiteSpace: 'nowrap' },
});

/** Actions on the selected devices: register, retry, change tag, user or name, export, deregister, remove. */
export const BulkBar = memo(function BulkBar(): React.JSX.Element | null {
  const styles = useStyles();
  const selected = useBoardView((s) => s.selected);
  // Only follows the board while something is selected: an idle bar must not re-render with every push.
  const byId = useDevices((s) => (selected.size === 0 ? null : s.byId));
  const [dialog, setDialog] = useState<'register' | 'update' | 'remove' | 'corporate' | 'deregister' | null>(null);
  if (selected.size === 0 || byId === null) return null;
  const ids = [...selected].filter((id) => id in byId);
  const devices = ids.map((id) => byId[id]).filter((d) => d !== undefined);
  const registrable = devices.filter((d) => d.stage === 'collected' && !d.inProgress);
  const stopped = devices.filter((d) => d.stage === 'failed' || d.stage === 'timed-out');
  // A corporate identifier needs the manufacturer and model read from the hash, and a device not being worked on.
  const corporate = devices.filter((d) => !d.inProgress && d.manufacturer !== '' && d.model !== '');
  const tags = new Set(devices.map((d) => d.groupTag));
  const commonTag = tags.size === 1 ? ([...tags][0] ?? '') : '';
  const exportCsv = async (): Promise<void> => {
    const file = await devicesStore.getState().exportCsv(ids);
    if (file) downloadText(file.fileName, file.content);
  };
  return (
    <div className={styles.bar} role="region" aria-label="Selected devices">
      <Text className={styles.count} aria-live="polite">
        {ids.length} selected
      </Text>
      <Toolbar aria-label="Actions on the selected devices" size="small">
        <ToolbarButton icon={<SendRegular />} disabled={registrable.length === 0} onClick={() => setDialog('register')}>
          Register{registrable.length > 0 && registrable.length < ids.length ? ` (${registrable.length})` : ''}
        </ToolbarButton>
        <ToolbarButton
          icon={<ArrowClockwiseRegular />}
          disabled={stopped.length === 0}
          onClick={() => void devicesStore.getState().retry(stopped.map((d) => d.id))}
        >
          Retry{stopped.length > 0 ? ` (${stopped.length})` : ''}
        </ToolbarButton>
        <ToolbarButton
          icon={<BuildingRegular />}
          disabled={corporate.length === 0}
          onClick={() => setDialog('corporate')}
        >
          Corporate identifier{corporate.length > 0 && corporate.length < ids.length ? ` (${corporate.length})` : ''}
        </ToolbarButton>
        <ToolbarButton icon={<TagRegular />} onClick={() => setDialog('update')}>
          Change tag, user or name
        </ToolbarButton>
        <ToolbarButton icon={<ArrowDownloadRegular />} onClick={() => void exportCsv()}>
          Export CSV
        </ToolbarButton>
        <ToolbarDivider />
        <ToolbarButton icon={<ArrowUndoRegular />} onClick={() => setDialog('deregister')}>
          Deregister…
        </ToolbarButton>
        <ToolbarButton icon={<DeleteRegular />} onClick={() => setDialog('remove')}>
          Remove from board…
        </ToolbarButton>
      </Toolbar>
      <Button
        appearance="transparent"
        icon={<DismissRegular />}
        aria-label="Clear the selection"
        onClick={() => boardViewStore.getState().selectOnly([])}
      />
      {dialog === 'remove' && <RemoveDialog devices={devices} onClose={() => setDialog(null)} />}
      {dialog === 'corporate' && <CorporateDialog devices={corporate} onClose={() => setDialog(null)} />}
      {dialog === 'deregister' && (
        <DeregisterDialog serials={devices.map(registeredSerial)} onClose={() => setDialog(null)} />
      )}
      {(dialog === 'register' || dialog === 'update') && (
        <AssignDialog
          mode={dialog}
          ids={dialog === 'register' ? registrable.map((d) => d.id) : ids}
          initialTag={commonTag}
          onClose={() => setDialog(null)}
        />
      )}
    </div>
  );
});
