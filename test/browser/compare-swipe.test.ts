import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { screenshot, useDemoApp, waitForMapIdle } from './harness';
import { tempDirs } from '../support/temp-dirs.ts';
import { analyzeHere } from '../support/run-cli.ts';

const tempDir = tempDirs();

const SLOW = 600_000;
const P1 = '曲储【2022】01号';
const P5 = '曲储【2022】05号';

/** A compare indicator cell's raw value: 1 = scenario one, 2 = scenario two, 3 = difference. */
async function ind(p: Page, row: string, col: 1 | 2 | 3): Promise<number> {
  return Number(await p.getByTestId(`compare-ind-${row}`).locator('td').nth(col).getAttribute('data-value'));
}

/** Ids of the fire stations a map draws (main map or the swipe map). */
function stationIds(p: Page, which: '__coverageMap' | '__coverageSwipeMap'): Promise<string[] | null> {
  return p.evaluate((which) => {
    const m = (window as unknown as Record<string, import('maplibre-gl').Map | undefined>)[which];
    const src = m?.getSource('data:fireStations') as unknown as { serialize(): { data: { features: { properties: { id: string } }[] } } } | undefined;
    return src ? src.serialize().data.features.map((f) => f.properties.id).sort() : null;
  }, which);
}

describe('compare view: indicator cards per scenario and the swipe map', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });
  /** Kindergartens of the served county (its kindergartens.geojson). */
  const kindergartens = () => (JSON.parse(readFileSync(join(demo.app.dataDir, 'kindergartens.geojson'), 'utf8')) as { features: unknown[] }).features.length;

  test('方案A from two plot decisions: indicator cards of 现状 and 方案A (= analyze indicators --scenario), swipe map 方案A | 现状 with a draggable divider', async () => {
    const p = demo.main.page;
    // 方案A: a fire station on plot 01, a public kindergarten on plot 05 (decisions in the plot review)
    await p.getByTestId('panel-tab-plots').click();
    await p.getByTestId('plots-with-fire').uncheck();
    await p.getByTestId('plots-run').click();
    await p.locator('[data-testid="plots-results"][data-result-status="current"]').waitFor({ timeout: 120_000 });
    await p.getByTestId(`plot-decision-${P1}`).selectOption('fireStation');
    await p.locator('[data-testid="scenario-switcher"][data-active="方案A"]').waitFor();
    await p.getByTestId(`plot-decision-${P5}`).selectOption('kindergarten');
    await expect.poll(() => p.evaluate(() => (window.__coverageStore!.getState().project.project as unknown as { scenarios: { list: { name: string; edits: unknown[] }[] } }).scenarios.list.find((s) => s.name === '方案A')!.edits.length)).toBe(2);

    // indicator cards: shown at once, 现状 | 方案A | difference
    await p.getByTestId('panel-tab-compare').click();
    await p.getByTestId('compare-indicators').waitFor();
    expect(await ind(p, 'kindergartens', 1)).toBe(kindergartens());
    expect(await ind(p, 'kindergartens', 2)).toBe(kindergartens() + 1);
    expect(await ind(p, 'kindergartens', 3)).toBe(1);
    // a proposed kindergarten has places only when stated, and no children enrolled yet: enrolment unchanged
    expect(await ind(p, 'enrolled', 3)).toBe(0);
    expect(await ind(p, 'grossEnrolment', 3)).toBe(0);

    // the CLI on a project.json holding the same scenarios gives the same cards
    const scenarios = await p.evaluate(() => (window.__coverageStore!.getState().project.project as unknown as { scenarios: unknown }).scenarios);
    const dir = tempDir('compare-swipe-');
    cpSync(demo.app.dataDir, dir, { recursive: true });
    const served = JSON.parse(readFileSync(join(dir, 'project.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'project.json'), JSON.stringify({ ...served, params: {}, scenarios }));
    for (const [name, col] of [['现状', 1], ['方案A', 2]] as const) {
      const out = join(dir, `out-${name}`);
      // npm run analyze -- indicators, in this process (analyzeHere: no tsx start)
      const r = await analyzeHere(['indicators', '--data', dir, '--out', out, '--scenario', name]);
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(readFileSync(join(out, 'indicators.json'), 'utf8')) as { cards: { id: string; value: number | null }[]; queries: Record<string, Record<string, unknown>[]> };
      const county = json.queries.kindergarten_enrolment.find((row) => row.level === 'county')!;
      expect(await ind(p, 'kindergartens', col)).toBe(Number(county.kindergartens));
      expect(await ind(p, 'capacity', col)).toBe(Number(county.capacity));
      for (const [row, card] of [['grossEnrolment', 'gross_enrolment'], ['inclusiveShare', 'inclusive_share'], ['publicShare', 'public_share']] as const) {
        expect(await ind(p, row, col)).toBeCloseTo(json.cards.find((c) => c.id === card)!.value!, 12);
      }
    }

    // swipe: 方案A (active) left on the main map, 现状 right on the second map
    await p.getByTestId('compare-swipe').click();
    await p.getByTestId('swipe-map').waitFor();
    expect(await p.getByTestId('swipe-map').getAttribute('data-scenario')).toBe('现状');
    await p.waitForFunction(() => {
      const m = window.__coverageSwipeMap;
      return !!m && m.loaded() && !!m.getSource('data:fireStations');
    }, null, { timeout: 60_000 });
    await expect.poll(() => stationIds(p, '__coverageSwipeMap'), { timeout: 30_000 }).not.toContain(`PLOT-${P1}`);
    expect(await stationIds(p, '__coverageMap')).toContain(`PLOT-${P1}`);
    expect((await stationIds(p, '__coverageSwipeMap'))!.length).toBe((await stationIds(p, '__coverageMap'))!.length - 1);
    expect(await p.getByTestId('swipe-left').textContent()).toContain('方案A');
    expect(await p.getByTestId('swipe-right').textContent()).toContain('现状');
    // the legend of each side names the facility layers that differ and whose they are
    expect(await p.getByTestId('swipe-right').textContent()).toContain('消防救援站');
    expect(await p.getByTestId('compare-swipe-note').textContent()).toContain('方案A');

    // the cameras stay together
    const mapBox = (await p.getByTestId('map').boundingBox())!;
    await p.mouse.move(mapBox.x + mapBox.width * 0.7, mapBox.y + mapBox.height * 0.6);
    await p.mouse.wheel(0, -300);
    await waitForMapIdle(p);
    await expect
      .poll(() => p.evaluate(() => Math.abs(window.__coverageMap!.getZoom() - window.__coverageSwipeMap!.getZoom()) + Math.abs(window.__coverageMap!.getCenter().lng - window.__coverageSwipeMap!.getCenter().lng)))
      .toBeLessThan(1e-9);

    // drag the divider from the middle to 30 % of the map's width
    const box = (await p.getByTestId('map').boundingBox())!;
    const div = (await p.getByTestId('swipe-divider').boundingBox())!;
    expect(Math.abs(div.x + div.width / 2 - (box.x + box.width / 2))).toBeLessThan(3);
    await p.mouse.move(div.x + div.width / 2, box.y + box.height / 2);
    await p.mouse.down();
    await p.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 5 });
    await p.mouse.up();
    expect(Number(await p.getByTestId('swipe-divider').getAttribute('aria-valuenow'))).toBe(30);
    expect(await p.getByTestId('swipe-map').evaluate((e) => (e as HTMLElement).style.clipPath)).toMatch(/inset\(0(px)? 0(px)? 0(px)? \d+px\)/);
    await p.evaluate(() => new Promise<void>((ok) => { const m = window.__coverageSwipeMap!; if (m.loaded() && m.areTilesLoaded()) ok(); else m.once('idle', () => ok()); }));
    await screenshot(p, 'compare-swipe');

    // off again: the second map is gone
    await p.getByTestId('compare-swipe').click();
    await p.getByTestId('swipe-map').waitFor({ state: 'detached' });
    expect(await p.evaluate(() => !!window.__coverageSwipeMap)).toBe(false);
    expect(demo.main.errors).toEqual([]);
  }, SLOW);
});
