import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { applyScenario, findScenario } from '../../analysis/scenarios.ts';
import { scenarioIndicators } from '../../analysis/scenario-indicators.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { analyzeHere } from '../support/run-cli.ts';

const tempDir = tempDirs();

const ROOT = resolve(import.meta.dirname, '../..');
const SLOW = 300_000;

/** The demo county with 方案A: 灵山镇中心幼儿园 (YEY-002, public) removed, a private kindergarten (180 places, 150 enrolled) added. */
function createProjectDir(): string {
  const dir = tempDir('scenario-indicators-');
  cpSync(resolve(ROOT, 'data/demo'), dir, { recursive: true });
  const scenarios = {
    active: 'current',
    list: [
      { id: 'current', name: '现状', params: { statuses: 'existing', 'include-planned': false } },
      {
        id: 'a', name: '方案A', params: {},
        edits: [
          { op: 'remove', layer: 'kindergartens', id: 'YEY-002' },
          { op: 'add', layer: 'kindergartens', id: 'NEW-KG', lon: 114.7, lat: 38.6, properties: { name: '新建民办园', ownership: 'private', capacity: 180, enrolled: 150, township: '灵山镇' } },
        ],
      },
    ],
  };
  writeFileSync(join(dir, 'project.json'), JSON.stringify({ name: '曲阳县（演示）', params: {}, scenarios }));
  return dir;
}

describe('scenario indicator figures = analyze indicators --scenario (DuckDB over the same scenario)', () => {
  test('现状 and 方案A on the demo county: kindergarten cards, count, places and towns without maintenance agree', async () => {
    const dir = createProjectDir();
    const { project } = await loadProjectDir(dir);
    const values: Record<string, number | null>[] = [];
    for (const name of ['现状', '方案A']) {
      const out = join(dir, `out-${name}`);
      // npm run analyze -- indicators, in this process (analyzeHere: no tsx start)
      const r = await analyzeHere(['indicators', '--data', dir, '--out', out, '--scenario', name]);
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(readFileSync(join(out, 'indicators.json'), 'utf8')) as {
        scenario: string;
        cards: { id: string; value: number | null }[];
        queries: Record<string, Record<string, unknown>[]>;
      };
      expect(json.scenario).toBe(name);
      const card = (id: string) => json.cards.find((c) => c.id === id)!.value;
      const county = json.queries.kindergarten_enrolment.find((row) => row.level === 'county')!;
      const mine = scenarioIndicators(applyScenario(project, findScenario(project, name)!));
      expect(mine.grossEnrolment).toBeCloseTo(card('gross_enrolment')!, 12);
      expect(mine.inclusiveShare).toBeCloseTo(card('inclusive_share')!, 12);
      expect(mine.publicShare).toBeCloseTo(card('public_share')!, 12);
      expect(mine.townsWithoutMaintenance).toBe(card('towns_without_maintenance'));
      expect(mine.kindergartens).toBe(Number(county.kindergartens));
      expect(mine.capacity).toBe(Number(county.capacity));
      expect(mine.enrolled).toBe(Number(county.enrolled));
      expect(mine.children).toBe(Number(county.children_3_5));
      values.push({ ...mine });
    }
    // the edit shows: one kindergarten out, one in; places 430 → 180; public share down
    expect(values[1].kindergartens).toBe(values[0].kindergartens);
    expect(values[1].capacity! - values[0].capacity!).toBe(180 - 430);
    expect(values[1].publicShare!).toBeLessThan(values[0].publicShare!);
  }, SLOW);
});
