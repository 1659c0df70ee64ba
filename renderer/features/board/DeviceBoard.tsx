import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DesktopArrowRightRegular, DismissRegular } from '@fluentui/react-icons';
import { useShallow } from 'zustand/react/shallow';
import { devicesStore, useDevices } from '../../stores';
import { StageBadge } from './StageBadge';

const useStyles = makeStyles({
  toolbar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, marginBottom: tokens.spacingVerticalM },
  grow: { flex: 1 },
  surface: {
    flex: 1,
    minHeight: 0,
    overflow: 'auto',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
  },
  empty: { padding: tokens.spacingHorizontalXXL, textAlign: 'center', color: tokens.colorNeutralForeground3 },
});

/** The device board: one row per device with its stage. */
export function DeviceBoard(): React.JSX.Element {
  const styles = useStyles();
  const { order, byId, capturing, error } = useDevices(
    useShallow((state) => ({ order: state.order, byId: state.byId, capturing: state.capturing, error: state.error })),
  );
  const { captureThisDevice, dismissError } = devicesStore.getState();
  return (
    <>
      <div className={styles.toolbar}>
        <Text as="h2" size={400} weight="semibold" className={styles.grow}>
          Devices ({order.length})
        </Text>
        <Button
          appearance="primary"
          icon={capturing ? <Spinner size="tiny" /> : <DesktopArrowRightRegular />}
          disabled={capturing}
          onClick={() => void captureThisDevice()}
        >
          Add this device
        </Button>
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>{error}</MessageBarBody>
          <MessageBarActions
            containerAction={<Button aria-label="Dismiss" appearance="transparent" icon={<DismissRegular />} onClick={dismissError} />}
          />
        </MessageBar>
      )}
      <div className={styles.surface}>
        {order.length === 0 ? (
          <div className={styles.empty}>
            <Text>No devices yet. Use “Add this device” to capture this computer’s hardware hash.</Text>
          </div>
        ) : (
          <Table aria-label="Devices" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Serial number</TableHeaderCell>
                <TableHeaderCell>Make</TableHeaderCell>
                <TableHeaderCell>Model</TableHeaderCell>
                <TableHeaderCell>Group tag</TableHeaderCell>
                <TableHeaderCell>Stage</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {order.map((id) => {
                const device = byId[id];
                if (!device) return null;
                return (
                  <TableRow key={id} data-testid="device-row">
                    <TableCell>{device.serial}</TableCell>
                    <TableCell>{device.manufacturer}</TableCell>
                    <TableCell>{device.model}</TableCell>
                    <TableCell>{device.groupTag || '—'}</TableCell>
                    <TableCell>
                      <StageBadge stage={device.stage} />
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        )}
      </div>
    </>
  );
}
