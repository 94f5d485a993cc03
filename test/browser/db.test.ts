import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadProjectDir } from '../../cli/load-project-dir';
import { openNodeDuckDb } from '../../src/db/duckdb-node';
import { runIndicators, townshipsAboveNote, type IndicatorResults } from '../../src/db/indicators';
import { loadProjectTables } from '../../src/db/project-tables';
import { nodeSqlSource } from '../../src/db/sql-source-node';
import { openApp, queryRenderedFeatures, screenshot, startApp, waitForMapIdle, type AppPage, type AppServer } from './harness';

const SLOW = 300_000;

/** The served county's indicators computed in Node by the same SQL on the same wasm engine. */
async function createNodeIndicators(dir: string): Promise<IndicatorResults> {
  const { project } = await loadProjectDir(dir);
  const db = await openNodeDuckDb();
  try {
    await loadProjectTables(db, project);
    return await runIndicators(db, nodeSqlSource, { 'coal-price': 1200 });
  } finally {
    await db.close();
  }
}

describe('DuckDB-wasm in the app: indicators, tables, SQL console (small county)', () => {
  let app: AppServer;
  let main: AppPage;
  let expected: IndicatorResults;

  beforeAll(async () => {
    app = await startApp({ county: 'small' });
    expected = await createNodeIndicators(app.dataDir);
    main = await openApp(app);
    await waitForMapIdle(main.page);
  }, SLOW);

  afterAll(async () => {
    await app?.close();
  }, SLOW);

  /** Runs `body` on a page of its own in a fresh browser profile (its own DuckDB and saved work), closed afterwards. */
  async function onOwnPage(body: (page: AppPage) => Promise<void>): Promise<void> {
    const own = await openApp(app);
    try {
      await waitForMapIdle(own.page);
      await body(own);
    } finally {
      await own.context.close();
    }
  }

  test('the DuckDB worker and its eh wasm come from the app itself, only when a SQL tab opens (after the first screen); nothing else is fetched', async () => {
    // a browser profile of its own, where no tab that needs SQL was ever opened (whatever the other tests did)
    await onOwnPage(firstSqlTab);
  }, SLOW);

  /** The first SQL tab opened in a fresh browser profile: DuckDB fetched only then, from the app itself. */
  async function firstSqlTab(main: AppPage): Promise<void> {
    const p = main.page;
    // the map is drawn without DuckDB; in a browser where no tab that needs SQL was ever opened its
    // worker and 33 MB wasm are fetched only when such a tab opens
    expect(main.requests.filter((u) => /duckdb/i.test(u))).toEqual([]);
    await p.getByTestId('panel-tab-indicators').click();
    await p.getByTestId('card-gross_enrolment').waitFor({ timeout: 180_000 });
    const order = (re: RegExp) => main.requests.findIndex((u) => re.test(u));
    expect(order(/households\.csv$/)).toBeGreaterThanOrEqual(0);
    expect(order(/households\.csv$/)).toBeLessThan(order(/duckdb/i));
    // the page's own timeline: the mark set when the project is drawn (map idle) precedes the
    // request of DuckDB's worker script (the wasm is fetched by that worker, later still)
    const timeline = await p.evaluate(() => ({
      drawn: performance.getEntriesByName('coverage:project-drawn')[0]?.startTime ?? null,
      duckWorker: performance.getEntriesByType('resource').find((e) => /duckdb-browser-eh\.worker/.test(e.name))?.startTime ?? null,
    }));
    expect(timeline.drawn).not.toBeNull();
    expect(timeline.duckWorker).not.toBeNull();
    expect(timeline.drawn!).toBeLessThan(timeline.duckWorker!);
    const duck = main.requests.filter((u) => /duckdb/i.test(u));
    // the engine ships gzip-compressed (7 of its 33 MB) and is inflated in the page
    expect(duck.some((u) => /duckdb-eh-[^/]*\.wasm\.gz$/.test(u))).toBe(true);
    expect(duck.some((u) => /duckdb-browser-eh\.worker[^/]*\.js$/.test(u))).toBe(true);
    expect(duck.some((u) => /mvp|coi/.test(u))).toBe(false);
    expect(main.externalRequests).toEqual([]);
    expect(main.requests.filter((u) => /extension|duckdb_extension/.test(u))).toEqual([]);
  }

  test('a returning user (a SQL tab opened before in this browser) finds DuckDB started in idle time after the first screen', async () => {
    // a second tab of the same browser profile: the indicators tab was opened in the first one
    await main.page.getByTestId('panel-tab-indicators').click();
    await main.page.getByTestId('card-gross_enrolment').waitFor({ timeout: 180_000 });
    const again = await openApp(app, { context: main.context });
    try {
      await waitForMapIdle(again.page);
      // no tab that needs SQL is opened here: DuckDB's worker comes by itself, after the project is drawn
      await again.page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /duckdb-browser-eh\.worker/.test(e.name)), null, { timeout: 120_000 });
      const t = await again.page.evaluate(() => ({
        drawn: performance.getEntriesByName('coverage:project-drawn')[0]?.startTime ?? null,
        warm: performance.getEntriesByName('coverage:db-warm')[0]?.startTime ?? null,
        duckWorker: performance.getEntriesByType('resource').find((e) => /duckdb-browser-eh\.worker/.test(e.name))?.startTime ?? null,
      }));
      expect(t.drawn).not.toBeNull();
      expect(t.warm).not.toBeNull();
      expect(t.drawn!).toBeLessThan(t.warm!);
      expect(t.warm!).toBeLessThanOrEqual(t.duckWorker!);
      expect(await again.page.getByTestId('panel-tab-indicators').getAttribute('aria-selected')).not.toBe('true');
      expect(again.externalRequests).toEqual([]);
    } finally {
      await again.page.close();
    }
  }, SLOW);

  test('indicator cards show the same values as the SQL run in Node, with target and source', async () => {
    const p = main.page;
    // on its own too (vitest -t): the tab opened here, not only by the test before
    await p.getByTestId('panel-tab-indicators').click();
    await p.getByTestId('card-gross_enrolment').waitFor({ timeout: 180_000 });
    // its card chosen: the bars below are its own (another test may have chosen another card)
    await p.getByTestId('card-gross_enrolment').click();
    expect(await p.getByTestId('indicators-error').count()).toBe(0);
    for (const c of expected.cards) {
      const card = p.getByTestId(`card-${c.id}`);
      const v = await card.getAttribute('data-value');
      if (c.value === null) expect(v).toBe('');
      else expect(Number(v)).toBeCloseTo(c.value, 9);
    }
    const text = (await p.getByTestId('card-gross_enrolment').textContent()) ?? '';
    expect(text).toContain('学前三年毛入园率');
    expect(text).toContain('目标 ≥ 85.0%');
    expect(text).toContain('种子文件000');
    // by-township bars with a target line
    expect(await p.getByTestId('indicator-chart').locator('rect').count()).toBe(expected.cards[0].byTownship.length);
    expect(await p.getByTestId('indicator-chart').locator('line').count()).toBe(1);
    // a township above 100 % is explained under the bars, naming exactly the townships the SQL has there
    const above = townshipsAboveNote(expected.cards.find((c) => c.id === 'gross_enrolment')!);
    const note = p.getByTestId('indicator-above-note');
    if (above.length === 0) expect(await note.count()).toBe(0);
    else {
      const said = (await note.textContent()) ?? '';
      expect(said.slice(0, said.indexOf('：'))).toBe(above.map((b) => `${b.township} ${(b.value * 100).toFixed(1)}%`).join('、'));
      expect(said).toContain('毛入园率超过 100% 不是错误');
    }
    await screenshot(p, 'db-indicators');
  }, SLOW);

  test('a new coal price changes the county share (and nothing else of the coal budget)', async () => {
    const p = main.page;
    await p.getByTestId('panel-tab-indicators').click();
    await p.getByTestId('card-gross_enrolment').waitFor({ timeout: 180_000 });
    const before = Number(await p.getByTestId('card-clean_coal_county_total').getAttribute('data-value'));
    const price = await p.getByTestId('param-coal-price').inputValue();
    await p.getByTestId('param-coal-price').fill('1300');
    await p.getByTestId('param-coal-price').press('Enter');
    // committed to the project's params: the figures computed with the old price are marked stale
    await p.locator('[data-testid="indicators-results"][data-result-status="stale"]').waitFor();
    expect(await p.getByTestId('param-coal-price-changed').count()).toBe(1);
    expect(await p.evaluate(() => window.__coverageStore!.getState().project.project?.params['coal-price'])).toBe(1300);
    await p.getByTestId('indicators-recompute').click();
    await p.waitForFunction((b) => Number(document.querySelector('[data-testid="card-clean_coal_county_total"]')?.getAttribute('data-value')) !== b, before);
    await p.locator('[data-testid="indicators-results"][data-result-status="current"]').waitFor();
    const after = Number(await p.getByTestId('card-clean_coal_county_total').getAttribute('data-value'));
    // +100 yuan/t on every subsidised tonne goes to the county
    const subsidised = expected.queries.clean_coal.find((r) => r.level === 'county')!.subsidised_tonnes as number;
    expect(after - before).toBeCloseTo(100 * subsidised, 3);
    // the price put back and recomputed: the other tests read the figures of the default price
    await p.getByTestId('param-coal-price').fill(price);
    await p.getByTestId('param-coal-price').press('Enter');
    await p.getByTestId('indicators-recompute').click();
    await p.waitForFunction((b) => Number(document.querySelector('[data-testid="card-clean_coal_county_total"]')?.getAttribute('data-value')) === b, before);
    await p.locator('[data-testid="indicators-results"][data-result-status="current"]').waitFor();
  }, SLOW);

  test('the households table searches, sorts, and a row click selects the household on the map', async () => {
    // a page of its own: with the tests shuffled, the search found 0 rows after the reverse test
    // below, which left "selected only" checked (it now unchecks it)
    await onOwnPage((own) => householdsTable(own.page));
  }, SLOW);

  async function householdsTable(p: AppPage['page']): Promise<void> {
    await p.getByTestId('panel-tab-tables').click();
    await p.getByTestId('table-select').selectOption('households');
    await p.getByTestId('table-search').fill('clean_coal');
    const cleanCoal = expected.cards.find((c) => c.id === 'clean_coal_households')!.value!;
    await p.waitForFunction((n) => document.querySelector('[data-testid="table-total"]')?.textContent?.replace(/[^\d]/g, '') === String(n), cleanCoal);
    // field labels as headers with the database name as tooltip; enum codes shown by their label
    const heatingHeader = p.getByTestId('table-rows').locator('th[data-column="heating"]');
    expect(await heatingHeader.textContent()).toBe('取暖方式');
    expect(await heatingHeader.getAttribute('title')).toContain('heating');
    const heatingIndex = await heatingHeader.evaluate((th) => Array.from(th.parentElement!.children).indexOf(th));
    const first = p.getByTestId('table-rows').locator('tbody tr').first();
    expect(await first.locator('td').nth(heatingIndex).textContent()).toBe('洁净煤');
    const id = (await first.locator('td').first().textContent()) ?? '';
    await first.click();
    const sel = await p.evaluate(() => window.__coverageStore!.getState().selection);
    // the row selects its household and brings it into view (focus: its bounds)
    expect(sel).toMatchObject({ layerId: 'households', ids: [id] });
    expect(sel!.focus).toHaveLength(4);
    expect(await first.getAttribute('data-selected')).toBe('true');
    await waitForMapIdle(p);
    const highlighted = await p.evaluate(() => window.__coverageMap!.queryRenderedFeatures({ layers: ['selection-point'] }).length);
    expect(highlighted).toBe(1);
    await p.getByTestId('table-selected-only').check();
    await p.waitForFunction(() => document.querySelector('[data-testid="table-total"]')?.textContent?.startsWith('1 '));
    await screenshot(p, 'db-tables');
    await p.getByTestId('table-selected-only').uncheck();
  }

  test('the reverse: clicking a kindergarten on the map shows the kindergartens table with its row selected', async () => {
    const p = main.page;
    await p.getByTestId('panel-tab-tables').click();
    // the whole county in view (an earlier row click may have flown the map to one household)
    await p.evaluate(
      () =>
        new Promise<void>((ok) => {
          const m = window.__coverageMap!;
          m.once('moveend', () => ok());
          m.jumpTo({ center: [114.7, 38.62], zoom: 10 });
        }),
    );
    await waitForMapIdle(p);
    const pt = await p.evaluate(() => {
      const m = window.__coverageMap!;
      const ids = m.getStyle().layers.filter((l) => /^kindergartens-\d+$/.test(l.id) && l.type === 'circle').map((l) => l.id);
      const box = m.getCanvas().getBoundingClientRect();
      for (const f of m.queryRenderedFeatures({ layers: ids })) {
        if (f.geometry.type !== 'Point') continue;
        const q = m.project(f.geometry.coordinates as [number, number]);
        if (!(q.x > 30 && q.y > 30 && q.x < box.width - 30 && q.y < box.height - 30)) continue;
        // a point a click reaches: the map canvas is what is at that pixel (no control or panel over
        // it) and the topmost point drawn there is a kindergarten (a click picks the topmost point)
        const x = box.left + q.x, y = box.top + q.y;
        if (document.elementFromPoint(x, y) !== m.getCanvas()) continue;
        if (m.queryRenderedFeatures(q).find((h) => h.layer.type === 'circle')?.layer.id !== f.layer.id) continue;
        return { x, y };
      }
      return null;
    });
    expect(pt).not.toBeNull();
    await p.mouse.click(pt!.x, pt!.y);
    const sel = await p.evaluate(() => window.__coverageStore!.getState().selection);
    expect(sel?.layerId).toBe('kindergartens');
    await screenshot(p, 'db-map-to-table');
    await p.waitForFunction(() => (document.querySelector('[data-testid="table-select"]') as HTMLSelectElement | null)?.value === 'kindergartens');
    await p.getByTestId('table-selected-only').check();
    await p.waitForFunction(() => document.querySelector('[data-testid="table-total"]')?.textContent?.startsWith('1 '));
    const row = p.getByTestId('table-rows').locator('tbody tr').first();
    expect(await row.getAttribute('data-selected')).toBe('true');
    expect(await row.textContent()).toContain(sel!.ids[0]);
    // put back: left checked, "selected only" with the selection cleared shows 0 rows to the next
    // test on this page (what the households table once found after this test in a shuffled order)
    await p.getByTestId('table-selected-only').uncheck();
    await p.keyboard.press('Escape');
  }, SLOW);

  test('"selected on map only" ticked on one table, with nothing of the next selected: the empty table says why and a button shows every row', async () => {
    const p = main.page;
    await p.evaluate(() => window.__coverageStore!.getState().setSelection(null));
    await p.getByTestId('panel-tab-tables').click();
    await p.getByTestId('table-select').selectOption('kindergartens');
    await p.getByTestId('table-selected-only').check();
    await p.getByTestId('table-select').selectOption('households');
    await p.getByTestId('table-search').fill('');
    await p.waitForFunction(() => document.querySelector('[data-testid="table-total"]')?.textContent?.replace(/[^\d]/g, '') === '0');
    // the reason in view, in the UI language (before: "0 行" and an empty table)
    expect(await p.getByTestId('table-none-selected').textContent()).toContain('没有选中本表的要素');
    await screenshot(p, 'db-tables-none-selected');
    await p.getByTestId('table-show-all').click();
    expect(await p.getByTestId('table-selected-only').isChecked()).toBe(false);
    // every row: as many as the table list says the households table has
    await p.waitForFunction(() => {
      const select = document.querySelector('[data-testid="table-select"]') as HTMLSelectElement | null;
      const all = select?.selectedOptions[0]?.textContent?.replace(/[^\d]/g, '');
      const total = document.querySelector('[data-testid="table-total"]')?.textContent?.replace(/[^\d]/g, '');
      return !!all && Number(all) > 0 && total === all;
    });
    expect(await p.getByTestId('table-none-selected').count()).toBe(0);
  }, SLOW);

  test('SQL console: a result with lon/lat is shown on the map; autoload cannot be switched on', async () => {
    const p = main.page;
    await p.getByTestId('panel-tab-sql').click();
    await p.getByTestId('sql-input').fill("SELECT id, township, lon, lat FROM households WHERE heating = 'clean_coal' AND co_alarm IS NOT TRUE");
    await p.getByTestId('sql-run').click();
    const withoutAlarm = expected.cards.find((c) => c.id === 'clean_coal_without_alarm')!.value!;
    await p.waitForFunction((n) => document.querySelector('[data-testid="sql-count"]')?.textContent?.replace(/[^\d]/g, '') === String(n), withoutAlarm);
    // the whole county in view, wherever the test before left the map
    await p.locator('.fit-button').click();
    await p.getByTestId('sql-show-on-map').click();
    await waitForMapIdle(p);
    expect((await queryRenderedFeatures(p, 'result:sql-result')).count).toBeGreaterThan(0);
    // no saved query yet (this page's own storage, nothing saved before): the list says how to save one
    expect(await p.getByTestId('sql-saved').locator('li').count()).toBe(0);
    expect(await p.getByTestId('sql-saved-none').textContent()).toContain('保存');
    await p.getByTestId('sql-name').fill('无报警器');
    await p.getByTestId('sql-save').click();
    expect(await p.evaluate(() => localStorage.getItem('coverage-planner.sql.saved.v1'))).toContain('无报警器');
    await p.getByTestId('sql-saved').locator('li', { hasText: '无报警器' }).waitFor();
    expect(await p.getByTestId('sql-saved-none').count()).toBe(0);
    await screenshot(p, 'db-sql');
    await p.getByTestId('sql-input').fill('SET autoload_known_extensions = true');
    await p.getByTestId('sql-run').click();
    await p.getByTestId('sql-error').waitFor();
    expect(await p.getByTestId('sql-error').textContent()).toMatch(/locked/);
    // a result of ids only: the features are taken from the layer the query reads
    await p.getByTestId('sql-input').fill("SELECT id FROM kindergartens WHERE ownership = 'public'");
    await p.getByTestId('sql-run').click();
    await p.waitForFunction(() => (document.querySelector('[data-testid="sql-id-layer"]') as HTMLSelectElement | null)?.value === 'kindergartens');
    await p.getByTestId('sql-ids-on-map').click();
    const publicKg = await p.evaluate(() => window.__coverageStore!.getState().results.find((r) => r.id === 'sql-result')!.data.features.length);
    expect(publicKg).toBe(Number(((await p.getByTestId('sql-count').textContent()) ?? '').replace(/[^\d]/g, '')));
    await p.getByTestId('sql-input').fill("SELECT * FROM read_parquet('x.parquet')");
    await p.getByTestId('sql-run').click();
    await p.waitForFunction(() => /parquet/.test(document.querySelector('[data-testid="sql-error"]')?.textContent ?? ''));
    expect(main.externalRequests).toEqual([]);
  }, SLOW);

  test('a GBK task sheet with a merged header is imported with a preview and its failing rows, and the progress card updates', async () => {
    // a page of its own: the imported table would change the task-progress card the other tests compare with Node's
    await onOwnPage((own) => importTaskSheet(own.page));
  }, SLOW);

  async function importTaskSheet(p: AppPage['page']): Promise<void> {
    await p.getByTestId('panel-tab-indicators').click();
    await p.getByTestId('card-task_completion').waitFor({ timeout: 180_000 });
    await p.getByTestId('ledger-kind').selectOption('task_progress');
    await p.getByTestId('ledger-file').setInputFiles('test/fixtures/db/task-progress-gbk.csv');
    await p.getByTestId('ledger-preview').waitFor();
    expect(await p.getByTestId('ledger-map-target').locator('option:checked').textContent()).toBe('任务数/总计');
    const failures = (await p.getByTestId('ledger-failures').locator('li').allTextContents()).join('\n');
    expect(failures).toContain('“完成数”的值“abc”不是数字');
    expect(failures).toContain('缺少必填项“乡镇”');
    expect(failures).toContain('合计行');
    await p.getByTestId('ledger-import-button').click();
    await p.getByTestId('ledger-done').waitFor();
    // 150 + 720 + 2100 completed of 150 + 900 + 2540 + 200 (see test/db/ledger.test.ts)
    await p.waitForFunction(() => document.querySelector('[data-testid="card-task_completion"]')?.getAttribute('data-value') !== '');
    expect(Number(await p.getByTestId('card-task_completion').getAttribute('data-value'))).toBeCloseTo(2970 / 3790, 9);
    await p.getByTestId('card-task_completion').click();
    await screenshot(p, 'db-ledger-import');
  }

  test('a card shows its household list on the map; the panel reads in English too', async () => {
    const p = main.page;
    await p.getByTestId('panel-tab-indicators').click();
    await p.getByTestId('card-clean_coal_without_alarm').click();
    await p.getByTestId('indicator-show-on-map').click();
    await waitForMapIdle(p);
    const n = await p.evaluate(() => window.__coverageStore!.getState().results.find((r) => r.id === 'indicator-clean_coal_no_alarm')?.data.features.length);
    expect(n).toBe(expected.cards.find((c) => c.id === 'clean_coal_without_alarm')!.value);
    expect((await queryRenderedFeatures(p, 'result:indicator-clean_coal_no_alarm')).count).toBeGreaterThan(0);
    await p.getByTestId('lang-switch').click();
    expect(await p.getByTestId('panel-tab-indicators').textContent()).toBe('Indicators');
    expect(await p.getByTestId('card-gross_enrolment').textContent()).toContain('Gross pre-school enrolment');
    await screenshot(p, 'db-indicators-en');
    await p.getByTestId('lang-switch').click();
  }, SLOW);
});
