import { join } from 'node:path';
import type { CliArgs } from '../args.ts';
import { loadProjectDir } from '../load-project-dir.ts';
import { FIRE_MODE_PARAM, FIRE_PARAMS } from '../../analysis/fire-params.ts';
import { checkOptions, speedsByCode, fcOf, fireInputOf, fireOptionsFromCli, printWarnings, reportLoadErrors, resolveCliParams, withCliScenario } from '../radii-util.ts';
import { fireLaneLosses } from '../../analysis/fire-lane-losses.ts';
import { computeFireCoverage, fireCoverageGeoJson, fireUncoveredFeatures, fireUncoveredRowFeatures, fireUncoveredRows, prepareFireCoverage, type FireCoverageResult, type PreparedFireCoverage } from '../../analysis/fire-coverage.ts';
import type { OutputKind } from '../out-dir.ts';
import { writeCsvFile, writeFeatureCollection, writeJsonFile } from '../stream-write.ts';
import { writeXlsx, XLSX_MAX_DATA_ROWS } from '../xlsx-out.ts';
import { fireSheets } from '../../src/export/analysis-sheets.ts';

const LANE_PROBLEM_ZH: Record<string, string> = { blocked: '占用堵塞', narrow: '道路狭窄', dead_end: '尽头路' };
const GEO_FILES = ['isochrones.geojson', 'districts.geojson', 'uncovered-households.geojson', 'uncovered-households.csv'];
/** Files `fire` writes into --out (cli/out-dir.ts). */
export const OUTPUT: OutputKind = { kind: 'analysis', names: ['fire-coverage.xlsx', 'compare-fire-coverage.xlsx', 'fire-summary.json', 'fire-lanes.csv', ...GEO_FILES, ...GEO_FILES.map((f) => `compare-${f}`)] };

const statusesDef = FIRE_PARAMS.find((d) => d.key === 'statuses')!;
const compareDef = { ...statusesDef, key: 'compare-statuses', label: { zh: '比较用站点状态', en: 'Station statuses to compare with' } };

/**
 * The checks of `fire`'s options made before any file is read (unknown options, values out of
 * range); also run by `batch` on its `--fire:<key>` options before any county starts.
 * @throws Error / ParamError (zh + en)
 */
export function checkArgs(options: Record<string, string>): void {
  checkOptions('fire', options, [...FIRE_PARAMS, FIRE_MODE_PARAM, compareDef], ['speeds']);
  if (options.speeds !== undefined) speedsByCode(options.speeds, options);
}

/** The figures of fire-summary.json (no typed arrays). */
function summary(r: FireCoverageResult) {
  return {
    mode: r.mode,
    modeNote:
      r.mode === 'straight-line'
        ? { zh: '直线距离模式：无道路数据，按直线距离与平均速度估算，仅供参考', en: 'Straight-line mode: no road data; estimated from straight distance and an average speed' }
        : undefined,
    thresholdMinutes: r.thresholdMinutes,
    turnoutMinutes: r.turnoutMinutes,
    statuses: r.statuses,
    trafficFactor: r.trafficFactor,
    walkLeg: r.walkLeg,
    builtUpAreaKm2: r.builtUpAreaKm2,
    coveredBuiltUpAreaKm2: r.coveredBuiltUpAreaKm2,
    coveredBuiltUpPct: r.coveredBuiltUpPct,
    targetPct: r.targetPct,
    meetsTarget: r.meetsTarget,
    coveredAreaKm2: r.coveredAreaKm2,
    byBuiltUp: r.byBuiltUp,
    households: r.households,
    stations: r.stations,
    byTownship: r.byTownship,
    townshipSource: r.townshipSource,
    byVillage: r.byVillage,
    byHeating: r.byHeating,
    network: r.network,
    narrowRoads: r.narrowRoads,
    reachCurve: r.reachCurve,
    warnings: r.warnings,
  };
}

/**
 * `npm run analyze -- fire --data <project dir> --out <dir>` — 5-minute fire-response coverage.
 * Options: every key of FIRE_PARAMS (`--threshold 5 --turnout 1 --statuses existing,planned
 * --traffic 0.7 --speed-primary 45 --speeds unclassified=15,tertiary=25 --cell 100 --breaks 3,5,8,10
 * --mode straight-line`) and `--compare-statuses existing,planned` for a before/after run.
 * Writes fire-summary.json, isochrones.geojson, districts.geojson, uncovered-households.geojson
 * uncovered-households.csv (UTF-8 with BOM) and fire-coverage.xlsx (summary, by built-up area, stations,
 * by township, reach by minute, households not reached); with --compare-statuses the compared run's
 * files beside them, prefixed compare- (its workbook too).
 */
export async function run(args: CliArgs): Promise<void> {
  const t0 = performance.now();
  checkArgs(args.options);
  const loaded = await loadProjectDir(args.data);
  const report = loaded.report;
  const { project, scenario } = withCliScenario(loaded.project, args.scenario, 'fire');
  if (scenario !== null) console.log(`fire: 方案 / scenario ${scenario}`);
  const errors = reportLoadErrors('fire', args.data, report);
  const { ['compare-statuses']: compare, ...rest } = args.options;
  const values = resolveCliParams(FIRE_PARAMS, project, rest);
  const opts = fireOptionsFromCli(project, rest);

  const input = fireInputOf(project);
  const stations = fcOf(project.layers.fireStations) ?? { type: 'FeatureCollection', features: [] };
  const prep = prepareFireCoverage(input, opts);
  const tPrep = performance.now();
  const result = computeFireCoverage(prep, stations, opts);
  const tRun = performance.now();

  const out: Record<string, unknown> = {
    project: project.name,
    ...summary(result),
    params: FIRE_PARAMS.map((p) => ({ key: p.key, value: values[p.key], default: p.value, unit: p.unit, source: p.source, confirm: p.confirm ?? false })),
    scenario,
    loadErrors: errors,
    timingMs: { prepare: Math.round(tPrep - t0), recompute: Math.round(tRun - tPrep) },
  };
  if (compare) {
    const statuses = compare.split(/[,，]/).map((s) => s.trim()).filter(Boolean);
    const after = computeFireCoverage(prep, stations, { ...opts, statuses });
    out.compare = { before: summary(result), after: summary(after) };
    await writeOut(args.out, 'compare-', prep, after, opts.breaksMinutes);
    // the compared figures and their households not reached as a workbook too, as the CSV beside it has them (ids stay text there)
    writeXlsx(args.out, 'compare-fire-coverage.xlsx', fireSheets(after, 'zh', uncoveredSheet(prep, after)), { project, scenario, options: args.options });
  }
  // what each open fire-lane problem costs: the coverage fixing it alone would add
  const ledger = input.fireLanes && input.fireLanes.features.length > 0 && prep.mode === 'network';
  const tLanes = performance.now();
  const lanes = ledger ? fireLaneLosses(input, stations, opts, { prep, result }).losses : [];
  if (ledger) {
    out.fireLanes = {
      note: { zh: '未整改的消防车通道问题点截断路网；“整改增加”为仅整改该处时 5 分钟覆盖的增加', en: 'Open fire-lane problems cut the network; "fixing adds" is the 5-minute coverage gained by fixing that one alone' },
      open: lanes.length,
      losses: lanes,
      timingMs: Math.round(performance.now() - tLanes),
    };
    await writeCsvFile(
      join(args.out, 'fire-lanes.csv'),
      ['编号', '位置', '问题', '截断道路数', '整改增加户数', '整改增加建成区(km²)', '整改增加建成区(百分点)', '整改增加县域面积(km²)', '经度', '纬度'],
      lanes.map((l) => [l.id, l.name, LANE_PROBLEM_ZH[l.problem] ?? l.problem, l.roads, l.households, l.builtUpKm2, l.builtUpPct, l.areaKm2, l.lon, l.lat]),
    );
  }
  await writeJsonFile(join(args.out, 'fire-summary.json'), out, 2);
  await writeOut(args.out, '', prep, result, opts.breaksMinutes);
  // the uncovered households go into the workbook only where Excel can hold them (the CSV always has every one)
  // written as they are read (a million households at province scale never held as Features)
  writeXlsx(args.out, 'fire-coverage.xlsx', fireSheets(result, 'zh', uncoveredSheet(prep, result), ledger ? lanes : undefined), { project, scenario, options: args.options });
  printWarnings('fire', result.warnings);
  const pct = result.coveredBuiltUpPct === null ? 'no data' : `${result.coveredBuiltUpPct}%`;
  console.log(
    `fire: ${result.mode}, statuses ${result.statuses.join('+')}: built-up reached within ${result.thresholdMinutes} min ${result.coveredBuiltUpAreaKm2} / ${result.builtUpAreaKm2} km² = ${pct} (target ${result.targetPct}%); households ${result.households.covered} / ${result.households.total} reached`,
  );
  // the reach by minute at the threshold and 3, 5, 8, 10, 15 min (every minute in fire-summary.json and the workbook)
  const rc = result.reachCurve;
  const at = rc.minutes.map((m, i) => ({ m, i })).filter(({ m }) => m === result.thresholdMinutes || [3, 5, 8, 10, 15].includes(m));
  const share = (v: number, total: number) => (total > 0 ? `${Math.round((1000 * v) / total) / 10}%` : '–');
  console.log(`fire: reach by minute (households / built-up): ${at.map(({ m, i }) => `${m} min ${share(rc.households[i], result.households.total)} / ${share(rc.builtUpKm2[i], result.builtUpAreaKm2)}`).join('; ')}`);
  if (compare) {
    const a = (out.compare as { after: ReturnType<typeof summary> }).after;
    console.log(`fire: with ${a.statuses.join('+')}: ${a.coveredBuiltUpPct}% of the built-up area; households ${a.households.covered} / ${a.households.total}`);
  }
  for (const l of lanes) console.log(`fire: fire-lane problem ${l.id} ${l.name} (${l.problem}, open) cuts ${l.roads} road(s); fixing it adds ${l.households} households, ${l.builtUpKm2} km² built-up (${l.builtUpPct} points)`);
  console.log(`fire: wrote ${args.out}/fire-summary.json, isochrones.geojson, districts.geojson, uncovered-households.geojson/.csv`);
}

/** The households a result does not reach, for the workbook: only where Excel can hold them (the CSV always has every one). */
function uncoveredSheet(prep: PreparedFireCoverage, result: FireCoverageResult) {
  const rows = fireUncoveredRows(prep, result);
  return rows.rows.length < XLSX_MAX_DATA_ROWS ? { count: rows.rows.length, features: prep.households ? fireUncoveredRowFeatures(prep.households, rows, prep.householdLabels) : [] } : undefined;
}

/**
 * Write the map layers of a result: isochrones and districts (a few polygons each), and the
 * uncovered households as GeoJSON and CSV streamed feature by feature (millions at county scale).
 */
async function writeOut(dir: string, prefix: string, prep: PreparedFireCoverage, result: FireCoverageResult, breaks: number[]): Promise<void> {
  const geo = fireCoverageGeoJson(prep, result, breaks, { uncovered: false });
  await writeJsonFile(join(dir, `${prefix}isochrones.geojson`), geo.isochrones);
  await writeJsonFile(join(dir, `${prefix}districts.geojson`), geo.districts);
  await writeFeatureCollection(join(dir, `${prefix}uncovered-households.geojson`), fireUncoveredFeatures(prep, result));
  const rows = (function* () {
    for (const f of fireUncoveredFeatures(prep, result)) {
      const p = f.properties;
      yield [p.id, p.township, p.townshipSource, p.village, p.heating, p.minutes, p.station, f.geometry.coordinates[0], f.geometry.coordinates[1]];
    }
  })();
  await writeCsvFile(join(dir, `${prefix}uncovered-households.csv`), ['id', 'township', 'township_source', 'village', 'heating', 'minutes', 'nearest_station', 'lon', 'lat'], rows);
}
