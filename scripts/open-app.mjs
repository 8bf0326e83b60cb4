// The built page (dist/) served locally and opened in Debian's chromium, ready to use: what the
// page measuring scripts (measure-page.mjs, profile-page.mjs) all start with.
import { chromium } from 'playwright-core';
import { resolve } from 'node:path';
import { startServer } from './serve.mjs';

const root = resolve(import.meta.dirname, '..');

/**
 * Opens the app with `timeout` ms per step; resolves to {page, browser, close} once the core has
 * reported its version (the worker is up). `close()` stops the browser and the server.
 */
export async function openApp(timeout) {
  const server = await startServer(resolve(root, 'dist'), 0);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const close = async () => {
    await browser.close();
    server.close();
  };
  try {
    const page = await browser.newPage();
    page.setDefaultTimeout(timeout);
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => document.getElementById('version').textContent !== '');
    return { page, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}
