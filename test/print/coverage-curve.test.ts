import { describe, expect, test } from 'vitest';
import { layoutCurve, niceStep } from '../../src/print/coverage-curve';
import { sitingCurve } from '../../src/print/reports';

describe('niceStep', () => {
  test('round steps of 1, 2 or 5 × 10ⁿ, at most n parts', () => {
    expect(niceStep(83.9)).toBe(20); // 83.9 / 5 = 16.8 → 20
    expect(niceStep(100)).toBe(20);
    expect(niceStep(7)).toBe(2);
    expect(niceStep(0.4)).toBe(0.1);
    expect(niceStep(0)).toBe(1);
  });
});

const picks = (pts: { p: number; value: number }[]) => ({ series: [{ kind: 'picks' as const, label: '', points: pts }], marks: pts.map((q) => ({ ...q, title: '' })), percent: true });

describe('layoutCurve', () => {
  test('P = 1 … 3 across the plot, values against a round top from 0', () => {
    // plot box: x 48 … 548 (w 500), y 10 … 210 (h 200) in a 560 × 240 box
    const d = layoutCurve(picks([{ p: 1, value: 30 }, { p: 2, value: 60 }, { p: 3, value: 70 }]), 560, 240);
    expect(d.plot).toEqual({ x: 48, y: 10, w: 500, h: 200 });
    // 30 is under half of 70: the axis starts at 0; step 20 (70 / 5 = 14 → 20), top 80
    expect([d.yMin, d.yMax]).toEqual([0, 80]);
    expect(d.marks.map((q) => [q.x, q.y])).toEqual([
      [48, 135], // 30 of 80: 3/8 up
      [298, 60],
      [548, 35],
    ]);
    expect(d.lines[0].points).toEqual(d.marks.map((q) => ({ x: q.x, y: q.y })));
    expect(d.xTicks.map((t) => t.label)).toEqual(['1', '2', '3']);
    expect(d.yTicks.map((t) => t.label)).toEqual(['0', '20', '40', '60', '80']);
    expect(d.yTicks[0].y).toBe(210);
  });

  test('optimum, bound and greedy: the axis spans round steps around all three series, at most 100 %', () => {
    // values 62 … 97: range 35 → step 10 (35 / 5 = 7 → 10); 60 … 100
    const curve = {
      series: [
        { kind: 'bound' as const, label: '', points: [{ p: 1, value: 70 }, { p: 2, value: 97 }] },
        { kind: 'greedy' as const, label: '', points: [{ p: 1, value: 62 }, { p: 2, value: 90 }] },
        { kind: 'optimum' as const, label: '', points: [{ p: 1, value: 65 }, { p: 2, value: 95 }] },
      ],
      marks: [{ p: 1, value: 65, title: 'a' }, { p: 2, value: 95, title: 'b' }],
      percent: true,
    };
    const d = layoutCurve(curve, 560, 240);
    expect([d.yMin, d.yMax]).toEqual([60, 100]);
    expect(d.lines.map((l) => l.kind)).toEqual(['bound', 'greedy', 'optimum']);
    // 65 of 60 … 100: 1/8 up from the bottom (210 − 25); 95: 7/8 up (210 − 175)
    expect(d.marks.map((q) => [q.x, q.y, q.title])).toEqual([
      [48, 185, 'a'],
      [548, 35, 'b'],
    ]);
    expect(d.lines[0].points[1].y).toBe(210 - 0.925 * 200); // the bound 97 above the optimum 95
    expect(d.yTicks.map((t) => t.label)).toEqual(['60', '70', '80', '90', '100']);
  });

  test('at most about 10 P labels; a single point sits in the middle', () => {
    const many = layoutCurve(picks(Array.from({ length: 25 }, (_, i) => ({ p: i + 1, value: i }))), 560, 250);
    expect(many.xTicks.map((t) => t.label)).toEqual(['1', '4', '7', '10', '13', '16', '19', '22', '25']);
    const one = layoutCurve(picks([{ p: 1, value: 5 }]), 560, 250);
    expect(one.marks[0].x).toBe(48 + 250);
  });
});

describe('sitingCurve', () => {
  test('fire without the per-P curve, and kindergartens: the cumulative coverage by rank', () => {
    const fire = sitingCurve({ facility: 'fire', picks: [{ rank: 1, cumulativeBuiltUpPct: 40.4 }, { rank: 2, cumulativeBuiltUpPct: 59.1 }] }, 'zh');
    expect(fire.series.map((s) => s.kind)).toEqual(['picks']);
    expect(fire.marks.map((m) => [m.p, m.value])).toEqual([[1, 40.4], [2, 59.1]]);
    expect(fire.yLabel).toBe('建成区覆盖率（%）');
    expect(fire.percent).toBe(true);
    const kg = sitingCurve({ facility: 'kindergarten', picks: [{ rank: 1, cumulativeChildrenCovered: 120.5 }] }, 'en');
    expect(kg.series[0].points).toEqual([{ p: 1, value: 120.5 }]);
    expect(kg.yLabel).toBe('Children within radius');
    expect(kg.percent).toBe(false);
  });

  test('fire with the per-P curve: the panel’s optimum, bound and greedy, each mark titled with the three', () => {
    const pt = (p: number, coveredPct: number, boundPct: number, greedyPct: number) => ({ p, objective: 0, bound: 0, gap: 0, status: 'optimal' as const, greedyObjective: 0, coveredPct, boundPct, greedyPct });
    const c = sitingCurve({ facility: 'fire', picks: [{ rank: 1, cumulativeBuiltUpPct: 40 }], curve: [pt(1, 41.2, 41.2, 40), pt(2, 60.5, 61, 59.9)] }, 'zh');
    expect(c.title).toBe('覆盖率—新增站数曲线');
    expect(c.series.map((s) => [s.kind, s.label, s.points.map((q) => q.value)])).toEqual([
      ['bound', '上界', [41.2, 61]],
      ['greedy', '贪心', [40, 59.9]],
      ['optimum', '最优', [41.2, 60.5]],
    ]);
    expect(c.marks.map((m) => m.title)).toEqual(['P = 1：最优 41.2%，上界 41.2%，贪心 40%', 'P = 2：最优 60.5%，上界 61%，贪心 59.9%']);
  });
});
