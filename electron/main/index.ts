import { app, BrowserWindow, dialog, safeStorage } from 'electron';
import { startConsoleHost } from '../core/host';
import { push, registerIpc } from './ipc';
import { createMainWindow } from './window';

// One console per machine: a second launch focuses the first window.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
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
    const host = await startConsoleHost({
      version: app.getVersion(),
      stateDir: app.getPath('userData'),
      safeStorage,
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
    app.on('will-quit', () => void host.close());
    registerIpc(
      host.handlers,
      (sender) => mainWindow !== null && sender === mainWindow.webContents,
      (channel, error) => console.error(`[ipc] ${channel} failed`, error),
    );
    mainWindow = createMainWindow(app.isPackaged);
    host.core.events.subscribe((event, payload) => {
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
