import { describe, expect, test } from 'vitest';
import type { ElementHandle, Page } from 'playwright-core';
import { useDemoApp } from './harness';

const SLOW = 300_000;

/** Whether the element is still in the document (the same node: its panel was not rebuilt) and shown. */
function sameAndShown(el: ElementHandle<Element>): Promise<boolean> {
  return el.evaluate((e) => e.isConnected && (e as HTMLElement).offsetParent !== null);
}

async function tab(p: Page, id: string): Promise<void> {
  await p.getByTestId(`panel-tab-${id}`).click();
  await expect.poll(() => p.getByTestId(`panel-tab-${id}`).getAttribute('aria-selected')).toBe('true');
}

// Leaving the 消防覆盖 tab used to unmount the panel: its worker (the county's prepared network) was
// stopped and coming back prepared the county again and recomputed (about 5 s on the demo county); the
// 规范检查 results were gone. Both panels now stay mounted, hidden, once opened (PanelDefinition.keepAlive).
describe('leaving a tab and coming back keeps its work (small county)', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });

  test('消防覆盖: the figures stay, nothing is recomputed, the next run takes the prepared network; the draggable stations only on the open tab', async () => {
    const p = demo.main.page;
    await tab(p, 'fire');
    const runs = Number((await p.getByTestId('fire-figures').getAttribute('data-runs').catch(() => null)) ?? 0);
    await p.getByTestId('fire-run').click();
    await p.locator(`[data-testid="fire-figures"][data-runs="${runs + 1}"]`).waitFor({ timeout: SLOW });
    await p.getByTestId('fire-lanes-busy').waitFor({ state: 'detached', timeout: SLOW });
    const figures = (await p.getByTestId('fire-figures').elementHandle())!;
    const text = await figures.innerText();
    await expect.poll(() => p.locator('.fire-station-marker').count()).toBeGreaterThan(0);

    await tab(p, 'layers');
    expect(await figures.evaluate((e) => e.isConnected)).toBe(true);
    expect(await figures.isVisible()).toBe(false);
    // the markers are dragged on the fire tab only
    await expect.poll(() => p.locator('.fire-station-marker').count()).toBe(0);

    await tab(p, 'fire');
    expect(await sameAndShown(figures)).toBe(true);
    expect(await figures.innerText()).toBe(text);
    expect(await figures.getAttribute('data-runs')).toBe(String(runs + 1));
    await expect.poll(() => p.locator('.fire-station-marker').count()).toBeGreaterThan(0);

    // a run after coming back answers from the prepared county: no preparation
    await p.getByTestId('fire-run').click();
    await p.locator(`[data-testid="fire-figures"][data-runs="${runs + 2}"]`).waitFor({ timeout: SLOW });
    const ms = JSON.parse((await p.getByTestId('fire-figures').getAttribute('data-worker-ms')) ?? '{}') as Record<string, number>;
    expect(ms.prepare).toBe(0);
    expect(await figures.innerText()).toBe(text);

    // left for longer than the worker is kept (here 0 ms instead of a minute): its memory is given back,
    // the figures stay, and the next run prepares the county again with the same figures
    await p.getByTestId('fire-lanes-busy').waitFor({ state: 'detached', timeout: SLOW });
    const fireWorkers = () => p.workers().filter((w) => /fire\.worker/.test(w.url())).length;
    expect(fireWorkers()).toBe(1);
    await p.evaluate(() => (window.__coverageFireKeepMs = 0));
    try {
      await tab(p, 'layers');
      await expect.poll(fireWorkers).toBe(0);
    } finally {
      await p.evaluate(() => delete window.__coverageFireKeepMs);
    }
    await tab(p, 'fire');
    expect(await sameAndShown(figures)).toBe(true);
    expect(await figures.innerText()).toBe(text);
    await p.getByTestId('fire-run').click();
    await p.locator(`[data-testid="fire-figures"][data-runs="${runs + 3}"]`).waitFor({ timeout: SLOW });
    const again = JSON.parse((await p.getByTestId('fire-figures').getAttribute('data-worker-ms')) ?? '{}') as Record<string, number>;
    expect(again.prepare).toBeGreaterThan(0);
    expect(await figures.innerText()).toBe(text);
    expect(demo.main.errors).toEqual([]);
  }, SLOW);

  test('规范检查: the results stay when another tab is opened', async () => {
    const p = demo.main.page;
    await tab(p, 'rules');
    await p.getByTestId('rules-run').click();
    await p.getByTestId('rules-counts').waitFor({ timeout: SLOW });
    const counts = (await p.getByTestId('rules-counts').elementHandle())!;
    const text = await counts.innerText();
    await tab(p, 'hydrants');
    expect(await counts.isVisible()).toBe(false);
    await tab(p, 'rules');
    expect(await sameAndShown(counts)).toBe(true);
    expect(await counts.innerText()).toBe(text);
    expect(demo.main.errors).toEqual([]);
  }, SLOW);
});
