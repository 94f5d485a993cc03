// Map frame cost in software WebGL (issue #15: an office PC without a GPU driver, and the browser
// tests, draw every frame through SwiftShader): CPU of the GPU process and the renderer per frame at
// the demo county's first view, the roads drawn as shipped against the roads with round caps and
// joins at every zoom (the style before session 6), forced repaints alternated in the same page.
import { readFileSync } from 'node:fs';
import { openApp, startApp, waitForMapIdle, DESKTOP_VIEWPORT } from '../browser/harness';
import { descendants } from './proc-memory';
import { report } from './util';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 30);
const ROUNDS = Number(process.env.BENCH_RUNS ?? 3);

/** CPU seconds (user + system) so far of this process's Chromium processes whose command line has `kind`. */
function cpuSeconds(kind: string): number {
  let s = 0;
  for (const pid of descendants(process.pid)) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(kind)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      s += (Number(f[11]) + Number(f[12])) / 100; // clock ticks (USER_HZ = 100)
    } catch {
      // the process ended between the listing and the read
    }
  }
  return s;
}

const app = await startApp();
const { page } = await openApp(app, { viewport: DESKTOP_VIEWPORT });
await waitForMapIdle(page);

/** `n` frames drawn back to back (each repaint asked for when the previous one was drawn). */
const frames = (n: number) =>
  page.evaluate(
    (n) =>
      new Promise<void>((ok) => {
        const m = window.__coverageMap!;
        let i = 0;
        const f = () => {
          if (++i < n) m.triggerRepaint();
          else {
            m.off('render', f);
            ok();
          }
        };
        m.on('render', f);
        m.triggerRepaint();
      }),
    n,
  );

/** ms of GPU-process and renderer CPU per frame, with the roads' caps and joins as given. */
async function measure(layout: Record<string, unknown> | null): Promise<{ gpu: number; renderer: number }> {
  if (layout) await page.evaluate((l) => { for (const [k, v] of Object.entries(l)) window.__coverageMap!.setLayoutProperty('roads-0', k as 'line-cap', v as 'round'); }, layout);
  await waitForMapIdle(page);
  await frames(3);
  const g0 = cpuSeconds('type=gpu-process');
  const r0 = cpuSeconds('type=renderer');
  await frames(FRAMES);
  return { gpu: ((cpuSeconds('type=gpu-process') - g0) / FRAMES) * 1000, renderer: ((cpuSeconds('type=renderer') - r0) / FRAMES) * 1000 };
}

const shipped: Record<string, unknown> = await page.evaluate(() => ({
  'line-cap': window.__coverageMap!.getLayoutProperty('roads-0', 'line-cap'),
  'line-join': window.__coverageMap!.getLayoutProperty('roads-0', 'line-join'),
}));
const now: { gpu: number; renderer: number }[] = [];
const round: { gpu: number; renderer: number }[] = [];
for (let i = 0; i < ROUNDS; i++) {
  now.push(await measure(shipped));
  round.push(await measure({ 'line-cap': 'round', 'line-join': 'round' }));
}
await app.close();
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const zoomNote = 'demo county first view, 1400×900, ' + FRAMES + ' frames × ' + ROUNDS + ' rounds, alternated';
report('frame-cost', [
  { name: 'one map frame, GPU-process CPU (software WebGL)', ms: med(now.map((x) => x.gpu)), baselineMs: med(round.map((x) => x.gpu)), baselineNote: 'roads with round caps and joins at every zoom, same page', note: zoomNote },
  { name: 'one map frame, renderer CPU', ms: med(now.map((x) => x.renderer)), baselineMs: med(round.map((x) => x.renderer)), baselineNote: 'same' },
]);
console.log(`SUMMARY frame_gpu_ms=${med(now.map((x) => x.gpu)).toFixed(0)} frame_gpu_round_ms=${med(round.map((x) => x.gpu)).toFixed(0)}`);
