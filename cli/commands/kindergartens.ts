import type { CliArgs } from '../args.ts';
import { fromCli, fromProject } from '../../analysis/params.ts';
import { kindergartenAccess } from '../../analysis/kindergarten-access.ts';
import { KINDERGARTEN_PARAMS, resolveKindergartenOptions } from '../../analysis/radii-params.ts';
import { columnText } from '../../analysis/household-columns.ts';
import { householdTownshipsOf, townshipName, TOWNSHIP_SOURCE_NAMES } from '../../analysis/household-townships.ts';
import { checkOptions, fcOf, householdsOf, loadForAnalysis, paramsOut, round, printWarnings } from '../radii-util.ts';
import type { OutputKind } from '../out-dir.ts';
import { writeOutputs } from '../stream-write.ts';
import { writeXlsx } from '../xlsx-out.ts';
import { kindergartenSheets } from '../../src/export/analysis-sheets.ts';

/** Files `kindergartens` writes into --out (cli/out-dir.ts). */
export const OUTPUT: OutputKind = { kind: 'analysis', names: ['kindergartens.xlsx', 'kindergartens.json', 'kindergarten-uncovered.csv', 'kindergarten-uncovered.geojson'] };

/** The checks of `kindergartens`' options made before any file is read; also run by `batch` before any county starts. */
export function checkArgs(options: Record<string, string>): void {
  checkOptions('kindergartens', options, KINDERGARTEN_PARAMS, ['urban-built-up']);
  // `--urban-built-up ""` fell back to the largest built-up area without a word
  const urban = options['urban-built-up'];
  if (urban !== undefined && urban.trim() === '') throw new Error('kindergartens：--urban-built-up 的值为空；请给出按县城半径计的建成区名称，或不给该选项（取面积最大的建成区）。\nkindergartens: --urban-built-up is empty; give the name of the built-up area taking the county-seat radius, or leave the option out (the largest built-up area).');
}

/**
 * `npm run analyze -- kindergartens --data <dir> --out <dir> [--kg-radius-urban 300]
 * [--kg-radius-township 1000] [--kg-radius-village 2000] [--child-share 0.03] [--urban-built-up NAME]`
 * — places against children, radii, 2SFCA. Writes kindergartens.json and the households outside
 * every radius as kindergarten-uncovered.csv / .geojson, and kindergartens.xlsx.
 */
export async function run(args: CliArgs): Promise<void> {
  checkArgs(args.options);
  const { project, loadErrors, scenario } = await loadForAnalysis(args.data, 'kindergartens', args.scenario);
  const opts = resolveKindergartenOptions(fromProject(project.params), fromCli(args.options));
  const hh = householdsOf(project);
  const t0 = performance.now();
  const townships = fcOf(project.layers.townships) ?? null;
  const r = kindergartenAccess(
    {
      households: hh,
      kindergartens: fcOf(project.layers.kindergartens) ?? { type: 'FeatureCollection', features: [] },
      builtUp: fcOf(project.layers.builtUp) ?? null,
      townships,
    },
    { ...opts, urbanBuiltUpName: args.options['urban-built-up'] },
  );
  const ms = performance.now() - t0;
  const { covered, children3to5, ...figures } = r;
  const json = {
    project: project.name,
    ...figures,
    children: { ...r.children, total: round(r.children.total), covered: round(r.children.covered), uncovered: round(r.children.uncovered) },
    params: paramsOut(KINDERGARTEN_PARAMS, project.params, args.options),
    scenario,
    loadErrors,
    timingMs: Math.round(ms),
  };
  const cols = ['village', 'persons'];
  // the township as the figures by township found it (its column, else the polygon it lies in) and how
  const tw = householdTownshipsOf(hh, townships);
  const town = (i: number) => [townshipName(tw, i), tw ? TOWNSHIP_SOURCE_NAMES[tw.source[i]] : ''];
  // The households outside every radius, produced one at a time for the streaming writers.
  function* rows() {
    for (let i = 0; i < hh.count; i++) {
      if (covered[i]) continue;
      yield [hh.ids[i], hh.lon[i], hh.lat[i], ...town(i), ...cols.map((c) => columnText(hh.columns[c], i)), round(children3to5[i], 2)];
    }
  }
  function* features() {
    for (let i = 0; i < hh.count; i++) {
      if (covered[i] || !Number.isFinite(hh.lon[i]) || !Number.isFinite(hh.lat[i])) continue;
      const [township, township_source] = town(i);
      const props = Object.fromEntries(cols.map((c) => [c, columnText(hh.columns[c], i)]));
      yield { type: 'Feature', properties: { id: hh.ids[i], township, township_source, ...props, children_3_5: round(children3to5[i], 2) }, geometry: { type: 'Point', coordinates: [hh.lon[i], hh.lat[i]] } };
    }
  }
  const written = await writeOutputs(args.out, {
    'kindergartens.json': { json, indent: 2 },
    'kindergarten-uncovered.csv': { csv: ['id', 'lon', 'lat', 'township', 'township_source', ...cols, 'children_3_5'], rows: rows() },
    'kindergarten-uncovered.geojson': { features: features() },
  });
  writeXlsx(args.out, 'kindergartens.xlsx', kindergartenSheets(r, hh, 'zh', townships), { project, scenario, options: args.options });
  printWarnings('kindergartens', r.warnings);
  console.log(
    `kindergartens: radius ${r.radii.urban}/${r.radii.township}/${r.radii.village} m (urban/township/village); households ${r.households.covered}/${r.households.total} covered, ` +
      `${r.households.uncovered} outside; children 3–5 ${round(r.children.total, 0)} (${round(r.children.uncovered, 0)} outside); seats ${r.seats}; ` +
      `public ${r.publicSharePct === null ? '–' : `${round(r.publicSharePct)}%`}, inclusive ${r.inclusiveSharePct === null ? '–' : `${round(r.inclusiveSharePct)}%`}`,
  );
  if (r.children.estimatedHouseholds > 0) {
    console.log(`kindergartens: 估算 estimate — ${r.children.estimatedHouseholds} of ${r.households.total} households lack children_3_5: children estimated as persons × ${r.children.childShare} (child-share; the indicators estimate alike)`);
  }
  if (r.townshipSource.polygon > 0) {
    console.log(`kindergartens: 乡镇 township — ${r.townshipSource.polygon} households with a blank or absent township column placed by the township polygon they lie in; ${r.townshipSource.none} with none`);
  }
  if (r.children.missingHouseholds > 0) {
    console.log(`kindergartens: ⚠ ${r.children.missingHouseholds} households give neither children_3_5 nor persons and count 0: the gross enrolment is not to be trusted`);
  }
  console.log(`kindergartens: wrote ${written.map((f) => `${args.out}/${f}`).join(', ')}`);
}
