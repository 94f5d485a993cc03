// Paired first-screen probe: two production builds (`dist` folders) served side by side and loaded
// alternately in one headless Chromium (software WebGL, the browser tests' flags), so both see the
// same machine load. Per load: navigation → county outline drawn, → roads drawn (a road feature
// rendered, as the app benchmark's "map usable"), → every road tile of the view in (the roads'
// source loaded and drawn), → project ready, → map idle; and the CPU the whole browser used for it.
// Not part of `npm run bench` (it needs a second build); run by hand:
//   npx tsx test/bench/first-screen-ab.mts <distA> <distB> [loads per build, default 4]
// e.g. a detached worktree of main built with `npx vite build`, against this one's dist/.
import { readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../browser/chromium-args.ts';
import { descendants } from './proc-memory.ts';
import { serveDist } from '../../scripts/serve.mjs';
import { firstScreen, watchFirstScreen } from './first-screen-when.ts';

const [distA, distB, n = '4'] = process.argv.slice(2);
if (!distA || !distB) throw new Error('usage: first-screen-ab.mts <distA> <distB> [loads per build]');
const LOADS = Number(n);
const TICK = 100 / 1; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux

/** CPU seconds (user + system) of each process of a tree now, from /proc. */
function treeCpu(root: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of [root, ...descendants(root)]) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(pid, (Number(f[11]) + Number(f[12])) / TICK);
    } catch {
      /* ended */
    }
  }
  return out;
}

/** CPU the tree's processes used between two {@link treeCpu} readings (a process that ended meanwhile is not counted; one that started counts whole). */
function cpuSince(before: Map<number, number>, now: Map<number, number>): number {
  let s = 0;
  for (const [pid, c] of now) s += c - (before.get(pid) ?? 0);
  return s;
}

interface Load {
  outline: number;
  /** The roads' tiles (or layer) announced to the page (`coverage:lines:roads` mark). */
  announced: number;
  roads: number;
  roadsIn: number;
  ready: number;
  idle: number;
  cpu: number;
  /** Map frames drawn until every road tile was in, and until idle. */
  framesToRoads: number;
  frames: number;
  load1: number;
}

async function oneLoad(browser: Browser, url: string, rootPid: number): Promise<Load> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', reducedMotion: 'reduce' });
  // count the map's frames: attach to the map as soon as the app has made it
  await context.addInitScript(() => {
    const w = window as unknown as { __coverageMap?: { on(e: string, f: () => void): void }; __frames: number };
    w.__frames = 0;
    // no named functions in page code: tsx wraps them in a helper (__name) the page does not have
    const poll = setInterval(() => {
      if (!w.__coverageMap) return;
      clearInterval(poll);
      w.__coverageMap.on('render', () => void w.__frames++);
    }, 5);
  });
  // ms since navigation start of the first frame where the outline, then the roads, are drawn (and every road tile is in)
  await watchFirstScreen(context);
  const page = await context.newPage();
  const cpu0 = treeCpu(rootPid);
  await page.goto(url);
  const { outline, roads, roadsIn } = await firstScreen(page);
  const framesToRoads = await page.evaluate(() => (window as unknown as { __frames: number }).__frames);
  const ready = await page
    .waitForFunction(() => (document.querySelector('[data-testid="project-status"]')?.getAttribute('data-status') === 'ready' ? performance.now() : false), null, { timeout: 120_000, polling: 50 })
    .then((h) => h.jsonValue() as Promise<number>);
  const idle = await page.evaluate(
    () =>
      new Promise<number>((ok) => {
        const m = window.__coverageMap!;
        if (m.loaded() && !m.isMoving()) ok(performance.now());
        else m.once('idle', () => ok(performance.now()));
      }),
  );
  const cpu = cpuSince(cpu0, treeCpu(rootPid));
  const frames = await page.evaluate(() => (window as unknown as { __frames: number }).__frames);
  const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('coverage:l')).map((m) => [m.name, m.startTime])));
  const announced = marks['coverage:lines:roads'] ?? marks['coverage:layer:roads'] ?? NaN;
  await context.close();
  return { outline, announced, roads, roadsIn, ready, idle, cpu, framesToRoads, frames, load1: loadavg()[0] };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (xs: number[], k: number, unit: string) => `${(median(xs) / k).toFixed(unit ? 2 : 1)}${unit} (${(Math.min(...xs) / k).toFixed(unit ? 2 : 0)}–${(Math.max(...xs) / k).toFixed(unit ? 2 : 0)})`;

const servers = await Promise.all([distA, distB].map((d) => serveDist(resolve(d), 0)));
for (const d of [distA, distB]) if (!readdirSync(resolve(d)).includes('index.html')) throw new Error(`${d}: no index.html (not a build)`);
const server = await chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_ARGS] });
const rootPid = server.process().pid!;
const browser = await chromium.connect(server.wsEndpoint());
const results: Load[][] = [[], []];
try {
  // warm-up: one load of each (disk cache, Chromium's first start of the GPU process)
  for (const s of servers) await oneLoad(browser, s.url, rootPid);
  for (let i = 0; i < LOADS; i++) {
    // alternate which build goes first in each pair
    const order = i % 2 ? [1, 0] : [0, 1];
    for (const b of order) {
      const r = await oneLoad(browser, servers[b].url, rootPid);
      results[b].push(r);
      console.log(`load ${i + 1} ${b ? 'B' : 'A'}: outline ${(r.outline / 1000).toFixed(2)} s, roads announced ${(r.announced / 1000).toFixed(2)} s, drawn ${(r.roads / 1000).toFixed(2)} s, all road tiles ${(r.roadsIn / 1000).toFixed(2)} s, ready ${(r.ready / 1000).toFixed(2)} s, idle ${(r.idle / 1000).toFixed(2)} s, CPU ${r.cpu.toFixed(2)} s, frames ${r.framesToRoads} / ${r.frames}, load ${r.load1.toFixed(1)}`);
    }
  }
} finally {
  await browser.close().catch(() => {});
  await server.close();
  await Promise.all(servers.map((s: { close(): Promise<void> }) => s.close()));
}
const rows: [string, (l: Load) => number, number, string?][] = [
  ['navigation → county outline drawn', (l) => l.outline, 1000],
  ['navigation → roads announced to the page', (l) => l.announced, 1000],
  ['navigation → roads drawn (a road rendered)', (l) => l.roads, 1000],
  ['roads announced → drawn', (l) => l.roads - l.announced, 1000],
  ['navigation → every road tile of the view in', (l) => l.roadsIn, 1000],
  ['navigation → project ready', (l) => l.ready, 1000],
  ['navigation → map idle', (l) => l.idle, 1000],
  ['CPU, whole browser', (l) => l.cpu, 1],
  ['map frames until every road tile is in', (l) => l.framesToRoads, 1, ''],
  ['map frames until idle', (l) => l.frames, 1, ''],
];
console.log(`\n| per demo load: median (range) of ${LOADS} | A: ${distA} | B: ${distB} | B / A |\n|---|---|---|---|`);
for (const [name, get, k, unit = ' s'] of rows) {
  const a = results[0].map(get);
  const b = results[1].map(get);
  console.log(`| ${name} | ${fmt(a, k, unit)} | ${fmt(b, k, unit)} | × ${(median(b) / median(a)).toFixed(2)} |`);
}
const loads = [...results[0], ...results[1]].map((l) => l.load1);
console.log(`load average (1 min) during the run: ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`);
