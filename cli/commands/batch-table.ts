import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CliArgs } from '../args.ts';
import type { OutputKind } from '../out-dir.ts';
import { countiesWithManifest, PROVINCE_FILES, writeProvinceTable } from '../batch/province-table.ts';
import { countyFolders, EXIT_COUNTY_FAILED } from './batch.ts';
import { helpIfAsked } from '../help.ts';
import { BATCH_LOCK, takeLock } from '../batch/lock.ts';

/** What `batch-table` writes into --out (cli/out-dir.ts): the province table; county folders may sit beside it. */
export const OUTPUT: OutputKind = { kind: 'batch', names: [...PROVINCE_FILES, BATCH_LOCK] };

/**
 * `npm run analyze -- batch-table --data <batch output> --out <dir> [--projects <province folder>]` —
 * gather the province table from the county manifests a batch (or a scheduler's per-county jobs,
 * `batch --index i`) wrote. With `--projects`, every county folder of the province is listed, and
 * one without a finished result is reported as missing. Exit code 2 when a county failed or is missing.
 */
export async function run(args: CliArgs): Promise<void> {
  helpIfAsked(
    args.options,
    'batch-table',
    [],
    [
      { key: 'projects', text: { zh: '各县项目文件夹所在的省级文件夹（默认：--data 中有 manifest.json 的县）', en: 'the province folder of the county projects (default: the counties with manifest.json in --data)' } },
      { key: 'force-unlock', text: { zh: '移除另一进程留下的锁（确认其已不在运行时）', en: 'remove a lock left by another process (when you are sure it no longer runs)' } },
    ],
    false,
  );
  const unknown = Object.keys(args.options).filter((k) => k !== 'projects' && k !== 'force-unlock');
  if (unknown.length > 0) {
    throw new Error(`batch-table：未知的选项 ${unknown.map((k) => `--${k}`).join(', ')}；可用：--projects, --force-unlock。\nbatch-table: unknown option ${unknown.map((k) => `--${k}`).join(', ')}; use --projects, --force-unlock.`);
  }
  const data = resolve(args.data);
  const counties = args.options.projects ? countyFolders(resolve(args.options.projects), [data]) : countiesWithManifest(data);
  if (counties.length === 0) {
    throw new Error(`batch-table：“${args.data}”中没有县的结果（<县>/manifest.json）。\nbatch-table: "${args.data}" holds no county results (<county>/manifest.json).`);
  }
  // the province table has one writer at a time (a batch on the same folder writes it too)
  mkdirSync(resolve(args.out), { recursive: true });
  const lock = takeLock(join(resolve(args.out), BATCH_LOCK), { zh: `输出文件夹“${args.out}”`, en: `the output folder "${args.out}"` }, `analyze batch-table ${process.argv.slice(3).join(' ')}`, args.options['force-unlock'] !== undefined && args.options['force-unlock'] !== 'false');
  let counts: Awaited<ReturnType<typeof writeProvinceTable>>;
  try {
    counts = await writeProvinceTable(data, resolve(args.out), counties);
  } finally {
    lock.release();
  }
  console.log(`batch-table: ${counties.length} counties: ${counts.ok} ok, ${counts.error} with errors, ${counts.missing} missing; ${counts.townships} township rows`);
  console.log(`batch-table: wrote ${PROVINCE_FILES.map((f) => `${args.out}/${f}`).join(', ')}`);
  if (counts.error + counts.missing > 0) process.exitCode = EXIT_COUNTY_FAILED;
}
