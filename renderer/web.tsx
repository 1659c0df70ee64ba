import { createRoot } from 'react-dom/client';
import { ConnectionBanner } from './transport/ConnectionBanner';
import { createWebSocketApi, webSocketUrlFromLocation } from './transport/web-client';

// The web transport stands in for the Electron preload: install `window.api`, then start the app.
const api = createWebSocketApi(webSocketUrlFromLocation(window.location), {
  // The server was restarted: what the page shows is reloaded from it (the board, settings, activity).
  onReconnected: () => window.location.reload(),
});
window.api = api;
const banner = document.createElement('div');
document.body.append(banner);
createRoot(banner).render(<ConnectionBanner connection={api.connection} />);
void import('./main');
