import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { zh } from '../../src/i18n/zh/index';
import { en } from '../../src/i18n/en/index';

const ROOT = resolve(import.meta.dirname, '../..');

/** Every path to a leaf ("fire.status.existing") with its kind: string, function or object. */
function shape(o: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object') for (const [p, t] of shape(v, path)) out.set(p, t);
    else out.set(path, typeof v);
  }
  return out;
}

describe('fire, radii, siting and plots strings: one file per language', () => {
  for (const ns of ['fire', 'radii', 'siting', 'plots'] as const) {
    test(`${ns}: en has exactly the keys of zh, each of the same kind, none empty`, () => {
      const z = shape(zh[ns]);
      const e = shape(en[ns]);
      expect([...e.keys()].sort()).toEqual([...z.keys()].sort());
      for (const [k, kind] of z) expect(`${k}:${e.get(k)}`).toBe(`${k}:${kind}`);
      for (const msgs of [zh[ns], en[ns]]) {
        for (const k of z.keys()) {
          const v = k.split('.').reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], msgs);
          if (typeof v === 'string' && k !== 'fire.straightLineNote') expect(v.trim().length, k).toBeGreaterThan(0);
        }
      }
    });
  }

  test('strings with numbers, worked by hand', () => {
    expect(zh.fire.isochroneLegend(5)).toBe('5 分钟内');
    expect(en.fire.isochroneLegend(5)).toBe('within 5 min');
    expect(zh.fire.builtUpReached(5)).toBe('建成区 5 分钟可达率（前 → 后）');
    expect(en.fire.target(80)).toBe('target ≥ 80%');
    expect(zh.fire.householdsWithinField(4)).toBe('4分钟内农户');
    expect(zh.radii.firstRows(300, 1359)).toBe('仅显示前 300 行，共 1359 行');
    expect(en.radii.firstRows(300, 1359)).toBe('First 300 of 1359 rows');
    expect(zh.radii.hydrants.sides(2, 0)).toBe('左侧 2、右侧 0');
    expect(en.radii.kindergartens.radiusRule('曲阳县城', false)).toContain('(曲阳县城)');
    expect(en.radii.kindergartens.radiusRule('曲阳县城', false)).toMatch(/Shares are of places\.$/);
    expect(zh.radii.kindergartens.radiusRule('曲阳县城', true)).toMatch(/占比按在园幼儿计算。$/);
    expect(zh.siting.target(80)).toBe('目标 ≥80%');
    expect(en.siting.target(80)).toBe('target ≥ 80%');
    // the CSV headers: one name per column, 8 columns in both languages
    expect([zh.siting.csvFire.length, en.siting.csvFire.length, zh.siting.csvKindergarten.length, en.siting.csvKindergarten.length]).toEqual([8, 8, 8, 8]);
    expect([zh.plots.csv.length, en.plots.csv.length]).toEqual([10, 10]);
    expect(zh.plots.statedValue('319.56', null)).toBe('319.56（一致）');
    expect(en.plots.statedValue('319.56', '-1.20')).toBe('319.56 (-1.20)');
    // 2 parcels of 10.5 and 3 亩 in 城关镇
    expect(zh.plots.plotPlace('城关镇', zh.plots.parcels(2, '10.5 + 3'))).toBe('（城关镇，2块：10.5 + 3 亩）');
    expect(en.plots.plotPlace('Chengguan', en.plots.areaMu('13.50'))).toBe(' (Chengguan, 13.50 mu)');
  });

  test('the panels write no UI text inline: no {zh, en} pairs and no Chinese outside comments', () => {
    const dirs = ['fire', 'hydrants', 'kindergartens', 'uncovered', 'radii', 'siting', 'plots'].map((d) => join(ROOT, 'src/panels', d));
    // data, not UI text: the bilingual CSV header of an exported file, and the id prefix of accepted hydrants
    const allowed = [/toCsv\(\['道路 road'/, /`规划-\$\{/];
    const found: string[] = [];
    let files = 0;
    for (const dir of dirs) {
      for (const name of readdirSync(dir).filter((n) => /\.tsx?$/.test(n))) {
        files++;
        const lines = readFileSync(join(dir, name), 'utf8').split('\n');
        lines.forEach((line, i) => {
          const code = line.replace(/\/\/.*$/, '');
          if (/^\s*(\*|\/\*)/.test(line)) return;
          if (/\bzh:\s*['`]/.test(code) || (/[\u4e00-\u9fff]/.test(code) && !allowed.some((r) => r.test(code)))) found.push(`${name}:${i + 1}: ${line.trim()}`);
        });
      }
    }
    expect(files).toBeGreaterThanOrEqual(12);
    expect(found).toEqual([]);
  });
});

describe('the siting solver in the Chinese panel (session 15 walk: 求解器 greedy + interchange, notes in English)', () => {
  const coverage = { candidateCount: 2, demandCount: 3, offset: Int32Array.from([0, 2, 3]), demand: Int32Array.from([0, 1, 2]) };
  const problem = { model: 'mclp' as const, coverage, weights: Float64Array.from([1, 1, 1]), p: 1 };
  const latin = /[A-Za-z]{3,}/;

  test('the analysis\'s own solver names are Chinese; a solver\'s name (HiGHS) stays as it is', async () => {
    const { solveSitingExact, solveCapacitatedSiting } = await import('../../analysis/siting-exact.ts');
    const names = [solveSitingExact(problem).solver, solveCapacitatedSiting({ coverage, weights: problem.weights, capacity: Float64Array.from([5, 5]), p: 1 } as never).solver];
    expect(names).toEqual(['greedy + interchange', 'greedy']);
    for (const n of names) expect(zh.siting.solverName(n)).not.toMatch(latin);
    expect(zh.siting.solverName('HiGHS 1.15.3')).toBe('HiGHS 1.15.3');
    expect(en.siting.solverName('greedy')).toBe('greedy');
  });

  test('why the exact solver was not used, in Chinese', () => {
    expect(zh.siting.solverNote('model too big for the solver (3000001 nonzeros > 3000000)')).toBe('模型过大，未交给求解器（3000001 个非零系数，上限 3000000）');
    expect(zh.siting.solverNote('solver not used: the solver failed')).toMatch(/^未使用求解器：/);
  });
});
