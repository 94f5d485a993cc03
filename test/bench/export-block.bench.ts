// 导出项目 on the demo county (200,000 households): how long the main thread is blocked while the
// zip is written. Baseline = what the button did before session 17 (projectFolderZip on the main
// thread, then the Blob), bundled from src/export/project-folder.ts and run in the same page; build =
// the button as shipped (the zip written in the analysis worker). Alternated A B B A … in one page;
// the longest task and the sum of tasks over 50 ms (PerformanceObserver 'longtask') from the start
// of each export to its zip/download, and its wall time.
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { openApp, screenshot, startApp, waitForMapIdle, waitForProject, DESKTOP_VIEWPORT } from '../browser/harness';

const ROUNDS = Number(process.env.BENCH_RUNS ?? 4);
const ROOT = resolve(import.meta.dirname, '../..');

// esbuild comes with the toolchain (vite's dependency tree); only this probe bundles with it
const baseline = buildSync({ entryPoints: [resolve(ROOT, 'src/export/project-folder.ts')], bundle: true, format: 'iife', globalName: '__exportBaseline', write: false, platform: 'browser' }).outputFiles[0].text;

const app = await startApp();
const { page, context } = await openApp(app, { viewport: DESKTOP_VIEWPORT });
try {
  await waitForProject(page, 180_000);
  await waitForMapIdle(page, 180_000);
  // evaluated through the DevTools protocol: the page's CSP refuses inline scripts
  await page.evaluate(`${baseline}\nwindow.__exportBaseline = __exportBaseline; 0`);
  await page.evaluate(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: false });
  });

  type Run = { wall: number; longest: number; sum: number };
  const blocked = (t0: number, t1: number) =>
    page.evaluate(
      ([a, b]) => {
        const tasks = (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((t) => t.start + t.duration >= a && t.start <= b);
        return { longest: Math.max(0, ...tasks.map((t) => t.duration)), sum: tasks.reduce((s, t) => s + t.duration, 0) };
      },
      [t0, t1],
    );

  async function mainThread(): Promise<Run> {
    const [t0, t1, bytes] = await page.evaluate(
      () =>
        new Promise<[number, number, number]>((ok) =>
          setTimeout(() => {
            const t0 = performance.now();
            const project = window.__coverageStore!.getState().project.project!;
            const { zip } = (window as unknown as { __exportBaseline: { projectFolderZip: (p: unknown) => { zip: Uint8Array } } }).__exportBaseline.projectFolderZip(project);
            const blob = new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
            const t1 = performance.now();
            // let the observer see the task end
            setTimeout(() => ok([t0, t1, blob.size]), 50);
          }, 0),
        ),
    );
    void bytes;
    return { wall: t1 - t0, ...(await blocked(t0, t1)) };
  }

  async function worker(): Promise<Run> {
    const t0 = await page.evaluate(() => performance.now());
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-project').click()]);
    await page.getByTestId('export-project').and(page.locator(':enabled')).waitFor();
    const t1 = await page.evaluate(() => new Promise<number>((ok) => setTimeout(() => ok(performance.now() - 50), 50)));
    await download.delete();
    return { wall: t1 - t0, ...(await blocked(t0, t1)) };
  }

  const a: Run[] = [];
  const b: Run[] = [];
  const loads: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    for (const which of i % 2 === 0 ? ['a', 'b'] : ['b', 'a']) {
      loads.push(loadavg()[0]);
      if (which === 'a') a.push(await mainThread());
      else b.push(await worker());
    }
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const line = (name: string, rs: Run[], k: keyof Run) => `${name} ${k}: median ${median(rs.map((r) => r[k])).toFixed(0)} ms (${Math.min(...rs.map((r) => r[k])).toFixed(0)}–${Math.max(...rs.map((r) => r[k])).toFixed(0)})`;
  console.log(`\n## 导出项目 main-thread block, demo county, ${ROUNDS} alternated pairs, load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
  for (const k of ['longest', 'sum', 'wall'] as const) {
    console.log(`- ${line('main thread (before)', a, k)}`);
    console.log(`- ${line('worker (now)', b, k)}`);
  }
  // once more, outside the figures: the button while it works (its share of files written), for the docs
  const [download] = await Promise.all([page.waitForEvent('download'), (async () => {
    await page.getByTestId('export-project').click();
    await page.locator('[data-testid="export-project"][data-progress]:not([data-progress="0"])').waitFor();
    await screenshot(page, 'export-project-progress');
  })()]);
  await download.delete();
  const now = median(b.map((r) => r.longest));
  // 0: no task of 50 ms or more at all (the longtask threshold)
  console.log(`- longest task before/now: ${now === 0 ? 'now no task ≥ 50 ms' : `${(median(a.map((r) => r.longest)) / now).toFixed(1)}×`}`);
} finally {
  await context.close();
  await app.close();
}
