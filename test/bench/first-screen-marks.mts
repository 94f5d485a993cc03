// Where a demo load's first screen goes: one production build (`dist`) loaded a few times in headless
// Chromium (the browser tests' flags: SwiftShader), and per load a timeline of the page's and its
// workers' `coverage:*` performance marks (src/main.tsx, src/mount.tsx, src/map/MapView.tsx, the
// load worker's steps in src/workers/tasks/load-project.ts, the line-tile worker's in
// src/map/line-tiles/tile-server.ts), the map's frames, the county outline and the roads drawn —
// all as ms since the page's navigation start. Prints each step's median and range.
// Not part of `npm run bench`; run by hand:
//   npx tsx test/bench/first-screen-marks.mts <dist> [loads, default 4]
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Worker } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../browser/chromium-args.ts';
import { serveDist } from '../../scripts/serve.mjs';
import { firstScreen, watchFirstScreen } from './first-screen-when.ts';

const [dist, n = '4'] = process.argv.slice(2);
if (!dist) throw new Error('usage: first-screen-marks.mts <dist> [loads]');
const LOADS = Number(n);

type Marks = Record<string, number>;

/** A worker's `coverage:` marks as ms since the page's time origin (polled until the worker ends: the load worker ends with its load). */
function followWorker(w: Worker, pageOrigin: Promise<number>, into: Marks): void {
  const read = () =>
    w.evaluate(() => ({ origin: performance.timeOrigin, marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('coverage:')).map((m) => [m.name, m.startTime] as const) }));
  const poll = async () => {
    for (;;) {
      let r: Awaited<ReturnType<typeof read>>;
      try {
        r = await read();
      } catch {
        return;
      }
      const at = await pageOrigin;
      for (const [name, t] of r.marks) if (!(name in into)) into[name] = r.origin + t - at;
      await new Promise((ok) => setTimeout(ok, 20));
    }
  };
  void poll();
}

const server = await serveDist(resolve(dist), 0);
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
const all: Marks[] = [];
try {
  for (let i = 0; i <= LOADS; i++) {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' });
    await context.addInitScript(() => {
      type SourceEvent = { sourceId?: string; tile?: unknown };
      const w = window as unknown as { __coverageMap?: { on(e: string, f: (e: SourceEvent) => void): void }; __frameTimes: number[] };
      w.__frameTimes = [];
      const poll = setInterval(() => {
        if (!w.__coverageMap) return;
        clearInterval(poll);
        w.__coverageMap.on('render', () => void w.__frameTimes.push(performance.now()));
        // on the page's main thread: when MapLibre first asks for a tile of the townships' and the
        // roads' sources (sent to its worker), and first has one back (parsed, buckets built)
        // (no named functions in page code: tsx wraps them in a helper, __name, the page does not have)
        for (const id of ['townships', 'roads']) {
          for (const [event, step] of [['sourcedataloading', 'asked'], ['sourcedata', 'in']]) {
            w.__coverageMap.on(event, (e) => {
              const name = `coverage:map:${id} tile ${step}`;
              if (e.sourceId === `data:${id}` && e.tile && performance.getEntriesByName(name).length === 0) performance.mark(name);
            });
          }
        }
      }, 5);
    });
    await watchFirstScreen(context);
    const page = await context.newPage();
    const marks: Marks = {};
    let originOk: (t: number) => void = () => {};
    const pageOrigin = new Promise<number>((ok) => (originOk = ok));
    page.on('worker', (w) => followWorker(w, pageOrigin, marks));
    await page.goto(`${server.url}`);
    originOk(await page.evaluate(() => performance.timeOrigin));
    const drawn = await firstScreen(page);
    marks['probe:outline drawn'] = drawn.outline;
    marks['probe:roads drawn'] = drawn.roads;
    marks['probe:road tiles in'] = drawn.roadsIn;
    const page2 = await page.evaluate(() => ({
      marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('coverage:')).map((m) => [m.name, m.startTime] as const),
      frames: (window as unknown as { __frameTimes: number[] }).__frameTimes,
      nav: (() => {
        const e = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return { responseEnd: e.responseEnd, domInteractive: e.domInteractive, domContentLoaded: e.domContentLoadedEventEnd };
      })(),
      resources: performance.getEntriesByType('resource').map((r) => [r.name.replace(/^.*\//, ''), (r as PerformanceResourceTiming).responseEnd] as const),
    }));
    for (const [name, t] of page2.marks) marks[name] = t;
    page2.frames.slice(0, 6).forEach((t, k) => (marks[`frame ${k + 1}`] = t));
    marks['nav:response end'] = page2.nav.responseEnd;
    marks['nav:DOM content loaded'] = page2.nav.domContentLoaded;
    for (const [name, t] of page2.resources) if (/\.(js|mjs)$/.test(name)) marks[`res:${name.replace(/-[\w-]{8}\.js$/, '.js')}`] = t;
    marks['load average'] = loadavg()[0];
    await context.close();
    if (i === 0) continue; // warm-up
    all.push(marks);
    console.log(`load ${i}: roads drawn ${marks['probe:roads drawn'].toFixed(0)} ms, load ${marks['load average'].toFixed(1)}`);
  }
} finally {
  await browser.close();
  await server.close();
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const names = [...new Set(all.flatMap((m) => Object.keys(m)))].filter((k) => k !== 'load average');
const rows = names.map((k) => {
  const xs = all.map((m) => m[k]).filter((x): x is number => x !== undefined);
  return { k, med: median(xs), min: Math.min(...xs), max: Math.max(...xs), count: xs.length };
});
rows.sort((a, b) => a.med - b.med);
for (const r of rows) console.log(`${r.med.toFixed(0).padStart(6)} ms (${r.min.toFixed(0)}–${r.max.toFixed(0)})${r.count < all.length ? ` [${r.count}/${all.length}]` : ''}  ${r.k}`);
const la = all.map((m) => m['load average']);
console.log(`load average (1 min): ${Math.min(...la).toFixed(1)}–${Math.max(...la).toFixed(1)}`);
