import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run as runFire } from '../../cli/commands/fire.ts';
import { run as runHydrants } from '../../cli/commands/hydrants.ts';
import { run as runIndicators } from '../../cli/commands/indicators.ts';
import { run as runKindergartens } from '../../cli/commands/kindergartens.ts';
import { run as runPlots } from '../../cli/commands/plots.ts';
import { run as runRules } from '../../cli/commands/rules.ts';
import { run as runUncovered } from '../../cli/commands/uncovered.ts';

// The figures README.md ("The demo county's figures") states for the committed demo county. They are
// computed here by the same commands the README names; when the generator or a default changes,
// this test fails and README.md must be updated together with it.
const DEMO = resolve(import.meta.dirname, '../../data/demo');
const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

function createOut(): string {
  return mkdtempSync(join(tmpdir(), 'readme-figures-'));
}

const json = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

// Session 19: the figures of docs/*.md too, each number read out of the document's own text (a table
// row or a sentence), so the test fails when either the command's output or the text moves.
const doc = (name: string) => readFileSync(resolve(import.meta.dirname, '../../docs', name), 'utf8');
const FIRE_MD = doc('fire.md');
const RADII_MD = doc('radii.md');
const RULES_MD = doc('rules.md');
const RULES_DEMO = RULES_MD.split('## The demo county')[1];
const PLOTS_MD = doc('plots.md');

/** A figure as written ("12,218", "**22.7 %**", "0.3 %") as a number. */
const num = (s: string) => {
  const x = Number.parseFloat(s.replace(/\*\*/g, '').replace(/,/g, '').replace('−', '-'));
  expect(x, `"${s}" is not a figure`).not.toBeNaN();
  return x;
};

/** The numbers a pattern captures in a text; fails naming the pattern when the text no longer says it. */
function says(text: string, re: RegExp): number[] {
  const m = text.match(re);
  expect(m, `the text no longer matches ${re}`).not.toBeNull();
  return m!.slice(1).map(num);
}

/** The cells after the label of the markdown table row that starts with `| label |`. */
function row(text: string, label: string): string[] {
  const line = text.split('\n').find((l) => l.startsWith(`| ${label} |`));
  expect(line, `no table row "${label}"`).toBeDefined();
  return line!.split('|').slice(2, -1).map((c) => c.trim());
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
/** yuan as 万元 to 2 decimals, rounded on the whole yuan figure (720,905 yuan → 720.91, not 720.90 from 720.905 × 100 in floating point) */
const wan = (yuan: number | string) => Math.round(Number(yuan) / 100) / 100;

describe('README demo-county figures come out of the commands', () => {
  let out: string;
  const log = console.log;
  beforeAll(() => {
    out = createOut();
    console.log = () => {};
  });
  afterAll(() => {
    console.log = log;
    rmSync(out, { recursive: true, force: true });
  });

  // Issue #13: the engine's arrival at the road point nearest each target (GB 51080-2015 §4.1.3), on
  // roads at least 4 m wide; before, a 5 km/h walk leg inside the 5 minutes on every road gave
  // 15.1 % → 27.1 % and 8,686 → 15,486 (each built-up cell weighted by its own area's exact km²).
  test('fire: 22.7 % → 45.8 % of the built-up area, 12,218 → 24,715 households, 5,632 narrow roads not driven', async () => {
    await runFire({ command: 'fire', data: DEMO, out, options: { 'compare-statuses': 'existing,planned' } });
    const s = json(out, 'fire-summary.json');
    expect(s.walkLeg).toBe(false);
    expect(s.narrowRoads).toEqual({ excluded: 5632, minWidthMeters: 4, minClearHeightMeters: 4 });
    expect(s.coveredBuiltUpPct).toBeCloseTo(22.7, 1);
    expect(s.households.covered).toBe(12218);
    expect(s.compare.after.coveredBuiltUpPct).toBeCloseTo(45.8, 1);
    expect(s.compare.after.households.covered).toBe(24715);
    expect(README).toContain('**22.7 %**');
    expect(README).toContain('**45.8 %**');
    expect(README).toContain('12,218 of 200,000');

    // README's fire table and reach by minute; docs/fire.md's table and reach-by-minute table.
    const a = s.compare.after;
    const seat = s.byBuiltUp.find((b: { name: string }) => b.name === '曲阳县城（恒州镇）');
    const seatAfter = a.byBuiltUp.find((b: { name: string }) => b.name === '曲阳县城（恒州镇）');
    const district = (x: { stations: { id: string; districtAreaKm2: number }[] }, id: string) => Math.round(x.stations.find((st) => st.id === id)!.districtAreaKm2);
    for (const text of [README, FIRE_MD]) {
      expect(says(text, /all 18 built-up areas, ([\d.]+) km²\) \| ([\d.]+) km² = \*\*([\d.]+) %\*\* \| ([\d.]+) km² = \*\*([\d.]+) %\*\*/)).toEqual([
        r2(s.builtUpAreaKm2), s.coveredBuiltUpAreaKm2, s.coveredBuiltUpPct, a.coveredBuiltUpAreaKm2, a.coveredBuiltUpPct,
      ]);
    }
    expect(says(README, /county seat \(([\d.]+) km²\) \| ([\d.]+) % \| ([\d.]+) %/)).toEqual([seat.areaKm2, seat.coveredPct, seatAfter.coveredPct]);
    expect(says(FIRE_MD, /county seat 曲阳县城（恒州镇）, ([\d.]+) km² \| ([\d.]+) % \| ([\d.]+) %/)).toEqual([seat.areaKm2, seat.coveredPct, seatAfter.coveredPct]);
    expect(says(README, /households reached \| ([\d,]+) of ([\d,]+) \| ([\d,]+) \|/)).toEqual([s.households.covered, s.households.total, a.households.covered]);
    expect(says(README, /first-due district area \| (\d+) km² \(limit 7\) \| (\d+) \+ (\d+) km²/)).toEqual([district(s, 'FS-01'), district(a, 'FS-01'), district(a, 'FS-02')]);
    // the summary gives 7.255 km²: the text's 7.25 is within the rounding of its last digit
    row(FIRE_MD, 'county area reached in 5 min').slice(0, 2).map(num).forEach((x, i) => expect(Math.abs(x - [s.coveredAreaKm2, a.coveredAreaKm2][i])).toBeLessThanOrEqual(0.005 + 1e-9));
    expect(row(FIRE_MD, 'households reached in 5 min').slice(0, 2).map((c) => num(c.split(' of ')[0]))).toEqual([s.households.covered, a.households.covered]);
    const heating = (x: { byHeating: { key: string; covered: number }[] }) => ['gas', 'electric', 'clean_coal', 'other'].map((k) => x.byHeating.find((h) => h.key === k)!.covered);
    expect(row(FIRE_MD, '— gas / electric / clean coal / other heating').slice(0, 2).map((c) => c.split(' / ').map(num))).toEqual([heating(s), heating(a)]);
    expect(row(FIRE_MD, 'district of FS-01 (first due, whole network)').slice(0, 2).map((c) => num(c.split(' km²')[0]))).toEqual([district(s, 'FS-01'), district(a, 'FS-01')]);
    expect(num(row(FIRE_MD, 'district of FS-02')[1].split(' km²')[0])).toBe(district(a, 'FS-02'));
    const curve = s.reachCurve as { minutes: number[]; households: number[]; builtUpKm2: number[] };
    const at = (m: number) => curve.minutes.indexOf(m);
    const hhPct = (m: number) => r1((curve.households[at(m)] / s.households.total) * 100);
    const buPct = (m: number) => r1((curve.builtUpKm2[at(m)] / s.builtUpAreaKm2) * 100);
    expect(says(README, /households ([\d.]+) \/ ([\d.]+) \/ ([\d.]+) \/ ([\d.]+) % and built-up area ([\d.]+) \/ ([\d.]+) \/ ([\d.]+) \/\s+([\d.]+) %\s+within 3 \/ 5 \/ 8 \/ 10 minutes/)).toEqual([
      ...[3, 5, 8, 10].map(hhPct), ...[3, 5, 8, 10].map(buPct),
    ]);
    const minutes = row(FIRE_MD, 'within … min (dispatch to arrival)').map(num);
    expect(minutes).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(row(FIRE_MD, 'households reached').map(num)).toEqual(minutes.map((m) => curve.households[at(m)]));
    expect(row(FIRE_MD, 'share of the 200,000').map(num)).toEqual(minutes.map(hhPct));
    expect(row(FIRE_MD, 'built-up area reached').map(num)).toEqual(minutes.map(buPct));
    expect(says(FIRE_MD, /Even within 10 minutes the existing station reaches ([\d.]+) %/)).toEqual([buPct(10)]);
    // the two open fire-lane problems: the districts and network pieces with the ledger's cuts
    expect(says(README, /FS-01's district [\d.]+ → ([\d.]+) km², with FS-02 [\d.]+ → ([\d.]+) km²/)).toEqual([
      r2(s.stations[0].districtAreaKm2), r2(a.stations.find((st: { id: string }) => st.id === 'FS-01').districtAreaKm2),
    ]);
    expect(says(README, /split the network into (\d+) pieces instead of (\d+)/)[0]).toBe(s.network.components);
  }, 180_000);

  test('fire at the peak factor 0.7: README and docs/fire.md (11.8 % → 23.9 %, households 5,763 → 12,061)', async () => {
    await runFire({ command: 'fire', data: DEMO, out, options: { 'compare-statuses': 'existing,planned', traffic: '0.7' } });
    const s = json(out, 'fire-summary.json');
    expect(s.trafficFactor).toBe(0.7);
    const a = s.compare.after;
    expect(says(README, /At peak traffic \(factor 0\.7\) ([\d.]+) % → ([\d.]+) %/)).toEqual([s.coveredBuiltUpPct, a.coveredBuiltUpPct]);
    expect(says(FIRE_MD, /At peak traffic \(`--traffic 0\.7`\): ([\d.]+) % → ([\d.]+) % of the built-up area; households ([\d,]+) → ([\d,]+)\./)).toEqual([
      s.coveredBuiltUpPct, a.coveredBuiltUpPct, s.households.covered, a.households.covered,
    ]);
    expect(says(FIRE_MD, /and \*\*([\d.]+) %\*\* at the peak factor\s+\(`analyze fire --traffic 0\.7`; households ([\d,]+) → ([\d,]+)\)/)).toEqual([s.coveredBuiltUpPct, 12218, s.households.covered]);
  }, 180_000);

  test('fire with the walk leg on every road (--walk-leg true --lane-min-width 0) reproduces the previous figures 15.1 % → 27.1 %', async () => {
    await runFire({ command: 'fire', data: DEMO, out, options: { 'compare-statuses': 'existing,planned', 'walk-leg': 'true', 'lane-min-width': '0' } });
    const s = json(out, 'fire-summary.json');
    expect(s.walkLeg).toBe(true);
    expect(s.coveredBuiltUpPct).toBeCloseTo(15.1, 1);
    expect(s.households.covered).toBe(8686);
    expect(s.compare.after.coveredBuiltUpPct).toBeCloseTo(27.1, 1);
    expect(s.compare.after.households.covered).toBe(15486);
    expect(README).toContain('15.1 % → 27.1 %');
    // docs/fire.md: the old definition's table, to the household (the shares by the session-11 weighting)
    const a = s.compare.after;
    const seat = (x: { byBuiltUp: { name: string; coveredPct: number }[] }) => x.byBuiltUp.find((b) => b.name === '曲阳县城（恒州镇）')!.coveredPct;
    const districts = (x: { stations: { districtAreaKm2: number }[] }) => x.stations.map((st) => Math.round(st.districtAreaKm2));
    expect(says(FIRE_MD, /\(county seat ([\d.]+) % → ([\d.]+) %, county area ([\d.]+) → ([\d.]+) km²\), households ([\d,]+) →\s+([\d,]+), districts (\d+) \/ (\d+) \+ (\d+) km²/)).toEqual([
      seat(s), seat(a), r2(s.coveredAreaKm2), r2(a.coveredAreaKm2), s.households.covered, a.households.covered, ...districts(s), ...districts(a),
    ]);
    expect(says(FIRE_MD, /its built-up share\s+now reads ([\d.]+) % → ([\d.]+) %/)).toEqual([s.coveredBuiltUpPct, a.coveredBuiltUpPct]);
  }, 180_000);

  test('fire in straight-line mode (--mode straight-line, 22 km/h): docs/fire.md: 14.7 % → 29.6 % and households 8,213 → 16,443', async () => {
    await runFire({ command: 'fire', data: DEMO, out, options: { 'compare-statuses': 'existing,planned', mode: 'straight-line' } });
    const s = json(out, 'fire-summary.json');
    expect(s.mode).toBe('straight-line');
    const a = s.compare.after;
    // 16,443 since session 20: H013439, 3.5 mm beyond 1,466.667 m of FS-02, is not reached (1 mm rule, as ST_DWithin)
    expect(says(FIRE_MD, /The straight-line mode \(`--mode straight-line`, 22 km\/h\) gives ([\d.]+) % → ([\d.]+) % and households\s+([\d,]+) → ([\d,]+):/)).toEqual([
      s.coveredBuiltUpPct, a.coveredBuiltUpPct, s.households.covered, a.households.covered,
    ]);
  }, 180_000);

  test('fire rules on the official districts: FS-01 13.2 km², 491 far cells, a railway ~4,400 m inside, 2 open fire-lane problems costing 0', async () => {
    await runRules({ command: 'rules', data: DEMO, out, options: {} });
    const rules = json(out, 'rules.json').rules as { id: string; status: string; objects: { id: string; why: { zh: string; en: string } }[] }[];
    const r = (id: string) => rules.find((x) => x.id === id)!;
    expect(r('FIRE-02').objects[0].why.zh).toMatch(/^官方辖区 13\.2 km²，上限 7 km²/);
    expect(r('FIRE-03').objects[0].why.en).toMatch(/^491 cells of its official district beyond 5 min; farthest point 16 min/);
    expect(r('FIRE-07').objects[0].why.en).toContain('railway "铁路干线（演示）" for about 4400 m');
    expect(r('FIRE-08').status).toBe('pass');
    expect(r('FIRE-09').objects.map((o) => o.id)).toEqual(['FL-02', 'FL-04']);
    for (const o of r('FIRE-09').objects) expect(o.why.en).toContain('fixing it adds 0 km² of built-up area');
    expect(README).toContain('**13.2 km²**');
    expect(README).toContain('491 of its 100 m cells');
    expect(README).toContain('about **4,400 m**');
    expect(README).toContain('**2 open** (FL-02 恒山西路, FL-04 东环路 south)');
    // docs/rules.md's table for the demo, against each rule's summary and objects
    const sum = (id: string) => (r(id) as unknown as { summary: { en: string } }).summary.en;
    const why = (id: string, object: string) => r(id).objects.find((o) => o.id === object)!.why.en;
    const cell = (id: string) => row(RULES_DEMO, id)[0];
    expect(says(cell('FIRE-01'), /✗ ([\d.]+) % of the built-up area/)).toEqual(says(sum('FIRE-01'), /^([\d.]+) % of the built-up area/));
    expect(says(cell('FIRE-03'), /FS-01: (\d+) cells of its official district beyond 5 min, the farthest at (\d+) min/)).toEqual(says(r('FIRE-03').objects[0].why.en, /^(\d+) cells .* farthest point (\d+) min/));
    expect(says(cell('FIRE-04'), /FS-01: (\d+) vehicles/)).toEqual(says(why('FIRE-04', 'FS-01'), /^(\d+) vehicles/));
    expect(says(cell('FIRE-06'), /([\d,]+) of ([\d,]+) roads under 4 m/)).toEqual(says(sum('FIRE-06'), /^(\d+) of (\d+) roads narrower than 4 m/));
    expect(says(cell('HYD-01'), /(\d+) of (\d+) built hydrants and cranes in working order/)).toEqual(says(sum('HYD-01'), /(\d+) built, (\d+) in working order/).reverse());
    expect(says(cell('HYD-02'), /(\d+) working cranes.*: (\d+) of (\d+) built-up areas have none within ([\d,]+) m \(灵山镇驻地 ([\d.]+) km away\)/)).toEqual([
      ...says(sum('HYD-02'), /^(\d+) working cranes; (\d+) of (\d+) built-up areas without one within (\d+) m/),
      r1(says(why('HYD-02', '灵山镇驻地'), /crane (\d+) m/)[0] / 1000),
    ]);
    expect(says(cell('HYD-04'), /(\d+) of the (\d+) crossings .* \(e\.g\. 东环路 × 北环路, ([\d,]+) m\)/)).toEqual([
      ...says(sum('HYD-04'), /^(\d+) intersections in the built-up area, (\d+) without/).reverse(),
      ...says(why('HYD-04', '东环路 × 北环路'), /crane (\d+) m/),
    ]);
    expect(says(cell('HYD-05'), /are ([\d,]+) m apart/)).toEqual(says(why('HYD-05', 'XFSH-1→XFSH-2'), /(\d+) m apart/));
    const kg02 = (r('KG-02') as unknown as { table: { rows: [string, number, number, number, number][] } }).table.rows;
    // README's county header: the people are KG-02's residents (Σ household persons) over the 18 townships
    expect(says(README, /households \(([\d,]+) people: the sum of `persons`\)/)).toEqual([kg02.reduce((a, x) => a + x[1], 0)]);
    const xiahe = kg02.find((x) => x[0] === '下河乡')!;
    const mostShort = [...kg02].sort((x, y) => x[4] - y[4])[0];
    expect(mostShort[0]).toBe('晓林乡');
    expect(says(cell('KG-02'), /(\d+) of (\d+) townships short \(e\.g\. 下河乡: ([\d,]+) residents need (\d+), (\d+) offered; 晓林乡 (\d+) short, the most\)/)).toEqual([
      kg02.filter((x) => x[4] < 0).length, kg02.length, xiahe[1], xiahe[2], xiahe[3], -mostShort[4],
    ]);
    expect(says(cell('HEAT-01'), /(\d+) of (\d+) villages with clean-coal households/)).toEqual(says(sum('HEAT-01'), /^(\d+) villages with clean-coal households, (\d+) without/).reverse());
    // With the planned FS-02 (README's fire-rules paragraph and FIRE-08 in docs/rules.md)
    await runRules({ command: 'rules', data: DEMO, out, options: { statuses: 'existing,planned' } });
    const planned = (json(out, 'rules.json').rules as { id: string; status: string; objects: { id: string; why: { en: string } }[] }[]).find((x) => x.id === 'FIRE-08')!;
    expect(planned.status).toBe('fail');
    const firstBy = planned.objects.map((o) => says(o.why.en, /^([\d.]+) km² \(\d+ cells\) reached first by another station/)[0]);
    expect(planned.objects.map((o) => o.id)).toEqual(['FS-01', 'FS-02']);
    expect(says(README, /with the planned FS-02\s+([\d.]+) km² of FS-01's district is reached first by FS-02, and ([\d.]+) km² of FS-02's by FS-01/)).toEqual(firstBy);
    expect(says(cell('FIRE-08'), /✗ FS-01 ([\d.]+) km² reached first by FS-02, FS-02 ([\d.]+) km² by FS-01/)).toEqual(firstBy);
    expect(says(cell('HEAT-02'), /([\d,]+) of ([\d,]+) clean-coal households without a CO alarm/)).toEqual(says(sum('HEAT-02'), /^(\d+) new clean-coal households .*, (\d+) without a CO alarm/).reverse());
  }, 180_000);

  test('hydrants: 11.3 % of built-up road covered, 1,358 gaps, 576 proposals, 91.7 % working (cranes as hydrants: 11.5 %, 1,359, 575)', async () => {
    await runHydrants({ command: 'hydrants', data: DEMO, out, options: {} });
    const h = json(out, 'hydrants.json');
    expect(h.coveredRoadPct).toBeCloseTo(11.3, 1);
    expect(h.gapCount).toBe(1358);
    expect(h.spacingViolations.length).toBe(40);
    expect(h.proposedCount).toBe(576);
    expect(h.hydrants.workingPct).toBeCloseTo(91.7, 1);
    expect(README).toMatch(/11\.3 % of\s+258\.3 km/);
    expect(README).toContain('576 proposed hydrants');
    expect(h.planTable.rows.map((r: { counted: number }) => r.counted)).toEqual([15, 3, 4, 21, 3, 2, 5, 3, 2]);
    expect(README).toContain('nine figures (15, 3, 4, 21, 3, 2, 5, 3, 2');
    await runHydrants({ command: 'hydrants', data: DEMO, out, options: { 'cranes-as-hydrants': 'true' } });
    const old = json(out, 'hydrants.json');
    expect(old.coveredRoadPct).toBeCloseTo(11.5, 1);
    expect([old.gapCount, old.spacingViolations.length, old.proposedCount]).toEqual([1359, 41, 575]);
    expect(README).toMatch(/former 11\.5 %, 1,359 gaps, 41 violations and 575 proposals/);
    expect(says(row(RADII_MD, 'the former way, water cranes as 150 m hydrants (`--cranes-as-hydrants true`)')[0], /([\d.]+) %, ([\d,]+) gaps, (\d+) violations, (\d+) proposals/)).toEqual([
      r1(old.coveredRoadPct), old.gapCount, old.spacingViolations.length, old.proposedCount,
    ]);
    expect(says(RULES_MD, /Demo: ([\d.]+) % → ([\d.]+) % of built-up road covered, (\d+) → (\d+)\s+proposals/)).toEqual([
      r1(old.coveredRoadPct), r1(h.coveredRoadPct), old.proposedCount, h.proposedCount,
    ]);
    // The plan built: under construction and planned hydrants counted
    await runHydrants({ command: 'hydrants', data: DEMO, out, options: { 'include-planned': 'true' } });
    const built = json(out, 'hydrants.json');
    expect(says(README, /Counting the (\d+) under construction\s+and (\d+) planned: ([\d.]+) %/)).toEqual([h.hydrants.underConstruction, h.hydrants.planned, r1(built.coveredRoadPct)]);
    expect(says(row(RADII_MD, 'after the plan is built (under construction + planned counted)')[0], /([\d.]+) % covered, (\d+) proposals/)).toEqual([r1(built.coveredRoadPct), built.proposedCount]);
    // README's sentence and docs/radii.md's table, default run
    expect(says(README, /([\d.]+) % of\s+([\d.]+) km of built-up road covered by a working hydrant \(target 100 %\); ([\d,]+) gaps \(([\d.]+) km\);\s+(\d+) spacing violations; (\d+) proposed hydrants/)).toEqual([
      r1(h.coveredRoadPct), r1(h.roadLengthKm), h.gapCount, r1(h.gapLengthKm), h.spacingViolations.length, h.proposedCount,
    ]);
    expect(says(README, /(\d+) of (\d+)\s+built hydrants and cranes in working order = ([\d.]+) %/)).toEqual([h.hydrants.working, h.hydrants.working + h.hydrants.broken, r1(h.hydrants.workingPct)]);
    expect(num(row(RADII_MD, 'built-up road length')[0])).toBe(r2(h.roadLengthKm));
    expect(says(row(RADII_MD, 'covered by a working hydrant (150 m; water cranes not counted as hydrants)')[0], /([\d.]+) km = \*\*([\d.]+) %\*\*/)).toEqual([r2(h.coveredRoadLengthKm), r1(h.coveredRoadPct)]);
    expect(says(row(RADII_MD, 'gaps')[0], /([\d,]+) stretches, ([\d.]+) km/)).toEqual([h.gapCount, r2(h.gapLengthKm)]);
    expect(num(row(RADII_MD, 'spacing violations (> 120 m)')[0])).toBe(h.spacingViolations.length);
    expect(num(row(RADII_MD, 'proposed hydrants to close every gap')[0])).toBe(h.proposedCount);
    expect(says(row(RADII_MD, 'hydrants in working order')[0], /(\d+) \/ (\d+) = \*\*([\d.]+) %\*\* \(target 100 %\); (\d+) under construction, (\d+) planned/)).toEqual([
      h.hydrants.working, h.hydrants.working + h.hydrants.broken, r1(h.hydrants.workingPct), h.hydrants.underConstruction, h.hydrants.planned,
    ]);
    // docs/radii.md: the roads with the most uncovered length, in order, each with what the text gives of it
    type RoadRow = { road: string; gapLengthM: number; coveredPct: number; hydrants: number; spacingViolations: number; proposed: number };
    const byRoad = (h.byRoad as RoadRow[]).filter((x) => x.road !== '');
    const para = RADII_MD.split('Roads with the most uncovered length')[1].split('(Before issue #13')[0];
    const listed = [...para.matchAll(/([\u4e00-\u9fff]+) ([\d,]+)(?: \(([\d.]+) %(?:; (\d+); (\d+); (\d+))?\))?/g)];
    expect(listed.length).toBe(11);
    expect(listed.slice(0, 10).map((m) => m[1])).toEqual(byRoad.slice(0, 10).map((x) => x.road));
    for (const m of listed) {
      const x = byRoad.find((y) => y.road === m[1])!;
      expect(num(m[2]), m[1]).toBe(Math.round(x.gapLengthM));
      if (m[3] !== undefined) expect(num(m[3]), m[1]).toBe(r1(x.coveredPct));
      if (m[4] !== undefined) expect([m[4], m[5], m[6]].map(num), m[1]).toEqual([x.hydrants, x.spacingViolations, x.proposed]);
    }
  });

  test('kindergartens: README and docs/radii.md (45,965 households and 4,848 of 21,181 children outside every radius, 22,925 places, 2SFCA 169 of 368)', async () => {
    await runKindergartens({ command: 'kindergartens', data: DEMO, out, options: {} });
    const k = json(out, 'kindergartens.json');
    expect(says(README, /([\d,]+) households and ([\d,]+) of ([\d,]+) children aged 3–5\s+outside every radius; ([\d,]+) places/)).toEqual([
      k.households.uncovered, k.children.uncovered, k.children.total, k.seats,
    ]);
    expect(says(row(RADII_MD, 'households within a kindergarten radius')[0], /([\d,]+) \/ ([\d,]+) \(([\d,]+) outside\)/)).toEqual([k.households.covered, k.households.total, k.households.uncovered]);
    expect(row(RADII_MD, 'children 3–5 / outside every radius')[0].split(' / ').map(num)).toEqual([k.children.total, k.children.uncovered]);
    expect(says(row(RADII_MD, 'places / children')[0], /([\d,]+) \/ ([\d,]+); gross enrolment ([\d.]+) %/)).toEqual([k.seats, k.children.total, r1(k.grossEnrolmentPct)]);
    expect(says(row(RADII_MD, 'public share / inclusive share')[0], /([\d.]+) % \(≥ 50 %\) \/ ([\d.]+) %/)).toEqual([r1(k.publicSharePct), r1(k.inclusiveSharePct)]);
    const villages = k.byVillage as { access: number }[];
    expect(says(row(RADII_MD, 'villages with 2SFCA score < 0.5 places per child')[0], /(\d+) of (\d+) \((\d+) with none in reach\)/)).toEqual([
      villages.filter((v) => v.access < 0.5).length, villages.length, villages.filter((v) => v.access === 0).length,
    ]);
    const fewest = [...(k.byTownship as { township: string; seatsPerChild: number }[])].sort((a, b) => a.seatsPerChild - b.seatsPerChild).slice(0, 4);
    expect(row(RADII_MD, 'townships with fewest places per child')[0]).toBe(fewest.map((x) => `${x.township} ${x.seatsPerChild.toFixed(2)}`).join(', '));
  });

  test('uncovered households: README and docs/radii.md (fire 187,782; hydrant 66,892 of 73,400, 66,846 with cranes; kindergarten 45,965; clean coal 4,022; maintenance 157)', async () => {
    await runUncovered({ command: 'uncovered', data: DEMO, out, options: {} });
    const sv = json(out, 'uncovered.json').services as Record<string, { applicable: number; covered: number; uncovered: number }>;
    await runUncovered({ command: 'uncovered', data: DEMO, out, options: { 'cranes-as-hydrants': 'true', 'no-fire': 'true' } });
    const cranes = json(out, 'uncovered.json').services.hydrant.uncovered;
    expect(says(README, /fire 5 min ([\d,]+) \(was [\d,]+ with the walk leg\); hydrant 150 m ([\d,]+)\s+of ([\d,]+) in built-up areas \(([\d,]+) when the 2 working cranes counted as hydrants\); kindergarten radius ([\d,]+); clean-coal point within 2 km ([\d,]+) of ([\d,]+)\s+clean-coal households; maintenance point within 10 km ([\d,]+) of ([\d,]+) 双代 households/)).toEqual([
      sv.fire.uncovered, sv.hydrant.uncovered, sv.hydrant.applicable, cranes, sv.kindergarten.uncovered, sv.cleanCoal.uncovered, sv.cleanCoal.applicable, sv.maintenance.uncovered, sv.maintenance.applicable,
    ]);
    expect(says(RULES_MD, /hydrant-uncovered households ([\d,]+) → ([\d,]+)/)).toEqual([cranes, sv.hydrant.uncovered]);
    const table: [string, string][] = [
      ['fire 5-minute reach (engine at the nearest road point)', 'fire'],
      ['hydrant 150 m (cranes not counted)', 'hydrant'],
      ['kindergarten radius', 'kindergarten'],
      ['clean-coal service point 2 km', 'cleanCoal'],
      ['maintenance 10 km', 'maintenance'],
    ];
    for (const [label, key] of table) {
      const cells = row(RADII_MD, label);
      expect([num(cells[0].split(' ')[0]), num(cells[1]), num(cells[2])], label).toEqual([sv[key].applicable, sv[key].covered, sv[key].uncovered]);
    }
  });

  test('reserve plots: README and docs/plots.md (319.56 亩 stated and declared, each drawn area within 0.1 %, all outside the 5-minute reach)', async () => {
    await runPlots({ command: 'plots', data: DEMO, out, options: { 'stated-total': '319.56' } });
    const p = json(out, 'plot-review.json');
    type PlotRow = { id: string; township: string; use: string; declaredMu: number; areaMu: number; diffPct: number; fireReachShare: number; parts?: { areaMu: number; declaredMu: number | null }[]; issues: { code: string }[] };
    const rows = p.rows as PlotRow[];
    expect(rows).toHaveLength(5);
    const declared = r2(rows.reduce((a, x) => a + x.declaredMu, 0));
    expect(says(README, /the (\d+) plots add up to the stated\s+([\d.]+) 亩; every drawn area is within ([\d.]+) % of its declared 亩/)).toEqual([rows.length, declared, 0.1]);
    for (const x of rows) expect(Math.abs(x.diffPct), x.id).toBeLessThanOrEqual(0.1);
    expect(README).toContain('all five\nlie outside today\'s 5-minute fire reach');
    for (const x of rows) expect(x.fireReachShare, x.id).toBe(0);
    expect(rows.filter((x) => x.issues.some((i) => i.code === 'dual-conversion-overlap')).map((x) => x.id)).toEqual(['曲储【2022】04号']);
    // docs/plots.md's table: township, use, declared and drawn 亩 (parcels too), difference
    for (const x of rows) {
      const cells = row(PLOTS_MD, x.id);
      expect(cells[0], x.id).toBe(`${x.township}`);
      expect(cells[1], x.id).toBe(x.use);
      expect(num(cells[2].split(' ')[0]), x.id).toBe(x.declaredMu);
      expect(num(cells[3].split(' ')[0]), x.id).toBe(x.areaMu);
      expect(num(cells[4]), x.id).toBe(x.diffPct);
      if (x.parts && x.parts.length > 1) {
        expect(says(cells[3], /\(([\d.]+) \+ ([\d.]+) \+ ([\d.]+)\)/), x.id).toEqual(x.parts.map((q) => q.areaMu));
        expect(says(cells[2], /\(([\d.]+) \+ ([\d.]+) \+ ([\d.]+)\)/), x.id).toEqual(x.parts.map((q) => q.declaredMu));
      }
    }
    expect(says(PLOTS_MD, /Totals: declared ([\d.]+) 亩 = the stated ([\d.]+) 亩; drawn ([\d.]+) 亩/)).toEqual([declared, 319.56, r2(rows.reduce((a, x) => a + x.areaMu, 0))]);
  }, 180_000);

  test('indicators on DuckDB: 88.0 % / 78.0 % / 53.0 %, 47,248 clean-coal households, 1,665.87 万元', async () => {
    await runIndicators({ command: 'indicators', data: DEMO, out, options: {} });
    const cards = Object.fromEntries(
      (json(out, 'indicators.json').cards as { id: string; value: number | null }[]).map((c) => [c.id, c.value]),
    );
    expect(cards.gross_enrolment).toBeCloseTo(0.88, 3);
    expect(cards.inclusive_share).toBeCloseTo(0.78, 3);
    expect(cards.public_share).toBeCloseTo(0.53, 3);
    expect(cards.clean_coal_households).toBe(47248);
    expect(Number(cards.clean_coal_county_total) / 10_000).toBeCloseTo(1665.87, 2);
    expect(cards.dual_households).toBe(133044);
    expect(cards.towns_without_maintenance).toBe(1);
    expect(README).toContain('gross enrolment **88.0 %**');
    expect(README).toContain('1,665.87 万元');
    // README's clean coal, renovation and 双代 paragraph; the county row of the clean-coal table
    const lines = readFileSync(join(out, 'indicator-clean-coal.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
    const county = Object.fromEntries(lines[0].map((k, i) => [k, lines.find((l) => l[0] === 'county')![i]]));
    expect(says(README, /([\d,]+) clean-coal households, ([\d,.]+) t; province and city ([\d,.]+) 万元 each; county share \(coal \+\s+stoves\) ([\d,.]+) 万元; ([\d,]+) clean-coal households without a CO alarm/)).toEqual([
      cards.clean_coal_households, r1(Number(cards.clean_coal_tonnes)), wan(county.province_subsidy_yuan), wan(Number(cards.clean_coal_county_total)), cards.clean_coal_without_alarm,
    ]);
    expect(Number(county.city_subsidy_yuan)).toBe(Number(county.province_subsidy_yuan));
    expect(says(README, /renovation subsidy ([\d.]+) 万元,\s+(\d+) households breaking the floor-area rule; ([\d,]+) 双代 households; (\d+) 双代 township \(晓林乡\)/)).toEqual([
      wan(Number(cards.dilapidated_subsidy)), cards.dilapidated_area_breaches, cards.dual_households, cards.towns_without_maintenance,
    ]);
    expect(says(README, /inclusive coverage \*\*([\d.]+) %\*\* \(≥ 80 % ✗\), public share\s+\*\*([\d.]+) %\*\*/)).toEqual([r1(Number(cards.inclusive_share) * 100), r1(Number(cards.public_share) * 100)]);
  });
});
