import { describe, expect, test } from 'vitest';
import { screenshot, useDemoApp } from './harness';

const SLOW = 300_000;

// The 规范检查 panel on the demo county: every rule grouped by user with ✓/✗/—, rule id and clause;
// a failing rule opens onto its objects (FS-01's 13 vehicles against the 5–7 of a 一级站).
describe('rule-check panel (规范检查) on the demo county', () => {
  const demo = useDemoApp(SLOW);

  test('lists the rules by user with their clauses; FIRE-04 names FS-01', async () => {
    const p = demo.main.page;
    await p.getByTestId('panel-tab-rules').click();
    await p.getByTestId('rules-run').click();
    await p.getByTestId('rules-counts').waitFor({ timeout: 240_000 });
    for (const g of ['fire', 'planners', 'resources']) await p.getByTestId(`rules-group-${g}`).waitFor();
    const fire = p.getByTestId('rules-group-fire');
    expect(await fire.locator('h3').textContent()).toBe('消防救援');
    expect(await fire.getByTestId('rule-FIRE-04').getAttribute('data-status')).toBe('fail');
    expect(await p.getByTestId('rule-FIRE-04-clause').textContent()).toContain('专栏 4 车辆配备数量');
    expect(await p.getByTestId('rule-FIRE-03-clause').textContent()).toContain('[转引]');
    expect(await p.getByTestId('rule-KG-01').getAttribute('data-status')).toBe('pass');
    expect(await p.getByTestId('rule-KG-03').getAttribute('data-status')).toBe('na');
    expect(await p.getByTestId('rule-RES-01').getAttribute('data-status')).toBe('pass');
    await p.getByTestId('rule-FIRE-04-toggle').click();
    const objects = p.getByTestId('rule-FIRE-04-objects');
    await objects.waitFor();
    expect(await objects.textContent()).toContain('FS-01');
    expect(await objects.textContent()).toContain('13 辆车，一级站应为 5–7 辆');
    await p.getByTestId('rule-FIRE-01-toggle').click();
    // the same figure as `analyze fire` (test/cli/readme-figures.test.ts): engine arrival, roads ≥ 4 m
    expect(await p.getByTestId('rule-FIRE-01').textContent()).toContain('建成区 22.7%');
    expect(await p.getByTestId('rule-FIRE-06').textContent()).toContain('41217 条道路中 5632 条窄于 4 m');
    await screenshot(p, 'rules-panel');
    // HYD-06 opens onto the plan's table 专栏1 beside ours: 南环路 15 the plan's way, 11 ours
    expect(await p.getByTestId('rule-HYD-06').getAttribute('data-status')).toBe('pass');
    await p.getByTestId('rule-HYD-06-toggle').click();
    const table = p.getByTestId('rule-HYD-06-table');
    await table.waitFor();
    expect(await table.textContent()).toContain('按规划专栏1口径');
    const first = await table.locator('tbody tr').first().locator('td').allTextContents();
    expect(first).toEqual(['南环路', '太行路→东环路', '15', '15', '11', '15', '3,400']);
    expect(await table.locator('tbody tr').count()).toBe(9);
    await table.scrollIntoViewIfNeeded();
    await screenshot(p, 'rules-hyd06-table');
    // in English the clause and the objects read "label: text", not the full-width colon of Chinese
    await p.getByTestId('lang-switch').click();
    await p.locator('html[lang="en"]').waitFor({ state: 'attached' });
    const clause = (await p.getByTestId('rule-FIRE-03-clause').textContent())!;
    expect(clause).toContain('[secondary]: ');
    expect(clause).not.toContain('：');
    expect(await p.getByTestId('rule-FIRE-04-objects').textContent()).not.toContain('：');
    await p.getByTestId('lang-switch').click();
    await p.locator('html[lang="zh-CN"]').waitFor({ state: 'attached' });
    expect(await p.getByTestId('rule-FIRE-03-clause').textContent()).toContain('[转引]：');
    expect(demo.main.externalRequests).toEqual([]);
    expect(demo.main.errors).toEqual([]);
  }, SLOW);
});
