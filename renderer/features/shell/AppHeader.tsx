import {
  Badge,
  Button,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Text,
  makeStyles,
  shorthands,
  tokens,
} from '@fluentui/react-components';
import { HistoryRegular, SearchRegular, SettingsRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { boardViewStore, recordsStore, useApp, useDevices } from '../../stores';
import { ActivityDialog } from '../activity/ActivityDialog';
import { ReadyBadge } from '../board/ReadyBadge';
import { SettingsDialog } from '../settings/SettingsDialog';

const useStyles = makeStyles({
  header: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  title: { flex: 1, whiteSpace: 'nowrap' },
  counts: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  zero: { color: tokens.colorNeutralForeground3 },
  attention: {
    color: tokens.colorPaletteRedForeground1,
    ...shorthands.borderColor(tokens.colorPaletteRedBorder2),
    fontWeight: tokens.fontWeightSemibold,
    ':hover': { color: tokens.colorPaletteRedForeground1, ...shorthands.borderColor(tokens.colorPaletteRedBorder2) },
  },
});

/** Filters the board to the devices that stopped (failed or timed out), and nothing else. */
function showStopped(): void {
  const view = boardViewStore.getState();
  view.clearFilters();
  view.setStages(['failed', 'timed-out']);
}

/** Title, the ready count, attention count, the tenant in use, settings and the activity log; the sandbox banner. */
export function AppHeader(): React.JSX.Element {
  const styles = useStyles();
  const info = useApp((state) => state.info);
  const ready = useDevices((state) => state.counts.ready);
  const stopped = useDevices((state) => state.counts.failed + state.counts['timed-out']);
  const [dialog, setDialog] = useState<'settings' | 'activity' | null>(null);
  const sandbox = info?.tenant.kind === 'sandbox';
  useEffect(() => {
    // Ctrl+Shift+L opens the look-up from anywhere.
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey && event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        recordsStore.getState().setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <header className={styles.header}>
        <Text as="h1" size={500} weight="semibold" className={styles.title}>
          Autopilot Console
        </Text>
        <div className={styles.counts} aria-live="polite">
          {ready > 0 ? (
            <ReadyBadge>{ready} ready for OOBE</ReadyBadge>
          ) : (
            <Text size={200} className={styles.zero} data-testid="ready-count-zero">
              0 ready for OOBE
            </Text>
          )}
          {stopped > 0 && (
            <Button
              size="small"
              shape="rounded"
              className={styles.attention}
              title="Show only the devices that failed or timed out"
              onClick={showStopped}
            >
              {stopped} need attention
            </Button>
          )}
        </div>
        {info && (
          <Badge
            appearance="tint"
            color={sandbox ? 'warning' : 'brand'}
            shape="rounded"
            size="large"
            data-testid="tenant-badge"
          >
            {sandbox ? info.tenant.label : `Tenant ${info.tenant.label}`}
          </Badge>
        )}
        {info?.tenant.account && (
          <Badge appearance="outline" color="brand" shape="rounded" size="large" data-testid="account-badge">
            Signed in as {info.tenant.account}
          </Badge>
        )}
        <Button
          appearance="subtle"
          icon={<SearchRegular />}
          aria-keyshortcuts="Control+Shift+L"
          title="Look up any serial in the tenant (Ctrl+Shift+L)"
          onClick={() => recordsStore.getState().setOpen(true)}
        >
          Look up
        </Button>
        <Button appearance="subtle" icon={<HistoryRegular />} onClick={() => setDialog('activity')}>
          Activity
        </Button>
        <Button appearance="subtle" icon={<SettingsRegular />} onClick={() => setDialog('settings')}>
          Settings
        </Button>
      </header>
      {sandbox && (
        <MessageBar intent="warning" layout="singleline">
          <MessageBarBody>
            <MessageBarTitle>Sandbox tenant</MessageBarTitle>
            Practice tenant on this computer: nothing reaches Microsoft. Configure a tenant in Settings to register real
            devices.
          </MessageBarBody>
          <MessageBarActions>
            <Button size="small" onClick={() => setDialog('settings')}>
              Tenant settings
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {dialog === 'settings' && <SettingsDialog onClose={() => setDialog(null)} />}
      {dialog === 'activity' && <ActivityDialog onClose={() => setDialog(null)} />}
    </>
  );
}
