import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot, useDemoApp, waitForMapIdle } from './harness';

const SLOW = 300_000;
const LAYERS = ['fire-isochrones', 'fire-districts', 'fire-uncovered'];

/** The texts of the headline figures (before → after). */
async function figures(p: Page): Promise<string[]> {
  return Promise.all(['fire-covered-pct', 'fire-households-covered', 'fire-households-uncovered'].map(async (id) => (await p.getByTestId(id).locator('.figure-value').textContent()) ?? ''));
}

/** The worker's milliseconds per step of the last full run (0: taken from its cache). */
async function workerMs(p: Page): Promise<Record<string, number>> {
  return JSON.parse((await p.getByTestId('fire-figures').getAttribute('data-worker-ms')) ?? '{}') as Record<string, number>;
}

async function runAndWait(p: Page, n: number, click = true): Promise<void> {
  if (click) await p.getByTestId('fire-run').click();
  await p.locator(`[data-testid="fire-figures"][data-runs="${n}"]`).waitFor({ timeout: SLOW });
  // the fire-lane losses follow the figures: a run asked for while they compute would interrupt them
  // and compute them again (its worker times would then hold the lanes step)
  await p.getByTestId('fire-lanes-busy').waitFor({ state: 'detached', timeout: SLOW });
  await waitForMapIdle(p);
}

/** Remembers the fire result layers' data objects in the page. */
async function markLayers(p: Page): Promise<void> {
  await p.evaluate((ids) => {
    const rs = window.__coverageStore!.getState().results;
    (window as unknown as { __fireMarked: unknown[] }).__fireMarked = ids.map((id) => rs.find((r) => r.id === id)?.data);
  }, LAYERS);
}

/** Per fire result layer: whether the store holds the very data object marked last (nothing new for the map). */
async function sameLayers(p: Page): Promise<boolean[]> {
  return p.evaluate((ids) => {
    const rs = window.__coverageStore!.getState().results;
    const marked = (window as unknown as { __fireMarked: unknown[] }).__fireMarked;
    return ids.map((id, i) => marked[i] !== undefined && rs.find((r) => r.id === id)?.data === marked[i]);
  }, LAYERS);
}

// Issue #15: a second run with nothing changed answers from the fire worker's cache (same figures,
// same map layers); any changed input is computed afresh.
describe('fire panel: repeated runs on the demo county', () => {
  const demo = useDemoApp(SLOW, { expectClean: true });

  test('nothing changed → the same figures, nothing recomputed, nothing new for the map; changed statuses or threshold → recomputed', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-fire').click();
    await runAndWait(p, 1);
    const first = await figures(p);
    // README: existing 12,218 households in 5 minutes; the app's default "after" counts existing + planned + proposed
    expect(first[1]).toMatch(/^12,218 → [\d,]+ \/ 200,000/);
    expect((await workerMs(p)).prepare).toBeGreaterThan(0);
    await markLayers(p);

    await runAndWait(p, 2);
    expect(await figures(p)).toEqual(first);
    expect(await workerMs(p)).toEqual({ prepare: 0, before: 0, after: 0, layers: 0 });
    expect(await sameLayers(p)).toEqual([true, true, true]);

    // "before" counts planned stations too: before recomputed (README: 24,715 households), "after" and its layers kept
    await p.getByTestId('fire-before-planned').check();
    await runAndWait(p, 3);
    const withPlanned = await figures(p);
    expect(withPlanned[1]).toBe(first[1].replace(/^12,218/, '24,715'));
    const w3 = await workerMs(p);
    expect(w3.before).toBeGreaterThan(0);
    expect([w3.prepare, w3.after, w3.layers]).toEqual([0, 0, 0]);
    expect(await sameLayers(p)).toEqual([true, true, true]);

    // a new threshold (the panel recomputes by itself): every figure and layer new, more households reached
    await p.getByTestId('fire-param-threshold').fill('8');
    await p.getByTestId('fire-param-threshold').blur();
    await runAndWait(p, 4, false);
    const eight = await figures(p);
    const reached = (s: string) => (s.replace(/,/g, '').match(/\d+/g) ?? []).map(Number);
    expect(reached(eight[1])[0]).toBeGreaterThan(24715);
    expect(reached(eight[1])[1]).toBeGreaterThan(reached(first[1])[1]);
    const w4 = await workerMs(p);
    expect(w4.before).toBeGreaterThan(0);
    expect(w4.after).toBeGreaterThan(0);
    expect(await sameLayers(p)).toEqual([false, false, false]);
    await screenshot(p, 'fire-repeat-threshold-8');

    // back to 5 minutes: computed again, the figures of 5 minutes again
    await p.getByTestId('fire-param-threshold-reset').click();
    await runAndWait(p, 5, false);
    expect(await figures(p)).toEqual(withPlanned);
    expect((await workerMs(p)).after).toBeGreaterThan(0);
  }, SLOW);
});
