import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../helpers/browser';
import { startWebConsole, type WebConsole } from '../helpers/web-console';

describe('the device board in Chromium over the web transport', () => {
  let console_: WebConsole | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    console_ = await startWebConsole();
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.goto(console_.transport.url);
  });

  afterAll(async () => {
    await browser?.close();
    await console_?.close();
  });

  it('starts empty, on the labelled sandbox tenant', async () => {
    await page.getByText('No devices yet').waitFor();
    await page.getByText('Practice tenant on this computer').waitFor();
    expect(await page.getByTestId('device-row').count()).toBe(0);
  });

  it('adds this device at "Hash collected" with its serial, make and model', async () => {
    await page.getByRole('button', { name: 'Add this device' }).click();
    const row = page.getByTestId('device-row');
    await row.waitFor();
    const [device] = console_!.app.application.board;
    expect(device).toBeDefined();
    if (!device) return;
    const cells = await row.getByRole('gridcell').allInnerTexts();
    expect(cells[1]).toContain(device.serial);
    expect(cells[2]).toContain(device.manufacturer);
    expect(cells[2]).toContain(device.model);
    expect(cells[3]).toContain('No tag');
    expect(cells[5]).toContain('Not registered yet');
    expect(await row.locator('[data-state="done"]').count()).toBe(1);
    expect(device.serial).toMatch(/^SIM[0-9A-Z]{9}$/);
    await expect(page.getByRole('heading', { name: 'Devices (1)' }).isVisible()).resolves.toBe(true);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/foundation-board.png' });
  });

  it('rejects a WebSocket without the per-run token', async () => {
    const outcome = await page.evaluate(
      (port) =>
        new Promise<string>((resolve) => {
          const socket = new WebSocket(`ws://127.0.0.1:${port}/ipc?token=wrong`);
          socket.onopen = () => resolve('open');
          socket.onerror = () => resolve('refused');
        }),
      console_!.transport.port,
    );
    expect(outcome).toBe('refused');
  });

  it('keeps state in main: a second page shows the same device', async () => {
    const second = await browser!.newPage();
    await second.goto(console_!.transport.url);
    await second.getByTestId('device-row').waitFor();
    expect(await second.getByTestId('device-row').count()).toBe(1);
    const [device] = console_!.app.application.board;
    expect(await second.getByTestId('device-row').getByRole('gridcell').nth(1).innerText()).toContain(device?.serial);
    await second.close();
  });
});
