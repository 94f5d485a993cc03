import type { CliArgs } from '../args.ts';
import { fromCli, fromProject, resolveParams, type ParamDef } from '../../analysis/params.ts';
import { RULE_PARAMS } from '../../analysis/rules/rules-params.ts';
import { FIRE_MODE_PARAM, FIRE_PARAMS } from '../../analysis/fire-params.ts';
import { KINDERGARTEN_PARAMS, resolveKindergartenOptions } from '../../analysis/radii-params.ts';
import { SITING_FACILITY_ONLY, SITING_MODEL_ONLY, SITING_PARAMS, ignoredSitingParams, resolveSitingOptions, unreadSitingKeys } from '../../analysis/siting-params.ts';
import { findScenario } from '../../analysis/scenarios.ts';
import { siteFireStations, type SitingCurvePoint } from '../../analysis/site-fire-stations.ts';
import { siteKindergartens } from '../../analysis/site-kindergartens.ts';
import { plotCandidates, type PlotCandidatesResult } from '../../analysis/siting-plots.ts';
import { plotUseCode } from '../../layers/reserve-plots.ts';
import type { AnalysisWarning } from '../../analysis/analysis-warning.ts';
import { loadHighsNode } from '../../src/solver/load-highs-node.ts';
import { checkOptions, speedsByCode, fcOf, householdsOf, loadForAnalysis, paramsOut, printWarnings, fireOptionsFromCli } from '../radii-util.ts';
import type { OutputKind } from '../out-dir.ts';
import { writeOutputs, type OutputSpec } from '../stream-write.ts';
import { writeXlsx } from '../xlsx-out.ts';
import { sitingCurveSheet, sitingSheets } from '../../src/export/analysis-sheets.ts';

/** Files `site` writes into --out (cli/out-dir.ts). */
export const OUTPUT: OutputKind = { kind: 'analysis', names: ['site-picks.xlsx', 'site-summary.json', 'site-picks.geojson', 'site-picks.csv', 'site-reach.geojson', 'site-curve.csv'] };

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

/**
 * `--sites "name:lon,lat;name2:lon,lat"` → user sites. A coordinate that is no number ("1.2.3"),
 * outside ±180° / ±90°, or a name given twice is refused naming the site (zh + en): such a site
 * used to reach the analysis as NaN (an English-only error) or as a point at longitude 500.
 */
function parseSites(v: string | undefined): { id: string; lon: number; lat: number }[] {
  if (!v) return [];
  const seen = new Set<string>();
  return v
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s, i) => {
      const m = /^(?:([^:：]+)[:：])?\s*(-?[\d.]+)\s*[,，]\s*(-?[\d.]+)$/.exec(s);
      if (!m) throw new Error(`site：--sites 的格式应为“名称:经度,纬度;…”，收到“${s}”。\nsite: --sites expects "name:lon,lat;…", got "${s}"`);
      const site = { id: m[1]?.trim() || `U${i + 1}`, lon: Number(m[2]), lat: Number(m[3]) };
      if (!Number.isFinite(site.lon) || !Number.isFinite(site.lat) || Math.abs(site.lon) > 180 || Math.abs(site.lat) > 90) {
        throw new Error(`site：--sites 中的“${s}”不是有效的经纬度（经度 -180–180，纬度 -90–90，十进制度）。\nsite: --sites "${s}" is not a valid longitude, latitude (longitude -180–180, latitude -90–90, decimal degrees)`);
      }
      if (seen.has(site.id)) throw new Error(`site：--sites 中的名称“${site.id}”出现了两次，请给每个自选点不同的名称。\nsite: --sites names "${site.id}" twice; give each site its own name`);
      seen.add(site.id);
      return site;
    });
}

/** Siting options that only one facility's siting reads (the other ignored them without a word). */
const FIRE_ONLY = Object.keys(SITING_FACILITY_ONLY).filter((k) => SITING_FACILITY_ONLY[k] === 'fire');
const KINDERGARTEN_ONLY = Object.keys(SITING_FACILITY_ONLY).filter((k) => SITING_FACILITY_ONLY[k] === 'kindergarten');

/**
 * Options that only some models read (the others ignored them without a word), and `--curve`.
 * `--capacity-places` with lscp is refused by siteKindergartens itself (its own message).
 */
const MODEL_ONLY: Record<string, readonly string[]> = {
  ...Object.fromEntries(Object.entries(SITING_MODEL_ONLY).filter(([k]) => k !== 'capacity-places')),
  curve: ['mclp', 'backup', 'mexclp'],
};

/** The most new sites `--count` allows: also the largest `--curve` (P = 1 … N; each P is one more exact solve, up to --time-limit each) and township quota. */
const SITES_MAX = (SITING_PARAMS.find((d) => d.key === 'count')?.max ?? 50) as number;

/**
 * A whole-number option of `site` that is no parameter (`--max-per-township`, `--min-per-township`,
 * `--curve`): refused unless a whole number within min…max, naming the option, the value and the range (zh + en).
 * `""` is refused (`Number("")` is 0: `--max-per-township ""` allowed no site anywhere, without a word).
 */
function wholeOption(v: string | undefined, name: string, min: number, max: number, why: { zh: string; en: string }): number | undefined {
  if (v === undefined) return undefined;
  const t = v.trim();
  const k = /^[+]?\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isInteger(k) || k < min || k > max) {
    throw new Error(`site：--${name} 为“${v}”，应为 ${min}–${max} 的整数${why.zh}。\nsite: --${name} is "${v}"; it must be a whole number ${min}–${max}${why.en}`);
  }
  return k;
}

function kgModel(m: string): 'mclp' | 'lscp' {
  if (m !== 'mclp' && m !== 'lscp') throw new Error('site：幼儿园选址的 --model 只能是 mclp 或 lscp。\nsite: kindergartens take --model mclp or lscp');
  return m;
}

function proofLine(r: { status: string; gap: number; bound: number; solver: string; proof: { objective: number; greedyObjective: number; timingMs: { solve: number } } }): string {
  const pct = Number.isFinite(r.gap) ? `${(100 * r.gap).toFixed(3)}%` : '∞';
  return `site: ${r.status}, gap ${pct} (objective ${+r.proof.objective.toFixed(4)}, bound ${+r.bound.toFixed(4)}, greedy ${+r.proof.greedyObjective.toFixed(4)}), solver ${r.solver}, ${r.proof.timingMs.solve} ms in the solver`;
}

/**
 * site-summary.json `params`: what the run used. `model` is the model solved (a fire model in
 * project.json is sited with mclp for kindergartens); a value of the file the run did not read
 * (`share` with mclp — the same keys as the param-not-used warnings) has `value` null. Either way
 * the file's value is kept as `fileValueNotUsed`.
 */
function sitingParamsOut(defs: readonly ParamDef[], params: Readonly<Record<string, unknown>> | undefined, options: Record<string, string>, model: string, unread: readonly string[]) {
  return paramsOut(defs, params, options, { model }).map((p) => {
    if (!unread.includes(p.key)) return p;
    return { ...p, value: p.key === 'model' ? model : null, fileValueNotUsed: params?.[p.key] };
  });
}

/**
 * `npm run analyze -- site --data <dir> --out <dir> --facility fire|kindergarten [--count 3] [--model mclp|lscp]
 * [--candidate-spacing 500] [--candidate-area county|built-up] [--objective households|built-up]
 * [--sites "name:lon,lat;…"] [--time-limit 10] [--share 100] [--solver highs|greedy]
 * [--model backup|mexclp --backup-weight 1 --calls-per-year 300 --busy-minutes 60]
 * [--max-per-township k] [--min-per-township k] [--curve 10]
 * [--candidate-source grid|plots|both --station-level level-1|level-2|volunteer --kindergarten-classes 6 --plot-min-land 0]` plus the fire options (fire) or the kindergarten
 * radii (kindergarten) — best sites for new facilities, solved exactly with HiGHS within the time
 * limit (`--solver greedy`: greedy + interchange only); the summary carries `gap`, `bound`,
 * `solver`, `status` and `proof`. `--curve N` (fire) adds site-curve.csv: the optimum and its bound
 * for P = 1 … N beside greedy. `--candidate-source plots|both`: the reserve plots whose use and area
 * fit are candidates (origin 'plot', id = plot id); the summary's `plots` lists them and the unfit
 * plots with the reason. Writes
 * site-summary.json, site-picks.geojson, site-picks.csv (UTF-8 with BOM) and
 * site-reach.geojson (fire: area reached after; kindergarten: the service circles) and site-picks.xlsx.
 */
export async function run(args: CliArgs): Promise<void> {
  const { facility = 'fire', sites, solver: solverOpt, 'max-per-township': maxPerTown, 'min-per-township': minPerTown, curve: curveOpt, ...rest } = args.options;
  if (solverOpt !== undefined && solverOpt !== 'highs' && solverOpt !== 'greedy') throw new Error('site：--solver 只能是 highs 或 greedy。\nsite: --solver must be "highs" or "greedy"');
  const solver = solverOpt === 'greedy' ? undefined : await loadHighsNode();
  // 0 new sites per township allows none in any township: the plan came out empty and "optimal"
  const maxPerTownship = wholeOption(maxPerTown, 'max-per-township', 1, SITES_MAX, { zh: '（0 会让任何乡镇都不能选址）', en: ' (0 would allow no site in any township)' });
  const minPerTownship = wholeOption(minPerTown, 'min-per-township', 0, SITES_MAX, { zh: '', en: '' });
  const curveTo = wholeOption(curveOpt, 'curve', 1, SITES_MAX, { zh: '（P = 1 … 该数，每个 P 一次精确求解）', en: ' (P = 1 … that number, one exact solve each)' });
  if (facility !== 'fire' && facility !== 'kindergarten') throw new Error('site：--facility 只能是 fire（消防站）或 kindergarten（幼儿园）。\nsite: --facility must be "fire" or "kindergarten"');
  checkOptions('site', rest, facility === 'fire' ? [...SITING_PARAMS, ...FIRE_PARAMS, FIRE_MODE_PARAM] : [...SITING_PARAMS, ...KINDERGARTEN_PARAMS], [...(facility === 'fire' ? ['speeds'] : []), 'facility', 'sites', 'solver', 'max-per-township', 'min-per-township', 'curve']);
  if (facility === 'fire' && rest.speeds !== undefined) speedsByCode(rest.speeds, rest);
  // an option of the other facility's siting was accepted and ignored: `--facility kindergarten --objective built-up` sited by children
  const other = facility === 'fire' ? KINDERGARTEN_ONLY : FIRE_ONLY;
  // the curve and the township quotas are the fire siting's (kindergarten siting ignored them)
  const given: Record<string, string | undefined> = { ...rest, curve: curveOpt, 'max-per-township': maxPerTown, 'min-per-township': minPerTown };
  for (const k of facility === 'fire' ? other : [...other, 'curve', 'max-per-township', 'min-per-township']) {
    if (given[k] === undefined) continue;
    const own = facility === 'fire' ? { zh: '幼儿园选址（--facility kindergarten）', en: 'kindergarten siting (--facility kindergarten)' } : { zh: '消防站选址（--facility fire）', en: 'fire-station siting (--facility fire)' };
    throw new Error(`site：--${k} 只用于${own.zh}，本次为${facility === 'fire' ? '消防站' : '幼儿园'}选址，该选项不起作用；请去掉它。\nsite: --${k} applies to ${own.en} only; this is ${facility === 'fire' ? 'fire-station' : 'kindergarten'} siting, where it would do nothing: leave it out.`);
  }
  // siting needs network travel times: `--mode straight-line` was accepted and the siting ran on the network without a word
  if (facility === 'fire' && rest.mode !== undefined && rest.mode.trim() !== 'network') {
    throw new Error(`site：消防站选址只能按路网计算行车时间，不能用 --mode ${rest.mode}（直线模式只用于 fire 分析在没有道路数据时的估算）。\nsite: fire-station siting uses network travel times only; --mode ${rest.mode} is not possible here (straight-line mode is the fire analysis's estimate without road data)`);
  }
  const userSites = parseSites(sites);
  const { project, loadErrors, scenario } = await loadForAnalysis(args.data, 'site', args.scenario);
  const siting = resolveSitingOptions(fromProject(project.params), fromCli(rest));
  // kindergartens have mclp and lscp only: a fire model given as --model is refused (kgModel); one
  // in project.json params is sited with mclp, as the siting panel does, and said below
  const model = facility === 'kindergarten' && rest.model === undefined && siting.model !== 'lscp' ? 'mclp' : siting.model;
  // an option of another model was accepted and did nothing (`--model lscp --count 5`, `--share 80` with mclp)
  for (const [k, models] of Object.entries(MODEL_ONLY)) {
    const given = k === 'curve' ? curveOpt : rest[k];
    if (given === undefined || models.includes(model)) continue;
    throw new Error(`site：--${k} 只用于 ${models.join(' / ')} 模型，本次模型为 ${model}，该选项不起作用；请去掉它或改用 --model ${models[0]}。\nsite: --${k} applies to the ${models.join(' / ')} model only; the model is ${model}, where it would do nothing: leave it out or use --model ${models[0]}.`);
  }
  // project.json (or scenario) values this run does not read: said, not refused (a project holds
  // values for several models and both facilities at once); options given here override the file
  const sc = scenario !== null ? findScenario(project, scenario) : undefined;
  const use = { facility, model, candidateSource: siting.candidateSource } as const;
  const notUsed = ignoredSitingParams(use, project.params, sc ? { name: sc.name, params: sc.params } : null, Object.keys(rest));
  const unread = unreadSitingKeys(use, project.params, sc ? { name: sc.name, params: sc.params } : null, Object.keys(rest));
  const fireOpts = facility === 'fire' ? fireOptionsFromCli(project, rest) : null;
  const kgOpts = facility === 'kindergarten' ? resolveKindergartenOptions(fromProject(project.params), fromCli(rest)) : null;
  const townships = fcOf(project.layers.townships);
  const builtUp = fcOf(project.layers.builtUp);
  const roads = fcOf(project.layers.roads);
  const hh = householdsOf(project);
  // Reserve plots as candidates (--candidate-source plots|both): those whose use and area fit.
  let plots: PlotCandidatesResult | undefined;
  if (siting.candidateSource !== 'grid') {
    const plotLayer = fcOf(project.layers.reservePlots);
    if (!plotLayer) throw new Error(`site：--candidate-source ${siting.candidateSource} 需要储备地块图层（reserve_plots）。\nsite: --candidate-source ${siting.candidateSource} needs the reserve_plots layer`);
    plots = plotCandidates(plotLayer, { useCodeOf: plotUseCode, facility, stationLevel: siting.stationLevel, kindergartenClasses: siting.kindergartenClasses, minLandM2: siting.plotMinLandM2 });
    console.log(`site: reserve plots: ${plots.fit.length} of ${plotLayer.features.length} fit (${plots.uses.join('/')} use, ≥ ${plots.neededMu} 亩 = ${plots.neededM2} m²)`);
    for (const u of plots.unfit) console.log(`  ${u.id}: ${u.message}`);
  }
  const srcText = (spacing: number) => (siting.candidateSource === 'plots' ? 'reserve plots' : `${spacing} m grid${siting.candidateSource === 'both' ? ' + reserve plots' : ''}`);
  const plotSites = plots?.fit.map((f) => ({ id: f.id, lon: f.lon, lat: f.lat }));
  const plotsOut = plots ? { plots: { neededM2: plots.neededM2, neededMu: plots.neededMu, uses: plots.uses, fit: plots.fit, unfit: plots.unfit } } : {};
  let json: Record<string, unknown>;
  let header: string[];
  let rows: (string | number)[][];
  let reach: unknown;
  let picksGeo: unknown;
  let line: string;
  const extra: Record<string, OutputSpec> = {};
  if (fireOpts) {
    // The rulebook's siting distances (FIRE-05) as the project sets them, else their defaults.
    const distances = resolveParams<Record<string, unknown>>(RULE_PARAMS.filter((d) => d.key === 'station-exit-distance' || d.key === 'station-hazard-distance'), fromProject(project.params));
    const r = siteFireStations(
      { roads, builtUp, townships, households: hh.count > 0 ? hh : undefined, stations: fcOf(project.layers.fireStations) ?? EMPTY, fireLanes: fcOf(project.layers.fireLanes), distanceLayers: { kindergartens: fcOf(project.layers.kindergartens) ?? null } },
      { ...fireOpts, mode: 'network', ...siting, userSites, plotSites, solver, maxPerTownship, minPerTownship, curveTo, exitDistanceMeters: distances['station-exit-distance'] as number, hazardDistanceMeters: distances['station-hazard-distance'] as number },
    );
    const { geojson, ...figures } = r;
    json = { project: project.name, facility, ...figures, ...plotsOut, params: sitingParamsOut([...SITING_PARAMS, ...FIRE_PARAMS], project.params, rest, model, unread), scenario, loadErrors };
    header = ['rank', 'id', 'origin', 'township', 'lon', 'lat', 'added_households', 'added_built_up_km2', 'cumulative_households', 'cumulative_built_up_pct', 'runner_up', 'runner_up_loss'];
    rows = r.picks.map((p) => [p.rank, p.id, p.origin, p.township, p.lon, p.lat, p.addedHouseholds, p.addedBuiltUpKm2, p.cumulativeHouseholds, p.cumulativeBuiltUpPct, p.runnerUp?.id ?? '', p.runnerUp?.loss ?? '']);
    picksGeo = geojson.picks;
    reach = geojson.reachAfter;
    for (const c of r.distanceChecks) console.log(`site: siting distance ≥ ${c.minMeters} m from ${c.layer}: ${c.checked ? `${c.dropped} candidate(s) dropped (${c.features} features)` : 'no such layer, not checked'}`);
    for (const d of r.droppedCandidates) console.log(`  dropped ${d.message.en}`);
    if (r.curve) {
      extra['site-curve.csv'] = {
        csv: ['p', 'objective', 'bound', 'gap', 'status', 'greedy_objective', 'covered_pct', 'bound_pct', 'greedy_pct'],
        rows: r.curve.map((c) => [c.p, c.objective, c.bound, c.gap, c.status, c.greedyObjective, c.coveredPct, c.boundPct, c.greedyPct]),
      };
      for (const c of r.curve) console.log(`  P = ${c.p}: ${c.coveredPct}% (bound ${c.boundPct}%, greedy ${c.greedyPct}%), ${c.status}`);
    }
    line =
      `site: fire, ${r.model === 'lscp' ? `LSCP: ${r.picks.length} sites reach every ${r.objective === 'households' ? 'household' : 'built-up cell'} some candidate can (${r.uncoverable} cannot be reached), ` : ''}${r.candidateCount} candidates (${srcText(r.candidateSpacingMeters)}), objective ${r.objective}: ` +
      `households reached within ${r.thresholdMinutes} min ${r.before.householdsCovered} → ${r.after.householdsCovered} / ${r.before.householdsTotal}; ` +
      (r.before.coveredBuiltUpPct === null ? 'no built-up areas in the project' : `built-up ${r.before.coveredBuiltUpPct}% → ${r.after.coveredBuiltUpPct}% (target ${r.targetPct}%)`);
  } else {
    const r = siteKindergartens(
      { households: hh, kindergartens: fcOf(project.layers.kindergartens) ?? EMPTY, builtUp: builtUp ?? null, townships: townships ?? null, roads: roads ?? null },
      { ...kgOpts!, count: siting.count, model: kgModel(model), solver, timeLimitSec: siting.timeLimitSec, share: siting.share, capacityPlaces: model === 'mclp' || rest['capacity-places'] !== undefined ? siting.capacityPlaces : undefined, candidateSpacingMeters: siting.candidateSpacingMeters, candidateArea: siting.candidateArea, maxSnapMeters: siting.maxSnapMeters, userSites, plotSites, candidateSource: siting.candidateSource },
    );
    const { geojson, ...figures } = r;
    json = { project: project.name, facility, ...figures, ...plotsOut, params: sitingParamsOut([...SITING_PARAMS, ...KINDERGARTEN_PARAMS], project.params, rest, model, unread), scenario, loadErrors };
    header = ['rank', 'id', 'origin', 'township', 'area', 'radius_m', 'lon', 'lat', 'added_children_3_5', 'added_households', 'cumulative_children_covered', 'runner_up', 'runner_up_loss'];
    rows = r.picks.map((p) => [p.rank, p.id, p.origin, p.township, p.area, p.radiusM, p.lon, p.lat, p.addedChildren, p.addedHouseholds, p.cumulativeChildrenCovered, p.runnerUp?.id ?? '', p.runnerUp?.loss ?? '']);
    picksGeo = geojson.picks;
    reach = geojson.circles;
    line =
      `site: kindergarten, ${r.model === 'lscp' ? `LSCP: ${r.picks.length} sites reach every reachable child (${r.uncoverable} households with children unreachable), ` : ''}${r.candidateCount} candidates (${srcText(r.candidateSpacingMeters)}): children 3–5 within a radius ` +
      `${Math.round(r.before.childrenCovered)} → ${Math.round(r.after.childrenCovered)} / ${Math.round(r.before.childrenTotal)}`;
  }
  json.warnings = [...notUsed, ...((json.warnings as AnalysisWarning[] | undefined) ?? [])];
  console.log(proofLine(json as { status: string; gap: number; bound: number; solver: string; proof: { objective: number; greedyObjective: number; timingMs: { solve: number } } }));
  const written = await writeOutputs(args.out, {
    'site-summary.json': { json, indent: 2 },
    'site-picks.geojson': { json: picksGeo },
    'site-picks.csv': { csv: header, rows },
    'site-reach.geojson': { json: reach },
    ...extra,
  });
  const curve = json.curve as SitingCurvePoint[] | undefined;
  // the workbook's 说明 sheet: what the plan was computed under — the model solved, not the values the run did not read
  writeXlsx(args.out, 'site-picks.xlsx', [...sitingSheets({ facility, picks: json.picks } as Parameters<typeof sitingSheets>[0], 'zh'), ...(curve ? [sitingCurveSheet(curve, 'zh')] : [])], { project: { ...project, params: Object.fromEntries(Object.entries(project.params).filter(([k]) => !unread.includes(k))) }, scenario, options: { ...args.options, model } });
  printWarnings('site', (json.warnings as AnalysisWarning[] | undefined) ?? []);
  console.log(line);
  // on the console lon/lat to 6 decimals (≈ 0.1 m) to read; the files carry every digit
  for (const r of rows) console.log(`  #${r.map((v, i) => (typeof v === 'number' && (header[i] === 'lon' || header[i] === 'lat') ? v.toFixed(6) : v)).join(' | ')}`);
  console.log(`site: wrote ${written.map((f) => `${args.out}/${f}`).join(', ')}`);
}
