import type { CliArgs } from '../args.ts';
import type { FeatureCollection, Geometry } from 'geojson';
import { reviewPlots } from '../../analysis/plot-review.ts';
import { PLOT_PARAMS, resolvePlotOptions } from '../../analysis/plot-params.ts';
import { KINDERGARTEN_PARAMS, resolveKindergartenOptions } from '../../analysis/radii-params.ts';
import { fromCli, fromProject } from '../../analysis/params.ts';
import { computeFireCoverage, fireCoverageGeoJson, prepareFireCoverage } from '../../analysis/fire-coverage.ts';
import { checkOptions, fcOf, householdsOf, loadForAnalysis, paramsOut, fireOptionsFromCli } from '../radii-util.ts';
import type { OutputKind } from '../out-dir.ts';
import { writeOutputs } from '../stream-write.ts';
import { writePlotsXlsx } from '../xlsx-out.ts';

/** Files `plots` writes into --out (cli/out-dir.ts). */
export const OUTPUT: OutputKind = { kind: 'analysis', names: ['plot-review.xlsx', 'plot-review.json', 'plot-review.csv', 'plot-review.geojson'] };

/** The checks of `plots`' options made before any file is read; also run by `batch` before any county starts. */
export function checkArgs(options: Record<string, string>): { fire: string; rest: Record<string, string> } {
  const { fire = 'true', ...rest } = options;
  // `--fire no` (or 0) computed the fire reach: only "false" turned it off
  if (fire !== 'true' && fire !== 'false') throw new Error(`plots：--fire 为“${fire}”，应为 true 或 false。\nplots: --fire is "${fire}"; it must be true or false.`);
  checkOptions('plots', rest, [...PLOT_PARAMS, ...KINDERGARTEN_PARAMS.filter((d) => d.key.startsWith('kg-radius'))]);
  return { fire, rest };
}

/**
 * `npm run analyze -- plots --data <dir> --out <dir> [--stated-total 319.56] [--area-tolerance 2]
 * [--fire false]` — review of the reserve plots: drawn area against the declared 亩, parcels and
 * document total, township, overlaps, 双代 and built-up areas, fire-station siting distances,
 * kindergarten radius, and (unless `--fire false`) the share inside the 5-minute reach of the
 * existing fire stations (network analysis). Writes plot-review.json, plot-review.csv (UTF-8 with
 * BOM), plot-review.geojson and plot-review.xlsx.
 */
export async function run(args: CliArgs): Promise<void> {
  const { fire, rest } = checkArgs(args.options);
  const { project, report, loadErrors, scenario } = await loadForAnalysis(args.data, 'plots', args.scenario);
  const opts = resolvePlotOptions(fromProject(project.params), fromCli(rest));
  const kg = resolveKindergartenOptions(fromProject(project.params), fromCli(rest));
  const fo = fire !== 'false' ? fireOptionsFromCli(project, {}) : null;
  const plots = fcOf(project.layers.reservePlots);
  // every plot refused by the loader (area_mu 0 or missing …) read as if the file were missing or empty
  if (!plots || plots.features.length === 0) {
    const refused = report.issues.filter((i) => i.severity === 'error' && i.file.startsWith('reserve_plots')).length;
    const why = refused > 0 ? { zh: `，或其中没有一个地块能读入（该文件 ${refused} 处读取错误，运行 validate 查看）`, en: `, or none of its plots could be read (${refused} load error(s) in it: run validate for the list)` } : { zh: '，或该文件为空', en: ' (or it is empty)' };
    throw new Error(`plots：${args.data} 中没有 reserve_plots.geojson（储备地块）${why.zh}。\nplots: ${args.data} has no reserve_plots.geojson${why.en}`);
  }
  const roads = fcOf(project.layers.roads);
  let fireReach: FeatureCollection<Geometry | null> | null = null;
  let fireNote = 'fire reach: not computed (--fire false)';
  let fireMinutes = 5;
  if (fo) {
    if (roads && roads.features.length > 0) {
      const hh = householdsOf(project);
      const prep = prepareFireCoverage({ roads, builtUp: fcOf(project.layers.builtUp), townships: fcOf(project.layers.townships), households: hh.count > 0 ? hh : undefined, fireLanes: fcOf(project.layers.fireLanes) }, { ...fo, mode: 'network' });
      const res = computeFireCoverage(prep, fcOf(project.layers.fireStations) ?? { type: 'FeatureCollection', features: [] }, fo);
      fireReach = fireCoverageGeoJson(prep, res, [fo.thresholdMinutes], { districts: false, uncovered: false }).isochrones;
      fireMinutes = fo.thresholdMinutes;
      fireNote = `fire reach: ${fo.thresholdMinutes} min from the stations with status ${fo.statuses.join('+')}`;
    } else fireNote = 'fire reach: no roads, not computed';
  }
  const r = reviewPlots(
    {
      plots,
      townships: fcOf(project.layers.townships),
      builtUp: fcOf(project.layers.builtUp),
      dualConversionAreas: fcOf(project.layers.dualConversionAreas),
      fireStations: fcOf(project.layers.fireStations),
      kindergartens: fcOf(project.layers.kindergartens),
      fireReach,
    },
    { ...opts, fireReachMinutes: fireMinutes, kindergartenRadiusMeters: { urban: kg.radiusUrbanMeters, township: kg.radiusTownshipMeters, village: kg.radiusVillageMeters } },
  );
  const { geojson, ...figures } = r;
  const json = { project: project.name, fireReach: fireNote, ...figures, params: paramsOut([...PLOT_PARAMS], project.params, rest), scenario, loadErrors };
  const header = ['id', 'name', 'township', 'use', 'declared_mu', 'area_mu', 'area_m2', 'diff_mu', 'diff_pct', 'parts_mu', 'townships_found', 'built_up_pct', 'fire_reach_pct', 'nearest_fire_station_m', 'nearest_kindergarten_m', 'errors', 'warnings', 'findings'];
  const rows = r.rows.map((x) => [
    x.id,
    x.name,
    x.township,
    x.use,
    x.declaredMu,
    x.areaMu,
    x.areaM2,
    x.diffMu,
    x.diffPct,
    x.parts.map((p) => p.areaMu).join(' + '),
    x.townshipsFound.join('、'),
    Math.round(x.builtUpShare * 1000) / 10,
    x.fireReachShare === null ? null : Math.round(x.fireReachShare * 1000) / 10,
    x.nearestFireStation?.distanceM ?? null,
    x.nearestKindergarten?.distanceM ?? null,
    x.issues.filter((i) => i.severity === 'error').length,
    x.issues.filter((i) => i.severity === 'warning').length,
    x.issues.map((i) => i.message.zh).join('；'),
  ]);
  const written = await writeOutputs(args.out, {
    'plot-review.json': { json, indent: 2 },
    'plot-review.csv': { csv: header, rows },
    'plot-review.geojson': { json: geojson },
  });
  writePlotsXlsx(args.out, r, { project, scenario, options: args.options });
  console.log(`plots: ${r.totals.plots} plots, declared ${r.totals.declaredMu} 亩, drawn ${r.totals.areaMu} 亩${r.totals.statedTotalMu !== null ? `, stated total ${r.totals.statedTotalMu} 亩 (difference ${r.totals.statedDiffMu})` : ''}; ${r.counts.error} errors, ${r.counts.warning} warnings, ${r.counts.info} notes; ${fireNote}`);
  for (const x of r.rows) {
    const flagged = x.issues.filter((i) => i.severity !== 'info');
    console.log(`  ${x.id} ${x.declaredMu ?? '—'} → ${x.areaMu} 亩 (${x.diffPct ?? '—'}%)${flagged.length ? ': ' + flagged.map((i) => i.message.zh).join('；') : ''}`);
  }
  console.log(`plots: wrote ${written.map((f) => `${args.out}/${f}`).join(', ')}`);
}
