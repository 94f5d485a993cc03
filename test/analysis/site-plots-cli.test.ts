import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { run as runSite } from '../../cli/commands/site.ts';
import { run as runPlots } from '../../cli/commands/plots.ts';
import { metresPerDegree } from '../../analysis/geo.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();

const LON0 = 114.7;
const LAT0 = 38.6;
function pt(x: number, y: number): [number, number] {
  const { mx, my } = metresPerDegree(LAT0);
  return [LON0 + x / mx, LAT0 + y / my];
}
function rect(x: number, y: number, w: number, h: number) {
  return [[pt(x, y), pt(x + w, y), pt(x + w, y + h), pt(x, y + h), pt(x, y)]];
}

/** A township 4.2 km × 2 km, one 4 km primary road at 36 km/h (project params), 3 households, no station, 1 plot. */
function createProjectDir(): string {
  const dir = tempDir('site-cli-');
  writeFileSync(join(dir, 'project.json'), JSON.stringify({ name: '测试县', params: { 'speed-primary': 36 } }));
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  writeFileSync(join(dir, 'townships.geojson'), fc([{ type: 'Feature', properties: { name: '甲镇' }, geometry: { type: 'Polygon', coordinates: rect(-100, -1000, 4200, 2000) } }]));
  writeFileSync(join(dir, 'roads.geojson'), fc([{ type: 'Feature', properties: { class: 'primary' }, geometry: { type: 'LineString', coordinates: [pt(0, 0), pt(2000, 0), pt(4000, 0)] } }]));
  writeFileSync(join(dir, 'fire_stations.geojson'), fc([]));
  const h = (id: string, x: number) => `${id},${pt(x, 0)[0]},${pt(x, 0)[1]},东村,甲镇`;
  writeFileSync(join(dir, 'households.csv'), ['id,lon,lat,village,township', h('h1', 500), h('h2', 900), h('h3', 3500)].join('\n'));
  // 200 m × 333.33 m = 66,666.7 m² = 100 亩, declared 100.
  writeFileSync(join(dir, 'reserve_plots.geojson'), fc([{ type: 'Feature', properties: { id: '储01', name: '甲地块', township: '甲镇', area_mu: 100, use: 'residential' }, geometry: { type: 'Polygon', coordinates: rect(1000, 200, 200, 1000 / 3) } }]));
  return dir;
}

describe('analyze site / plots (CLI)', () => {
  test('site --facility fire: one station reaching all 3 households, summary + picks GeoJSON + BOM CSV', async () => {
    const data = createProjectDir();
    const out = join(data, 'out-site');
    await runSite({ command: 'site', data, out, options: { facility: 'fire', count: '1', 'candidate-spacing': '100', 'max-snap': '50' } });
    const s = JSON.parse(readFileSync(join(out, 'site-summary.json'), 'utf8'));
    // 5 min − 1 min turnout = 240 s at 10 m/s = 2,400 m of road: a site at x ∈ [1100, 2900] reaches
    // x = 500 (≤ 2,400 m west) and x = 3,500 (≤ 2,400 m east): all 3.
    expect(s.picks).toHaveLength(1);
    expect(s.picks[0].addedHouseholds).toBe(3);
    expect(s.after.householdsCovered).toBe(3);
    // The proof: no plan reaches more than the 3 households, so the gap is 0.
    expect(s.status).toBe('optimal');
    expect(s.gap).toBe(0);
    expect(s.bound).toBe(3);
    expect(typeof s.solver).toBe('string');
    expect(s.picks[0].runnerUp === null || typeof s.picks[0].runnerUp.id === 'string').toBe(true);
    const x = (s.picks[0].lon - LON0) * metresPerDegree(LAT0).mx;
    expect(x).toBeGreaterThanOrEqual(1099);
    expect(x).toBeLessThanOrEqual(2901);
    expect(s.params.find((p: { key: string }) => p.key === 'candidate-spacing').value).toBe('100');
    const csv = readFileSync(join(out, 'site-picks.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFrank,id,origin,township')).toBe(true);
    const geo = JSON.parse(readFileSync(join(out, 'site-picks.geojson'), 'utf8'));
    expect(geo.features[0].geometry.type).toBe('Point');
  });

  test('site --curve 2: the optimum and its bound for P = 1, 2 beside greedy', async () => {
    const data = createProjectDir();
    const out = join(data, 'out-curve');
    await runSite({ command: 'site', data, out, options: { facility: 'fire', count: '1', 'candidate-spacing': '100', 'max-snap': '50', curve: '2' } });
    const lines = readFileSync(join(out, 'site-curve.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('p,objective,bound,gap,status,greedy_objective,covered_pct,bound_pct,greedy_pct');
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => r[0])).toEqual(['1', '2']);
    for (const r of rows) {
      expect(Number(r[2])).toBeGreaterThanOrEqual(Number(r[1]));
      expect(Number(r[1])).toBeGreaterThanOrEqual(Number(r[5]));
      expect(r[4]).toBe('optimal');
    }
    // One station already reaches all 3 households.
    expect(rows.map((r) => Number(r[1]))).toEqual([3, 3]);
  });

  test('site --candidate-source plots: of 3 plots one is too small, one has the wrong use, the third is the pick', async () => {
    const data = createProjectDir();
    // 储A public 20 m × 30 m = 0.9 亩 (< 1.5 亩 = 1,000 m² for a level-1 station), 储B residential,
    // 储C 公共设施 40 m × 60 m = 3.6 亩 at x = 1,980–2,020 m, 20–80 m north of the road.
    const plot = (id: string, use: string, x: number, w: number, h: number) => ({ type: 'Feature', properties: { id, name: id, township: '甲镇', area_mu: (w * h) / (10_000 / 15), use }, geometry: { type: 'Polygon', coordinates: rect(x, 20, w, h) } });
    writeFileSync(join(data, 'reserve_plots.geojson'), JSON.stringify({ type: 'FeatureCollection', features: [plot('储A', 'public', 500, 20, 30), plot('储B', 'residential', 3000, 50, 50), plot('储C', '公共设施', 1980, 40, 60)] }));
    const out = join(data, 'out-plots-site');
    await runSite({ command: 'site', data, out, options: { facility: 'fire', count: '1', 'candidate-spacing': '100', 'max-snap': '50', 'candidate-source': 'plots' } });
    const s = JSON.parse(readFileSync(join(out, 'site-summary.json'), 'utf8'));
    expect(s.candidateCount).toBe(1);
    expect(s.plots.fit.map((f: { id: string }) => f.id)).toEqual(['储C']);
    expect(s.plots.unfit.map((u: { id: string; message: string }) => [u.id, u.message])).toEqual([
      ['储A', 'too small: 0.9 亩 < 1.5 亩 needed'],
      ['储B', 'use not compatible: residential (fire needs public)'],
    ]);
    // From x ≈ 2,000 (50 m walk to the road = 36 s) the road reaches x = 500 and 3,500 in 150 s each: all 3.
    expect(s.picks).toHaveLength(1);
    expect(s.picks[0].id).toBe('储C');
    expect(s.picks[0].origin).toBe('plot');
    expect(s.picks[0].addedHouseholds).toBe(3);
    expect(s.status).toBe('optimal');
    const csv = readFileSync(join(out, 'site-picks.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(csv[1].split(',').slice(1, 3)).toEqual(['储C', 'plot']);
    // Both: the grid's candidates plus the plot.
    const out2 = join(data, 'out-plots-both');
    await runSite({ command: 'site', data, out: out2, options: { facility: 'fire', count: '1', 'candidate-spacing': '100', 'max-snap': '50', 'candidate-source': 'both' } });
    const s2 = JSON.parse(readFileSync(join(out2, 'site-summary.json'), 'utf8'));
    const out3 = join(data, 'out-plots-grid');
    await runSite({ command: 'site', data, out: out3, options: { facility: 'fire', count: '1', 'candidate-spacing': '100', 'max-snap': '50' } });
    const s3 = JSON.parse(readFileSync(join(out3, 'site-summary.json'), 'utf8'));
    expect(s2.candidateCount).toBe(s3.candidateCount + 1);
    expect(s3.plots).toBeUndefined();
    // No plot fits a 5,000 m² requirement: plots-only siting refuses.
    await expect(runSite({ command: 'site', data, out: join(data, 'o4'), options: { facility: 'fire', 'candidate-source': 'plots', 'plot-min-land': '5000' } })).rejects.toThrow(/no reserve plot fits/);
    await expect(runSite({ command: 'site', data, out: join(data, 'o5'), options: { facility: 'fire', 'candidate-source': 'lots' } })).rejects.toThrow(/candidate-source/);
  });

  test('demo county, --candidate-source plots: kindergarten on the one education plot adds no child; no plot fits a fire station', async () => {
    const data = join(__dirname, '../../data/demo');
    const out = tempDir('site-demo-plots-');
    await runSite({ command: 'site', data, out, options: { facility: 'kindergarten', count: '1', 'candidate-source': 'plots' } });
    const s = JSON.parse(readFileSync(join(out, 'site-summary.json'), 'utf8'));
    // 6 classes need 2,000 m² = 3 亩 on education or public land. Of the 5 demo plots, 01/03/04 are
    // residential and 02 commercial; 05 (灵山发电厂地块, education, 16.69 亩 drawn) fits.
    expect(s.plots.neededMu).toBe(3);
    expect(s.plots.fit.map((f: { id: string; areaMu: number }) => [f.id, f.areaMu])).toEqual([['曲储【2022】05号', 16.69]]);
    expect(s.plots.unfit.map((u: { id: string; reason: string }) => [u.id, u.reason])).toEqual([
      ['曲储【2022】01号', 'use'],
      ['曲储【2022】02号', 'use'],
      ['曲储【2022】03号', 'use'],
      ['曲储【2022】04号', 'use'],
    ]);
    expect(s.candidateCount).toBe(1);
    // The plot lies outside every built-up area (village radius 2 km, 496 children within it), 1 km
    // from an existing kindergarten: every child it reaches is already within a radius. The best
    // plan adds nothing, proven (bound 0), so no site is proposed and coverage stays 16,333 of 21,181.
    expect(s.bound).toBe(0);
    expect(s.status).toBe('optimal');
    expect(s.picks).toEqual([]);
    expect(Math.round(s.after.childrenCovered)).toBe(16333);
    expect(Math.round(s.before.childrenTotal)).toBe(21181);
    // Fire: a station needs public land; no demo plot has it, so plots-only siting refuses.
    await expect(runSite({ command: 'site', data, out: join(out, 'fire'), options: { facility: 'fire', 'candidate-source': 'plots' } })).rejects.toThrow(/no reserve plot fits/);
  }, 120_000);

  test('site rejects an unknown facility and an unknown option', async () => {
    const data = createProjectDir();
    await expect(runSite({ command: 'site', data, out: join(data, 'o'), options: { facility: 'hospital' } })).rejects.toThrow(/--facility/);
    await expect(runSite({ command: 'site', data, out: join(data, 'o'), options: { facility: 'fire', bogus: '1' } })).rejects.toThrow(/unknown option --bogus/);
    await expect(runSite({ command: 'site', data, out: join(data, 'o'), options: { facility: 'fire', solver: 'cplex' } })).rejects.toThrow(/--solver/);
  });

  test('plots: review JSON with the total mismatch, BOM CSV with the findings, GeoJSON', async () => {
    const data = createProjectDir();
    const out = join(data, 'out-plots');
    await runPlots({ command: 'plots', data, out, options: { 'stated-total': '101', fire: 'false' } });
    const r = JSON.parse(readFileSync(join(out, 'plot-review.json'), 'utf8'));
    expect(r.rows[0].areaMu).toBeCloseTo(100, 1);
    expect(r.rows[0].townshipsFound).toEqual(['甲镇']);
    // Declared 100 against a stated 101: −1 亩.
    expect(r.totals.statedDiffMu).toBe(-1);
    expect(r.documentIssues[0].code).toBe('total-mismatch');
    const csv = readFileSync(join(out, 'plot-review.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFid,name,township,use,declared_mu')).toBe(true);
    const geo = JSON.parse(readFileSync(join(out, 'plot-review.geojson'), 'utf8'));
    expect(geo.features[0].properties.review).toBe('ok');
  });
});

describe('analyze site: the rulebook siting distance from the project (FIRE-05)', () => {
  test('a kindergarten 10 m off the road at x = 2,000: the grid site beside it goes at 50 m (default), none at 0 m, more at 300 m', async () => {
    const runWith = async (params: Record<string, unknown>) => {
      const data = createProjectDir();
      writeFileSync(join(data, 'project.json'), JSON.stringify({ name: '测试县', params: { 'speed-primary': 36, ...params } }));
      writeFileSync(
        join(data, 'kindergartens.geojson'),
        JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'K1', name: '甲园', ownership: 'public', inclusive: true, capacity: 90, enrolled: 80, township: '甲镇', village: '东村' }, geometry: { type: 'Point', coordinates: pt(2000, 10) } }] }),
      );
      const out = join(data, 'out-dist');
      await runSite({ command: 'site', data, out, options: { facility: 'fire', count: '1', 'candidate-spacing': '100', 'max-snap': '50' } });
      return JSON.parse(readFileSync(join(out, 'site-summary.json'), 'utf8'));
    };
    const { mx } = metresPerDegree(LAT0);
    const xOf = (d: { lon: number }) => (d.lon - LON0) * mx;
    const byDefault = await runWith({});
    // Grid sites every 100 m along the road: exactly one lies within 49 m of x = 2,000 (10 m off the road: < 50 m).
    expect(byDefault.droppedCandidates).toHaveLength(1);
    expect(byDefault.droppedCandidates[0].layer).toBe('kindergartens');
    expect(byDefault.droppedCandidates[0].near).toBe('甲园');
    expect(Math.abs(xOf(byDefault.droppedCandidates[0]) - 2000)).toBeLessThan(50);
    expect(byDefault.distanceChecks.find((c: { layer: string }) => c.layer === 'kindergartens')).toEqual({ layer: 'kindergartens', minMeters: 50, checked: true, features: 1, dropped: 1 });
    const off = await runWith({ 'station-exit-distance': 0 });
    expect(off.droppedCandidates).toEqual([]);
    expect(off.candidateCount).toBe(byDefault.candidateCount + 1);
    const wide = await runWith({ 'station-exit-distance': 300 });
    // Sites within 300 m of the kindergarten: the grid points at |x − 2,000| < ~299.8 m, 5 or 6 of the 100 m grid.
    expect(wide.droppedCandidates.length).toBeGreaterThanOrEqual(5);
    for (const d of wide.droppedCandidates) expect(Math.abs(xOf(d) - 2000)).toBeLessThan(300);
    expect(wide.picks[0].addedHouseholds).toBe(3);
  });
});
