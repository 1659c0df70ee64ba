import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * The same index.html as the desktop app, with two differences only: the entry installs `window.api`
 * over the WebSocket transport first, and the CSP lets the page reach that socket.
 */
const webEntry: Plugin = {
  name: 'web-entry',
  transformIndexHtml: {
    order: 'pre',
    handler: (html) =>
      html.replace('./main.tsx', './web.tsx').replace("connect-src 'self'", "connect-src 'self' ws://127.0.0.1:*"),
  },
};

/** The renderer for the WebSocket transport (`npm run dev:web`, end-to-end tests, benchmarks). */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), webEntry],
  build: {
    outDir: resolve('out/web'),
    emptyOutDir: true,
    rolldownOptions: { input: { index: resolve('renderer/index.html') } },
  },
});
