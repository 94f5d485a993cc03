import { describe, expect, test } from 'vitest';
import { screenshot, useDemoApp, waitForProject } from './harness';

const SLOW = 600_000;
const P1 = '曲储【2022】01号';
const P5 = '曲储【2022】05号';

interface Stored {
  active: string;
  list: { id: string; name: string; edits: { op: string; layer: string; id: string }[] }[];
}

describe('plot review: a decision per plot adopted into a scenario', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });

  test('拟建消防站 under 现状 makes 方案A with the station at the plot (one undo step), 拟建幼儿园 on another plot adds a kindergarten; undo, redo, reload', async () => {
    const p = demo.main.page;
    const stored = () => p.evaluate(() => (window.__coverageStore!.getState().project.project as unknown as { scenarios?: Stored }).scenarios);
    await p.getByTestId('panel-tab-plots').click();
    await p.getByTestId('plots-run').click();
    await p.locator('[data-testid="plots-results"][data-result-status="current"]').waitFor({ timeout: 120_000 });
    expect(await p.getByTestId(`plot-decision-${P1}`).inputValue()).toBe('keep');
    expect(await p.getByTestId('plot-decision-note').textContent()).toContain('现状');

    await p.getByTestId(`plot-decision-${P1}`).selectOption('fireStation');
    await p.locator('[data-testid="scenario-switcher"][data-active="方案A"]').waitFor();
    expect(await p.getByTestId(`plot-decision-${P1}`).inputValue()).toBe('fireStation');
    let sc = (await stored())!;
    const a = sc.list.find((s) => s.name === '方案A')!;
    expect(sc.active).toBe(a.id);
    expect(a.edits).toEqual([expect.objectContaining({ op: 'add', layer: 'fireStations', id: `PLOT-${P1}` })]);
    expect(sc.list.find((s) => s.name === '现状')!.edits).toEqual([]);
    // the station is in the fire-station layer drawn under 方案A, the review computed without it is stale
    await p.waitForFunction(
      (id) => {
        const src = window.__coverageMap!.getSource('data:fireStations') as unknown as { serialize(): { data: { features: { properties: { id: string } }[] } } } | undefined;
        return !!src && src.serialize().data.features.some((f) => f.properties.id === id);
      },
      `PLOT-${P1}`,
      { timeout: 30_000 },
    );
    await p.locator('[data-testid="plots-results"][data-result-status="stale"]').waitFor();

    // a kindergarten on the education plot: another edit of 方案A
    await p.getByTestId(`plot-decision-${P5}`).selectOption('kindergarten');
    await expect.poll(async () => (await stored())!.list.find((s) => s.name === '方案A')!.edits.map((e) => `${e.layer}:${e.id}`)).toEqual([`fireStations:PLOT-${P1}`, `kindergartens:PLOT-${P5}`]);
    await screenshot(p, 'plot-decisions');

    // undo: the kindergarten goes; undo again: 方案A and the station go, 现状 active
    await p.getByTestId('history-undo').click();
    await expect.poll(async () => (await stored())!.list.find((s) => s.name === '方案A')!.edits.length).toBe(1);
    expect(await p.getByTestId(`plot-decision-${P5}`).inputValue()).toBe('keep');
    await p.getByTestId('history-undo').click();
    await p.locator('[data-testid="scenario-switcher"][data-active="现状"]').waitFor();
    expect(((await stored())?.list ?? []).some((s) => s.name === '方案A')).toBe(false);
    await p.locator('[data-testid="plots-results"][data-result-status="current"]').waitFor();
    expect(await p.getByTestId(`plot-decision-${P1}`).inputValue()).toBe('keep');
    // redo both
    await p.getByTestId('history-redo').click();
    await p.getByTestId('history-redo').click();
    await expect.poll(async () => (await stored())!.list.find((s) => s.name === '方案A')?.edits.length).toBe(2);

    // 保留 takes the station out of 方案A again (one step), the kindergarten stays
    await p.getByTestId(`plot-decision-${P1}`).selectOption('keep');
    await expect.poll(async () => (await stored())!.list.find((s) => s.name === '方案A')!.edits.map((e) => e.id)).toEqual([`PLOT-${P5}`]);

    // saved: after a reload 方案A holds the kindergarten decision, shown in the review
    await expect
      .poll(
        () =>
          p.evaluate(
            () =>
              new Promise<number>((ok, fail) => {
                const r = indexedDB.open('coverage-planner');
                r.onerror = () => fail(r.error);
                r.onsuccess = () => {
                  const m = r.result.transaction('work').objectStore('work').get('coverage-planner/v1/meta');
                  m.onsuccess = () => {
                    r.result.close();
                    const list = (m.result?.scenarios?.list ?? []) as Stored['list'];
                    ok(list.find((s) => s.name === '方案A')?.edits.length ?? -1);
                  };
                };
              }),
          ),
        { timeout: 60_000 },
      )
      .toBe(1);
    await p.reload();
    // the restored project in the store is what is checked (not the map)
    await waitForProject(p);
    expect(await p.getByTestId('scenario-switcher').getAttribute('data-active')).toBe('方案A');
    await p.getByTestId('panel-tab-plots').click();
    await p.getByTestId('plots-run').click();
    await p.locator('[data-testid="plots-results"][data-result-status="current"]').waitFor({ timeout: 120_000 });
    expect(await p.getByTestId(`plot-decision-${P5}`).inputValue()).toBe('kindergarten');
    expect(await p.getByTestId(`plot-decision-${P1}`).inputValue()).toBe('keep');
    sc = (await stored())!;
    expect(sc.list.find((s) => s.name === '方案A')!.edits).toEqual([expect.objectContaining({ op: 'add', layer: 'kindergartens', id: `PLOT-${P5}` })]);
    expect(demo.main.errors).toEqual([]);
  }, SLOW);
});
