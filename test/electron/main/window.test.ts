import { beforeEach, describe, expect, it, vi } from 'vitest';

// The one place a test stands in for Electron: the window factory and the IPC glue are thin on purpose.
const electron = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const webContentsEvents = new Map<string, (...args: unknown[]) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | undefined;
  const created: { options: Record<string, unknown>; loadedFile?: string; loadedUrl?: string }[] = [];
  type RequestHandler = (wc: { getURL(): string }, permission: string, callback: (granted: boolean) => void) => void;
  type CheckHandler = (wc: unknown, permission: string, requestingOrigin: string) => boolean;
  const permissions: { request?: RequestHandler; check?: CheckHandler } = {};
  class BrowserWindow {
    webContents = {
      session: {
        setPermissionRequestHandler: (handler: RequestHandler) => {
          permissions.request = handler;
        },
        setPermissionCheckHandler: (handler: CheckHandler) => {
          permissions.check = handler;
        },
      },
      setWindowOpenHandler: (handler: typeof openHandler) => {
        openHandler = handler;
      },
      on: (event: string, listener: (...args: unknown[]) => void) => webContentsEvents.set(event, listener),
      getURL: () => 'file:///app/out/renderer/index.html',
    };
    private readonly record: (typeof created)[number];
    constructor(options: Record<string, unknown>) {
      this.record = { options };
      created.push(this.record);
    }
    once(): void {}
    show(): void {}
    loadFile(file: string): Promise<void> {
      this.record.loadedFile = file;
      return Promise.resolve();
    }
    loadURL(url: string): Promise<void> {
      this.record.loadedUrl = url;
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow,
    created,
    permissions,
    handlers,
    webContentsEvents,
    getOpenHandler: () => openHandler,
    shell: { openExternal: vi.fn(() => Promise.resolve()) },
    ipcMain: { handle: (channel: string, handler: (...args: unknown[]) => unknown) => handlers.set(channel, handler) },
  };
});

vi.mock('electron', () => ({
  BrowserWindow: electron.BrowserWindow,
  shell: electron.shell,
  ipcMain: electron.ipcMain,
}));

const { createMainWindow } = await import('../../../electron/main/window');
const { registerIpc } = await import('../../../electron/main/ipc');
const { INVOKE_CHANNELS } = await import('../../../shared/ipc/channels');

describe('main window hardening', () => {
  beforeEach(() => {
    electron.created.length = 0;
    electron.shell.openExternal.mockClear();
  });

  it('sets isolation, sandbox and no node integration explicitly, and loads the packaged file', () => {
    createMainWindow(true);
    const [window] = electron.created;
    expect(window?.options['webPreferences']).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: false,
    });
    expect(window?.loadedFile).toMatch(/renderer[\\/]index\.html$/);
    expect(window?.options).toMatchObject({ width: 1280, height: 720 });
  });

  it('denies window.open, opening only allowlisted documentation in the browser', () => {
    createMainWindow(true);
    const handler = electron.getOpenHandler()!;
    expect(handler({ url: 'https://evil.example/phish' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
    expect(handler({ url: 'https://learn.microsoft.com/autopilot' })).toEqual({ action: 'deny' });
    expect(electron.shell.openExternal).toHaveBeenCalledWith('https://learn.microsoft.com/autopilot');
  });

  it('disables Auxclick (middle-click opening links)', () => {
    createMainWindow(true);
    expect(electron.created[0]?.options['webPreferences']).toMatchObject({ disableBlinkFeatures: 'Auxclick' });
  });

  it('denies every permission request and check, but the clipboard write of its own page', () => {
    createMainWindow(true);
    const { request, check } = electron.permissions;
    expect(request).toBeDefined();
    expect(check).toBeDefined();
    const own = { getURL: () => 'file:///app/out/renderer/index.html' };
    const other = { getURL: () => 'https://evil.example/' };
    const asked = (wc: { getURL(): string }, permission: string): boolean | undefined => {
      let granted: boolean | undefined;
      request?.(wc, permission, (value) => (granted = value));
      return granted;
    };
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'hid', 'serial', 'unknown'])
      expect(asked(own, permission), permission).toBe(false);
    expect(asked(own, 'clipboard-sanitized-write')).toBe(true);
    expect(asked(other, 'clipboard-sanitized-write')).toBe(false);
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read'])
      expect(check?.(null, permission, 'file:///'), permission).toBe(false);
    expect(check?.(null, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
  });

  it('blocks navigation away from the app', () => {
    createMainWindow(true);
    const prevent = vi.fn();
    electron.webContentsEvents.get('will-navigate')!({ preventDefault: prevent }, 'https://evil.example/');
    expect(prevent).toHaveBeenCalled();
  });
});

describe('IPC registration', () => {
  it('registers every channel of the contract and refuses other senders and subframes', async () => {
    const trusted = { mainFrame: { id: 1 } };
    registerIpc(
      {
        'app:info': () => Promise.resolve({ version: '1', platform: 'win32', tenant: { kind: 'sandbox', label: 's' } }),
        'devices:list': () => Promise.resolve({ devices: [] }),
        'capture:this-device': () => Promise.reject(new Error('not used')),
      } as never,
      (sender) => sender === (trusted as never),
      () => undefined,
    );
    expect([...electron.handlers.keys()].sort()).toEqual([...INVOKE_CHANNELS].sort());
    const handle = electron.handlers.get('devices:list')!;
    await expect(handle({ sender: trusted, senderFrame: trusted.mainFrame }, {})).resolves.toEqual({
      ok: true,
      value: { devices: [] },
    });
    await expect(handle({ sender: trusted, senderFrame: { id: 2 } }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
    await expect(handle({ sender: { mainFrame: {} }, senderFrame: {} }, {})).resolves.toMatchObject({
      ok: false,
      error: { code: 'forbidden-sender' },
    });
  });
});
