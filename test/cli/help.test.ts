import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { HYDRANT_PARAMS } from '../../analysis/radii-params.ts';
import { FIRE_PARAMS } from '../../analysis/fire-params.ts';
import { analyze, analyzeHere } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';

const tempDir = tempDirs();
const SLOW = 60_000;

// `analyze <command> --help`: each option with its default, allowed range and source, from the same
// parameter definitions the command checks its options against; nothing read, nothing written.
describe('analyze --help', () => {
  test('with no command, or --help / -h / help first: the usage on stdout, exit 0', async () => {
    for (const argv of [[], ['--help'], ['-h'], ['help']]) {
      const r = await analyzeHere(argv);
      expect(r.code, argv.join(' ')).toBe(0);
      expect(r.stdout).toContain('用法：npm run analyze -- <命令>');
      expect(r.stdout).toContain('npm run analyze -- <命令 / command> --help');
    }
  }, SLOW);

  test('hydrants --help lists every hydrant parameter with its default, range and source, and makes no --out folder', async () => {
    const dir = tempDir('cli-help-');
    const out = join(dir, 'out');
    const r = await analyzeHere(['hydrants', '--help', '--data', join(dir, 'no-such-project'), '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    for (const d of HYDRANT_PARAMS) expect(r.stdout).toContain(`  --${d.key} `);
    expect(r.stdout).toContain('消火栓保护半径：默认 150 m；1–1000 m；来源：GB 50974-2014');
    expect(r.stdout).toContain('Hydrant protection radius: default 150 m; 1–1000 m; source: GB 50974-2014');
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  }, SLOW);

  test('fire -h: every fire parameter and the other options with what they do; help comes before a bad value is refused', async () => {
    const r = await analyzeHere(['fire', '-h', '--turnout', '-1']);
    expect(r.code, r.stderr).toBe(0);
    for (const d of FIRE_PARAMS) expect(r.stdout).toContain(`  --${d.key} `);
    expect(r.stdout).toContain('到达时限（自接警出动起）：默认 5 min；1–60 min；来源：GB 51080-2015');
    expect(r.stdout).toMatch(/--speeds +分道路等级车速/);
    expect(r.stdout).toMatch(/--scenario +按 project\.json 中保存的方案计算/);
  }, SLOW);

  test('site --help names its own options (--facility, --sites …), and batch --help the batch options without --scenario', async () => {
    // as a process (the other command lines here run in this one: analyzeHere): exit 0, the same output
    const site = analyze(['site', '--help']);
    expect(site.code, site.stderr).toBe(0);
    expect(await analyzeHere(['site', '--help'])).toEqual(site);
    for (const k of ['count', 'model', 'facility', 'sites', 'solver', 'curve']) expect(site.stdout).toContain(`  --${k} `);
    const batch = await analyzeHere(['batch', '--help']);
    expect(batch.code, batch.stderr).toBe(0);
    for (const k of ['jobs', 'analyses', 'only', 'index', 'border-km']) expect(batch.stdout).toContain(`  --${k} `);
    expect(batch.stdout).not.toContain('--scenario');
  }, SLOW);
});
