import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { run as runSite } from '../../cli/commands/site.ts';
import { openXlsx } from '../support/xlsx-check.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { writeTwoTownshipCounty } from '../support/two-township-county.ts';

// Session 20: site-summary.json `params` showed project.json's `model: backup` beside the `mclp`
// a kindergarten siting actually solved (a warning explained it), and share 80 as if an mclp run
// had used it. `params` now says what ran; the file's unread value is kept as fileValueNotUsed.

const tempDir = tempDirs();
const SLOW = 120_000;

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

type Param = { key: string; value: unknown; default: unknown; fileValueNotUsed?: unknown };

async function site(params: Record<string, unknown>, options: Record<string, string>) {
  const prov = tempDir('site-params-');
  writeTwoTownshipCounty(prov, 'c', ['甲乡', '乙镇', '甲乡', '', '乙镇'], { fire: true, children: true });
  const data = join(prov, 'c');
  writeFileSync(join(data, 'project.json'), JSON.stringify({ name: '参数县', params }));
  const out = join(data, 'out');
  await runSite({ command: 'site', data, out, options });
  const summary = JSON.parse(readFileSync(join(out, 'site-summary.json'), 'utf8')) as { model: string; params: Param[] };
  const byKey = new Map(summary.params.map((p) => [p.key, p]));
  const about = openXlsx(readFileSync(join(out, 'site-picks.xlsx'))).sheets.at(-1)!;
  return { summary, byKey, about };
}

describe('site-summary.json params: what the run used', () => {
  test('kindergarten, model backup in project.json: params.model is mclp (what ran), the file value kept; share unread → null; capacity-places read', async () => {
    const { summary, byKey, about } = await site({ model: 'backup', share: 80, 'capacity-places': 180 }, { facility: 'kindergarten', count: '1' });
    expect(summary.model).toBe('mclp');
    expect(byKey.get('model')).toMatchObject({ value: 'mclp', default: 'mclp', fileValueNotUsed: 'backup' });
    expect(byKey.get('share')).toMatchObject({ value: null, fileValueNotUsed: 80 });
    expect(byKey.get('capacity-places')).toMatchObject({ value: 180 });
    expect(byKey.get('capacity-places')).not.toHaveProperty('fileValueNotUsed');
    // the workbook's 说明 sheet lists the model that ran (mclp is the default: not listed), not backup,
    // and the values the run read (capacity-places)
    expect(about.name).toBe('说明');
    expect(about.rows.flat().join(' ')).not.toContain('backup');
    expect(about.rows.flat().join(' ')).toContain('capacity-places');
    // nor the share the mclp run did not read
    expect(about.rows.flat().join(' ')).not.toContain('（share）');
  }, SLOW);

  test('fire, model backup in project.json: backup ran, params.model backup, no fileValueNotUsed; count on the command line as given', async () => {
    const { summary, byKey, about } = await site({ model: 'backup', 'capacity-places': 180 }, { count: '1' });
    expect(summary.model).toBe('backup');
    expect(byKey.get('model')).toEqual(expect.objectContaining({ value: 'backup' }));
    expect(byKey.get('model')).not.toHaveProperty('fileValueNotUsed');
    expect(byKey.get('count')).toMatchObject({ value: '1' });
    expect(byKey.get('capacity-places')).toMatchObject({ value: null, fileValueNotUsed: 180 });
    expect(about.rows).toContainEqual([expect.stringContaining('（model）'), 'backup']);
    expect(about.rows.flat().join(' ')).not.toContain('capacity-places');
  }, SLOW);
});
