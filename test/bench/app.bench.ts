// App benchmark: navigation → first full render of the demo county in headless Chromium (production
// build), pan/zoom smoothness over the households, and the production bundle size by piece.
// "Map usable" (issue #15): the county drawn — township outlines and roads rendered, every tile of
// the view loaded — while the households may still be loading, and the map answering a zoom
// then (time from a jumpTo to the next frame drawn).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { openApp, startApp, waitForMapIdle, type AppServer } from '../browser/harness';
import { firstScreen, watchFirstScreen } from './first-screen-when';
import { report, type BenchRow } from './util';

const ROOT = resolve(import.meta.dirname, '../..');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

interface FirstRender {
  /** Township outlines drawn (the county; roads and households may still be loading). */
  outlineMs: number;
  /** Township outlines and roads drawn (households may still be loading). */
  countyMs: number;
  /** From a zoom asked for at that moment to the next frame drawn. */
  responseMs: number;
  /** The whole project in the store. */
  readyMs: number;
  /** The map idle with everything drawn. */
  idleMs: number;
}

/** ms from navigation start to: county drawn, project ready in the store, and the map idle with everything drawn. */
async function firstRender(app: AppServer, hideLayers: string[] = []): Promise<FirstRender> {
  const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
  if (hideLayers.length) {
    // Saved UI with these layers hidden (same key and shape the app persists).
    const visible = Object.fromEntries(hideLayers.map((id) => [id, false]));
    await context.addInitScript((v) => {
      localStorage.setItem('coverage-planner/ui/v1', JSON.stringify({ layerUi: { visible: v }, view: null, lang: 'zh' }));
    }, visible);
  }
  // the first frames with the outline and with the roads drawn, observed frame by frame (first-screen-when.ts: a probe polling the map from here slowed what it measured)
  await watchFirstScreen(context);
  const { page } = await openApp(app, { context });
  const drawn = await firstScreen(page);
  const outlineMs = drawn.outline;
  const countyMs = drawn.roads;
  const responseMs = await page.evaluate(
    () =>
      new Promise<number>((ok) => {
        const m = window.__coverageMap!;
        const t = performance.now();
        m.once('render', () => ok(performance.now() - t));
        m.jumpTo({ zoom: m.getZoom() + 0.25 });
      }),
  );
  // ms since navigation start, on the page's clock as the first screen's times
  const readyMs = await page
    .waitForFunction(() => (document.querySelector('[data-testid="project-status"]')?.getAttribute('data-status') === 'ready' ? performance.now() : false), null, { timeout: 120_000, polling: 50 })
    .then((h) => h.jsonValue() as Promise<number>);
  await waitForMapIdle(page, 120_000);
  const idleMs = await page.evaluate(() => performance.now());
  await context.close();
  return { outlineMs, countyMs, responseMs, readyMs, idleMs };
}

/** Frame times while zooming in and out and panning over the county. */
async function panZoomFrames(app: AppServer, hideLayers: string[] = []): Promise<{ p95: number; max: number; frames: number; ms: number }> {
  const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 } });
  if (hideLayers.length) {
    const visible = Object.fromEntries(hideLayers.map((id) => [id, false]));
    await context.addInitScript((v) => {
      localStorage.setItem('coverage-planner/ui/v1', JSON.stringify({ layerUi: { visible: v }, view: null, lang: 'zh' }));
    }, visible);
  }
  const { page } = await openApp(app, { context });
  await waitForMapIdle(page, 120_000);
  const r = await page.evaluate(
    () =>
      new Promise<{ gaps: number[]; ms: number }>((ok) => {
        const m = window.__coverageMap!;
        const gaps: number[] = [];
        let last = performance.now();
        const t0 = last;
        let running = true;
        const tick = () => {
          const now = performance.now();
          gaps.push(now - last);
          last = now;
          if (running) requestAnimationFrame(tick);
        };
        requestAnimationFrame(tick);
        const z = m.getZoom();
        const c = m.getCenter();
        m.easeTo({ zoom: z + 4, duration: 1500 });
        m.once('moveend', () => {
          m.easeTo({ center: [c.lng + 0.05, c.lat + 0.03], duration: 1000 });
          m.once('moveend', () => {
            m.easeTo({ zoom: z, center: c, duration: 1500 });
            m.once('moveend', () => {
              running = false;
              ok({ gaps: gaps.slice(1), ms: performance.now() - t0 });
            });
          });
        });
      }),
  );
  await context.close();
  const sorted = [...r.gaps].sort((a, b) => a - b);
  return { p95: sorted[Math.floor(sorted.length * 0.95)] ?? 0, max: sorted[sorted.length - 1] ?? 0, frames: r.gaps.length, ms: r.ms };
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const app = await startApp();
try {
  // sizes first, straight after the build
  const dist = resolve(ROOT, 'dist');
  const files = walk(dist)
    .filter((f) => !f.includes(`${join('dist', 'data')}`) && !f.endsWith('.build-stamp'))
    .map((f) => ({ f: f.slice(dist.length + 1), bytes: statSync(f).size, gz: gzipSync(readFileSync(f)).length }))
    .sort((a, b) => b.bytes - a.bytes);
  const total = files.reduce((s, x) => s + x.bytes, 0);
  const totalGz = files.reduce((s, x) => s + x.gz, 0);
  const dataBytes = walk(join(dist, 'data')).reduce((s, f) => s + statSync(f).size, 0);
  console.log(`\n## bundle (dist/ without data): ${(total / 1048576).toFixed(2)} MB, gzip ${(totalGz / 1048576).toFixed(2)} MB; demo data ${(dataBytes / 1048576).toFixed(1)} MB`);
  for (const x of files.slice(0, 8)) console.log(`- ${x.f}: ${(x.bytes / 1024).toFixed(0)} KB (gzip ${(x.gz / 1024).toFixed(0)} KB)`);


  const rows: BenchRow[] = [];
  await firstRender(app); // warm-up (disk cache of the static server, Chromium start)
  const full: FirstRender[] = [];
  const base: FirstRender[] = [];
  for (let i = 0; i < RUNS; i++) {
    full.push(await firstRender(app));
    base.push(await firstRender(app, ['households']));
  }
  const baseIdle = median(base.map((x) => x.idleMs));
  rows.push({
    name: 'navigation → county outline drawn (townships; roads and households may still be loading)',
    ms: median(full.map((x) => x.outlineMs)),
    baselineMs: median(full.map((x) => x.idleMs)),
    baselineNote: 'same runs: navigation → map idle with every layer',
  });
  rows.push({
    name: 'navigation → map usable (townships + roads drawn, households may still be loading)',
    ms: median(full.map((x) => x.countyMs)),
    baselineMs: median(full.map((x) => x.idleMs)),
    baselineNote: 'same runs: navigation → map idle with every layer',
    note: `a zoom asked for then drew its frame in ${median(full.map((x) => x.responseMs)).toFixed(0)} ms`,
  });
  rows.push({ name: 'navigation → project loaded (worker parse, demo county)', ms: median(full.map((x) => x.readyMs)) });
  rows.push({
    name: 'navigation → first full render (map idle, all layers)',
    ms: median(full.map((x) => x.idleMs)),
    baselineMs: baseIdle,
    baselineNote: 'same app, households layer hidden',
  });
  // the indicators tab opened at once when the project is drawn, and after a user looked at the map
  // for 5 s: by a returning user (DuckDB is warmed in idle time where a SQL tab was opened before)
  // and by a first-time user (DuckDB starts when the tab opens)
  for (const [lookMs, returning] of [[0, true], [5000, true], [5000, false]] as const) {
    const context = await app.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    if (returning) await context.addInitScript(() => localStorage.setItem('coverage-planner/v1/db-used', '1'));
    const { page } = await openApp(app, { context });
    await waitForMapIdle(page, 120_000);
    if (lookMs) await page.waitForTimeout(lookMs); // the user reading the map: the wait is the scenario, not a sync
    const t1 = Date.now();
    await page.getByTestId('panel-tab-indicators').click();
    await page.getByTestId('card-gross_enrolment').waitFor({ timeout: 180_000 });
    rows.push({
      name: `indicators tab opened ${lookMs / 1000} s after the project was drawn → first indicator card (${returning ? 'a returning user' : 'first time in this browser'})`,
      ms: Date.now() - t1,
      note: returning ? 'DuckDB warmed in idle time after the first screen' : 'DuckDB starts when the tab opens (no warm-up for a browser that never opened a SQL tab)',
    });
    await context.close();
  }
  const frames = await panZoomFrames(app);
  const framesBase = await panZoomFrames(app, ['households']);
  rows.push({
    name: `zoom+pan over all households: p95 frame time (${frames.frames} frames in ${(frames.ms / 1000).toFixed(1)} s)`,
    ms: frames.p95,
    baselineMs: framesBase.p95,
    baselineNote: `same motion, households hidden; ${framesBase.frames} frames`,
    note: `longest frame ${frames.max.toFixed(0)} ms (baseline ${framesBase.max.toFixed(0)} ms)`,
  });
  report('app', rows);

} finally {
  await app.close();
}
