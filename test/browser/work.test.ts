import { describe, expect, test } from 'vitest';
import { SMALL_COUNTY_HOUSEHOLDS, openApp, queryRenderedFeatures, screenshot, waitForMapIdle, waitForProject, savedWorkRecord, type AppPage, useAppServer, TEST_VIEWPORT } from './harness';

const SLOW = 300_000;

function hydrants(n: number, prefix: string): string {
  const features = Array.from({ length: n }, (_, i) => ({
    type: 'Feature',
    properties: { id: `${prefix}${i + 1}`, kind: 'hydrant', status: 'working' },
    geometry: { type: 'Point', coordinates: [114.74 + i * 0.004, 38.615] },
  }));
  return JSON.stringify({ type: 'FeatureCollection', features });
}

async function pickHydrants(p: AppPage, n: number, prefix: string): Promise<void> {
  await p.page.getByTestId('open-files').setInputFiles([{ name: 'hydrants.geojson', mimeType: 'application/json', buffer: Buffer.from(hydrants(n, prefix)) }]);
}

/** Waits until the store's hydrant layer has `n` features. */
async function waitHydrantsInStore(p: AppPage, n: number): Promise<void> {
  await p.page.waitForFunction(
    (n) => {
      const l = window.__coverageStore?.getState().project.project?.layers.hydrants;
      return l?.kind === 'geojson' && l.data.features.length === n;
    },
    n,
    { timeout: 60_000 },
  );
}

/** Number of hydrants in the layer record saved in IndexedDB (-1 when there is none). */
async function savedHydrantCount(p: AppPage): Promise<number> {
  return (await savedWorkRecord<number>(p.page, 'coverage-planner/v1/layer/hydrants', 'data.features.length')) ?? -1;
}

/** Waits until the store's hydrant layer has `n` features and the map has drawn them. */
async function waitHydrants(p: AppPage, n: number): Promise<number> {
  await waitHydrantsInStore(p, n);
  await waitForMapIdle(p.page);
  return (await queryRenderedFeatures(p.page, 'hydrants')).count;
}

/** The keys and meta saved in IndexedDB (read by the test straight from the database). */
async function savedKeys(p: AppPage): Promise<{ keys: string[]; hydrants: string | null; scenarios: string[] }> {
  return p.page.evaluate(
    () =>
      new Promise((ok, fail) => {
        const r = indexedDB.open('coverage-planner');
        r.onerror = () => fail(r.error);
        r.onsuccess = () => {
          const db = r.result;
          if (!db.objectStoreNames.contains('work')) return ok({ keys: [], hydrants: null, scenarios: [] });
          const st = db.transaction('work').objectStore('work');
          const k = st.getAllKeys();
          const m = st.get('coverage-planner/v1/meta');
          k.onsuccess = () =>
            (m.onsuccess = () => {
              db.close();
              ok({ keys: (k.result as string[]).sort(), hydrants: (m.result?.layers?.hydrants as string) ?? null, scenarios: ((m.result?.scenarios?.list ?? []) as { name: string }[]).map((sc) => sc.name) });
            });
        };
      }),
  );
}

describe("the user's work survives reload, and edits can be undone", () => {
  const server = useAppServer({ county: 'small' });

  test('an imported layer is saved to IndexedDB and reopens after reload instead of the demo layer; undo/redo by buttons and keys', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForMapIdle(p);
    expect(await p.getByTestId('history-undo').isDisabled()).toBe(true);
    const demoCount = (await queryRenderedFeatures(p, 'hydrants')).count;
    expect(demoCount).toBeGreaterThan(3);
    await pickHydrants(x, 3, 'S');
    expect(await waitHydrants(x, 3)).toBe(3);
    // the save lands within the 350 ms throttle plus the write and its read-back
    await expect.poll(async () => (await savedKeys(x)).hydrants, { timeout: 60_000 }).toBe('saved');
    const { keys } = await savedKeys(x);
    // only what differs from the demo is written: the hydrants layer and the meta, no household columns
    expect(keys).toEqual(['coverage-planner/v1/layer/hydrants', 'coverage-planner/v1/meta']);

    await p.reload();
    expect(await waitHydrants(x, 3)).toBe(3);
    const ids = await p.evaluate(() => {
      const s = window.__coverageStore!.getState().project.project!;
      const l = s.layers.hydrants;
      return { ids: l.kind === 'geojson' ? l.data.features.map((f) => f.properties?.id) : [], households: s.layers.households.kind === 'columns' ? s.layers.households.count : -1 };
    });
    expect(ids).toEqual({ ids: ['S1', 'S2', 'S3'], households: SMALL_COUNTY_HOUSEHOLDS });
    expect(await p.getByTestId('history-undo').isDisabled()).toBe(true);

    // a second import, then undo / redo with the buttons and the keys
    await pickHydrants(x, 1, 'T');
    expect(await waitHydrants(x, 1)).toBe(1);
    await p.getByTestId('history-undo').click();
    expect(await waitHydrants(x, 3)).toBe(3);
    await p.getByTestId('history-redo').click();
    expect(await waitHydrants(x, 1)).toBe(1);
    await p.locator('body').click({ position: { x: 5, y: 5 } }).catch(() => {});
    await p.keyboard.press('Control+z');
    expect(await waitHydrants(x, 3)).toBe(3);
    await p.keyboard.press('Control+Shift+z');
    expect(await waitHydrants(x, 1)).toBe(1);
    await p.keyboard.press('Control+z');
    expect(await waitHydrants(x, 3)).toBe(3);
    await screenshot(p, 'work-restored');
    // the undone state is what is saved (and what a reload opens; that the map draws a restored
    // layer was checked after the first reload)
    await expect.poll(() => savedHydrantCount(x), { timeout: 60_000 }).toBe(3);
    await p.reload();
    await waitHydrantsInStore(x, 3);
    expect(x.errors).toEqual([]);
    expect(x.externalRequests).toEqual([]);
    expect(x.dialogs).toEqual([]);
    await x.context.close();
  }, SLOW);

  test('hydrant proposals adopted into a scenario (hydrants panel) survive a reload, the imported layer stays as it was, and undo takes them out again', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForMapIdle(p);
    // the hydrant layer as imported, and the active scenario's added hydrants (规划-…)
    const count = () =>
      p.evaluate(() => {
        const pr = window.__coverageStore!.getState().project.project!;
        const l = pr.layers.hydrants;
        const fs = l.kind === 'geojson' ? l.data.features : [];
        const set = (pr as unknown as { scenarios?: { active: string; list: { id: string; name: string; edits: { op: string; layer: string; id: string }[] }[] } }).scenarios;
        const sc = set?.list.find((s) => s.id === set.active);
        const added = (sc?.edits ?? []).filter((e) => e.op === 'add' && e.layer === 'hydrants' && e.id.startsWith('规划-')).length;
        return { base: fs.length, baseNamedPlanned: fs.filter((f) => String(f.properties?.id).startsWith('规划-')).length, scenario: sc?.name ?? null, added };
      });
    const before = await count();
    expect(before.baseNamedPlanned).toBe(0);
    expect(before.added).toBe(0);
    await p.getByTestId('panel-tab-hydrants').click();
    await p.getByTestId('hydrant-run').click();
    await p
      .getByTestId('hydrant-figures')
      .waitFor({ timeout: 180_000 })
      .catch(async (e) => {
        await screenshot(p, 'work-hydrants-failed');
        throw new Error(`hydrant gaps did not finish: ${(await p.getByTestId('hydrants-panel').textContent())?.slice(0, 300)} (${(e as Error).message})`);
      });
    await p.getByTestId('hydrant-accept').click();
    await p.getByTestId('hydrant-accepted').waitFor();
    const accepted = await count();
    // adopted into a new 方案A (现状 was active), never into the layer as imported
    expect(accepted.scenario).toBe('方案A');
    expect(accepted.added).toBeGreaterThan(0);
    expect(accepted.base).toBe(before.base);
    expect(accepted.baseNamedPlanned).toBe(0);
    await expect.poll(async () => (await savedKeys(x)).scenarios, { timeout: 60_000 }).toContain('方案A');
    await p.reload();
    await waitHydrants(x, before.base);
    await expect.poll(count, { timeout: 60_000 }).toEqual(accepted);
    // history starts empty after a restore
    expect(await p.getByTestId('history-undo').isDisabled()).toBe(true);
    // an import on top of the restored work, then undo brings the imported layer back; the scenario stays
    await p.getByTestId('panel-tab-layers').click();
    await p.getByTestId('open-files').setInputFiles([{ name: 'hydrants.geojson', mimeType: 'application/json', buffer: Buffer.from(hydrants(2, 'U')) }]);
    await waitHydrants(x, 2);
    await p.getByTestId('history-undo').click();
    await waitHydrants(x, before.base);
    expect(await count()).toEqual(accepted);
    expect(x.errors).toEqual([]);
    expect(x.externalRequests).toEqual([]);
    await x.context.close();
  }, SLOW);

  test('imported household columns (typed arrays) come back from IndexedDB with the same values', async () => {
    const x = await openApp(server.app);
    const p = x.page;
    // the store is what is checked: the demo's households need not be drawn before they are replaced
    await waitForProject(p);
    // 3 rows; persons of B missing (NaN), heating as Chinese labels → codes
    const csv = 'id,lon,lat,persons,heating\nA,114.75,38.61,3,气代煤\nB,114.76,38.62,,电代煤\nC,114.77,38.63,5,\n';
    await p.getByTestId('open-files').setInputFiles([{ name: 'households.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) }]);
    const read = () =>
      p.evaluate(() => {
        const l = window.__coverageStore?.getState().project.project?.layers.households;
        if (!l || l.kind !== 'columns' || l.count !== 3) return null;
        const persons = l.columns.persons;
        const heating = l.columns.heating;
        return {
          ids: l.ids,
          lon: [...l.lon],
          persons: persons?.type === 'number' ? [...persons.values].map((v) => (Number.isNaN(v) ? 'NaN' : v)) : null,
          heating: heating?.type === 'category' ? [...heating.codes].map((c) => (c < 0 ? null : heating.dict[c])) : null,
        };
      });
    await p.waitForFunction(() => (() => { const l = window.__coverageStore?.getState().project.project?.layers.households; return l?.kind === 'columns' && l.count === 3; })(), null, { timeout: 60_000 });
    const before = await read();
    expect(before).toEqual({ ids: ['A', 'B', 'C'], lon: [114.75, 114.76, 114.77], persons: [3, 'NaN', 5], heating: ['gas', 'electric', null] });
    await expect.poll(async () => (await savedKeys(x)).keys.includes('coverage-planner/v1/layer/households'), { timeout: 60_000 }).toBe(true);
    await p.reload();
    await p.waitForFunction(() => (() => { const l = window.__coverageStore?.getState().project.project?.layers.households; return l?.kind === 'columns' && l.count === 3; })(), null, { timeout: 60_000 });
    expect(await read()).toEqual(before);
    expect(x.errors).toEqual([]);
    await x.context.close();
  }, SLOW);

  test("saved work made of the user's own project (project.json) reopens without fetching the demo county", async () => {
    const x = await openApp(server.app);
    const p = x.page;
    await waitForProject(p);
    const demoFetches = () => x.requests.filter((u) => u.includes('/data/demo/')).length;
    // the first visit has no saved work: the demo county is fetched (so the check below can fail),
    // and its save notes that it takes the demo's layers
    expect(demoFetches()).toBeGreaterThan(0);
    const usesDemo = () => p.evaluate(() => localStorage.getItem('coverage-planner:saved-work-uses-demo'));
    await expect.poll(usesDemo, { timeout: 60_000 }).toBe('1');
    const fc = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { id: 'F1', status: '现有' }, geometry: { type: 'Point', coordinates: [114.75, 38.61] } }] });
    await p.getByTestId('open-files').setInputFiles([
      { name: 'project.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ name: '自有项目县' })) },
      { name: 'fire_stations.geojson', mimeType: 'application/json', buffer: Buffer.from(fc) },
    ]);
    // a clean import applies at once (no dialog)
    await p.waitForFunction(() => window.__coverageStore?.getState().project.project?.name === '自有项目县', null, { timeout: 60_000 });
    await expect.poll(() => savedWorkRecord<string>(p, 'coverage-planner/v1/meta', 'name'), { timeout: 60_000 }).toBe('自有项目县');
    // every layer is the project's own: none is taken from the demo county
    expect(Object.values((await savedWorkRecord<Record<string, string>>(p, 'coverage-planner/v1/meta', 'layers')) ?? { none: 'demo' })).not.toContain('demo');
    expect(await usesDemo()).toBe('0');

    x.requests.length = 0;
    await p.reload();
    await p.waitForFunction(() => window.__coverageStore?.getState().project.project?.name === '自有项目县', null, { timeout: 60_000 });
    await waitForProject(p);
    const own = await p.evaluate(() => {
      const l = window.__coverageStore!.getState().project.project!.layers;
      return { stations: l.fireStations?.kind === 'geojson' ? l.fireStations.data.features.map((f) => f.properties?.id) : null, households: l.households?.kind === 'columns' ? l.households.count : -1 };
    });
    expect(own).toEqual({ stations: ['F1'], households: 0 });
    expect(demoFetches()).toBe(0);

    expect(x.errors).toEqual([]);
    expect(x.externalRequests).toEqual([]);
    await x.context.close();
  }, SLOW);

  test('when IndexedDB refuses writes (quota), a visible message says the work is not saved', async () => {
    const context = await server.app.browser.newContext({ viewport: TEST_VIEWPORT, locale: 'zh-CN' });
    await context.addInitScript(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    const x = await openApp(server.app, { context });
    await waitForMapIdle(x.page);
    const msg = x.page.getByTestId('work-save-error');
    await msg.waitFor({ timeout: 60_000 });
    expect(await msg.textContent()).toMatch(/无法保存到浏览器存储（IndexedDB）：QuotaExceededError/);
    await screenshot(x.page, 'work-save-error');
    expect(x.errors).toEqual([]);
    await context.close();
  }, SLOW);
});
