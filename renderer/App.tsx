import { makeStaticStyles, makeStyles, tokens } from '@fluentui/react-components';
import { DeviceBoard } from './features/board/DeviceBoard';
import { DeviceDetailPanel } from './features/detail/DeviceDetailPanel';
import { LookupPanel } from './features/lookup/LookupPanel';
import { AppHeader } from './features/shell/AppHeader';
import { Notices } from './features/shell/Notices';

const useGlobalStyles = makeStaticStyles({
  'html, body, #root': { margin: 0, height: '100%' },
});

const useStyles = makeStyles({
  root: {
    display: 'flex',
    flexDirection: 'column',
    height: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  main: {
    flex: 1,
    minHeight: 0,
    display: 'flex',
    flexDirection: 'column',
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`,
  },
});

/** The console: header with the tenant and ready count, the device board, the detail panel. */
export function App(): React.JSX.Element {
  useGlobalStyles();
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <AppHeader />
      <main className={styles.main}>
        <DeviceBoard />
      </main>
      <DeviceDetailPanel />
      <LookupPanel />
      <Notices />
    </div>
  );
}
