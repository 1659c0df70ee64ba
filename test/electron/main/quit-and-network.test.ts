import { describe, expect, it, vi } from 'vitest';

const session = vi.hoisted(() => ({
  defaultSession: {
    setProxy: vi.fn((_config: unknown) => Promise.resolve()),
    resolveProxy: vi.fn((_url: string) => Promise.resolve('PROXY proxy.corp:8080')),
    fetch: vi.fn((_url: string, _init: unknown) => Promise.resolve({ status: 200 })),
  },
}));

vi.mock('electron', () => ({
  app: {},
  BrowserWindow: class {
    show(): void {}
  },
  dialog: {},
  safeStorage: {},
  shell: {},
  ipcMain: { handle: () => undefined },
  session,
}));

const { quitAfterClose } = await import('../../../electron/main/gui');
const { bypassRulesOf, createElectronNetwork, proxyRuleOf } = await import('../../../electron/main/network');

function fakeApp() {
  let listener: ((event: { preventDefault(): void }) => void) | undefined;
  const exits: number[] = [];
  return {
    exits,
    on: (_event: 'will-quit', l: typeof listener) => (listener = l),
    exit: (code: number) => exits.push(code),
    quit: () => {
      const event = { preventDefault: vi.fn() };
      listener?.(event);
      return event;
    },
  };
}

describe('quitting waits for the core to close', () => {
  it('holds will-quit, awaits close, then exits; a second quit does not close twice', async () => {
    const app = fakeApp();
    let finish: () => void = () => undefined;
    const close = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    quitAfterClose(app, close, () => undefined);
    const first = app.quit();
    expect(first.preventDefault).toHaveBeenCalled();
    expect(app.quit().preventDefault).toHaveBeenCalled();
    await Promise.resolve();
    expect(app.exits).toEqual([]);
    finish();
    await vi.waitFor(() => expect(app.exits).toEqual([0]));
    expect(close).toHaveBeenCalledTimes(1);
  });

  it('still exits when closing fails or hangs', async () => {
    const failing = fakeApp();
    const errors: unknown[] = [];
    quitAfterClose(
      failing,
      () => Promise.reject(new Error('disk full')),
      (e) => errors.push(e),
    );
    failing.quit();
    await vi.waitFor(() => expect(failing.exits).toEqual([0]));
    expect(String(errors[0])).toContain('disk full');

    const hanging = fakeApp();
    quitAfterClose(
      hanging,
      () => new Promise<void>(() => undefined),
      (e) => errors.push(e),
      20,
    );
    hanging.quit();
    await vi.waitFor(() => expect(hanging.exits).toEqual([0]));
    expect(String(errors[1])).toContain('did not close within 20 ms');
  });
});

describe("Electron's network stack for Graph", () => {
  it('turns HTTPS_PROXY/NO_PROXY into Chromium proxy rules without credentials', () => {
    expect(proxyRuleOf('http://user:pw@proxy.corp:8080/')).toBe('http://proxy.corp:8080');
    expect(proxyRuleOf('not a url')).toBeNull();
    expect(bypassRulesOf('.corp.local, 10.0.0.1')).toBe('<local>;.corp.local;10.0.0.1');
    expect(bypassRulesOf(undefined)).toBe('<local>');
  });

  it('uses the system proxy settings and says which proxy it resolved', async () => {
    session.defaultSession.setProxy.mockClear();
    const network = await createElectronNetwork({});
    expect(session.defaultSession.setProxy).not.toHaveBeenCalled();
    const description = await network.describe('https://graph.microsoft.com');
    expect(description.proxy).toBe(
      'the system proxy settings (Electron resolves https://graph.microsoft.com to "PROXY proxy.corp:8080")',
    );
    expect(description.trust).toContain("operating system's certificate store");
    await network.fetch('https://graph.microsoft.com/v1.0/x', { method: 'GET', headers: { a: 'b' } });
    expect(session.defaultSession.fetch).toHaveBeenCalledWith(
      'https://graph.microsoft.com/v1.0/x',
      expect.objectContaining({ method: 'GET', headers: { a: 'b' }, credentials: 'omit' }),
    );
  });

  it("lets a task sequence's HTTPS_PROXY override the system settings, never echoing its password", async () => {
    const network = await createElectronNetwork({
      HTTPS_PROXY: 'http://svc:secret@proxy.corp:3128',
      NO_PROXY: '.corp',
    });
    expect(session.defaultSession.setProxy).toHaveBeenCalledWith({
      mode: 'fixed_servers',
      proxyRules: 'http://proxy.corp:3128',
      proxyBypassRules: '<local>;.corp',
    });
    const description = await network.describe('https://graph.microsoft.com');
    expect(description.proxy).toContain('HTTPS_PROXY http://***@proxy.corp:3128');
    expect(description.proxy).not.toContain('secret');
  });
});
