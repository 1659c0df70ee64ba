import { createWebSocketApi, webSocketUrlFromLocation } from './transport/web-client';

// The web transport stands in for the Electron preload: install `window.api`, then start the app.
window.api = createWebSocketApi(webSocketUrlFromLocation(window.location));
void import('./main');
