import { describe, expect, test } from 'vitest';
import { openApp, screenshot, waitForMapIdle, waitForProject, savedWorkRecord, type AppPage, downloadBytes, useAppServer, TEST_VIEWPORT, builtUpPixel } from './harness';
import { hydrantIds, hydrantsFile, withoutWebLocks } from './work-helpers';

const SLOW = 300_000;
const META = 'coverage-planner/v1/meta';

/** Imports `n` hydrants named `prefix1…` and waits until the store holds them. */
async function importHydrants(p: AppPage, n: number, prefix: string): Promise<void> {
  await p.page.getByTestId('open-files').setInputFiles([hydrantsFile(n, prefix)]);
  await waitHydrantIds(p, Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`));
}

async function waitHydrantIds(p: AppPage, ids: string[]): Promise<void> {
  await p.page.waitForFunction(
    (want) => {
      const l = window.__coverageStore?.getState().project.project?.layers.hydrants;
      return l?.kind === 'geojson' && JSON.stringify(l.data.features.map((f) => String(f.properties?.id))) === JSON.stringify(want);
    },
    ids,
    // a state, not a duration: generous, because on a loaded machine the page may still be loading
    // the demo county (and its workers) when the file is picked
    { timeout: 240_000 },
  );
}

/** A record of the saved work, read straight from IndexedDB (undefined when absent). */
function savedRecord(p: AppPage, key: string): Promise<unknown> {
  return savedWorkRecord(p.page, key, '');
}

/** The ids of the hydrants saved in IndexedDB ('demo' when the meta names the demo's layer). */
async function savedHydrantIds(p: AppPage): Promise<string[] | 'demo' | null> {
  const meta = (await savedRecord(p, META)) as { layers?: Record<string, string> } | undefined;
  if (!meta?.layers) return null;
  if (meta.layers.hydrants === 'demo') return 'demo';
  const l = (await savedRecord(p, 'coverage-planner/v1/layer/hydrants')) as { data?: { features: { properties: { id: string } }[] } } | undefined;
  return l?.data?.features.map((f) => f.properties.id) ?? null;
}

async function scenarioIds(p: AppPage): Promise<string[]> {
  return p.page.evaluate(() => {
    const s = window.__coverageStore?.getState().project.project?.params.fireScenario as { stations?: { id: string }[] } | undefined;
    return Array.isArray(s?.stations) ? s.stations.map((x) => x.id) : [];
  });
}

/** Adds a what-if fire station by clicking the map at the centre of 羊平镇's built-up area. */
async function addStation(p: AppPage): Promise<void> {
  await p.page.getByTestId('panel-tab-fire').click();
  const xy = await builtUpPixel(p.page, '羊平镇');
  await p.page.getByTestId('fire-add-station').click();
  await p.page.mouse.click(xy.x, xy.y);
}

describe('never losing the user’s work', () => {
  const server = useAppServer({ county: 'small' });

  // One page for the two tests that need no fresh storage and no reload (a demo load is ≈ 6 s of
  // CPU), opened by whichever runs first; each leaves it as it found it (the demo, no user work).
  let shared: Promise<AppPage> | undefined;
  const sharedPage = () => (shared ??= openApp(server.app).then(async (x) => (await waitForProject(x.page), x)));

  test('a second tab opens read-only with a banner; its edits are not saved; 在此页接管 takes the work over and the first tab becomes read-only', async () => {
    const context = await server.app.browser.newContext({ viewport: TEST_VIEWPORT, locale: 'zh-CN' });
    const a = await openApp(server.app, { context });
    await waitForMapIdle(a.page);
    expect(await a.page.getByTestId('work-banner').count()).toBe(0);
    const b = await openApp(server.app, { context });
    await waitForMapIdle(b.page);
    const banner = b.page.getByTestId('work-readonly');
    await banner.waitFor();
    expect(await banner.getAttribute('data-role')).toBe('other-tab');
    expect(await banner.textContent()).toContain('此项目已在本浏览器的另一个标签页中打开');
    await screenshot(b.page, 'work-second-tab');

    // an edit in the read-only tab, then one in the owner: only the owner's is saved
    await importHydrants(b, 2, 'B');
    await importHydrants(a, 3, 'A');
    await expect.poll(() => savedHydrantIds(a), { timeout: 60_000 }).toEqual(['A1', 'A2', 'A3']);
    // the read-only tab hid and showed again (a flush opportunity): still the owner's hydrants saved
    await b.page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
    await importHydrants(b, 1, 'C');
    await importHydrants(a, 2, 'D');
    await expect.poll(() => savedHydrantIds(a), { timeout: 60_000 }).toEqual(['D1', 'D2']);

    // take over: tab B reads the saved work (A's) and saves from now on; A is told and stops saving.
    // B's own (unsaved) imports are replaced, so it asks first (session 16); 取消 keeps them
    await b.page.getByTestId('work-take-over').click();
    await b.page.getByTestId('confirm-dialog').waitFor();
    expect(await b.page.getByTestId('confirm-dialog').textContent()).toContain('本页做过 2 步修改');
    await b.page.getByTestId('confirm-cancel').click();
    await b.page.getByTestId('confirm-dialog').waitFor({ state: 'detached' });
    expect(await hydrantIds(b)).toEqual(['C1']);
    expect(await b.page.getByTestId('work-readonly').getAttribute('data-role')).toBe('other-tab');
    await b.page.getByTestId('work-take-over').click();
    await b.page.getByTestId('confirm-ok').click();
    await waitHydrantIds(b, ['D1', 'D2']);
    await expect.poll(() => b.page.getByTestId('work-banner').count(), { timeout: 60_000 }).toBe(0);
    const aBanner = a.page.getByTestId('work-readonly');
    await aBanner.waitFor({ timeout: 60_000 });
    expect(await aBanner.getAttribute('data-role')).toBe('taken-over');
    await importHydrants(b, 4, 'E');
    await expect.poll(() => savedHydrantIds(b), { timeout: 60_000 }).toEqual(['E1', 'E2', 'E3', 'E4']);
    await importHydrants(a, 1, 'F');
    await importHydrants(b, 2, 'G');
    await expect.poll(() => savedHydrantIds(b), { timeout: 60_000 }).toEqual(['G1', 'G2']);
    await screenshot(a.page, 'work-taken-over');
    for (const x of [a, b]) {
      expect(x.errors).toEqual([]);
      expect(x.externalRequests).toEqual([]);
    }
    await context.close();
  }, SLOW);

  test('without Web Locks (plain http on an intranet address) the tabs agree over a BroadcastChannel: the second is read-only and can take over', async () => {
    const context = await server.app.browser.newContext({ viewport: TEST_VIEWPORT, locale: 'zh-CN' });
    // what a non-secure context looks like: no navigator.locks
    await withoutWebLocks(context);
    const a = await openApp(server.app, { context });
    await waitForMapIdle(a.page);
    expect(await a.page.evaluate(() => 'locks' in navigator && navigator.locks === undefined)).toBe(true);
    expect(await a.page.getByTestId('work-banner').count()).toBe(0);
    const b = await openApp(server.app, { context });
    await waitForMapIdle(b.page);
    await b.page.getByTestId('work-readonly').waitFor();
    await importHydrants(b, 1, 'B');
    await importHydrants(a, 2, 'A');
    await expect.poll(() => savedHydrantIds(a), { timeout: 60_000 }).toEqual(['A1', 'A2']);
    await b.page.getByTestId('work-take-over').click();
    await b.page.getByTestId('confirm-ok').click();
    await waitHydrantIds(b, ['A1', 'A2']);
    await expect.poll(() => a.page.getByTestId('work-readonly').getAttribute('data-role'), { timeout: 60_000 }).toBe('taken-over');
    expect(await b.page.getByTestId('work-banner').count()).toBe(0);
    await importHydrants(b, 3, 'C');
    await expect.poll(() => savedHydrantIds(b), { timeout: 60_000 }).toEqual(['C1', 'C2', 'C3']);
    for (const x of [a, b]) expect(x.errors).toEqual([]);
    await context.close();
  }, SLOW);

  test('an edit reloaded 0 ms after it is back (a what-if station added, then one removed), also an edit made in the same task as the restore', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForMapIdle(p);
    await addStation(x);
    await p.getByTestId('fire-remove-NEW-1').waitFor();
    // after each reload the restored project in the store is what is checked: the next reload cuts
    // the drawing short (a demo load is ≈ 6 s of CPU, most of it drawing)
    await p.reload();
    await waitForProject(p);
    expect(await scenarioIds(x)).toContain('NEW-1');
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-remove-NEW-1').waitFor();
    const withStation = await p.evaluate(() => window.__coverageStore!.getState().project.project!.params.fireScenario);

    await p.getByTestId('fire-remove-NEW-1').click();
    await expect.poll(() => scenarioIds(x)).not.toContain('NEW-1');

    // reload: the removal is what comes back (the station ids read the moment the restored project
    // is set, kept in sessionStorage); in that same task the station is put back and the page
    // reloaded again (one reload serves both checks: a demo load is ≈ 6 s of CPU)
    await p.reload();
    // the page goes away inside this evaluate, so its end is not waited for
    await p.evaluate(
      (scenario) =>
        new Promise<void>((ok) => {
          const tryNow = () => {
            const store = window.__coverageStore;
            if (!store) return void setTimeout(tryNow, 5);
            const unsub = store.subscribe((s) => {
              if (s.project.status !== 'ready' || !s.project.project) return;
              unsub();
              const restored = s.project.project.params.fireScenario as { stations?: { id: string }[] } | undefined;
              sessionStorage.setItem('test:restored-stations', JSON.stringify(Array.isArray(restored?.stations) ? restored.stations.map((x) => x.id) : []));
              s.editProject({ ...s.project.project, params: { ...s.project.project.params, fireScenario: scenario } });
              (window as unknown as { __beforeReload: boolean }).__beforeReload = true;
              ok();
              location.reload();
            });
          };
          tryNow();
        }),
      withStation,
    ).catch((e: Error) => {
      if (!/context was destroyed|navigat/i.test(e.message)) throw e;
    });
    await p.waitForFunction(
      () => !(window as unknown as { __beforeReload?: boolean }).__beforeReload && window.__coverageStore?.getState().project.status === 'ready',
      null,
      { timeout: 90_000 },
    );
    // the removal was restored (the ids the first of the two reloads opened with)
    const restoredIds = JSON.parse((await p.evaluate(() => sessionStorage.getItem('test:restored-stations'))) ?? 'null') as unknown;
    expect(Array.isArray(restoredIds)).toBe(true);
    expect(restoredIds).not.toContain('NEW-1');
    expect(await scenarioIds(x)).toContain('NEW-1');
    expect(x.errors).toEqual([]);
    await x.context.close();
  }, SLOW);

  test('a damaged save is kept (never overwritten by the demo), the user is told and can export it; discarding it is an explicit choice', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForProject(p);
    await importHydrants(x, 2, 'K');
    await expect.poll(() => savedHydrantIds(x), { timeout: 60_000 }).toEqual(['K1', 'K2']);
    const layerBefore = await savedRecord(x, 'coverage-planner/v1/layer/hydrants');
    // damage the meta record
    await p.evaluate(
      (key) =>
        new Promise<void>((ok, fail) => {
          const r = indexedDB.open('coverage-planner');
          r.onsuccess = () => {
            const tx = r.result.transaction('work', 'readwrite');
            tx.objectStore('work').put('{"version":1,"name":"truncated', key);
            tx.oncomplete = () => {
              r.result.close();
              ok();
            };
            tx.onerror = () => fail(tx.error);
          };
          r.onerror = () => fail(r.error);
        }),
      META,
    );
    await p.reload();
    const msg = p.getByTestId('work-restore-error');
    await msg.waitFor({ timeout: 60_000 });
    expect(await msg.textContent()).toContain('无法恢复上次保存的项目');
    expect(await msg.textContent()).toContain('不会被覆盖');
    await waitForMapIdle(p);
    // the demo is open; edits that would autosave (an import, a what-if station, hiding the page) write nothing
    expect(await hydrantIds(x)).not.toContain('K1');
    await importHydrants(x, 3, 'L');
    await addStation(x);
    await p.getByTestId('fire-remove-NEW-1').waitFor();
    await p.evaluate(() => {
      window.dispatchEvent(new Event('pagehide'));
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await p.getByTestId('panel-tab-layers').click();
    await waitForMapIdle(p);
    expect(await savedRecord(x, META)).toBe('{"version":1,"name":"truncated');
    expect(await savedRecord(x, 'coverage-planner/v1/layer/hydrants')).toEqual(layerBefore);
    expect(await p.evaluate(() => localStorage.getItem('coverage-planner/v1/journal'))).toBeNull();
    await screenshot(p, 'work-restore-failed');
    await p.getByTestId('lang-switch').click();
    await expect.poll(() => msg.textContent()).toContain('Could not restore the last saved project: the project record is damaged (not an object)');
    expect(await msg.textContent()).toContain('will not be overwritten');
    await screenshot(p, 'work-restore-failed-en');
    await p.getByTestId('lang-switch').click();

    // export: the raw records as they are
    const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('work-export-saved').click()]);
    expect(download.suggestedFilename()).toMatch(/^coverage-planner-saved-work-.*\.json$/);
    const exported = JSON.parse((await downloadBytes(download)).toString('utf8')) as { records: Record<string, unknown> };
    expect(exported.records[META]).toBe('{"version":1,"name":"truncated');
    const layer = exported.records['coverage-planner/v1/layer/hydrants'] as { data: { features: { properties: { id: string } }[] } };
    expect(layer.data.features.map((f) => f.properties.id)).toEqual(['K1', 'K2']);

    // 丢弃 asks first; 取消 keeps it, 丢弃并继续 saves the open project
    await p.getByTestId('work-discard-saved').click();
    await p.getByTestId('confirm-dialog').waitFor();
    await p.getByTestId('confirm-cancel').click();
    expect(await p.getByTestId('confirm-dialog').count()).toBe(0);
    expect(await savedRecord(x, META)).toBe('{"version":1,"name":"truncated');
    await p.getByTestId('work-discard-saved').click();
    await p.getByTestId('confirm-ok').click();
    await expect.poll(() => savedHydrantIds(x), { timeout: 60_000 }).toEqual(['L1', 'L2', 'L3']);
    expect(await p.getByTestId('work-banner').count()).toBe(0);
    expect(x.errors).toEqual([]);
    await x.context.close();
  }, SLOW);

  test('typed SQL and a table search survive switching side-bar tabs', async () => {
    const x = await sharedPage();
    const p = x.page;
    await p.getByTestId('panel-tab-sql').click();
    const input = p.getByTestId('sql-input');
    await input.waitFor({ timeout: 120_000 });
    const sql = 'SELECT township, count(*) AS n FROM households GROUP BY township -- 草稿';
    await input.fill(sql);
    await p.getByTestId('sql-name').fill('我的查询');
    await p.getByTestId('panel-tab-layers').click();
    await p.getByTestId('sql-input').waitFor({ state: 'detached' });
    await p.getByTestId('panel-tab-sql').click();
    expect(await p.getByTestId('sql-input').inputValue()).toBe(sql);
    expect(await p.getByTestId('sql-name').inputValue()).toBe('我的查询');
    // the tables panel's search, the same way
    await p.getByTestId('panel-tab-tables').click();
    await p.getByTestId('table-search').fill('恒州镇');
    await p.getByTestId('panel-tab-sql').click();
    await p.getByTestId('table-search').waitFor({ state: 'detached' });
    expect(await p.getByTestId('sql-input').inputValue()).toBe(sql);
    await p.getByTestId('panel-tab-tables').click();
    expect(await p.getByTestId('table-search').inputValue()).toBe('恒州镇');
    expect(x.errors).toEqual([]);
    await p.getByTestId('panel-tab-layers').click();
  }, SLOW);

  test('演示县 and 打开文件 ask before replacing the user’s work (zh and en); 取消 keeps everything', async () => {
    const x = await sharedPage();
    const p = x.page;
    const demoHydrants = await hydrantIds(x);
    // nothing of the user's yet: no question
    let chooser = false;
    const onChooser = () => (chooser = true);
    p.on('filechooser', onChooser);
    await p.getByTestId('open-files-button').click();
    await expect.poll(() => chooser).toBe(true);
    expect(await p.getByTestId('confirm-dialog').count()).toBe(0);

    await importHydrants(x, 2, 'M');
    await p.getByTestId('open-demo').click();
    const dialog = p.getByTestId('confirm-dialog');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('打开演示县将替换当前项目');
    await screenshot(p, 'work-confirm-replace');
    await p.getByTestId('confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(await hydrantIds(x)).toEqual(['M1', 'M2']);
    // Esc cancels too
    await p.getByTestId('open-demo').click();
    await dialog.waitFor();
    await p.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await hydrantIds(x)).toEqual(['M1', 'M2']);

    chooser = false;
    await p.getByTestId('lang-switch').click();
    await p.getByTestId('open-files-button').click();
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('The files opened will replace the current project');
    await p.getByTestId('confirm-cancel').click();
    await dialog.waitFor({ state: 'detached' });
    expect(chooser).toBe(false);
    await p.getByTestId('open-files-button').click();
    await p.getByTestId('confirm-ok').click();
    await expect.poll(() => chooser).toBe(true);

    // confirmed: the demo replaces the work (and undo brings it back)
    await p.getByTestId('open-demo').click();
    await p.getByTestId('confirm-ok').click();
    await expect.poll(() => hydrantIds(x), { timeout: 60_000 }).not.toContain('M1');
    await p.getByTestId('history-undo').click();
    await waitHydrantIds(x, ['M1', 'M2']);
    expect(x.errors).toEqual([]);
    // leave the page as found: undo the import too (the demo's own layer again, nothing to ask about)
    await p.getByTestId('history-undo').click();
    await waitHydrantIds(x, demoHydrants);
    p.off('filechooser', onChooser);
  }, SLOW);
});
