import { BrowserWindow, shell, type Session } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Hosts the console may open in the user's browser (documentation only). */
const EXTERNAL_ALLOWLIST = new Set(['learn.microsoft.com', 'intune.microsoft.com', 'entra.microsoft.com']);

/** The one browser permission the console uses: writing text to the clipboard ("Copy" in the detail panel). */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/**
 * Refuses every permission (camera, microphone, notifications, geolocation, HID, serial, ...) that a page
 * could ask for, on request and on check, except the clipboard write of the console's own page.
 */
export function denyPermissions(session: Session, isOwnPage: (url: string) => boolean): void {
  session.setPermissionRequestHandler((webContents, permission, callback) => {
    callback(ALLOWED_PERMISSIONS.has(permission) && isOwnPage(webContents.getURL()));
  });
  session.setPermissionCheckHandler(
    (_webContents, permission, requestingOrigin) => ALLOWED_PERMISSIONS.has(permission) && isOwnPage(requestingOrigin),
  );
}

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
      // Middle-click must not open links in new windows (Electronegativity AUXCLICK_JS_CHECK).
      disableBlinkFeatures: 'Auxclick',
    },
  });
  const devUrl = process.env['ELECTRON_RENDERER_URL'];
  const loadDev = !isPackaged && devUrl !== undefined && devUrl !== '';
  const ownOrigin = loadDev ? new URL(devUrl).origin : 'file://';
  denyPermissions(window.webContents.session, (url) => url.startsWith(ownOrigin));
  window.once('ready-to-show', () => window.show());
  window.webContents.setWindowOpenHandler(({ url }) => {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'https:' && EXTERNAL_ALLOWLIST.has(hostname)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== window.webContents.getURL()) event.preventDefault();
  });
  if (loadDev) void window.loadURL(devUrl);
  else void window.loadFile(join(here, '../renderer/index.html'));
  return window;
}
