import { describe, expect, test } from 'vitest';
import { openApp, screenshot, waitForMapIdle, type AppPage, useAppServer, builtUpPixel } from './harness';

const SLOW = 300_000;

/** Numbers in a figure's value ("8,686 → 15,486 / 200,000 户" → [8686, 15486, 200000]). */
async function figureNumbers(p: AppPage, testId: string): Promise<number[]> {
  const text = (await p.page.getByTestId(testId).locator('.figure-value').textContent()) ?? '';
  return (text.replace(/,/g, '').match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
}

/** Waits until the "after" households reached equals `n`. */
async function waitHouseholdsAfter(p: AppPage, n: number): Promise<void> {
  await p.page.waitForFunction(
    (n) => {
      const t = document.querySelector('[data-testid="fire-households-covered"] .figure-value')?.textContent ?? '';
      const v = (t.replace(/,/g, '').match(/\d+/g) ?? []).map(Number);
      return v.length >= 2 && v[1] === n;
    },
    n,
    { timeout: 180_000 },
  );
}

/** The scenario ids saved in IndexedDB (read straight from the database), or null when none is saved. */
async function savedScenarioIds(p: AppPage): Promise<string[] | null> {
  return p.page.evaluate(
    () =>
      new Promise<string[] | null>((ok, fail) => {
        const r = indexedDB.open('coverage-planner');
        r.onerror = () => fail(r.error);
        r.onsuccess = () => {
          const db = r.result;
          if (!db.objectStoreNames.contains('work')) return ok(null);
          const m = db.transaction('work').objectStore('work').get('coverage-planner/v1/meta');
          m.onsuccess = () => {
            db.close();
            const s = m.result?.params?.fireScenario as { stations?: { id: string }[] } | undefined;
            ok(Array.isArray(s?.stations) ? s.stations.map((x) => x.id) : null);
          };
        };
      }),
  );
}

describe('the fire what-if scenario is part of the saved work and of undo', () => {
  const server = useAppServer({ county: 'small' });

  test('a station added by clicking: 撤销 takes it out (figures recomputed), 重做 brings it back, and it is still listed after a reload', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForMapIdle(p);
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-run').click();
    await p.getByTestId('fire-figures').waitFor({ timeout: 180_000 });
    const [, hAfter] = await figureNumbers(x, 'fire-households-covered');
    // The pixel of the centre of 羊平镇's built-up area (far from the existing stations: the new one adds households).
    const xy = await builtUpPixel(p, '羊平镇');
    const revision = await p.evaluate(() => window.__coverageStore!.getState().project.revision);
    await p.getByTestId('fire-add-station').click();
    await p.mouse.click(xy.x, xy.y);
    await p.getByTestId('fire-remove-NEW-1').waitFor();
    // an edit of the scenario keeps the project's layers: no reload of the map or database
    expect(await p.evaluate(() => window.__coverageStore!.getState().project.revision)).toBe(revision);
    await p.waitForFunction(
      (prev) => {
        const t = document.querySelector('[data-testid="fire-households-covered"] .figure-value')?.textContent ?? '';
        const n = (t.replace(/,/g, '').match(/\d+/g) ?? []).map(Number);
        return n.length >= 2 && n[1] > prev;
      },
      hAfter,
      { timeout: 180_000 },
    );
    const [, hAdded] = await figureNumbers(x, 'fire-households-covered');
    expect(hAdded).toBeGreaterThan(hAfter);

    // one undo step: the station is gone and the figures are those without it again
    expect(await p.getByTestId('history-undo').isDisabled()).toBe(false);
    await p.getByTestId('history-undo').click();
    await expect.poll(() => p.getByTestId('fire-remove-NEW-1').count(), { timeout: 30_000 }).toBe(0);
    await waitHouseholdsAfter(x, hAfter);
    // redo brings it back, with its figures
    await p.getByTestId('history-redo').click();
    await p.getByTestId('fire-remove-NEW-1').waitFor();
    await waitHouseholdsAfter(x, hAdded);

    // saved to IndexedDB, and listed again after a reload
    await expect.poll(() => savedScenarioIds(x), { timeout: 60_000 }).toContain('NEW-1');
    await p.reload();
    await waitForMapIdle(p);
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-remove-NEW-1').waitFor({ timeout: 60_000 });
    expect(await p.getByTestId('fire-station-list').textContent()).toContain('新增站点 1');
    await p.getByTestId('fire-run').click();
    await waitHouseholdsAfter(x, hAdded);
    await p.getByTestId('fire-station-list').scrollIntoViewIfNeeded();
    await screenshot(p, 'fire-scenario-restored');

    // removing it is one more undoable edit; 恢复原方案 clears the edited scenario from the save
    await p.getByTestId('fire-remove-NEW-1').click();
    await expect.poll(() => p.getByTestId('fire-remove-NEW-1').count(), { timeout: 30_000 }).toBe(0);
    await p.getByTestId('history-undo').click();
    await p.getByTestId('fire-remove-NEW-1').waitFor();
    await p.getByTestId('fire-reset').click();
    await expect.poll(() => p.getByTestId('fire-remove-NEW-1').count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => savedScenarioIds(x), { timeout: 60_000 }).toBeNull();

    expect(x.errors).toEqual([]);
    expect(x.externalRequests).toEqual([]);
    await x.context.close();
  }, SLOW);
});
