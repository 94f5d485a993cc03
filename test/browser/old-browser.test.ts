import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApp, screenshot, waitForProject, useAppServer } from './harness';

const SLOW = 300_000;

describe('an unsupported browser gets a message, not a blank page', () => {
  const server = useAppServer({ county: 'small' });

  test('the minimum version in the check is the one docs/deploy.md states', () => {
    const check = readFileSync(resolve(import.meta.dirname, '../../public/browser-check.js'), 'utf8');
    const min = /MIN_CHROMIUM = (\d+)/.exec(check)?.[1];
    expect(min).toBeDefined();
    expect(readFileSync(resolve(import.meta.dirname, '../../docs/deploy.md'), 'utf8')).toContain(`Chromium ${min}`);
  });

  test('a browser without AbortSignal.timeout and WebGL 2 sees what is missing, in Chinese and English', async () => {
    const context = await server.app.browser.newContext({ viewport: { width: 1100, height: 700 }, locale: 'zh-CN' });
    // what an old Chromium lacks, removed before any page script runs
    await context.addInitScript(() => {
      delete (AbortSignal as unknown as { timeout?: unknown }).timeout;
      delete (globalThis as { WebGL2RenderingContext?: unknown }).WebGL2RenderingContext;
    });
    const { page, externalRequests, errors } = await openApp(server.app, { context });
    const alert = page.locator('.unsupported-browser');
    await alert.waitFor({ state: 'visible', timeout: 60_000 });
    const text = await alert.innerText();
    expect(text).toContain('浏览器版本过低');
    expect(text).toContain('Chromium 103');
    expect(text).toContain('AbortSignal.timeout');
    expect(text).toContain('WebGL 2');
    expect(text).toContain('too old');
    // the app itself did not start (no map, no half-drawn UI behind the message)
    expect(await page.locator('.maplibregl-map').count()).toBe(0);
    expect(await page.locator('html').getAttribute('data-unsupported')).toBe('AbortSignal.timeout, WebGL 2');
    expect(errors).toEqual([]);
    expect(externalRequests).toEqual([]);
    await screenshot(page, 'old-browser');
    await context.close();
  }, SLOW);

  test('a current browser never sees the message', async () => {
    const { page, context } = await openApp(server.app);
    // the app started and opened its project (the map need not finish drawing for that)
    await waitForProject(page);
    expect(await page.locator('.maplibregl-map').count()).toBe(1);
    expect(await page.locator('.unsupported-browser').count()).toBe(0);
    expect(await page.locator('html').getAttribute('data-unsupported')).toBeNull();
    await context.close();
  }, SLOW);
});
