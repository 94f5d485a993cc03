import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi, type MockInstance } from 'vitest';
import { run as runSite } from '../../cli/commands/site.ts';
import type { AnalysisWarning } from '../../analysis/analysis-warning.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { writeTwoTownshipCounty } from '../support/two-township-county.ts';

// Session 19: `site --share 80` with mclp is refused, but `share: 80` in project.json params (set
// from the panel, or a scenario's) was read and unused without a word; `model: backup` in params
// refused kindergarten siting ("kindergartens take --model mclp or lscp") while the panel sited with
// mclp; `capacity-places` in params with lscp refused the kindergarten siting outright.

const tempDir = tempDirs();
const SLOW = 120_000;

/** The two-township county (roads, a far station, a kindergarten, one child per household) with these project.json fields. */
function county(project: Record<string, unknown>): string {
  const prov = tempDir('siting-ignored-');
  writeTwoTownshipCounty(prov, 'c', ['甲乡', '乙镇', '甲乡', '', '乙镇'], { fire: true, children: true });
  const data = join(prov, 'c');
  writeFileSync(join(data, 'project.json'), JSON.stringify({ name: '参数县', ...project }));
  return data;
}

let stderr: MockInstance<typeof console.error>;
beforeEach(() => {
  stderr = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

async function site(data: string, options: Record<string, string>, scenario?: string): Promise<{ summary: Record<string, unknown> & { warnings: AnalysisWarning[] }; err: string }> {
  const out = join(data, `out-${Object.values(options).join('-') || 'default'}`);
  await runSite({ command: 'site', data, out, options, scenario });
  const summary = JSON.parse(readFileSync(join(out, 'site-summary.json'), 'utf8'));
  return { summary, err: stderr.mock.calls.map((c) => String(c[0])).join('\n') };
}

const notUsed = (s: { warnings: AnalysisWarning[] }) => s.warnings.filter((w) => w.code === 'param-not-used').map((w) => w.message.en);

describe('site: project.json params the siting does not read are said (site-summary.json warnings and stderr, zh + en)', () => {
  test('fire, mclp: share 80 and capacity-places 180 in params — two warnings, the run as without them', async () => {
    const data = county({ params: { share: 80, 'capacity-places': 180 } });
    const { summary, err } = await site(data, { count: '1' });
    expect(summary.model).toBe('mclp');
    expect(notUsed(summary)).toEqual([
      expect.stringContaining('project.json params.share (Set-covering target (lscp: fewest sites to reach this share)) is 80 %: it applies to the lscp model only; the model is mclp, so it was not used'),
      expect.stringContaining('project.json params.capacity-places (Places per new kindergarten (0 = no limit: coverage by radius only)) is 180: it applies to kindergarten siting only; this is fire-station siting'),
    ]);
    expect(err).toContain('site: 警告 param-not-used：project.json 的 params.share（集合覆盖目标覆盖率（lscp：达到该比例所需最少站点））为 80 %：只用于 lscp 模型，本次模型为 mclp，未使用该值。');
    expect(err).toContain('site: WARNING param-not-used: project.json params.capacity-places');
    // the same count from the command line: the project's count is not looked at
    expect(notUsed(summary).some((m) => m.includes('params.count'))).toBe(false);
  }, SLOW);

  test('fire, lscp given on the command line: share in params is read (no warning), count in params is not', async () => {
    const data = county({ params: { share: 80, count: 5 } });
    const { summary } = await site(data, { model: 'lscp' });
    expect(summary.model).toBe('lscp');
    expect(notUsed(summary)).toEqual([expect.stringContaining('project.json params.count (Number of new sites) is 5: it applies to the mclp / backup / mexclp model only; the model is lscp')]);
  }, SLOW);

  test('kindergarten with model backup and backup-weight in params: sited with mclp as in the panel (was refused), both said; capacity-places used', async () => {
    const data = county({ params: { model: 'backup', 'backup-weight': 2, 'capacity-places': 180 } });
    const { summary } = await site(data, { facility: 'kindergarten', count: '1' });
    expect(summary.model).toBe('mclp');
    expect(summary.capacity).toMatchObject({ placesPerSite: 180 });
    expect(notUsed(summary)).toEqual([
      expect.stringContaining('project.json params.model (Model'),
      expect.stringContaining('params.backup-weight (Backup weight (backup: extra value when a second station reaches)) is 2: it applies to fire-station siting only; this is kindergarten siting'),
    ]);
    expect(notUsed(summary)[0]).toContain('is backup: kindergarten siting has the mclp and lscp models only; it was sited with mclp');
  }, SLOW);

  test('kindergarten with model backup on the command line is still refused', async () => {
    const data = county({});
    await expect(runSite({ command: 'site', data, out: join(data, 'out'), options: { facility: 'kindergarten', model: 'backup' } })).rejects.toThrow('site: kindergartens take --model mclp or lscp');
  });

  test('kindergarten lscp with capacity-places in params: sited without the capacity (was refused), said', async () => {
    const data = county({ params: { model: 'lscp', 'capacity-places': 180 } });
    const { summary } = await site(data, { facility: 'kindergarten' });
    expect(summary.model).toBe('lscp');
    expect(summary.capacity).toBeUndefined();
    expect(notUsed(summary)).toEqual([expect.stringContaining('params.capacity-places (Places per new kindergarten (0 = no limit: coverage by radius only)) is 180: it applies to the mclp model only; the model is lscp')]);
  }, SLOW);

  test("a scenario's own value is named with the scenario", async () => {
    const data = county({ params: {}, scenarios: { active: 's2', list: [{ id: 's1', name: '现状', edits: [], params: {} }, { id: 's2', name: '方案二', edits: [], params: { share: 80 } }] } });
    const { summary, err } = await site(data, { count: '1' });
    expect(notUsed(summary)).toEqual([expect.stringContaining('project.json params.share (Set-covering target (lscp: fewest sites to reach this share)) of scenario "方案二" is 80 %')]);
    expect(err).toContain('project.json 中方案“方案二”的 params.share');
  }, SLOW);

  test('plot settings with grid candidates are said', async () => {
    const data = county({ params: { 'station-level': 'volunteer' } });
    const { summary } = await site(data, { count: '1' });
    expect(notUsed(summary)).toEqual([expect.stringContaining('params.station-level (Fire station level (sets the land needed: level-1 / level-2 / volunteer)) is volunteer: it applies only when reserve plots are candidates (candidate-source plots / both); the candidates are the grid')]);
  }, SLOW);
});
