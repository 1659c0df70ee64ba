import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  MessageBar,
  MessageBarBody,
  OverlayDrawer,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { Dismiss24Regular } from '@fluentui/react-icons';
import { boardViewStore, useBoardView, useDevices } from '../../stores';
import { StageIndicator } from '../board/StageIndicator';
import { StatusCell } from '../board/StatusCell';
import { CopyValue } from './CopyValue';
import { DetailActions } from './DetailActions';
import { HashReportView } from './HashReportView';
import { RegistrationExtras } from './RegistrationExtras';
import { Timeline } from './Timeline';
import { useDeviceDetail } from './use-device-detail';
import { useReturnFocus } from '../../components/return-focus';

const useStyles = makeStyles({
  body: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    paddingBottom: tokens.spacingVerticalXL,
  },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

/** One device in depth: progress, timeline, hash validation report, Graph ids with copy buttons. */
export function DeviceDetailPanel(): React.JSX.Element {
  const styles = useStyles();
  const id = useBoardView((s) => s.detailId);
  const device = useDevices((s) => (id ? s.byId[id] : undefined));
  const { detail, error } = useDeviceDetail(id, device?.updatedAt);
  const close = (): void => boardViewStore.getState().openDetail(null);
  const open = id !== null && device !== undefined;
  useReturnFocus(open);
  return (
    <OverlayDrawer position="end" size="medium" open={open} onOpenChange={(_, data) => !data.open && close()}>
      {device && (
        <>
          <DrawerHeader>
            <DrawerHeaderTitle
              action={<Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} onClick={close} />}
            >
              {device.serial}
            </DrawerHeaderTitle>
            <Text>
              {device.manufacturer} {device.model} · {device.groupTag || 'no tag'} · {device.assignedUser || 'no user'}
              {device.deviceName ? ` · name ${device.deviceName}` : ''}
            </Text>
          </DrawerHeader>
          <DrawerBody className={styles.body}>
            <section className={styles.section} aria-label="Progress">
              <StageIndicator device={device} />
              <StatusCell device={device} full />
              <DetailActions device={device} />
            </section>
            <RegistrationExtras device={device} />
            {error && (
              <MessageBar intent="error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
            {!detail && !error && <Spinner size="small" label="Loading details…" />}
            {detail && (
              <>
                <section className={styles.section}>
                  <Text as="h3" weight="semibold">
                    Graph ids
                  </Text>
                  <CopyValue label="Serial number" value={device.serial} />
                  <CopyValue label="Autopilot device id" value={detail.graph.autopilotDeviceId} />
                  <CopyValue label="Entra device id" value={detail.graph.entraDeviceId} />
                  <CopyValue
                    label="Import record id"
                    value={detail.graph.importRecordId}
                    {...(detail.graph.importRecordNote ? { empty: detail.graph.importRecordNote } : {})}
                  />
                  {device.problem?.graphError && (
                    <CopyValue label="Error name from Graph" value={device.problem.graphError} />
                  )}
                </section>
                {detail.skippedChecks.length > 0 && (
                  <MessageBar intent="warning">
                    <MessageBarBody>Checks skipped: {detail.skippedChecks.join(' ')}</MessageBarBody>
                  </MessageBar>
                )}
                <section className={styles.section}>
                  <Text as="h3" weight="semibold">
                    Timeline
                  </Text>
                  <Timeline entries={detail.timeline} />
                </section>
                <section className={styles.section}>
                  <Text as="h3" weight="semibold">
                    Hash validation
                  </Text>
                  <HashReportView report={detail.validation} />
                </section>
              </>
            )}
          </DrawerBody>
        </>
      )}
    </OverlayDrawer>
  );
}
