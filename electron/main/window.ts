import { BrowserWindow, shell } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Hosts the console may open in the user's browser (documentation only). */
const EXTERNAL_ALLOWLIST = new Set(['learn.microsoft.com', 'intune.microsoft.com', 'entra.microsoft.com']);

/** Creates the main window with the hardening the console relies on. */
export function createMainWindow(isPackaged: boolean): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 720,
    minWidth: 960,
    minHeight: 600,
    title: 'Autopilot Console',
    show: false,
    autoHideMenuBar: true,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: !isPackaged,
    },
  });
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'https:' && EXTERNAL_ALLOWLIST.has(hostname)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== window.webContents.getURL()) event.preventDefault();
  });
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  if (!isPackaged && devUrl) void window.loadURL(devUrl);
  else void window.loadFile(join(here, '../renderer/index.html'));
  return window;
}
