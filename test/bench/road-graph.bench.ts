// Road graph (analysis/road-graph.ts buildRoadGraph) on crowded road files growing ×2: the shapes a
// county's own CAD/Shapefile roads take (one segment digitised many times, many lines through one
// junction, short segments with one far away, a long chain of tiny 2-point segments). The ratio of
// each step's CPU time to the previous one is ≈ 2 for linear work, ≈ 4 for quadratic, ≈ 8 for
// cubic; the growth exponent is fitted over the sizes. Run: `npm run bench -- road-graph`
// (BENCH_ROAD_GRAPH_MODULE=<path to a road-graph.ts> times another version, e.g. the one before
// the bucket width search: `git show <commit>:analysis/road-graph.ts > /tmp/rg-old.ts`).
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FeatureCollection } from 'geojson';
import { fc, road } from '../analysis/fire-coverage-fixtures.ts';
import { report, type BenchRow } from './util.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const mod = (await import(pathToFileURL(resolve(ROOT, process.env.BENCH_ROAD_GRAPH_MODULE ?? 'analysis/road-graph.ts')).href)) as typeof import('../../analysis/road-graph.ts');

interface Shape {
  name: string;
  sizes: number[];
  make(n: number): FeatureCollection;
}

/** A fixed pseudo-random position in [0, 1) for index i and salt s (no Math.random: same input each run). */
const hash01 = (i: number, s: number) => (((Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(s, 0x85ebca77)) >>> 0) % 1_000_003) / 1_000_003;

const SHAPES: Shape[] = [
  {
    name: 'one 1 km segment drawn N times',
    sizes: [500, 1000, 2000, 4000],
    make: (n) => fc(Array.from({ length: n }, () => road([[0, 0], [1000, 0]]))),
  },
  {
    name: 'N straight roads crossing at one junction',
    sizes: [500, 1000, 2000, 4000],
    // Half-length N m (at least 1 km): the ends stay π m apart, beyond the 2 m snap tolerance.
    make: (n) => fc(Array.from({ length: n }, (_, i) => {
      const a = (Math.PI * (i + 0.5)) / n, r = Math.max(1000, n);
      return road([[-r * Math.cos(a), -r * Math.sin(a)], [r * Math.cos(a), r * Math.sin(a)]]);
    })),
  },
  {
    name: 'N tiny 20 m segments in a 2 km village, one road 50 km away',
    sizes: [2000, 4000, 8000, 16000],
    make: (n) => {
      const lines = Array.from({ length: n }, (_, i) => {
        const x = 2000 * hash01(i, 1), y = 2000 * hash01(i, 2);
        return road([[x, y], [x + 16, y + 12]]);
      });
      lines.push(road([[50_000, 50_000], [50_100, 50_000]]));
      return fc(lines);
    },
  },
  {
    name: 'N tiny 2-point segments sharing ends (rows of 200)',
    sizes: [2000, 4000, 8000, 16000],
    make: (n) => fc(Array.from({ length: n }, (_, i) => {
      const x = (i % 200) * 50, y = Math.floor(i / 200) * 50;
      return road([[x, y], [x + 50, y]]);
    })),
  },
];

const rows: BenchRow[] = [];
for (const shape of SHAPES) {
  console.log(`\n${shape.name}`);
  const points: { n: number; cpuMs: number }[] = [];
  let prev: number | null = null;
  for (const n of shape.sizes) {
    const input = shape.make(n);
    // The fastest of up to three builds (one when a build takes over 2 s): the machine is shared.
    let ms = Infinity, cpuMs = Infinity, outcome = '';
    for (let run = 0; run < 3 && !(run > 0 && ms > 2000); run++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const g = mod.buildRoadGraph(input);
      ms = Math.min(ms, performance.now() - t0);
      const c = process.cpuUsage(c0);
      cpuMs = Math.min(cpuMs, (c.user + c.system) / 1000);
      outcome = `${g.nodeCount} nodes, ${g.edgeCount} edges`;
    }
    points.push({ n, cpuMs });
    const ratio = prev === null ? '' : `  ×${(cpuMs / prev).toFixed(2)} CPU vs previous size`;
    console.log(`  N = ${String(n).padStart(6)}: ${ms.toFixed(1).padStart(9)} ms (CPU ${cpuMs.toFixed(0)} ms)${ratio} — ${outcome}`);
    rows.push({ name: `road graph: ${shape.name}, N = ${n}`, ms, note: `CPU ${cpuMs.toFixed(0)} ms; ${prev === null ? '' : `CPU ×${(cpuMs / prev).toFixed(2)} vs previous size; `}${outcome}` });
    prev = cpuMs;
  }
  // Growth exponent over the sizes (least squares of log CPU time on log N): 1 linear, 2 quadratic.
  const xs = points.map((p) => Math.log(p.n));
  const ys = points.map((p) => Math.log(Math.max(p.cpuMs, 0.01)));
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const first = points[0], last = points[points.length - 1];
  console.log(`  growth: CPU time ×${(last.cpuMs / first.cpuMs).toFixed(1)} for N ×${last.n / first.n}; exponent ${slope.toFixed(2)} (1 = linear, 2 = quadratic, 3 = cubic)`);
  rows.push({ name: `road graph: ${shape.name}: growth exponent`, ms: 0, note: `exponent ${slope.toFixed(2)} (1 = linear, 2 = quadratic, 3 = cubic); CPU time ×${(last.cpuMs / first.cpuMs).toFixed(1)} for N ×${last.n / first.n}` });
}
report('road-graph', rows);
