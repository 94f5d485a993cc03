import { describe, expect, test } from 'vitest';
import { parseArgs } from '../../cli/args.ts';
import { run as exportShp } from '../../cli/commands/export-shp.ts';
import { run as importFiles } from '../../cli/commands/import.ts';
import { run as site } from '../../cli/commands/site.ts';
import { run as uncovered } from '../../cli/commands/uncovered.ts';
import type { CliArgs } from '../../cli/args.ts';

/** A refused command line, as the CLI prints it: the Chinese line first, then the English one. */
async function refusal(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

/** The data folder does not exist: a command that read it before refusing would fail with another message. */
const args = (command: string, options: Record<string, string>, files: string[] = []): CliArgs => ({ command, data: '/nonexistent/county', out: 'out/none', options, files });

describe('command-line refusals speak Chinese first, then English (before any work: no project is read)', () => {
  test.each([
    ['a stray argument', () => parseArgs(['fire', 'stations.geojson']), '多余的参数“stations.geojson”', 'Unexpected argument "stations.geojson"'],
    // session 13: the last one used to win without a word (a long script that sets --turnout twice)
    ['an option given twice', () => parseArgs(['fire', '--turnout', '1', '--traffic', '0.7', '--turnout=6']), '选项 --turnout 给出了两次（“1”和“6”）', 'Option --turnout is given twice ("1" and "6")'],
    ['export-shp --encoding latin1', () => exportShp(args('export-shp', { encoding: 'latin1' })), 'export-shp：--encoding 只能是 gbk 或 utf-8', 'export-shp: --encoding must be gbk or utf-8'],
    ['import with no file', () => importFiles(args('import', {})), 'import：没有给出要导入的文件', 'import: no files given'],
    ['import --offset wgs', () => importFiles(args('import', { offset: 'wgs' }, ['a.csv'])), 'import：--offset 只能是 gcj02、bd09 或 none，收到“wgs”', 'import: --offset must be gcj02, bd09 or none, got "wgs"'],
    ['site --facility school', () => site(args('site', { facility: 'school', solver: 'greedy' })), 'site：--facility 只能是 fire（消防站）或 kindergarten（幼儿园）', 'site: --facility must be "fire" or "kindergarten"'],
    ['site --curve 0', () => site(args('site', { curve: '0', solver: 'greedy' })), 'site：--curve 为“0”，应为 1–50 的整数', 'site: --curve is "0"; it must be a whole number 1–50'],
    ['uncovered --services bus', () => uncovered(args('uncovered', { services: 'bus' })), 'uncovered：--services bus 不在可选范围内', 'uncovered: --services bus is not one of'],
    ['uncovered --heating wood', () => uncovered(args('uncovered', { heating: 'wood' })), 'uncovered：--heating wood 不在可选范围内', 'uncovered: --heating wood is not one of'],
  ])('%s', async (_name, call, zh, en) => {
    const msg = await refusal(call);
    const lines = msg.split('\n');
    expect(lines[0]).toContain(zh);
    expect(lines[1]).toContain(en);
  });
});
