import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { builtUpPixel, openApp, screenshot, waitForMapIdle, type AppPage, useAppServer } from './harness';
import { analyze } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();

const SLOW = 600_000;

/** The stored scenarios of the open project (what project.json `scenarios` holds). */
async function storedScenarios(x: AppPage): Promise<{ active: string; list: { id: string; name: string; edits: unknown[] }[] } | undefined> {
  return x.page.evaluate(() => (window.__coverageStore!.getState() as unknown as { project: { project: { scenarios?: { active: string; list: { id: string; name: string; edits: unknown[] }[] } } } }).project.project.scenarios);
}

/** A compare table cell's raw value: 1 = scenario one, 2 = scenario two, 3 = difference. */
async function cell(x: AppPage, row: string, col: 1 | 2 | 3): Promise<number> {
  return Number(await x.page.getByTestId(`compare-row-${row}`).locator('td').nth(col).getAttribute('data-value'));
}


describe('named scenarios: 方案A with two stations, compared with 现状, undo and reload', () => {
  const server = useAppServer({ county: 'small' });

  test('create 方案A, add two stations, adopt them, compare with 现状 (= the CLI with --scenario), undo the adoption, reload', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForMapIdle(p);
    expect(await p.getByTestId('scenario-switcher').getAttribute('data-active')).toBe('现状');

    // 方案A: a copy of 现状, made active
    await p.getByTestId('scenario-name').fill('方案A');
    await p.getByTestId('scenario-copy').click();
    await p.locator('[data-testid="scenario-switcher"][data-active="方案A"]').waitFor();

    // two stations added on the map (the what-if), then adopted into 方案A
    await p.getByTestId('panel-tab-fire').click();
    for (const [name, id] of [['羊平镇', 'NEW-1'], ['灵山镇', 'NEW-2']] as const) {
      const xy = await builtUpPixel(x.page, name);
      await p.getByTestId('fire-add-station').click();
      await p.mouse.click(xy.x, xy.y);
      await p.getByTestId(`fire-remove-${id}`).waitFor();
    }
    await p.getByTestId('fire-adopt').click();
    await expect.poll(async () => (await storedScenarios(x))?.list.find((s) => s.name === '方案A')?.edits.length, { timeout: 60_000 }).toBe(2);
    const scenarios = (await storedScenarios(x))!;
    expect(scenarios.list.find((s) => s.name === '现状')!.edits).toEqual([]);
    // the layer as imported is unchanged: two stations
    expect(await p.evaluate(() => (window.__coverageStore!.getState().project.project!.layers.fireStations as { data: { features: unknown[] } }).data.features.length)).toBe(2);
    // the map draws the fire-station layer under the active scenario: 方案A shows the two added
    // stations, 现状 does not (only that layer's source is redrawn)
    const mapStationIds = () =>
      p.evaluate(() => {
        const src = window.__coverageMap!.getSource('data:fireStations') as unknown as { serialize(): { data: { features: { properties: { id: string } }[] } } };
        return src.serialize().data.features.map((f) => f.properties.id).sort();
      });
    await expect.poll(mapStationIds, { timeout: 30_000 }).toEqual(expect.arrayContaining(['NEW-1', 'NEW-2']));
    expect((await mapStationIds()).length).toBe(4);
    await p.getByTestId('scenario-select').selectOption(scenarios.list.find((sc) => sc.name === '现状')!.id);
    await expect.poll(mapStationIds, { timeout: 30_000 }).toHaveLength(2);
    await p.getByTestId('scenario-select').selectOption(scenarios.list.find((sc) => sc.name === '方案A')!.id);
    await expect.poll(mapStationIds, { timeout: 30_000 }).toHaveLength(4);
    // each switch was one undo step: undo both, back to 方案A right after the adoption
    await p.getByTestId('history-undo').click();
    await p.locator('[data-testid="scenario-switcher"][data-active="现状"]').waitFor();
    await expect.poll(mapStationIds, { timeout: 30_000 }).toHaveLength(2);
    await p.getByTestId('history-undo').click();
    await p.locator('[data-testid="scenario-switcher"][data-active="方案A"]').waitFor();
    await expect.poll(mapStationIds, { timeout: 30_000 }).toHaveLength(4);

    // compare 现状 (one) with 方案A (two)
    await p.getByTestId('panel-tab-compare').click();
    expect(await p.getByTestId('compare-b').inputValue()).toBe(scenarios.list.find((s) => s.name === '方案A')!.id);
    await p.getByTestId('compare-run').click();
    await p.getByTestId('compare-table').waitFor({ timeout: 400_000 });
    const fig = {
      pctA: await cell(x, 'fireBuiltUp', 1),
      pctB: await cell(x, 'fireBuiltUp', 2),
      hhA: await cell(x, 'fireHouseholds', 1),
      hhB: await cell(x, 'fireHouseholds', 2),
      hhDiff: await cell(x, 'fireHouseholds', 3),
      hydA: await cell(x, 'hydrantCoverage', 1),
      hydB: await cell(x, 'hydrantCoverage', 2),
      kgDiff: await cell(x, 'kgCoverage', 3),
    };
    expect(fig.hhB).toBeGreaterThan(fig.hhA);
    expect(fig.hhDiff).toBe(fig.hhB - fig.hhA);
    expect(fig.hydB).toBe(fig.hydA); // 方案A edits no hydrant
    expect(fig.kgDiff).toBe(0);
    await screenshot(p, 'scenario-compare');

    // the same project folder with these scenarios in project.json, run by the CLI
    const dir = tempDir('scenario-browser-');
    cpSync(server.app.dataDir, dir, { recursive: true });
    const pj = JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8'));
    writeFileSync(join(dir, 'project.json'), JSON.stringify({ ...pj, scenarios }));
    const cli: Record<string, { coveredBuiltUpPct: number; households: { covered: number } }> = {};
    for (const name of ['现状', '方案A']) {
      const r = analyze(['fire', '--data', dir, '--out', join(dir, `out-${name}`), '--scenario', name]);
      expect(r.code, r.stderr).toBe(0);
      cli[name] = JSON.parse(readFileSync(join(dir, `out-${name}`, 'fire-summary.json'), 'utf8'));
    }
    expect(cli['现状'].households.covered).toBe(fig.hhA);
    expect(cli['方案A'].households.covered).toBe(fig.hhB);
    expect(cli['现状'].coveredBuiltUpPct).toBeCloseTo(fig.pctA, 6);
    expect(cli['方案A'].coveredBuiltUpPct).toBeCloseTo(fig.pctB, 6);
    const h = analyze(['hydrants', '--data', dir, '--out', join(dir, 'out-h'), '--scenario', '方案A']);
    expect(h.code, h.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'out-h', 'hydrants.json'), 'utf8')).coveredRoadPct).toBeCloseTo(fig.hydB, 6);

    // undo the adoption: 方案A has no edits, its figures are no longer shown as current
    await p.getByTestId('history-undo').click();
    await expect.poll(async () => (await storedScenarios(x))?.list.find((s) => s.name === '方案A')?.edits.length, { timeout: 60_000 }).toBe(0);
    await expect.poll(() => p.getByTestId('compare-table').count(), { timeout: 60_000 }).toBe(0);
    // redo: the figures for 方案A with its two stations come back from the cache
    await p.getByTestId('history-redo').click();
    await p.getByTestId('compare-table').waitFor({ timeout: 60_000 });
    expect(await cell(x, 'fireHouseholds', 2)).toBe(fig.hhB);

    // a hydrant result of 方案A on the map (its title names the scenario)
    await p.getByTestId('panel-tab-hydrants').click();
    await p.getByTestId('hydrant-run').click();
    await p.locator('[data-testid="hydrant-results"][data-result-status="current"]').waitFor({ timeout: 120_000 });
    const gapsTitle = () => p.evaluate(() => (window.__coverageStore!.getState() as unknown as { results: { id: string; title: { zh: string } }[] }).results.find((r) => r.id === 'hydrant-gaps')?.title.zh ?? null);
    expect(await gapsTitle()).toMatch(/（方案A）$/);

    // fire figures of 方案A
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-run').click();
    await p.getByTestId('fire-figures').waitFor({ timeout: 180_000 });
    const fireText = await p.getByTestId('fire-households-covered').locator('.figure-value').textContent();
    expect(fireText).toMatch(/\d/);

    // reload: the scenarios and the figures are back
    await p.reload();
    await waitForMapIdle(p);
    await p.locator('[data-testid="scenario-switcher"][data-active="方案A"]').waitFor({ timeout: 60_000 });
    await p.getByTestId('panel-tab-compare').click();
    await p.getByTestId('compare-table').waitFor({ timeout: 60_000 });
    expect(await cell(x, 'fireHouseholds', 1)).toBe(fig.hhA);
    expect(await cell(x, 'fireHouseholds', 2)).toBe(fig.hhB);
    await screenshot(p, 'scenario-compare-reloaded');
    // the hydrant result is recomputed for the saved scenario and params when its panel opens
    await p.getByTestId('panel-tab-hydrants').click();
    await p.locator('[data-testid="hydrant-results"][data-result-status="current"]').waitFor({ timeout: 120_000 });
    expect(await gapsTitle()).toMatch(/（方案A）$/);
    // and the fire figures when the fire panel opens
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-figures').waitFor({ timeout: 180_000 });
    expect(await p.getByTestId('fire-households-covered').locator('.figure-value').textContent()).toBe(fireText);

    expect(x.errors).toEqual([]);
    expect(x.externalRequests).toEqual([]);
    await x.context.close();
  }, SLOW);
});
