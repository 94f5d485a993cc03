import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { CliArgs } from '../args.ts';
import { osmReadFailure } from '../../analysis/osm-pbf.ts';
import { osmToProject } from '../../analysis/osm-to-project.ts';
import type { OutputKind } from '../out-dir.ts';
import { writeJsonFile } from '../stream-write.ts';
import { cannotRead } from '../load-project-dir.ts';
import { helpIfAsked } from '../help.ts';

/** `import-osm` writes a whole project folder: an existing non-empty --out needs --force (cli/out-dir.ts). */
export const OUTPUT: OutputKind = { kind: 'project' };

/**
 * `npm run analyze -- import-osm --pbf <file.osm.pbf> --out <project dir> [--name 名称] [--region 地区]`
 * — turn an OpenStreetMap extract into a project folder: roads.geojson, fire_stations.geojson,
 * hydrants.geojson, kindergartens.geojson, project.json and import-report.json (counts and every
 * issue). The folder loads with loadProject and runs `fire` (docs/osm-import.md).
 */
export async function run(args: CliArgs): Promise<void> {
  const t0 = performance.now();
  helpIfAsked(args.options, 'import-osm', [], [
    { key: 'pbf', text: { zh: 'OpenStreetMap 文件（.osm.pbf）', en: 'OpenStreetMap file (.osm.pbf)' } },
    { key: 'name', text: { zh: '项目名称', en: 'project name' } },
    { key: 'region', text: { zh: '地区', en: 'region' } },
  ], false);
  const { pbf, name, region, ...rest } = args.options;
  for (const k of Object.keys(rest)) throw new Error(`import-osm：未知的选项 --${k}。可用选项：--pbf <文件.osm.pbf> --out <文件夹> --name <名称> --region <地区>\nimport-osm: unknown option --${k}. Options: --pbf <file.osm.pbf> --out <dir> --name <name> --region <region>`);
  if (!pbf || pbf === 'true') throw new Error('import-osm：需要 --pbf <文件.osm.pbf>。\nimport-osm: --pbf <file.osm.pbf> is required');
  let buf: Buffer;
  try {
    buf = readFileSync(pbf);
  } catch (err) {
    // the reason from the error code (does not exist, is a folder, permission), as import says it
    throw new Error(`import-osm：${cannotRead(' OpenStreetMap 文件', 'OpenStreetMap file', pbf, err).replace('\n', '\nimport-osm: ')}`);
  }
  const file = basename(pbf);
  const defaultName = file.replace(/\.osm\.pbf$|\.pbf$/i, '');
  let converted: ReturnType<typeof osmToProject>;
  try {
    converted = osmToProject(new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength), {
      file,
      name: name && name !== 'true' ? name : defaultName,
      region: region && region !== 'true' ? region : undefined,
    });
  } catch (err) {
    // a cut-off or damaged extract: named, in both languages, and nothing written to --out
    const why = osmReadFailure(err);
    throw new Error(`import-osm：无法读取“${file}”：${why.zh}。\nimport-osm: cannot read "${file}": ${why.en}`);
  }
  const { documents, report } = converted;
  for (const [n, doc] of Object.entries(documents)) await writeJsonFile(join(args.out, n), doc, n === 'project.json' ? 2 : 0);
  await writeJsonFile(join(args.out, 'import-report.json'), { source: file, ...report }, 2);
  const c = report.counts;
  console.log(
    `import-osm: ${c.roads} roads (${c.nonMotorRoads} non-motor) of ${c.highwayWays} highway ways, ${c.fireStations} fire stations, ` +
      `${c.hydrants} hydrants, ${c.kindergartens} kindergartens; ${c.waysWithMissingNodes} ways with missing nodes, ${c.waysDropped} dropped, ` +
      `${c.relations} relations ignored (${Math.round(performance.now() - t0)} ms)`,
  );
  for (const i of report.issues) if (i.severity === 'warning') console.log(`  warning ${i.code}: ${i.message.zh}`);
  console.log(`import-osm: wrote ${args.out}/ (${Object.keys(documents).join(', ')}, import-report.json)`);
}
