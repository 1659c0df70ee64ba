import { FluentProvider, MessageBar, MessageBarBody, MessageBarTitle, makeStyles } from '@fluentui/react-components';
import { useSyncExternalStore } from 'react';
import { useOsTheme } from '../theme/use-os-theme';
import type { ConnectionWatch } from './web-client';

const useStyles = makeStyles({
  bar: { position: 'fixed', top: '8px', left: '50%', transform: 'translateX(-50%)', zIndex: 1000000, maxWidth: '90vw' },
});

/** Says, above everything, when the browser console has lost its server and is reconnecting. */
export function ConnectionBanner({ connection }: { connection: ConnectionWatch }): React.JSX.Element | null {
  const theme = useOsTheme();
  const styles = useStyles();
  const state = useSyncExternalStore(connection.subscribe, connection.state);
  // The first connection takes a moment: only a connection that failed or was lost is said.
  if (state !== 'reconnecting') return null;
  return (
    <FluentProvider theme={theme}>
      <MessageBar intent="warning" className={styles.bar} role="status" data-testid="connection-banner">
        <MessageBarBody>
          <MessageBarTitle>Connection lost</MessageBarTitle>
          The console server does not answer; reconnecting… The page reloads when it is back (npm run dev:web starts
          it).
        </MessageBarBody>
      </MessageBar>
    </FluentProvider>
  );
}
