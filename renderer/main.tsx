import { FluentProvider, makeStyles } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startStores } from './stores';
import { useOsTheme } from './theme/use-os-theme';

const useStyles = makeStyles({ provider: { height: '100%' } });

function Root(): React.JSX.Element {
  const theme = useOsTheme();
  const styles = useStyles();
  return (
    <FluentProvider theme={theme} className={styles.provider}>
      <App />
    </FluentProvider>
  );
}

startStores();
const container = document.getElementById('root');
if (!container) throw new Error('The page has no #root element.');
createRoot(container).render(
  <StrictMode>
    <Root />
  </StrictMode>,
);
