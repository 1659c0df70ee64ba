import { FluentProvider } from '@fluentui/react-components';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { startStores } from './stores';
import { useOsTheme } from './theme/use-os-theme';

function Root(): React.JSX.Element {
  const theme = useOsTheme();
  // No className here: Fluent copies the provider's classes onto portal mount nodes (dialogs, toasts),
  // so a full-height class would make every portal cover the window.
  return (
    <FluentProvider theme={theme}>
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
