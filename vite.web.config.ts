import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The renderer for the WebSocket transport: same app, entry that installs `window.api` first. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: resolve('out/web'),
    emptyOutDir: true,
    rolldownOptions: { input: { index: resolve('renderer/web.html') } },
  },
});
