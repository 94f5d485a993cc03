// The fire run in the app on the demo county (issue #15): the first run against the CLI's load +
// prepare + compute on the same data in the same process run, then runs with nothing changed and
// runs with one input changed. Times are taken inside the page (click on 计算 → the frame that paints
// the figures: a MutationObserver, then the next animation frame and a task after it; Playwright's own
// round trips are left out) in headless Debian Chromium,
// production build; the worker's milliseconds per step come from the panel (data-worker-ms; `lanes`:
// what each open fire-lane problem costs, computed after the figures are shown).
// Run: `npm run bench -- fire-app` (about 1–2 minutes). With FIRE_APP_BASELINE_DIST=<another build's
// dist/> the same runs are measured on that build too, in the same browser, and ratios printed.
import { resolve } from 'node:path';
import type { FeatureCollection, Geometry } from 'geojson';
import type { Page } from 'playwright-core';
import { openApp, startApp, waitForMapIdle, type AppServer, DESKTOP_VIEWPORT } from '../browser/harness';
import { serveDist } from '../../scripts/serve.mjs';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { fireInputOf, fireOptionsFromCli } from '../../cli/radii-util.ts';
import { computeFireCoverage, prepareFireCoverage } from '../../analysis/fire-coverage.ts';
import type { LayerData } from '../../layers/types.ts';
import { report, type BenchRow } from './util';

const ROOT = resolve(import.meta.dirname, '../..');
const LONG = 600_000;

/** The CLI's fire command's first phases (cli/commands/fire.ts): load the project folder, prepare, compute. */
async function cliPhases(): Promise<{ load: number; prepare: number; compute: number }> {
  const t0 = performance.now();
  const { project } = await loadProjectDir(resolve(ROOT, 'data/demo'));
  const t1 = performance.now();
  const fc = (l: LayerData | undefined) => (l && l.kind === 'geojson' ? (l.data as FeatureCollection<Geometry | null>) : undefined);
  const opts = fireOptionsFromCli(project, {});
  const prep = prepareFireCoverage(fireInputOf(project), opts);
  const t2 = performance.now();
  computeFireCoverage(prep, fc(project.layers.fireStations)!, opts);
  const t3 = performance.now();
  return { load: t1 - t0, prepare: t2 - t1, compute: t3 - t2 };
}

/**
 * ms inside the page from the click on 计算 to the figures of run `n` in the DOM, and the worker's
 * steps (data-worker-ms; absent on builds without it).
 */
async function timedRun(page: Page, n: number): Promise<{ ms: number; worker: string }> {
  await page.evaluate((n) => {
    const w = window as unknown as { __fireBench: { click?: number; done?: number } };
    w.__fireBench = {};
    document.querySelector('[data-testid="fire-run"]')!.addEventListener('click', () => (w.__fireBench.click = performance.now()), { capture: true, once: true });
    const obs = new MutationObserver(() => {
      if (document.querySelector(`[data-testid="fire-figures"][data-runs="${n}"]`)) {
        obs.disconnect();
        // after the frame that paints them (a task after its animation frame callbacks)
        requestAnimationFrame(() => setTimeout(() => (w.__fireBench.done = performance.now())));
      }
    });
    obs.observe(document.body, { subtree: true, childList: true, attributes: true });
  }, n);
  await page.getByTestId('fire-run').click();
  await page.locator(`[data-testid="fire-figures"][data-runs="${n}"]`).waitFor({ timeout: LONG });
  await page.waitForFunction(() => (window as unknown as { __fireBench: { done?: number } }).__fireBench.done !== undefined);
  const ms = await page.evaluate(() => {
    const b = (window as unknown as { __fireBench: { click: number; done: number } }).__fireBench;
    return b.done - b.click;
  });
  await waitForMapIdle(page, LONG);
  await page.getByTestId('fire-lanes-busy').waitFor({ state: 'detached', timeout: LONG });
  const worker = (await page.getByTestId('fire-figures').getAttribute('data-worker-ms')) ?? '';
  return { ms: Math.round(ms), worker };
}

const STEPS = [
  { name: 'first run (prepare + compute + map layers)' },
  { name: 'second run, nothing changed' },
  { name: 'third run, nothing changed' },
  { name: '"before" + planned stations, run', change: 'fire-before-planned' },
  { name: '"after" − proposed stations, run', change: 'fire-after-proposed' },
];

async function measure(app: AppServer): Promise<{ ms: number; worker: string }[]> {
  const main = await openApp(app, { viewport: DESKTOP_VIEWPORT });
  const p = main.page;
  await waitForMapIdle(p, LONG);
  await p.getByTestId('panel-tab-fire').click();
  const out: { ms: number; worker: string }[] = [];
  for (const [i, s] of STEPS.entries()) {
    // the fire-lane losses of the run before (computed after its figures) are done first: each step times its own run
    await p.getByTestId('fire-lanes-busy').waitFor({ state: 'detached', timeout: LONG });
    if (s.change) await p.getByTestId(s.change).click();
    out.push(await timedRun(p, i + 1));
  }
  if (main.errors.length) console.log(`page errors: ${main.errors.join(' | ')}`);
  await main.context.close();
  return out;
}

const cli = await cliPhases();
const app = await startApp();
try {
  const runs = await measure(app);
  const baseDir = process.env.FIRE_APP_BASELINE_DIST;
  let base: { ms: number; worker: string }[] | null = null;
  if (baseDir) {
    const server = await serveDist(resolve(baseDir), 0);
    try {
      base = await measure({ ...app, url: server.url });
    } finally {
      await server.close();
    }
  }
  const cliMs = cli.load + cli.prepare + cli.compute;
  const rows: BenchRow[] = [
    { name: `CLI: load ${Math.round(cli.load)} + prepare ${Math.round(cli.prepare)} + compute ${Math.round(cli.compute)} ms`, ms: Math.round(cliMs) },
    ...STEPS.map((s, i) => ({
      name: `app: ${s.name}`,
      ms: runs[i].ms,
      ...(base ? { baselineMs: base[i].ms, baselineNote: `${baseDir}, same browser` } : {}),
      note: `worker ms ${runs[i].worker || '–'}${base ? ` (baseline ${base[i].worker || '–'})` : ''}${i === 0 ? `; ×${(runs[0].ms / cliMs).toFixed(2)} the CLI` : ''}`,
    })),
  ];
  report('fire-app', rows);
  console.log(`\nSUMMARY cli_ms=${Math.round(cliMs)} fire1_ms=${runs[0].ms} fire1_vs_cli=${(runs[0].ms / cliMs).toFixed(2)} fire2_ms=${runs[1].ms} fire3_ms=${runs[2].ms} before_changed_ms=${runs[3].ms} after_changed_ms=${runs[4].ms}${base ? ` baseline_fire1_ms=${base[0].ms} baseline_fire2_ms=${base[1].ms}` : ''}`);
} finally {
  await app.close();
}
