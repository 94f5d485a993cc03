// Radius coverage (1M households × 5,000 facilities) and hydrant gap analysis (50,000 road
// segments × 10,000 hydrants), each against a naive Turf loop timed on a sample in the same run
// and scaled linearly to the full size (said in the output).
import * as turf from '@turf/turf';
import type { Feature, FeatureCollection, Geometry, LineString, Point, Position } from 'geojson';
import { radiusCoverage } from '../../analysis/point-index.ts';
import { hydrantGaps } from '../../analysis/hydrant-gaps.ts';
import { LocalProjection } from '../../analysis/geo.ts';
import os from 'node:os';
import { report, type BenchRow } from './util.ts';

/** Median wall and CPU time of `runs` runs after one warm-up (CPU time is less disturbed by other processes on the machine). */
function timed<T>(fn: () => T, runs: number): { wallMs: number; cpuMs: number } {
  fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  const med = (a: number[]) => a.sort((x, y) => x - y)[Math.floor(a.length / 2)];
  return { wallMs: med(wall), cpuMs: med(cpu) };
}

/** Heap + array buffers allocated by one run and still held right after it (GC forced before, not after), MB. */
function allocatedMb<T>(fn: () => T): { result: T; mb: number } {
  const g = globalThis as { gc?: () => void };
  g.gc?.();
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = used();
  const result = fn();
  return { result, mb: (used() - before) / 1048576 };
}

const LOAD = () => `load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`;

function createRandom(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = createRandom(20261122);
const rows: BenchRow[] = [];

// ---- 1. Radius coverage: a county of about 1,100 km² (35 km × 32 km) around 曲阳.
{
  const N = 1_000_000;
  const M = 5_000;
  const R = 300;
  const lon = new Float64Array(N);
  const lat = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    lon[i] = 114.55 + rand() * 0.4;
    lat[i] = 38.45 + rand() * 0.3;
  }
  const flon = new Float64Array(M);
  const flat = new Float64Array(M);
  for (let j = 0; j < M; j++) {
    flon[j] = 114.55 + rand() * 0.4;
    flat[j] = 38.45 + rand() * 0.3;
  }
  const pts = { lon, lat };
  const fac = { lon: flon, lat: flat };
  const run = () => radiusCoverage(pts, fac, { radiusMeters: R });
  const t = timed(run, 7);
  const { result, mb } = allocatedMb(run);
  const tn = timed(() => radiusCoverage(pts, fac, { radiusMeters: R, nearest: true }), 3);

  // Naive: every household × every facility with turf.distance (the loop an analyst writes first).
  const SAMPLE = 400;
  const facPts = Array.from({ length: M }, (_, j) => turf.point([flon[j], flat[j]]));
  const t0 = performance.now();
  let naiveCovered = 0;
  for (let i = 0; i < SAMPLE; i++) {
    const h = turf.point([lon[i], lat[i]]);
    let hit = false;
    for (let j = 0; j < M; j++) if (turf.distance(h, facPts[j], { units: 'meters' }) <= R) hit = true;
    if (hit) naiveCovered++;
  }
  const naiveMs = ((performance.now() - t0) * N) / SAMPLE;
  let agree = 0;
  for (let i = 0; i < SAMPLE; i++) agree += result.covered[i];
  rows.push({
    name: `radius coverage: ${N.toLocaleString('en')} households × ${M.toLocaleString('en')} facilities, ${R} m (${result.coveredCount.toLocaleString('en')} covered)`,
    ms: t.wallMs,
    peakMb: mb,
    note: `CPU ${t.cpuMs.toFixed(0)} ms (median of 7); goal < 100 ms ${t.cpuMs < 100 ? 'met' : 'NOT met'} on CPU time; ${LOAD()}; memory = allocated by one run`,
    baselineMs: naiveMs,
    baselineNote: `naive turf.distance loop over all pairs, timed on ${SAMPLE} households × ${M} facilities and scaled ×${N / SAMPLE}; sample covered: naive ${naiveCovered}, indexed ${agree} (haversine vs ellipsoid at the rim)`,
  });
  rows.push({ name: 'radius coverage with nearest facility and distance', ms: tn.wallMs, note: `CPU ${tn.cpuMs.toFixed(0)} ms; exact distance for every candidate` });
}

// ---- 2. Hydrant gaps: a street grid of 50,000 segments, 10,000 hydrants, six built-up areas.
{
  const P = new LocalProjection(114.7, 38.62);
  const pt = (x: number, y: number): Position => [P.lon(x), P.lat(y)];
  const K = 159; // nodes per side: 2·K·(K−1) = 50,244 segments
  const STEP = 150;
  const roads: Feature<LineString>[] = [];
  for (let r = 0; r < K; r++) {
    for (let c = 0; c + 1 < K; c++) {
      roads.push({ type: 'Feature', properties: { name: `东西${r}路`, class: 'residential' }, geometry: { type: 'LineString', coordinates: [pt(c * STEP, r * STEP), pt((c + 1) * STEP, r * STEP)] } });
      roads.push({ type: 'Feature', properties: { name: `南北${r}街`, class: 'residential' }, geometry: { type: 'LineString', coordinates: [pt(r * STEP, c * STEP), pt(r * STEP, (c + 1) * STEP)] } });
    }
  }
  const roadsFc: FeatureCollection<Geometry | null> = { type: 'FeatureCollection', features: roads };
  const H = 10_000;
  const hydrants: Feature<Point>[] = [];
  for (let h = 0; h < H; h++) {
    const seg = roads[Math.floor(rand() * roads.length)].geometry.coordinates;
    const t = rand();
    const off = (rand() - 0.5) * 16 / P.my;
    hydrants.push({
      type: 'Feature',
      properties: { id: `H${h}`, kind: 'hydrant', status: rand() < 0.9 ? 'working' : 'broken' },
      geometry: { type: 'Point', coordinates: [seg[0][0] + (seg[1][0] - seg[0][0]) * t + off, seg[0][1] + (seg[1][1] - seg[0][1]) * t + off] },
    });
  }
  const circle = (cx: number, cy: number, rad: number): Feature => ({
    type: 'Feature',
    properties: { name: `建成区${cx}` },
    geometry: { type: 'Polygon', coordinates: [Array.from({ length: 65 }, (_, k) => pt(cx + rad * Math.cos((k % 64) * (Math.PI / 32)), cy + rad * Math.sin((k % 64) * (Math.PI / 32))))] },
  });
  const side = (K - 1) * STEP;
  const builtUp: FeatureCollection<Geometry | null> = {
    type: 'FeatureCollection',
    features: [circle(side / 2, side / 2, 7000), circle(3000, 3000, 1500), circle(side - 3000, 3000, 1500), circle(3000, side - 3000, 1500), circle(side - 3000, side - 3000, 1500), circle(side / 2, 2000, 1200)],
  };
  const input = { roads: roadsFc, hydrants: { type: 'FeatureCollection' as const, features: hydrants }, builtUp };
  const run = () => hydrantGaps(input);
  const t = timed(run, 5);
  const { result, mb } = allocatedMb(run);

  // Naive: every built-up segment × every hydrant with turf.pointToLineDistance.
  const SAMPLE = 20;
  const t0 = performance.now();
  let near = 0;
  for (let k = 0; k < SAMPLE; k++) {
    const line = roads[k * 997];
    for (let h = 0; h < H; h++) if (turf.pointToLineDistance(hydrants[h], line, { units: 'meters' }) <= 150) near++;
  }
  const naiveMs = ((performance.now() - t0) * roads.length) / SAMPLE;
  rows.push({
    name: `hydrant gaps: ${roads.length.toLocaleString('en')} segments × ${H.toLocaleString('en')} hydrants (${result.roadLengthKm.toFixed(0)} km in built-up, ${result.coveredRoadPct?.toFixed(1) ?? 'no data'}% covered, ${result.gapCount} gaps, ${result.proposedCount} proposed)`,
    ms: t.wallMs,
    peakMb: mb,
    note: `CPU ${t.cpuMs.toFixed(0)} ms (median of 5); goal < 500 ms ${t.cpuMs < 500 ? 'met' : 'NOT met'} on CPU time; ${LOAD()}; memory = allocated by one run`,
    baselineMs: naiveMs,
    baselineNote: `naive turf.pointToLineDistance loop over all segment × hydrant pairs (no clipping, no merging), timed on ${SAMPLE} segments × ${H} hydrants and scaled ×${(roads.length / SAMPLE).toFixed(0)}`,
  });
}

report('radii', rows);
