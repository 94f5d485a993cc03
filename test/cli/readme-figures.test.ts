import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run as runFire } from '../../cli/commands/fire.ts';
import { run as runHydrants } from '../../cli/commands/hydrants.ts';
import { run as runIndicators } from '../../cli/commands/indicators.ts';
import { run as runRules } from '../../cli/commands/rules.ts';

// The figures README.md ("The demo county's figures") states for the committed demo county. They are
// computed here by the same commands the README names; when the generator or a default changes,
// this test fails and README.md must be updated together with it.
const DEMO = resolve(import.meta.dirname, '../../data/demo');
const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

function createOut(): string {
  return mkdtempSync(join(tmpdir(), 'readme-figures-'));
}

const json = (dir: string, file: string) => JSON.parse(readFileSync(join(dir, file), 'utf8'));

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
  });

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
  });
});
