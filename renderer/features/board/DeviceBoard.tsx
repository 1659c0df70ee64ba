import {
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { boardViewStore, devicesStore, useBoardView, useDevices } from '../../stores';
import { AddDevicesBar } from '../add/AddDevicesBar';
import { BoardFilters } from './BoardFilters';
import { BulkBar } from './BulkBar';
import { DeviceGrid } from './DeviceGrid';
import { selectRows } from './select-rows';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, flex: 1, minHeight: 0 },
  top: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM, flexWrap: 'wrap' },
  title: { flex: 1, whiteSpace: 'nowrap' },
  surface: {
    flex: 1,
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow4,
    overflow: 'hidden',
  },
  empty: {
    padding: tokens.spacingHorizontalXXL,
    textAlign: 'center',
    color: tokens.colorNeutralForeground2,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
  },
});

/** The device board: add devices, find them, act on many, and see each one's progress. */
export function DeviceBoard(): React.JSX.Element {
  const styles = useStyles();
  const { order, byId, error, lastProvider, loading } = useDevices(
    useShallow((s) => ({
      order: s.order,
      byId: s.byId,
      error: s.error,
      lastProvider: s.lastProvider,
      loading: s.loading,
    })),
  );
  const filter = useBoardView(
    useShallow((s) => ({ search: s.search, stages: s.stages, tag: s.tag, problem: s.problem, sort: s.sort })),
  );
  const ids = useMemo(() => selectRows(order, byId, filter), [order, byId, filter]);
  // One rule for every bulk action: only what is shown stays selected (a filter or search hides, it deselects).
  useEffect(() => boardViewStore.getState().keepShown(ids), [ids]);
  return (
    <section className={styles.root} aria-label="Device board">
      <div className={styles.top}>
        <Text as="h2" size={400} weight="semibold" className={styles.title}>
          Devices ({order.length}){ids.length !== order.length ? ` · ${ids.length} shown` : ''}
        </Text>
        <AddDevicesBar />
      </div>
      {error && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>Could not capture this device</MessageBarTitle>
            {error}
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button
                aria-label="Dismiss"
                appearance="transparent"
                icon={<DismissRegular />}
                onClick={devicesStore.getState().dismissError}
              />
            }
          />
        </MessageBar>
      )}
      {lastProvider && !error && (
        <Text size={200} aria-live="polite">
          Last capture used the {lastProvider} provider
          {lastProvider === 'simulated' ? ' (synthetic device: sandbox or not Windows)' : ''}.
        </Text>
      )}
      <BoardFilters />
      <BulkBar />
      <div className={styles.surface}>
        {loading && order.length === 0 ? (
          <Spinner label="Loading the board…" />
        ) : order.length === 0 ? (
          <div className={styles.empty}>
            <Text size={400}>No devices yet.</Text>
            <Text>
              Use “Add this device” to capture this computer’s hardware hash, or “Import CSV” to add devices from a
              file.
            </Text>
          </div>
        ) : ids.length === 0 ? (
          <div className={styles.empty}>
            <Text>No device matches the search and filters.</Text>
          </div>
        ) : (
          <DeviceGrid ids={ids} byId={byId} />
        )}
      </div>
    </section>
  );
}
