import { describe, expect, test } from 'vitest';
import { screenshot, useDemoApp } from './harness';

const SLOW = 300_000;

// Issue #13, the fire part in the app: the 规范检查 list shows the official-district, barrier and
// fire-lane rules on the demo county, and the fire panel lists the open fire-lane problems with
// what fixing each would add (the figures of test/cli/readme-figures.test.ts).
describe('fire rules and the fire-lane ledger in the app (demo county)', () => {
  const demo = useDemoApp(SLOW, { county: 'small' });

  test('规范检查: FIRE-02 on the official district, FIRE-07 names the railway, FIRE-09 lists FL-02 and FL-04', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-rules').click();
    await p.getByTestId('rules-run').click();
    await p.getByTestId('rules-counts').waitFor({ timeout: 240_000 });
    expect(await p.getByTestId('rule-FIRE-07').getAttribute('data-status')).toBe('fail');
    expect(await p.getByTestId('rule-FIRE-08').getAttribute('data-status')).toBe('pass');
    expect(await p.getByTestId('rule-FIRE-09').getAttribute('data-status')).toBe('fail');
    await p.getByTestId('rule-FIRE-02-toggle').click();
    expect(await p.getByTestId('rule-FIRE-02-objects').textContent()).toContain('官方辖区 13.2 km²，上限 7 km²');
    await p.getByTestId('rule-FIRE-07-toggle').click();
    expect(await p.getByTestId('rule-FIRE-07-objects').textContent()).toContain('铁路干线“铁路干线（演示）”约 4400 m');
    await p.getByTestId('rule-FIRE-09-toggle').click();
    const lanes = (await p.getByTestId('rule-FIRE-09-objects').textContent()) ?? '';
    expect(lanes).toContain('FL-02');
    expect(lanes).toContain('FL-04');
    expect(lanes).not.toContain('FL-01');
    await p.getByTestId('rule-FIRE-09').scrollIntoViewIfNeeded();
    await screenshot(p, 'fire-rules-panel');
  }, SLOW);

  test('fire panel: the open fire-lane problems with the coverage fixing each adds (0 households today)', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-fire').click();
    await p.getByTestId('fire-run').click();
    const table = p.getByTestId('fire-lanes-table');
    await table.waitFor({ timeout: 240_000 });
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(2);
    expect(rows.join('|')).toContain('FL-02');
    expect(rows.join('|')).toContain('恒山西路');
    expect(rows.join('|')).toContain('道路狭窄');
    await table.scrollIntoViewIfNeeded();
    await screenshot(p, 'fire-lanes-table');
    expect(demo.main.externalRequests).toEqual([]);
    expect(demo.main.errors).toEqual([]);
  }, SLOW);
});
