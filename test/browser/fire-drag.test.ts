import { describe, expect, test } from 'vitest';
import { type AppPage, queryRenderedFeatures, screenshot, useDemoApp, waitForMapIdle } from './harness';

const SLOW = 300_000;

/** Numbers in a figure's value ("8,686 → 15,486 / 200,000 户" → [8686, 15486, 200000]). */
async function figureNumbers(p: AppPage, testId: string): Promise<number[]> {
  const text = (await p.page.getByTestId(testId).locator('.figure-value').textContent()) ?? '';
  return (text.replace(/,/g, '').match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
}

/** Page pixel of a lon/lat on the map. */
async function pixelOf(p: AppPage, lonLat: [number, number]): Promise<{ x: number; y: number }> {
  return p.page.evaluate((ll) => {
    const m = window.__coverageMap!;
    const pt = m.project(ll);
    const r = m.getCanvas().getBoundingClientRect();
    return { x: r.left + pt.x, y: r.top + pt.y };
  }, lonLat);
}

describe('dragging a fire station: the coverage follows live', () => {
  const demo = useDemoApp(SLOW);

  test('the planned station FS-02 dragged with the mouse to 羊平镇: live figures while dragging, full recompute on drop', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-fire').click();
    const marker = p.getByTestId('fire-marker-FS-02');
    await marker.waitFor();
    await p.getByTestId('fire-run').click();
    await p.getByTestId('fire-figures').waitFor({ timeout: 180_000 });
    await p.getByTestId('fire-progress').waitFor({ state: 'detached', timeout: 180_000 });
    const [hBefore, hAfter, total] = await figureNumbers(demo.main, 'fire-households-covered');
    expect(total).toBe(200000);
    expect(hAfter).toBeGreaterThan(hBefore); // FS-02 adds households at its planned site

    // Low zoom: the ~185k uncovered households are drawn as grid cells carrying their count.
    await waitForMapIdle(p);
    const agg = await queryRenderedFeatures(p, 'result:fire-uncovered', 5);
    expect(agg.count).toBeGreaterThan(0);
    expect(agg.count).toBeLessThan(50_000);
    for (const f of agg.sample) expect(Number(f.properties.__count)).toBeGreaterThanOrEqual(1);

    // Target: the centre of 羊平镇's built-up area.
    const target = await p.evaluate(() => {
      const s = window.__coverageStore!.getState() as unknown as { project: { project: { layers: { builtUp: { data: { features: { properties: { name: string }; geometry: { coordinates: number[][][] } }[] } } } } } };
      const f = s.project.project.layers.builtUp.data.features.find((g) => g.properties.name.startsWith('羊平镇'))!;
      const ring = f.geometry.coordinates[0];
      return [ring.reduce((a, c) => a + c[0], 0) / ring.length, ring.reduce((a, c) => a + c[1], 0) / ring.length] as [number, number];
    });
    const from = await marker.boundingBox();
    expect(from).not.toBeNull();
    const start = { x: from!.x + from!.width / 2, y: from!.y + from!.height / 2 };
    const end = await pixelOf(demo.main, target);
    // Record every live recompute's round trip (ms) as the panel reports it.
    await p.evaluate(() => {
      const el = document.querySelector('[data-testid="fire-figures"]')!;
      const seen: number[] = [];
      const worker: { after: number; outlines: number }[] = [];
      (window as unknown as { __liveMs: number[] }).__liveMs = seen;
      (window as unknown as { __liveWorkerMs: typeof worker }).__liveWorkerMs = worker;
      new MutationObserver(() => {
        const v = Number(el.getAttribute('data-live-ms'));
        if (v > 0) seen.push(v);
        const w = el.getAttribute('data-live-worker-ms');
        if (w) worker.push(JSON.parse(w));
      }).observe(el, { attributes: true, attributeFilter: ['data-live-runs'] });
    });
    await p.mouse.move(start.x, start.y);
    await p.mouse.down();
    const steps = 20;
    for (let i = 1; i <= steps; i++) {
      await p.mouse.move(start.x + ((end.x - start.x) * i) / steps, start.y + ((end.y - start.y) * i) / steps);
      await p.waitForTimeout(40);
    }
    // Still holding the station: at least one live recompute has updated the figures.
    await p.waitForFunction(() => Number(document.querySelector('[data-testid="fire-figures"]')?.getAttribute('data-live-runs') ?? 0) > 0, null, { timeout: 120_000 });
    const [, hLive] = await figureNumbers(demo.main, 'fire-households-covered');
    // live districts reach only the largest isochrone (10 min by default), and the panel says so
    expect(await p.getByTestId('fire-live-districts').textContent()).toContain('10 分钟');
    expect(hLive).not.toBe(hAfter);
    const liveMs = await p.evaluate(() => (window as unknown as { __liveMs: number[] }).__liveMs);
    expect(liveMs.length).toBeGreaterThan(0);
    const sorted = [...liveMs].sort((x, y) => x - y);
    console.log(`live recomputes during the drag: ${liveMs.length} for ${steps} mouse moves; round trip ms: median ${sorted[sorted.length >> 1]}, min ${sorted[0]}, max ${sorted[sorted.length - 1]}`);
    // the worker's time of each live step (issue #15: ≤ 50 ms), as the panel reports it
    const workerMs = await p.evaluate(() => (window as unknown as { __liveWorkerMs: { after: number; outlines: number }[] }).__liveWorkerMs);
    expect(workerMs.length).toBe(liveMs.length);
    for (const w of workerMs) {
      expect(w.after).toBeGreaterThan(0);
      expect(w.outlines).toBeGreaterThan(0);
    }
    const q = (xs: number[], f: number) => [...xs].sort((x, y) => x - y)[Math.min(xs.length - 1, Math.floor(xs.length * f))];
    const sums = workerMs.map((w) => w.after + w.outlines);
    console.log(`live steps, worker ms: figures median ${q(workerMs.map((w) => w.after), 0.5)} p95 ${q(workerMs.map((w) => w.after), 0.95)}; outlines median ${q(workerMs.map((w) => w.outlines), 0.5)} p95 ${q(workerMs.map((w) => w.outlines), 0.95)}; total median ${q(sums, 0.5).toFixed(1)} p95 ${q(sums, 0.95).toFixed(1)}`);
    await screenshot(p, 'fire-drag-live');
    const fullRuns = Number(await p.getByTestId('fire-figures').getAttribute('data-runs'));
    await p.mouse.up();

    // The drop runs the full recompute (one more full run) and the marker stays where it was dropped.
    await p.waitForFunction((n) => Number(document.querySelector('[data-testid="fire-figures"]')?.getAttribute('data-runs') ?? 0) > n, fullRuns, { timeout: 180_000 });
    const pos = await p.evaluate(() => {
      const el = document.querySelector('[data-testid="fire-marker-FS-02"]')!;
      const r = el.getBoundingClientRect();
      const c = window.__coverageMap!.getCanvas().getBoundingClientRect();
      const ll = window.__coverageMap!.unproject([r.left + r.width / 2 - c.left, r.top + r.height / 2 - c.top]);
      return [ll.lng, ll.lat];
    });
    // within ~0.005° (a few hundred metres) of the target
    expect(Math.abs(pos[0] - target[0])).toBeLessThan(0.005);
    expect(Math.abs(pos[1] - target[1])).toBeLessThan(0.005);
    expect(await p.getByTestId('fire-live-districts').count()).toBe(0);
    const [hBefore2, hDropped, total2] = await figureNumbers(demo.main, 'fire-households-covered');
    expect(hBefore2).toBe(hBefore); // "before" is the project as loaded, untouched by the drag
    expect(total2).toBe(200000);
    expect(hDropped).not.toBe(hAfter);
    const [uncoveredAfter] = await figureNumbers(demo.main, 'fire-households-uncovered');
    expect(hDropped + uncoveredAfter).toBeLessThanOrEqual(200000);

    await waitForMapIdle(p);
    expect((await queryRenderedFeatures(p, 'result:fire-isochrones')).count).toBeGreaterThan(0);
    expect((await queryRenderedFeatures(p, 'result:fire-districts')).count).toBeGreaterThan(0);
    await screenshot(p, 'fire-drag-dropped');

    // Zoomed in past the households layer's point zoom: single household points (no count).
    await p.evaluate(
      (c) =>
        new Promise<void>((ok) => {
          const m = window.__coverageMap!;
          m.once('moveend', () => ok());
          m.jumpTo({ center: c, zoom: 14 });
        }),
      [114.74, 38.62] as [number, number],
    );
    await waitForMapIdle(p);
    const pts = await queryRenderedFeatures(p, 'result:fire-uncovered', 5);
    expect(pts.count).toBeGreaterThan(0);
    for (const f of pts.sample) expect(f.properties.__count).toBeUndefined();
    await screenshot(p, 'fire-drag-points');

    // The whole drag (20 moves, live frames) is ONE undo step: 撤销 puts FS-02 back on its site
    // and leaves nothing to undo; the panel recomputes the figures of the unedited scenario.
    const scenarioFs02 = () =>
      p.evaluate(() => {
        const pr = window.__coverageStore!.getState().project.project!;
        const sc = (pr.params.fireScenario as { stations: { id: string; lon: number; lat: number }[] } | undefined)?.stations;
        const l = pr.layers.fireStations;
        const site = l.kind === 'geojson' ? l.data.features.find((f) => f.properties?.id === 'FS-02')?.geometry : null;
        return { edited: sc ? sc.find((s) => s.id === 'FS-02') ?? null : null, site: site?.type === 'Point' ? site.coordinates : null };
      });
    const dropped = await scenarioFs02();
    expect(Math.abs(dropped.edited!.lon - target[0])).toBeLessThan(0.005);
    await p.getByTestId('history-undo').click();
    await expect.poll(async () => (await scenarioFs02()).edited, { timeout: 30_000 }).toBeNull();
    expect(await p.getByTestId('history-undo').isDisabled()).toBe(true);
    await p.waitForFunction(
      (n) => {
        const t = document.querySelector('[data-testid="fire-households-covered"] .figure-value')?.textContent ?? '';
        const v = (t.replace(/,/g, '').match(/\d+/g) ?? []).map(Number);
        return v.length >= 2 && v[1] === n;
      },
      hAfter,
      { timeout: 180_000 },
    );

    expect(demo.main.errors).toEqual([]);
    expect(demo.main.externalRequests).toEqual([]);
  }, SLOW);

  test('English: the fire panel and the radii tabs take their strings from the en files', async () => {
    const p = demo.main.page;
    await p.getByTestId('lang-switch').click();
    expect(await p.getByTestId('panel-tab-fire').textContent()).toBe('Fire coverage');
    expect(await p.getByTestId('panel-tab-hydrants').textContent()).toBe('Hydrants');
    expect(await p.getByTestId('panel-tab-uncovered').textContent()).toBe('Uncovered');
    await p.getByTestId('panel-tab-fire').click();
    expect(await p.getByTestId('fire-run').textContent()).toBe('Compute fire coverage');
    // independent of order: the figures below come from a fire run (the drag test leaves one)
    if ((await p.getByTestId('fire-figures').count()) === 0) {
      await p.getByTestId('fire-run').click();
      await p.getByTestId('fire-figures').waitFor({ timeout: 180_000 });
    }
    expect(await p.getByTestId('fire-households-covered').locator('.figure-label').textContent()).toBe('Households reached (before → after)');
    expect(await p.getByTestId('fire-households-covered').locator('.figure-value').textContent()).toMatch(/ households$/);
    // result layers keep both languages: the title shown follows the switch
    const title = await p.evaluate(() => (window.__coverageStore!.getState() as unknown as { results: { id: string; title: { en: string } }[] }).results.find((r) => r.id === 'fire-uncovered')!.title.en);
    expect(title).toBe('Households not reached by fire service (Current)');
    await screenshot(p, 'fire-drag-en');
    await p.getByTestId('lang-switch').click();
    expect(await p.getByTestId('panel-tab-fire').textContent()).toBe('消防覆盖');
    expect(demo.main.errors).toEqual([]);
  }, SLOW);
});
