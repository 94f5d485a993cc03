// `npm run bench -- db`: load 1 million households into DuckDB-wasm (eh build, Node) and compute
// every indicator. Goal (issue #6): under 2 s on this machine. Baseline: one plain-JS pass over the
// same typed arrays computing a single by-township sum (the least work any method must do).
import os from 'node:os';
import { openNodeDuckDb } from '../../src/db/duckdb-node.ts';
import { INDICATOR_QUERIES, runIndicators } from '../../src/db/indicators.ts';
import { loadProjectTables } from '../../src/db/project-tables.ts';
import { nodeSqlSource } from '../../src/db/sql-source-node.ts';
import type { Column, ColumnLayerData, GeoJsonLayerData, LayerData, LayerId, Project } from '../../layers/types.ts';
import { medianMs, mulberry32, peakMemoryMb, report, type BenchRow } from './util.ts';

const N = Number(process.env.BENCH_HOUSEHOLDS ?? 1_000_000);
const TOWNSHIPS = Array.from({ length: 18 }, (_, i) => `乡镇${String(i + 1).padStart(2, '0')}`);

function createHouseholds(n: number): ColumnLayerData {
  const rnd = mulberry32(42);
  const num = () => new Float64Array(n);
  const persons = num(), children = num(), area = num(), coal = num(), lon = num(), lat = num();
  const township = new Int32Array(n), village = new Int32Array(n), heating = new Int32Array(n), lowIncome = new Int32Array(n), grade = new Int32Array(n);
  const alarm = new Uint8Array(n);
  const ids: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    ids[i] = `H${i}`;
    lon[i] = 114.4 + rnd() * 0.6;
    lat[i] = 38.5 + rnd() * 0.5;
    township[i] = Math.floor(rnd() * TOWNSHIPS.length);
    village[i] = Math.floor(rnd() * 360);
    persons[i] = 1 + Math.floor(rnd() * 6);
    children[i] = rnd() < 0.12 ? 1 : 0;
    const h = rnd();
    heating[i] = h < 0.35 ? 0 : h < 0.55 ? 1 : h < 0.9 ? 2 : 3;
    coal[i] = heating[i] === 2 ? Math.round(rnd() * 30) / 10 : NaN;
    alarm[i] = heating[i] === 2 ? (rnd() < 0.95 ? 1 : 0) : 255;
    const g = rnd();
    grade[i] = g < 0.01 ? 0 : g < 0.02 ? 1 : -1;
    lowIncome[i] = grade[i] >= 0 ? Math.floor(rnd() * 3) : rnd() < 0.05 ? Math.floor(rnd() * 3) : -1;
    area[i] = grade[i] >= 0 ? 20 + rnd() * 100 : NaN;
  }
  const columns: Record<string, Column> = {
    persons: { type: 'number', values: persons },
    children_3_5: { type: 'number', values: children },
    floor_area_m2: { type: 'number', values: area },
    coal_tonnes: { type: 'number', values: coal },
    township: { type: 'category', codes: township, dict: TOWNSHIPS },
    village: { type: 'category', codes: village, dict: Array.from({ length: 360 }, (_, i) => `村${i}`) },
    heating: { type: 'category', codes: heating, dict: ['gas', 'electric', 'clean_coal', 'other'] },
    low_income: { type: 'category', codes: lowIncome, dict: ['destitute', 'minimum_living', 'other_low_income'] },
    house_grade: { type: 'category', codes: grade, dict: ['C', 'D'] },
    co_alarm: { type: 'boolean', values: alarm },
  };
  return { kind: 'columns', id: 'households', count: n, lon, lat, ids, columns };
}

function points(id: LayerId, n: number, props: (i: number) => Record<string, unknown>): GeoJsonLayerData {
  return {
    kind: 'geojson',
    id,
    data: {
      type: 'FeatureCollection',
      features: Array.from({ length: n }, (_, i) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [114.4 + (i % 50) / 80, 38.5 + Math.floor(i / 50) / 80] },
        properties: props(i),
      })),
    },
  };
}

function createProject(): Project {
  const layers: Partial<Record<LayerId, LayerData>> = {
    households: createHouseholds(N),
    kindergartens: points('kindergartens', 600, (i) => ({ id: `K${i}`, township: TOWNSHIPS[i % TOWNSHIPS.length], ownership: i % 3 ? 'public' : 'private', inclusive: i % 5 !== 0, enrolled: 20 + (i % 60), capacity: 90 })),
    servicePoints: points('servicePoints', 200, (i) => ({ id: `S${i}`, township: TOWNSHIPS[i % 17], kind: i % 4 ? 'coal_point' : 'maintenance' })),
  };
  return { name: 'bench', params: {}, layers: layers as Record<LayerId, LayerData> };
}

function baselineSum(h: ColumnLayerData): number {
  const col = h.columns.township as { codes: Int32Array };
  const kids = (h.columns.children_3_5 as { values: Float64Array }).values;
  const sums = new Float64Array(TOWNSHIPS.length);
  for (let i = 0; i < h.count; i++) sums[col.codes[i]] += kids[i];
  return sums[0];
}

const project = createProject();
const households = project.layers.households as ColumnLayerData;
const tOpen = performance.now();
const db = await openNodeDuckDb();
const openMs = performance.now() - tOpen;

const rows: BenchRow[] = [];
const baselineMs = await medianMs(() => baselineSum(households), 5);
let cards = 0;
const mem = await peakMemoryMb(async () => {
  await loadProjectTables(db, project);
  const res = await runIndicators(db, nodeSqlSource, { 'coal-price': 1200 });
  cards = res.cards.length;
  return res;
});
const loadMs = await medianMs(() => loadProjectTables(db, project), 3);
const indicatorsMs = await medianMs(() => runIndicators(db, nodeSqlSource, { 'coal-price': 1200 }), 3);
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const cpuRuns: number[] = [];
const totalMs = await medianMs(async () => {
  const c0 = cpuMs();
  await loadProjectTables(db, project);
  await runIndicators(db, nodeSqlSource, { 'coal-price': 1200 });
  cpuRuns.push(cpuMs() - c0);
}, 3);
cpuRuns.sort((a, b) => a - b);
const totalCpuMs = cpuRuns[Math.floor(cpuRuns.length / 2)];
const load = os.loadavg()[0];
rows.push({ name: 'start DuckDB-wasm (eh, once per session)', ms: openMs });
rows.push({ name: `load ${N.toLocaleString('en')} households + 800 points into tables`, ms: loadMs });
rows.push({ name: `compute every indicator (${cards} cards, ${INDICATOR_QUERIES.length} queries)`, ms: indicatorsMs });
rows.push({
  name: `load + every indicator, ${N.toLocaleString('en')} households`,
  ms: totalMs,
  peakMb: mem.peakMb,
  baselineMs,
  baselineNote: 'plain-JS single by-township sum over the typed arrays',
  note: `${totalMs < 2000 ? 'goal < 2 s met' : 'goal < 2 s NOT met'}; CPU ${totalCpuMs.toFixed(0)} ms (median); load average ${load.toFixed(1)} on ${os.cpus().length} cores`,
});
report('db', rows);
await db.close();
