import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { run as runHydrants } from '../../cli/commands/hydrants.ts';
import { run as runKindergartens } from '../../cli/commands/kindergartens.ts';
import { run as runUncovered } from '../../cli/commands/uncovered.ts';

// test/fixtures/radii/mini: 恒山路 runs 1,000 m east from (115°E, 38.5°N) inside the built-up box
// x ∈ [−100, 1100] m. Working hydrants 10 m north at x = 100, 220, 500; a broken one at 800.
// Kindergarten K1 (public, 30 places, 20 enrolled) at x = 0; a maintenance point at x = 0.
// Households on the road at x = 100 (gas, 1 child), 400 (clean coal, 0, 低保), 900 (electric, 2).
const DATA = resolve(import.meta.dirname, '../fixtures/radii/mini');

function createOut() {
  return mkdtempSync(join(tmpdir(), 'radii-cli-'));
}

const read = (dir: string, f: string) => readFileSync(join(dir, f), 'utf8');

describe('analyze hydrants | kindergartens | uncovered', () => {
  let out: string;
  let logs: string[];
  const log = console.log;
  beforeAll(() => {
    out = createOut();
    logs = [];
    console.log = (...a: unknown[]) => logs.push(a.join(' '));
  });
  afterAll(() => {
    console.log = log;
    rmSync(out, { recursive: true, force: true });
  });

  test('hydrants writes the figures, gaps and proposals', async () => {
    await runHydrants({ command: 'hydrants', data: DATA, out, options: {} });
    const j = JSON.parse(read(out, 'hydrants.json'));
    // Reaches √(150² − 10²) = 149.67 around 100, 220, 500 → covered [0, 649.67] of 1,000 m.
    expect(j).toMatchObject({ radiusMeters: 150, spacingMeters: 120, gapCount: 1, proposedCount: 3 });
    expect(j.roadLengthKm).toBeCloseTo(1, 4);
    expect(j.coveredRoadLengthKm).toBeCloseTo(0.64967, 4);
    expect(j.coveredRoadPct).toBeCloseTo(64.967, 2);
    expect(j.gaps).toEqual([{ road: '恒山路', roadIndex: 0, part: 0, fromM: 649.7, toM: 1000, lengthM: 350.3 }]);
    // 3 working of 3 + 1 broken = 75 %.
    expect(j.hydrants.workingPct).toBeCloseTo(75, 9);
    expect(j.broken.map((b: { id: string }) => b.id)).toEqual(['H4']);
    expect(j.params.find((p: { key: string }) => p.key === 'hydrant-radius').source.zh).toContain('GB 50974-2014');
    // each gap row carries its township and from/to lon/lat: the road runs east along 38.5°N,
    // 1,000 m = 0.011463582° of longitude, so 649.7 m is at 115 + 0.6497 × 0.011463582 = 115.007448
    const gapCsv = read(out, 'hydrant-gaps.csv').split('\r\n');
    expect(gapCsv[0]).toBe('\uFEFFroad,road_index,part,from_m,to_m,length_m,township,from_lon,from_lat,to_lon,to_lat,where');
    const cells = gapCsv[1].split(',');
    expect(cells.slice(0, 7)).toEqual(['恒山路', '0', '0', '649.7', '1000', '350.3', '恒州镇']);
    expect(Number(cells[7])).toBeCloseTo(115.007448, 5);
    expect(Number(cells[8])).toBeCloseTo(38.5, 6);
    expect(Number(cells[9])).toBeCloseTo(115.011464, 6);
    expect(Number(cells[10])).toBeCloseTo(38.5, 6);
    expect(cells[11]).toBe('恒山路（恒州镇）'); // where: the road and its township
    expect(JSON.parse(read(out, 'proposed-hydrants.geojson')).features).toHaveLength(3);
    expect(JSON.parse(read(out, 'hydrant-gaps.geojson')).features).toHaveLength(1);
  });

  test('hydrants takes options: a 600 m radius closes the gap', async () => {
    // The hydrant at 500 with r = 600, d = 10 reaches ±√(600² − 10²) = ±599.92 → the whole road.
    await runHydrants({ command: 'hydrants', data: DATA, out, options: { 'hydrant-radius': '600' } });
    expect(JSON.parse(read(out, 'hydrants.json')).gapCount).toBe(0);
    await expect(runHydrants({ command: 'hydrants', data: DATA, out, options: { radius: '1' } })).rejects.toThrow(/unknown option --radius/);
  });

  test('kindergartens writes households, children and places', async () => {
    await runKindergartens({ command: 'kindergartens', data: DATA, out, options: {} });
    const j = JSON.parse(read(out, 'kindergartens.json'));
    // K1 stands in the only (so the county seat's) built-up area → 300 m: only the household at 100 m.
    expect(j.radiusMeters).toBe(300);
    expect(j.households).toEqual({ total: 3, covered: 1, uncovered: 2, unlocated: 0 });
    expect(j.children).toMatchObject({ total: 3, covered: 1, uncovered: 2 });
    expect(j.seats).toBe(30);
    expect(j.publicSharePct).toBe(100);
    expect(read(out, 'kindergarten-uncovered.csv').split('\r\n').filter(Boolean)).toHaveLength(3);
  });

  test('uncovered writes per-service counts and the filtered households', async () => {
    await runUncovered({ command: 'uncovered', data: DATA, out, options: { 'no-fire': 'true' } });
    const j = JSON.parse(read(out, 'uncovered.json'));
    // Hydrants (working only): 100 → 10 m ✓; 400 → 100.5 m from the one at 500 ✓; 900 → 400 m ✗.
    expect(j.services.hydrant).toMatchObject({ computed: true, applicable: 3, covered: 2, uncovered: 1 });
    expect(j.services.kindergarten).toMatchObject({ applicable: 3, covered: 1, uncovered: 2 });
    // No clean-coal point at all: the one clean-coal household is uncovered.
    expect(j.services.cleanCoal).toMatchObject({ applicable: 1, covered: 0, uncovered: 1 });
    expect(j.services.maintenance).toMatchObject({ applicable: 2, covered: 2, uncovered: 0 });
    expect(j.services.fire.computed).toBe(false);
    expect(j.uncoveredAny).toBe(2);
    const rows = read(out, 'uncovered-households.csv').split('\r\n').filter(Boolean);
    expect(rows.map((r) => r.split(',')[0])).toEqual(['\uFEFFid', 'H002', 'H003']);
    await runUncovered({ command: 'uncovered', data: DATA, out, options: { 'no-fire': 'true', 'low-income': '低保' } }); // the Chinese label works as the code minimum_living
    expect(JSON.parse(read(out, 'uncovered.json')).selected).toBe(1);
  });

  test('uncovered --township / --village that no household has is refused naming the option and the values there are (session 13: a typo gave "0 households" as if none were uncovered)', async () => {
    const refusal = async (options: Record<string, string>) => {
      try {
        await runUncovered({ command: 'uncovered', data: DATA, out, options: { 'no-fire': 'true', ...options } });
      } catch (e) {
        return (e as Error).message;
      }
      return null;
    };
    expect(await refusal({ township: '恒洲镇' })).toBe('uncovered：--township “恒洲镇”不是住户数据中的乡镇（共 3 户）；有：恒州镇\nuncovered: --township "恒洲镇" is not a township of any household (3 in all); there are: 恒州镇');
    expect(await refusal({ village: '城关' })).toBe('uncovered：--village “城关”不是住户数据中的村（共 3 户）；有：城关村\nuncovered: --village "城关" is not a village of any household (3 in all); there are: 城关村');
    expect(await refusal({ township: '恒州镇', village: '城关村' })).toBeNull();
  });
});
