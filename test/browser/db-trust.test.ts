import { describe, expect, test } from 'vitest';
import { INDICATOR_CARDS } from '../../src/db/indicators';
import { screenshot, useDemoApp } from './harness';

const SLOW = 300_000;

/** Cards that read the households table (the others read kindergartens or an imported sheet only). */
const HOUSEHOLD_CARDS = INDICATOR_CARDS.filter((c) => 'households' in c.needs).map((c) => c.id);

describe('figures you can trust: the SQL console cannot reach out, can be cancelled, and a dropped table gives 无数据', () => {
  const demo = useDemoApp();

  async function runSql(sql: string): Promise<void> {
    const p = demo.main.page;
    await p.getByTestId('sql-input').fill(sql);
    await p.getByTestId('sql-run').click();
    await p.waitForFunction(() => !(document.querySelector('[data-testid="sql-run"]') as HTMLButtonElement | null)?.disabled);
  }

  /**
   * Runs `body`, which changes the households table from the console, on a kept copy of it, and
   * puts the table back afterwards: the other tests of this page see the demo as loaded, in any order.
   */
  async function withHouseholdsKept(body: () => Promise<void>): Promise<void> {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-sql').click();
    await runSql('CREATE TABLE households_kept AS SELECT * FROM households');
    expect(await p.getByTestId('sql-error').count()).toBe(0);
    try {
      await body();
    } finally {
      await p.getByTestId('panel-tab-sql').click();
      await runSql('CREATE OR REPLACE TABLE households AS SELECT * FROM households_kept');
      await runSql('DROP TABLE households_kept');
    }
  }

  test('LOAD, INSTALL and read_csv of a URL give a clear error and nothing leaves localhost', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-sql').click();
    await p.getByTestId('sql-input').waitFor({ timeout: 180_000 });
    await runSql('LOAD httpfs');
    expect(await p.getByTestId('sql-error').textContent()).toBe('不允许安装或加载 DuckDB 扩展（本工具离线运行，不下载任何内容）：LOAD httpfs');
    await runSql('INSTALL spatial');
    expect(await p.getByTestId('sql-error').textContent()).toContain('不允许安装或加载 DuckDB 扩展');
    await runSql("SELECT * FROM read_csv('http://example.com/x.csv')");
    const text = (await p.getByTestId('sql-error').textContent()) ?? '';
    expect(text).toMatch(/^不允许读取文件或网址：/);
    expect(text).toContain('http://example.com/x.csv');
    await screenshot(p, 'db-sql-refused');
    await p.getByTestId('lang-switch').click();
    await runSql('LOAD httpfs');
    expect(await p.getByTestId('sql-error').textContent()).toBe('DuckDB extensions cannot be installed or loaded (this tool runs offline and downloads nothing): LOAD httpfs');
    await p.getByTestId('lang-switch').click();
    expect(demo.main.externalRequests).toEqual([]);
    expect(demo.main.requests.filter((u) => /example\.com|extensions\.duckdb\.org|duckdb_extension/.test(u))).toEqual([]);
  }, SLOW);

  test('a long query can be cancelled: the console returns to idle with 已取消 and the next query works', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-sql').click();
    // 10¹⁰ rows of a cross join: minutes on the wasm engine
    await p.getByTestId('sql-input').fill('SELECT count(*) AS n, sum(a.range * b.range) AS s FROM range(100000) a, range(100000) b');
    await p.getByTestId('sql-run').click();
    await p.getByTestId('sql-cancel').waitFor();
    expect(await p.getByTestId('sql-run').isDisabled()).toBe(true);
    await screenshot(p, 'db-sql-running');
    const t0 = Date.now();
    await p.getByTestId('sql-cancel').click();
    await p.getByTestId('sql-notice').waitFor({ timeout: 60_000 });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(await p.getByTestId('sql-notice').textContent()).toBe('已取消：查询已停止，数据库可继续使用');
    expect(await p.getByTestId('sql-cancel').count()).toBe(0);
    expect(await p.getByTestId('sql-error').count()).toBe(0);
    await screenshot(p, 'db-sql-cancelled');
    await runSql("SELECT count(*) AS n FROM households WHERE heating = 'clean_coal'");
    // README: 47,248 clean-coal households
    expect(await p.getByTestId('sql-count').textContent()).toBe('1 行');
    expect(await p.getByTestId('sql-rows').locator('tbody td').first().textContent()).toMatch(/^47,?248$/);
    // leaving the console stops a running statement: the indicators (queued behind it) come at once
    await p.getByTestId('sql-input').fill('SELECT count(*) AS n, sum(a.range * b.range) AS s FROM range(100000) a, range(100000) b');
    await p.getByTestId('sql-run').click();
    await p.getByTestId('sql-cancel').waitFor();
    await p.getByTestId('panel-tab-indicators').click();
    await p.waitForFunction(() => document.querySelector('[data-testid="card-gross_enrolment"]')?.getAttribute('data-status') === 'ok', null, { timeout: 60_000 });
  }, SLOW);

  test('households of one township only: gross enrolment 392 % and every household card flagged ⚠, none ✓; the bars follow', async () => {
    await withHouseholdsKept(oneTownship);
  }, SLOW);

  async function oneTownship(): Promise<void> {
    const p = demo.main.page;
    // the demo as loaded: README 88.0 % ✓; the three "≤ 0" cards ✗
    await p.getByTestId('panel-tab-indicators').click();
    await p.waitForFunction(() => document.querySelector('[data-testid="card-gross_enrolment"]')?.getAttribute('data-status') === 'ok', null, { timeout: 180_000 });
    expect(await p.getByTestId('card-gross_enrolment').textContent()).toContain('88.0%');
    for (const id of ['clean_coal_without_alarm', 'dilapidated_area_breaches', 'towns_without_maintenance']) {
      expect(await p.getByTestId(`card-${id}`).getAttribute('data-status')).toBe('fail');
    }
    await p.getByTestId('panel-tab-sql').click();
    await runSql("DELETE FROM households WHERE township IS DISTINCT FROM '恒州镇'");
    expect(await p.getByTestId('sql-error').count()).toBe(0);
    await p.getByTestId('panel-tab-indicators').click();
    await p.waitForFunction(
      () => {
        const c = document.querySelector('[data-testid="card-gross_enrolment"]');
        return c?.getAttribute('data-status') === 'implausible' && !c.hasAttribute('data-stale');
      },
      null,
      { timeout: 120_000 },
    );
    // README: 18,639 enrolled in the county; 4,757 children aged 3–5 in 恒州镇 → 391.8 %
    expect(Number(await p.getByTestId('card-gross_enrolment').getAttribute('data-value'))).toBeCloseTo(18639 / 4757, 9);
    const issues = (await p.getByTestId('card-issues-gross_enrolment').textContent()) ?? '';
    expect(issues).toContain('表 households 缺少 18 个乡镇中 17 个的数据');
    expect(issues).toContain('391.8% 超出合理范围（0.0% – 200.0%）');
    for (const id of HOUSEHOLD_CARDS) {
      const status = await p.getByTestId(`card-${id}`).getAttribute('data-status');
      expect(['implausible', 'no-data'], id).toContain(status);
      expect(await p.getByTestId(`card-${id}`).textContent(), id).not.toContain('✓');
    }
    await p.getByTestId('card-gross_enrolment').click();
    const bars = p.getByTestId('indicator-chart').locator('g[data-status]');
    expect(await bars.count()).toBe(18);
    // 恒州镇 keeps its 166.7 % but the county data is incomplete; the other townships have no children
    expect(await p.getByTestId('indicator-chart').locator('g[data-status="implausible"]').count()).toBe(1);
    expect(await p.getByTestId('indicator-chart').locator('g[data-status="no-data"]').count()).toBe(17);
    await screenshot(p, 'db-indicators-implausible');
    await p.getByTestId('indicator-chart').scrollIntoViewIfNeeded();
    await screenshot(p, 'db-indicators-implausible-chart');
  }

  test('DROP TABLE households in the console: the household cards say 无数据 with the reason, none says ✓', async () => {
    await withHouseholdsKept(dropHouseholds);
  }, SLOW);

  async function dropHouseholds(): Promise<void> {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-sql').click();
    await runSql('DROP TABLE households');
    expect(await p.getByTestId('sql-error').count()).toBe(0);
    await p.getByTestId('panel-tab-indicators').click();
    await p.waitForFunction(
      () => {
        const c = document.querySelector('[data-testid="card-gross_enrolment"]');
        return c?.getAttribute('data-status') === 'no-data' && !c.hasAttribute('data-stale');
      },
      null,
      { timeout: 120_000 },
    );
    expect(HOUSEHOLD_CARDS.length).toBeGreaterThanOrEqual(9);
    for (const id of HOUSEHOLD_CARDS) {
      const card = p.getByTestId(`card-${id}`);
      expect(await card.getAttribute('data-status'), id).toBe('no-data');
      const text = (await card.textContent()) ?? '';
      expect(text, id).toContain('无数据');
      expect(text, id).not.toContain('✓');
      expect(await p.getByTestId(`card-issues-${id}`).textContent(), id).toContain('表 households 不存在');
    }
    // the kindergartens table is still there: the public share is computed from it alone (README 53.0 % ✓)
    expect(await p.getByTestId('card-public_share').getAttribute('data-status')).toBe('ok');
    expect(await p.getByTestId('card-public_share').textContent()).toContain('53.0%');
    await p.getByTestId('card-clean_coal_without_alarm').click();
    await screenshot(p, 'db-indicators-no-data');
    await p.getByTestId('lang-switch').click();
    expect(await p.getByTestId('card-clean_coal_without_alarm').textContent()).toContain('No data');
    expect(await p.getByTestId('card-issues-clean_coal_without_alarm').textContent()).toBe('table households does not exist');
    await screenshot(p, 'db-indicators-no-data-en');
    await p.getByTestId('lang-switch').click();
    expect(demo.main.externalRequests).toEqual([]);
  }
});
