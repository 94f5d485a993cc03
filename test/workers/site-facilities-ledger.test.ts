import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { fcOf } from '../../cli/radii-util.ts';
import { run as runSite } from '../../cli/commands/site.ts';
import { FIRE_PARAMS, fireOptionsFromParams } from '../../analysis/fire-params.ts';
import { fromProject, resolveParams } from '../../analysis/params.ts';
import { RULE_PARAMS } from '../../analysis/rules/rules-params.ts';
import { resolveSitingOptions } from '../../analysis/siting-params.ts';
import type { ColumnLayerData } from '../../layers/types.ts';
import { loadHighsNode } from '../../src/solver/load-highs-node.ts';
import { makeSiteFacilitiesTask, type SitingTaskInput, type SitingTaskOutput } from '../../src/workers/tasks/site-facilities.ts';
import { writeFireLanesCounty } from '../support/fire-lanes-county.ts';
import { tempDirs } from '../support/temp-dirs.ts';

// Session 20: the siting worker is handed the fire-lane ledger (layers.fireLanes) and passes it to
// siteFireStations, whose open problems cut the roads the stations drive on. That hand-over had
// no test of its own: the CLI's site reads fire_lanes.geojson (test/cli/fire-lanes-cli), the
// panel's worker only through a browser. Here the task runs in Node as in the worker — the same
// function, with HiGHS from node_modules instead of the app's bundled wasm URL — on the county of
// issue #13: L1 (open, x = 1500) cuts h2 (x = 1800) off the station at x = 0.

const tempDir = tempDirs();
const SLOW = 120_000;

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

/** The county with one new station, candidates in the built-up area; `fixed`: L1 set to 已整改. */
function county(fixed: boolean): string {
  const data = writeFireLanesCounty(tempDir('siting-ledger-'));
  writeFileSync(join(data, 'project.json'), JSON.stringify({ name: '测试县', params: { 'speed-primary': 36, count: 1, 'candidate-area': 'built-up' } }));
  if (fixed) {
    const file = join(data, 'fire_lanes.geojson');
    writeFileSync(file, readFileSync(file, 'utf8').replace('未整改', '已整改'));
  }
  return data;
}

type Figures = { before: { householdsCovered: number; householdsTotal: number }; after: { householdsCovered: number }; candidateCount: number; picks: { id: string; addedHouseholds: number }[] };
const figures = (r: Figures) => ({ before: [r.before.householdsCovered, r.before.householdsTotal], after: r.after.householdsCovered, candidates: r.candidateCount, picks: r.picks.map((p) => [p.id, p.addedHouseholds]) });

/** `analyze site --facility fire` on the folder. */
async function cli(data: string) {
  const out = join(data, 'out-site');
  await runSite({ command: 'site', data, out, options: { facility: 'fire' } });
  return figures(JSON.parse(readFileSync(join(out, 'site-summary.json'), 'utf8')) as Figures);
}

/** The worker task with the layers and options the siting panel sends (SitingPanel's run). */
async function task(data: string) {
  const { project } = await loadProjectDir(data);
  const hh = project.layers.households as ColumnLayerData;
  const siting = resolveSitingOptions(fromProject(project.params));
  const distances = resolveParams<Record<string, unknown>>(RULE_PARAMS.filter((d) => d.key === 'station-exit-distance' || d.key === 'station-hazard-distance'), fromProject(project.params));
  const input: SitingTaskInput = {
    facility: 'fire',
    layers: {
      roads: fcOf(project.layers.roads) ?? null,
      builtUp: fcOf(project.layers.builtUp) ?? null,
      townships: fcOf(project.layers.townships) ?? null,
      households: hh,
      fireStations: fcOf(project.layers.fireStations) ?? null,
      kindergartens: fcOf(project.layers.kindergartens) ?? null,
      fireLanes: fcOf(project.layers.fireLanes) ?? null,
    },
    options: {
      ...fireOptionsFromParams(resolveParams<Record<string, unknown>>(FIRE_PARAMS, fromProject(project.params))),
      count: siting.count,
      candidateSpacingMeters: siting.candidateSpacingMeters,
      candidateArea: siting.candidateArea,
      maxSnapMeters: siting.maxSnapMeters,
      timeLimitSec: siting.timeLimitSec,
      share: siting.share,
      objective: siting.objective,
      model: siting.model,
      backupWeight: siting.backupWeight,
      callsPerYear: siting.callsPerYear,
      busyMinutesPerCall: siting.busyMinutesPerCall,
      exitDistanceMeters: distances['station-exit-distance'] as number,
      hazardDistanceMeters: distances['station-hazard-distance'] as number,
    },
  };
  const stages: unknown[] = [];
  const out = (await makeSiteFacilitiesTask(loadHighsNode)(input, (p) => stages.push((p as { stage?: string }).stage ?? 'partial'))) as Extract<SitingTaskOutput, { facility: 'fire' }>;
  expect(stages).toEqual(['load-solver', 'site-fire-stations']);
  return figures(out.fire);
}

describe('siting worker task: the fire-lane ledger handed over cuts the roads as in the CLI', () => {
  test('L1 open: h2 not reached before; the new station is what reaches it — task and CLI give the same candidates, coverage and pick', async () => {
    const data = county(false);
    const [w, c] = [await task(data), await cli(data)];
    expect(w).toEqual(c);
    expect(w.before).toEqual([1, 2]);
    expect(w.after).toBe(2);
    expect(w.picks).toEqual([[expect.any(String), 1]]);
  }, SLOW);

  test('L1 fixed (已整改): both households reached before, no new station placed — task and CLI again the same, and not the figures with L1 open', async () => {
    const open = await task(county(false));
    const data = county(true);
    const [w, c] = [await task(data), await cli(data)];
    expect(w).toEqual(c);
    expect(w.before).toEqual([2, 2]);
    expect(w.after).toBe(2);
    // nothing left to reach: no site placed (the warning fewer-sites)
    expect(w.picks).toEqual([]);
    expect(w).not.toEqual(open);
  }, SLOW);
});
