import { beforeAll, describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FeatureCollection, Geometry, LineString } from 'geojson';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import type { ColumnLayerData, Project } from '../../layers/types.ts';
import { metresPerDegree } from '../../analysis/geo.ts';
import { prepareFireCoverage } from '../../analysis/fire-coverage.ts';
import { siteFireStations } from '../../analysis/site-fire-stations.ts';
import { siteKindergartens } from '../../analysis/site-kindergartens.ts';
import { candidateGrid } from '../../analysis/siting-candidates.ts';
import { messageInLanguage } from '../../analysis/user-error.ts';
import { buildRoadGraph } from '../../analysis/road-graph.ts';
import { buildEdgeIndex } from '../../analysis/travel-times.ts';
import { loadHighsNode } from '../../src/solver/load-highs-node.ts';

type FC = FeatureCollection<Geometry | null>;

// Session 19: the siting figures README.md and docs/siting.md state for the demo are checked against
// the runs below (the suite's one HiGHS siting of the demo), each number read out of the text itself.
const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
const SITING_MD = readFileSync(resolve(import.meta.dirname, '../../docs/siting.md'), 'utf8');
const num = (s: string) => Number(s.replace(/,/g, ''));
/** The numbers a pattern captures in a text; fails naming the pattern when the text no longer says it. */
function says(text: string, re: RegExp): number[] {
  const m = text.match(re);
  expect(m, `the text no longer matches ${re}`).not.toBeNull();
  return m!.slice(1).map(num);
}

const LON0 = 114.7;
const LAT0 = 38.6;

function createXY(x: number, y: number): [number, number] {
  const { mx, my } = metresPerDegree(LAT0);
  return [LON0 + x / mx, LAT0 + y / my];
}

/** A square "county" 4 km × 4 km with one east–west road along y = 0 and one north–south road along x = 3000. */
function createTinyCounty() {
  const square = [createXY(-500, -2000), createXY(3500, -2000), createXY(3500, 2000), createXY(-500, 2000), createXY(-500, -2000)];
  const townships: FC = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '甲乡' }, geometry: { type: 'Polygon', coordinates: [square] } }] };
  const line = (a: [number, number], b: [number, number]): FeatureCollection<LineString>['features'][number] => ({
    type: 'Feature',
    properties: { class: 'primary', speed_kmh: 36 },
    geometry: { type: 'LineString', coordinates: [createXY(...a), createXY(...b)] },
  });
  const roads: FC = { type: 'FeatureCollection', features: [line([-400, 0], [3400, 0]), line([3000, -1900], [3000, 1900])] };
  return { townships, roads };
}

/**
 * Households at x = 0 and 400 on the east–west road, at (3000, 1500) and (3000, −1900) on the
 * north–south road, and one 900 m from every road (beyond the 300 m access limit).
 */
function createLscpHouseholds(): ColumnLayerData {
  const hh = [createXY(0, 0), createXY(400, 0), createXY(3000, 1500), createXY(3000, -1900), createXY(1500, 900)];
  return {
    kind: 'columns',
    id: 'households',
    count: hh.length,
    lon: Float64Array.from(hh.map((p) => p[0])),
    lat: Float64Array.from(hh.map((p) => p[1])),
    ids: hh.map((_, i) => `H${i}`),
    columns: {},
  };
}

describe('candidateGrid', () => {
  test('grid points inside the area, moved onto the nearest road, duplicates merged, user sites kept', () => {
    const { townships, roads } = createTinyCounty();
    const idx = buildEdgeIndex(buildRoadGraph(roads));
    // 1000 m grid over x ∈ [-500, 3500], y ∈ [-2000, 2000]: 5 × 5 points at x = -500, 500, …, 3500
    // (centred), y = -2000 … 2000. Max snap 400 m keeps only points within 400 m of a road: the
    // row y = 0 (5 points; x = -500 snaps to the road end at -400, 100 m away; x = 3500 snaps to
    // the end at 3400) — and the column nearest x = 3000 is x = 3500, 500 m away: dropped.
    // So 5 grid sites on y = 0. A user site 700 m north of the road is kept with its distance.
    const c = candidateGrid(townships, { spacingMeters: 1000, edgeIndex: idx, maxSnapMeters: 400, userSites: [{ id: '学校旁', lon: createXY(1000, 700)[0], lat: createXY(1000, 700)[1] }] });
    expect(c.origin.filter((o) => o === 'grid').length).toBe(5);
    expect(c.ids.at(-1)).toBe('学校旁');
    expect(c.accessMeters!.at(-1)).toBeCloseTo(700, 0);
    const { my } = metresPerDegree(LAT0);
    for (let i = 0; i < 5; i++) expect(Math.abs((c.lat[i] - LAT0) * my)).toBeLessThan(0.01);
  });

  test('without roads: raw grid points inside the polygons', () => {
    const { townships } = createTinyCounty();
    // 1000 m grid: 5 × 5 = 25 points on the closed square; points on the boundary may fall
    // either side, so count the 3 × 3 interior ones at least and at most all 25.
    const c = candidateGrid(townships, { spacingMeters: 1000 });
    expect(c.count).toBeGreaterThanOrEqual(9);
    expect(c.count).toBeLessThanOrEqual(25);
    expect(c.edge).toBeUndefined();
  });
});

describe('siteFireStations on a tiny county', () => {
  test('the best site for 3 households on the road is between them; the check agrees', () => {
    const { townships, roads } = createTinyCounty();
    // Households on the east–west road at x = 0, 400, 800 and one far away on the north–south
    // road at (3000, 1500). No existing station. 5 min with 1 min turnout = 240 s × 10 m/s =
    // 2400 m of road. Any site within 2400 m of all three (x ∈ [−1600, 2400] on the road, in the
    // county) reaches 3; the far one needs travel |x − 3000| + 1500 ≤ 2400 → x ≥ 2100 on the
    // east–west road, where (2100 − 0) ≤ 2400 holds: a site at x ∈ [2100, 2400] reaches all 4.
    const hh = [createXY(0, 0), createXY(400, 0), createXY(800, 0), createXY(3000, 1500)];
    const households: ColumnLayerData = {
      kind: 'columns',
      id: 'households',
      count: 4,
      lon: Float64Array.from(hh.map((p) => p[0])),
      lat: Float64Array.from(hh.map((p) => p[1])),
      ids: ['H1', 'H2', 'H3', 'H4'],
      columns: {},
    };
    const stations: FC = { type: 'FeatureCollection', features: [] };
    // Candidates every 100 m (maxSnap 50 m keeps the points on the roads).
    const r = siteFireStations({ roads, townships, households, stations }, { count: 1, candidateSpacingMeters: 100, maxSnapMeters: 50, accessSpeedKmh: 5 });
    expect(r.picks).toHaveLength(1);
    expect(r.picks[0].addedHouseholds).toBe(4);
    expect(r.after.householdsCovered).toBe(4);
    expect(r.estimatedAfter.householdsCovered).toBe(4);
    const { mx, my } = metresPerDegree(LAT0);
    const x = (r.picks[0].lon - LON0) * mx;
    const y = (r.picks[0].lat - LAT0) * my;
    // On the east–west road between 2100 and 2400, or on the north–south road within reach of all.
    const onEW = Math.abs(y) < 1 && x >= 2099 && x <= 2401;
    const onNS = Math.abs(x - 3000) < 1 && 3000 + Math.abs(y) <= 2401 && Math.abs(y - 1500) <= 2400;
    expect(onEW || onNS).toBe(true);
  });

  test('LSCP: the fewest sites reaching every reachable household (2 here), the unreachable one reported', () => {
    const { townships, roads } = createTinyCounty();
    // Households at x = 0 and 400 on the east–west road, at (3000, 1500) and (3000, −1900) on the
    // north–south road, and one 900 m from every road (beyond the 300 m access limit: unreachable).
    // 4 min at 10 m/s = 2,400 m of road. Reaching (0, 0) needs a site at x ≤ 2400 on the east–west
    // road (or within 2,400 m of it along the roads); reaching (3000, −1900) needs
    // |x − 3000| + 1900 ≤ 2400 → x ≥ 2500. No single site does both: 2 sites, 4 households, 1 left.
    const households = createLscpHouseholds();
    const r = siteFireStations(
      { roads, townships, households, stations: { type: 'FeatureCollection', features: [] } },
      { model: 'lscp', candidateSpacingMeters: 100, maxSnapMeters: 50, accessSpeedKmh: 5 },
    );
    expect(r.model).toBe('lscp');
    expect(r.picks).toHaveLength(2);
    expect(r.uncoverable).toBe(1);
    expect(r.after.householdsCovered).toBe(4);
    expect(r.estimatedAfter.householdsCovered).toBe(4);
  });

  test('with a curve, the plan is handed over first (onPlan), then the curve on the same coverage: P = 1 reaches 4 of the LSCP case, P = 2 all 4 reachable', () => {
    const { townships, roads } = createTinyCounty();
    // The LSCP case above: no single site reaches both (0, 0) and (3000, −1900); one site at
    // x ∈ [2100, 2400] on the east–west road reaches (0, 0), (400, 0) and (3000, 1500): 3 of the 4
    // reachable households; two sites reach all 4. The fifth is 900 m from every road: never.
    const households = createLscpHouseholds();
    const input = { roads, townships, households, stations: { type: 'FeatureCollection' as const, features: [] } };
    const opts = { count: 1, candidateSpacingMeters: 100, maxSnapMeters: 50, accessSpeedKmh: 5 };
    const plans: unknown[] = [];
    const r = siteFireStations(input, { ...opts, curveTo: 3, onPlan: (p) => plans.push(p) });
    expect(plans).toHaveLength(1);
    const plan = plans[0] as typeof r;
    expect(plan.curve).toBeUndefined();
    // the result is the plan with its curve: the same picks and figures as a run without the curve
    const { curve, timingMs: _t, proof: _p, ...rest } = r;
    const { timingMs: _t2, proof: _p2, ...planRest } = plan;
    expect(rest).toEqual(planRest);
    const { timingMs: _t3, proof: _p3, ...alone } = siteFireStations(input, opts);
    expect(rest).toEqual(alone);
    expect(r.picks[0].addedHouseholds).toBe(3);
    expect(curve!.map((c) => [c.p, c.objective, c.coveredPct])).toEqual([
      [1, 3, 60],
      [2, 4, 80],
      [3, 4, 80],
    ]);
  });

  test('a candidate area without its layer, or fewer candidates than sites, is refused in the user\'s words (zh and en lines), not an internal message', () => {
    const { townships, roads } = createTinyCounty();
    const stations: FC = { type: 'FeatureCollection', features: [] };
    const empty: FC = { type: 'FeatureCollection', features: [] };
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('did not throw');
    };
    const noTownships = err(() => siteFireStations({ roads, townships: empty, stations }, { count: 1 }));
    expect(messageInLanguage(noTownships, 'zh')).toMatch(/^候选点范围为“全县”.*townships\.geojson/);
    expect(messageInLanguage(noTownships, 'en')).toMatch(/^The candidates are to cover the whole county.*townships\.geojson/);
    expect(err(() => siteFireStations({ roads, townships, stations }, { count: 1, candidateArea: 'built-up' }))).toContain('built_up.geojson');
    const noHouseholds: ColumnLayerData = { kind: 'columns', id: 'households', count: 0, lon: new Float64Array(0), lat: new Float64Array(0), ids: [], columns: {} };
    expect(err(() => siteKindergartens({ roads, townships: empty, kindergartens: stations, households: noHouseholds }, { count: 1 }))).toContain('townships.geojson');
    const few = err(() => siteFireStations({ roads, townships, stations }, { count: 50, candidateSpacingMeters: 2000, maxSnapMeters: 50 }));
    expect(messageInLanguage(few, 'en')).toMatch(/^Only \d+ candidate sites for 50 stations; use a smaller candidate spacing or fewer new sites\.$/);
    expect(messageInLanguage(few, 'zh')).toMatch(/^只有 \d+ 个候选点，少于要选的 50 个消防站/);
  });

  test('throws without roads', () => {
    const { townships } = createTinyCounty();
    expect(() => siteFireStations({ townships, stations: { type: 'FeatureCollection', features: [] } }, {})).toThrow(/^消防站选址按路网计算行车时间，需要道路图层（roads\.geojson）[^]*\nFire-station siting uses network travel times and needs the roads layer \(roads\.geojson\)/);
  });
});

describe('siteKindergartens on a hand-made case', () => {
  test('user sites: the one reaching 3 uncovered children wins, then the one reaching 1', () => {
    // No built-up layer: every kindergarten takes the urban radius, 300 m.
    // Existing kindergarten K at (0, 0) covers H0 at (100, 0) (1 child).
    // Uncovered: H1 at (1000, 0) with 1 child; H2 at (2000, 0) with 2; H3 at (2200, 0) with 1.
    // U1 at (1000, 100) reaches H1 (100 m) → +1. U2 at (2100, 0) reaches H2 and H3 (100 m each) → +3.
    // The township is a 100 m square far away (5 km north): its one grid point reaches nobody.
    const pts = [createXY(100, 0), createXY(1000, 0), createXY(2000, 0), createXY(2200, 0)];
    const households: ColumnLayerData = {
      kind: 'columns',
      id: 'households',
      count: 4,
      lon: Float64Array.from(pts.map((p) => p[0])),
      lat: Float64Array.from(pts.map((p) => p[1])),
      ids: ['H0', 'H1', 'H2', 'H3'],
      columns: { children_3_5: { type: 'number', values: Float64Array.from([1, 1, 2, 1]) } },
    };
    const kindergartens: FC = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'K', capacity: 100 }, geometry: { type: 'Point', coordinates: createXY(0, 0) } }] };
    const sq = [createXY(0, 5000), createXY(100, 5000), createXY(100, 5100), createXY(0, 5100), createXY(0, 5000)];
    const townships: FC = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '甲乡' }, geometry: { type: 'Polygon', coordinates: [sq] } }] };
    const u = (id: string, x: number, y: number) => ({ id, lon: createXY(x, y)[0], lat: createXY(x, y)[1] });
    const r = siteKindergartens({ households, kindergartens, townships }, { count: 2, candidateSpacingMeters: 10_000, userSites: [u('U1', 1000, 100), u('U2', 2100, 0)] });
    expect(r.candidateCount).toBe(3);
    expect(r.before).toEqual({ childrenCovered: 1, childrenTotal: 5 });
    expect(r.picks.map((p) => [p.id, p.addedChildren, p.addedHouseholds, p.radiusM])).toEqual([
      ['U2', 3, 2, 300],
      ['U1', 1, 1, 300],
    ]);
    expect(r.after.childrenCovered).toBe(5);
    // With 2 places per new kindergarten U2 places 2 of its 3 children and U1 its 1: 3 in all,
    // which no pair of sites can beat (2 sites × 2 places, but U1's area has only 1 child).
    const c = siteKindergartens({ households, kindergartens, townships }, { count: 2, candidateSpacingMeters: 10_000, userSites: [u('U1', 1000, 100), u('U2', 2100, 0)], capacityPlaces: 2 });
    expect(c.picks.map((p) => [p.id, p.addedChildren, p.addedHouseholds])).toEqual([
      ['U2', 2, 2],
      ['U1', 1, 1],
    ]);
    expect(c.estimatedAfter.childrenCovered).toBe(4);
    expect(c.status).toBe('optimal');
    expect(c.gap).toBe(0);
  });
});

describe('siting on the demo county', () => {
  let project: Project;
  const fc = (id: keyof Project['layers']) => (project.layers[id] as { data: FC }).data;
  beforeAll(async () => {
    project = (await loadProjectDir('data/demo')).project;
  });

  test('fire: 3 new stations, each adding less than the one before, and the recompute confirms the estimate', () => {
    const households = project.layers.households as ColumnLayerData;
    const input = { roads: fc('roads'), builtUp: fc('builtUp'), townships: fc('townships'), households, stations: fc('fireStations') };
    const prepared = prepareFireCoverage(input, { mode: 'network' });
    const r = siteFireStations(input, { count: 3, prepared });
    expect(r.picks).toHaveLength(3);
    for (let k = 1; k < 3; k++) expect(r.picks[k].addedHouseholds).toBeLessThanOrEqual(r.picks[k - 1].addedHouseholds);
    expect(r.picks[0].addedHouseholds).toBeGreaterThan(0);
    expect(r.estimatedAfter.householdsCovered).toBe(r.after.householdsCovered);
    expect(r.estimatedAfter.coveredBuiltUpPct).toBeCloseTo(r.after.coveredBuiltUpPct!, 1);
    expect(r.after.householdsCovered - r.before.householdsCovered).toBe(r.picks.reduce((a, p) => a + p.addedHouseholds, 0));
    // Built-up objective: the 80 % target's measure grows at least as much as with households.
    const b = siteFireStations(input, { count: 3, prepared, objective: 'built-up' });
    expect(b.after.coveredBuiltUpPct).toBeGreaterThanOrEqual(r.after.coveredBuiltUpPct!);
  });

  test('fire with HiGHS: 3 stations and 80% of the built-up area by set cover, both proven optimal and at least as good as greedy; the figures README and docs/siting.md give', async () => {
    const solver = await loadHighsNode();
    const households = project.layers.households as ColumnLayerData;
    // the input of `analyze site` (cli/commands/site.ts): the fire-lane ledger cuts the roads, the 50 m rule drops 4 candidates
    const input = {
      roads: fc('roads'), builtUp: fc('builtUp'), townships: fc('townships'), households, stations: fc('fireStations'),
      fireLanes: fc('fireLanes'), distanceLayers: { kindergartens: fc('kindergartens') },
    };
    const prepared = prepareFireCoverage(input, { mode: 'network' });
    const r = siteFireStations(input, { count: 3, prepared, solver, timeLimitSec: 120 });
    expect(r.status).toBe('optimal');
    expect(r.gap).toBeLessThanOrEqual(1e-3);
    expect(r.solver).toMatch(/HiGHS|greedy/);
    expect(r.bound).toBeGreaterThanOrEqual(r.proof.objective);
    expect(r.proof.objective).toBeGreaterThanOrEqual(r.proof.greedyObjective);
    expect(r.after.householdsCovered - r.before.householdsCovered).toBe(r.proof.objective);
    expect(r.estimatedAfter.householdsCovered).toBe(r.after.householdsCovered);
    for (const p of r.picks) expect(p.runnerUp!.loss).toBeGreaterThanOrEqual(0);
    const c = siteFireStations(input, { model: 'lscp', objective: 'built-up', share: 0.8, prepared, solver, timeLimitSec: 120 });
    expect(c.status).toBe('optimal');
    expect(c.gap).toBe(0);
    expect(c.after.coveredBuiltUpPct).toBeGreaterThanOrEqual(80);
    expect(c.picks.length).toBe(c.proof.objective);
    expect(c.picks.length).toBeLessThanOrEqual(c.proof.greedyObjective);

    const added = r.after.householdsCovered - r.before.householdsCovered;
    const pct1 = (x: number) => Math.round(x * 10) / 10;
    expect(says(README, /with the best 3\s+for households ([\d,]+) households \(([\d,]+) today \+ ([\d,]+)\) and ([\d.]+) % of the built-up area/)).toEqual([
      r.after.householdsCovered, r.before.householdsCovered, added, r.after.coveredBuiltUpPct,
    ]);
    expect(says(README, /greedy is ([\d.]+) % short of the optimum \(([\d,]+) vs ([\d,]+) households/)).toEqual([
      pct1((1 - r.proof.greedyObjective / r.proof.objective) * 100), r.proof.objective, r.proof.greedyObjective,
    ]);
    expect(says(README, /the 80 % target needs \*\*(\d+) new stations\*\*/)).toEqual([c.picks.length]);
    expect(says(SITING_MD, /\(LSCP to 80 %: (\d+), proven\)/)).toEqual([c.picks.length]);
    expect(says(README, /\| siting: fewest stations for 80 % of the built-up area \(set covering\) \| (\d+) stations, gap 0,.*\| greedy: (\d+) stations/)).toEqual([c.picks.length, c.proof.greedyObjective]);
    expect(says(README, /\| siting: best 3 fire-station sites of ([\d,]+) candidates/)).toEqual([r.candidateCount]);
    expect(says(SITING_MD, /\*\*([\d,]+) grid sites, of which (\d+) stand within 50 m of a\s+kindergarten\*\* \(the rulebook's siting distance, below\) — \*\*([\d,]+) candidates\*\*/)).toEqual([
      r.candidateCount + r.droppedCandidates.length, r.droppedCandidates.length, r.candidateCount,
    ]);
    expect(says(SITING_MD, /\| today \(FS-01 only\) \| ([\d,]+) of ([\d,]+) \| ([\d.]+)% \|/)).toEqual([r.before.householdsCovered, households.count, r.before.coveredBuiltUpPct]);
    expect(says(SITING_MD, /\| \+ best 3 \(objective households\) \| \*\*([\d,]+)\*\* \(\+([\d,]+)\) \| ([\d.]+)% \| \+([\d,]+) households: ([\d.]+)% short \|/)).toEqual([
      r.after.householdsCovered, added, r.after.coveredBuiltUpPct, r.proof.greedyObjective, pct1((1 - r.proof.greedyObjective / r.proof.objective) * 100),
    ]);
    // the three picks and their runner-ups, in the order of the text
    const picks = [...SITING_MD.matchAll(/(G\d+-\d+) \(([^,]+), \+([\d,]+)(?: households)?,\s+\+([\d,]+)(?: children aged 3–5)?,\s+\+([\d.]+) km²/g)];
    expect(picks.map((m) => [m[1], m[2], num(m[3]), num(m[4]), num(m[5])])).toEqual(
      r.picks.map((p) => [p.id, p.township, p.addedHouseholds, Math.round(p.addedChildren), Math.round(p.addedBuiltUpKm2 * 100) / 100]),
    );
    const runnerUps = [...SITING_MD.matchAll(/(G\d+-\d+) instead of (G\d+-\d+)(?: would reach)? ([\d,]+)(?: households)?\s+fewer/g)];
    expect(runnerUps.map((m) => [m[2], m[1], num(m[3])])).toEqual(r.picks.map((p) => [p.id, p.runnerUp!.id, p.runnerUp!.loss]));
  });

  test('kindergartens: 3 new sites; the recompute confirms the children added', () => {
    const households = project.layers.households as ColumnLayerData;
    const r = siteKindergartens(
      { households, kindergartens: fc('kindergartens'), builtUp: fc('builtUp'), townships: fc('townships'), roads: fc('roads') },
      { count: 3 },
    );
    expect(r.picks).toHaveLength(3);
    for (let k = 1; k < 3; k++) expect(r.picks[k].addedChildren).toBeLessThanOrEqual(r.picks[k - 1].addedChildren);
    expect(r.after.childrenCovered).toBeCloseTo(r.estimatedAfter.childrenCovered, 1);
    expect(r.after.childrenCovered).toBeGreaterThan(r.before.childrenCovered);
    expect(r.geojson.circles.features).toHaveLength(3);
    // README and docs/siting.md: today and the best 3 county-wide sites, children aged 3–5 within a radius
    expect(says(README, /the best 3 new county-wide sites go from\s+[\d,]+ to ([\d,]+) children in reach/)).toEqual([r.after.childrenCovered]);
    expect(says(SITING_MD, /\| today \((\d+) kindergartens\) \| ([\d,]+) of ([\d,]+) \|/)).toEqual([fc('kindergartens').features.length, r.before.childrenCovered, r.before.childrenTotal]);
    const row = SITING_MD.split('\n').find((l) => l.startsWith('| + best 3 county-wide ('))!;
    expect(says(row, /\(([\d,]+) candidates\) \| ([\d,]+) \(\+([\d,]+), \+([\d,]+), \+([\d,]+)\), village-radius sites/)).toEqual([
      r.candidateCount, r.after.childrenCovered, ...r.picks.map((p) => p.addedChildren),
    ]);
    expect(row.match(/(G\d+-\d+) and (G\d+-\d+) in 恒州镇 outside the county seat, (G\d+-\d+) in 庄窠乡/)!.slice(1)).toEqual(r.picks.map((p) => p.id));
    expect(r.picks.map((p) => [p.township, p.radiusM])).toEqual([['恒州镇', 2000], ['恒州镇', 2000], ['庄窠乡', 2000]]);
  });
});
