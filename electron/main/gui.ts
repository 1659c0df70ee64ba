import { app, BrowserWindow, dialog, safeStorage, shell } from 'electron';
import { startApplication } from '../core/application/start';
import { push, registerIpc } from './ipc';
import { createElectronNetwork } from './network';
import { createMainWindow } from './window';

/** How long quitting waits for the core to save and close before exiting anyway. */
const CLOSE_TIMEOUT_MS = 10_000;

/** The part of Electron's `app` that quitting needs (faked in tests). */
export interface QuittingApp {
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  exit(code: number): void;
}

/**
 * Holds `will-quit` until the core has closed (the journal's and settings' last writes, the activity log),
 * then exits: without it Electron ends the process while those writes are still pending.
 */
export function quitAfterClose(
  target: QuittingApp,
  close: () => Promise<void>,
  onError: (error: unknown) => void,
  timeoutMs = CLOSE_TIMEOUT_MS,
): void {
  let closing = false;
  target.on('will-quit', (event) => {
    event.preventDefault();
    if (closing) return;
    closing = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        onError(new Error(`the core did not close within ${timeoutMs} ms`));
        resolve();
      }, timeoutMs);
    });
    void Promise.race([close().catch(onError), timeout]).finally(() => {
      clearTimeout(timer);
      target.exit(0);
    });
  });
}

/** The desktop console: one window per machine, the core behind IPC. */
export function startDesktopConsole(): void {
  // One console per machine: a second launch focuses the first window.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  const start = async (): Promise<void> => {
    const running = await startApplication({
      version: app.getVersion(),
      stateDir: app.getPath('userData'),
      safeStorage,
      // A person signs in in the system browser, never inside the console's window.
      openExternal: (url) => shell.openExternal(url),
      // A real tenant goes through Chromium's network stack: the OS trust store and proxy settings.
      network: await createElectronNetwork(),
      onError: (what, error) => console.error(`[console] ${what}`, error),
      // Folders are chosen in a native dialog here, in main: the renderer never hands main a path.
      picker: {
        chooseFolder: async (purpose) => {
          const options = {
            title: purpose === 'export' ? 'Folder for the Intune CSV files' : 'Folder to watch for CSV and hash files',
            properties: ['openDirectory', 'createDirectory'] as ('openDirectory' | 'createDirectory')[],
          };
          const result = mainWindow
            ? await dialog.showOpenDialog(mainWindow, options)
            : await dialog.showOpenDialog(options);
          return result.canceled ? null : (result.filePaths[0] ?? null);
        },
      },
    });
    quitAfterClose(
      app,
      () => running.close(),
      (error) => console.error('[console] closing failed', error),
    );
    registerIpc(
      running.handlers,
      (sender) => mainWindow !== null && sender === mainWindow.webContents,
      (channel, error) => console.error(`[ipc] ${channel} failed`, error),
    );
    mainWindow = createMainWindow(app.isPackaged);
    running.events.subscribe((event, payload) => {
      if (mainWindow) push(mainWindow.webContents, event, payload);
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  void app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      // Nothing works without the core: say why in words, then quit rather than show an empty window.
      dialog.showErrorBox(
        'Autopilot Console could not start',
        `${error instanceof Error ? error.message : String(error)}\n\nStart the console again; if this message comes back, report it with the text above.`,
      );
      console.error('[console] start-up failed', error);
      app.quit();
    });

  app.on('window-all-closed', () => {
    app.quit();
  });
}
