// App memory and time on the demo county (issue #15): opens the demo county in headless Debian
// Chromium (production build, software WebGL), runs every analysis once through its panel, and
// measures the whole browser's memory from its process tree (PSS and RSS from /proc/<pid>/
// smaps_rollup of every Chromium process this benchmark started), plus the times the issue asks for:
// navigation → map usable, indicators tab → DuckDB answered, first and second fire run, dist/ size.
// Run once: `npm run bench -- app-memory` (about 3–5 minutes on a quiet 2-core machine).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { openApp, startApp, waitForMapIdle, DESKTOP_VIEWPORT } from '../browser/harness';
import { firstScreen, watchFirstScreen } from './first-screen-when';
import { treeMemory } from './proc-memory';
import { workerHeaps } from './worker-heaps';
import { report, type BenchRow } from './util';

const ROOT = resolve(import.meta.dirname, '../..');
const MB = 1024; // kB per MB
const LONG = 600_000;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

function memoryNow(label: string): { label: string; pssMb: number; rssMb: number; byKind: string } {
  const m = treeMemory(process.pid, /chrom/i);
  const byKind = Object.entries(m.byKind)
    .sort((a, b) => b[1].pssKb - a[1].pssKb)
    .map(([k, v]) => `${k}×${v.count} ${(v.pssKb / MB).toFixed(0)}`)
    .join(', ');
  return { label, pssMb: m.total.pssKb / MB, rssMb: m.total.rssKb / MB, byKind };
}

/** Main-thread JS heap of the page (CDP), MB. */
async function mainHeapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
  await cdp.detach();
  return h.usedSize / 1048576;
}

/** ms from a click on `button` until `done` is true in the page. */
async function timedRun(page: Page, tab: string, button: string, done: () => Promise<unknown>): Promise<number> {
  await page.getByTestId(`panel-tab-${tab}`).click();
  const t0 = Date.now();
  await page.getByTestId(button).click();
  await done();
  return Date.now() - t0;
}

const app = await startApp();
try {
  const dist = resolve(ROOT, 'dist');
  const files = walk(dist).filter((f) => !f.includes(join('dist', 'data')) && !f.endsWith('.build-stamp'));
  const distMb = files.reduce((s, f) => s + statSync(f).size, 0) / 1048576;
  const rows: BenchRow[] = [];
  const mem: ReturnType<typeof memoryNow>[] = [memoryNow('browser started, no page')];

  // times since navigation start on the page's clock; the outline and roads at the first frame that draws them (first-screen-when.ts)
  const context = await app.browser.newContext({ viewport: DESKTOP_VIEWPORT, locale: 'zh-CN', reducedMotion: 'reduce' });
  await watchFirstScreen(context);
  const main = await openApp(app, { context });
  const p = main.page;
  const drawn = await firstScreen(p, LONG);
  rows.push({ name: 'navigation → county outline drawn (townships)', ms: drawn.outline });
  const countyMs = drawn.roads;
  rows.push({ name: 'navigation → map usable (townships + roads drawn, households may still be loading)', ms: countyMs });
  await waitForMapIdle(p, LONG);
  const mapMs = await p.evaluate(() => performance.now());
  rows.push({ name: 'navigation → project loaded, map idle (every layer drawn)', ms: mapMs });
  mem.push(memoryNow('demo county open, map idle'));

  const fire1 = await timedRun(p, 'fire', 'fire-run', () => p.locator('[data-testid="fire-figures"][data-runs="1"]').waitFor({ timeout: LONG }));
  rows.push({ name: 'fire: first run (prepare + compute + map layers)', ms: fire1 });
  await waitForMapIdle(p, LONG);
  const fire2 = await timedRun(p, 'fire', 'fire-run', () => p.locator('[data-testid="fire-figures"][data-runs="2"]').waitFor({ timeout: LONG }));
  rows.push({ name: 'fire: second run, nothing changed', ms: fire2 });
  await waitForMapIdle(p, LONG);
  mem.push(memoryNow('after fire ×2'));

  const hyd = await timedRun(p, 'hydrants', 'hydrant-run', () => p.getByTestId('hydrant-figures').waitFor({ timeout: LONG }));
  rows.push({ name: 'hydrant gaps', ms: hyd });
  const kg = await timedRun(p, 'kindergartens', 'kg-run', () => p.getByTestId('kg-figures').waitFor({ timeout: LONG }));
  rows.push({ name: 'kindergarten radii', ms: kg });
  const unc = await timedRun(p, 'uncovered', 'uncovered-run', () => p.getByTestId('uncovered-counts').waitFor({ timeout: LONG }));
  rows.push({ name: 'uncovered households (all services)', ms: unc });
  await waitForMapIdle(p, LONG);
  mem.push(memoryNow('after hydrants, kindergartens, uncovered'));

  await p.getByTestId('panel-tab-siting').click();
  await p.getByTestId('siting-time-limit').fill('60');
  const sit = await timedRun(p, 'siting', 'siting-run', () => p.getByTestId('siting-figures').waitFor({ timeout: LONG }));
  rows.push({ name: 'siting: best 3 fire stations (HiGHS)', ms: sit });
  const plots = await timedRun(p, 'plots', 'plots-run', () => p.getByTestId('plots-figures').waitFor({ timeout: LONG }));
  rows.push({ name: 'reserve plots review', ms: plots });
  await waitForMapIdle(p, LONG);
  mem.push(memoryNow('after siting, plots'));

  const t1 = Date.now();
  await p.getByTestId('panel-tab-indicators').click();
  await p.getByTestId('card-gross_enrolment').waitFor({ timeout: LONG });
  // DuckDB got ready in idle time after the project was drawn (src/panels/db-app.ts warmDb)
  rows.push({ name: 'indicators tab opened → DuckDB loaded, first indicator shown (DuckDB warmed in idle time)', ms: Date.now() - t1 });
  await waitForMapIdle(p, LONG);
  mem.push(memoryNow('after indicators (DuckDB)'));
  await p.getByTestId('panel-tab-layers').click();
  await waitForMapIdle(p, LONG);
  const heap = await mainHeapMb(p);
  mem.push(memoryNow('every analysis once, back on the layers tab'));
  const workers = p.workers().map((w) => w.url().replace(/^.*\//, ''));
  const heaps = await workerHeaps(p);
  // What the browser gives back by itself while the user reads the results (V8's idle-time
  // collection in the page and its workers, nothing forced): sampled every 2 s until the last four
  // samples lie within 15 MB of each other, at most 90 s.
  const settle: number[] = [];
  const t2 = Date.now();
  while (Date.now() - t2 < 90_000) {
    await new Promise((r) => setTimeout(r, 2000));
    settle.push(memoryNow('').pssMb);
    const last4 = settle.slice(-4);
    if (last4.length === 4 && Math.max(...last4) - Math.min(...last4) < 15) break;
  }
  const settled = memoryNow(`the same, left alone ${((Date.now() - t2) / 1000).toFixed(0)} s (no forced GC)`);
  mem.push(settled);

  report('app-memory', rows);
  console.log(`\n## whole-browser memory (sum over Chromium's process tree; MB)`);
  for (const m of mem) console.log(`- ${m.label}: PSS ${m.pssMb.toFixed(0)}, RSS ${m.rssMb.toFixed(0)}  [PSS by process: ${m.byKind}]`);
  const last = mem[mem.length - 2];
  const peak = Math.max(...mem.map((m) => m.pssMb));
  console.log(`- main-thread JS heap after GC: ${heap.toFixed(0)} MB; live workers: ${workers.length} (${workers.join(', ')})`);
  console.log(`- JS heaps before that wait, used / total MB (CDP, no GC): ${heaps.map((h) => `${h.target} ${h.usedMb.toFixed(0)} / ${h.totalMb.toFixed(0)}`).join('; ')}`);
  console.log(`- dist/ without demo data: ${distMb.toFixed(1)} MB`);
  console.log(`\nSUMMARY pss_final_mb=${last.pssMb.toFixed(0)} pss_peak_sampled_mb=${peak.toFixed(0)} rss_final_mb=${last.rssMb.toFixed(0)} pss_settled_mb=${settled.pssMb.toFixed(0)} county_ms=${countyMs} map_ms=${mapMs} fire1_ms=${fire1} fire2_ms=${fire2} dist_mb=${distMb.toFixed(1)}`);
  if (main.errors.length) console.log(`page errors: ${main.errors.join(' | ')}`);
} finally {
  await app.close();
}
