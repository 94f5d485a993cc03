import type { CliArgs } from '../args.ts';
import { uncoveredHouseholds, SERVICES } from '../../analysis/uncovered-households.ts';
import { selectUncovered, unmatchedPlaces, uncoveredCsvHeader, uncoveredCsvRows, uncoveredFeatures } from '../../analysis/uncovered-export.ts';
import { HYDRANT_PARAMS, KINDERGARTEN_PARAMS, UNCOVERED_PARAMS, resolveHydrantOptions, resolveKindergartenOptions, resolveUncoveredOptions } from '../../analysis/radii-params.ts';
import { fromCli, fromProject } from '../../analysis/params.ts';
import { FIRE_MODE_PARAM, FIRE_PARAMS } from '../../analysis/fire-params.ts';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { checkOptions, speedsByCode, fcOf, householdsOf, loadForAnalysis, paramsOut, printWarnings, fireOptionsFromCli } from '../radii-util.ts';
import type { OutputKind } from '../out-dir.ts';
import { writeOutputs } from '../stream-write.ts';
import { heatingField, lowIncomeField } from '../../layers/households.ts';
import type { FieldDef } from '../../layers/types.ts';
import { writeXlsx } from '../xlsx-out.ts';
import { uncoveredSheets } from '../../src/export/analysis-sheets.ts';

/** An enum option value as its code: the code itself, its zh/en label or an alias (特困, 低保, 洁净煤 …). */
function enumCode(field: FieldDef, v: string | undefined, extra: string[] = []): string | undefined {
  if (v === undefined || v === '') return undefined;
  const t = v.trim().toLowerCase();
  if (extra.includes(t)) return t;
  const hit = field.values?.find((e) => [e.code, e.label.zh, e.label.en, ...(e.aliases ?? [])].some((a) => a.trim().toLowerCase() === t));
  if (!hit) {
    const opt = `--${field.name.replace('_', '-')}`;
    const zh = [...(field.values ?? []).map((e) => `${e.code}（${e.label.zh}）`), ...extra].join('、');
    const en = [...(field.values ?? []).map((e) => `${e.code} (${e.label.en})`), ...extra].join(', ');
    throw new Error(`uncovered：${opt} ${v} 不在可选范围内：${zh}\nuncovered: ${opt} ${v} is not one of ${en}`);
  }
  return hit.code;
}

/** Files `uncovered` writes into --out (cli/out-dir.ts). */
export const OUTPUT: OutputKind = { kind: 'analysis', names: ['uncovered.xlsx', 'uncovered.json', 'uncovered-households.csv', 'uncovered-households.geojson'] };

const FILTERS = ['township', 'village', 'heating', 'low-income', 'services'];

/**
 * The checks of `uncovered`'s options made before any file is read (options and their ranges, empty
 * filters, services, heating and low-income codes); also run by `batch` before any county starts.
 * @returns the options and the filter they give
 */
export function checkArgs(options: Record<string, string>) {
  const defs = [...HYDRANT_PARAMS, ...KINDERGARTEN_PARAMS, ...UNCOVERED_PARAMS, ...FIRE_PARAMS];
  checkOptions('uncovered', options, [...defs, FIRE_MODE_PARAM], [...FILTERS, 'no-fire', 'speeds']);
  if (options.speeds !== undefined) speedsByCode(options.speeds, options);
  const o = options;
  // A filter given empty (`--township ""`) selected every household and `--services ,,` none, each
  // without a word; `--no-fire yes` computed the fire reach (only "true" turned it off).
  for (const k of FILTERS) {
    if (o[k] !== undefined && o[k].split(/[,，]/).every((s) => s.trim() === '')) {
      throw new Error(`uncovered：--${k} 的值为空（“${o[k]}”）；不筛选时请不给该选项。\nuncovered: --${k} is empty ("${o[k]}"); leave the option out to select every household.`);
    }
  }
  if (o['no-fire'] !== undefined && o['no-fire'] !== 'true' && o['no-fire'] !== 'false') {
    throw new Error(`uncovered：--no-fire 为“${o['no-fire']}”，应不带值（或为 true / false）。\nuncovered: --no-fire is "${o['no-fire']}"; give it without a value (or true / false).`);
  }
  // the filters are checked before any work: a misspelt service or heating type is refused at once
  const services = o.services ? (o.services.split(/[,，]/).map((s) => s.trim()).filter(Boolean) as (typeof SERVICES)[number][]) : undefined;
  for (const sv of services ?? []) if (!SERVICES.includes(sv)) throw new Error(`uncovered：--services ${sv} 不在可选范围内：${SERVICES.join('、')}\nuncovered: --services ${sv} is not one of ${SERVICES.join(', ')}`);
  const filter = { township: o.township, village: o.village, heating: enumCode(heatingField, o.heating), lowIncome: enumCode(lowIncomeField, o['low-income'], ['any']), services };
  return { o, filter };
}

/**
 * `npm run analyze -- uncovered --data <dir> --out <dir> [--township 恒州镇] [--village …]
 * [--heating clean_coal|洁净煤] [--low-income minimum_living|低保|any] [--services hydrant,kindergarten] [--no-fire]`
 * plus any hydrant, kindergarten, clean-coal/maintenance and fire option — households against
 * every service. Writes uncovered.json, uncovered-households.csv and uncovered-households.geojson
 * (the filtered households missed by at least one chosen service).
 */
export async function run(args: CliArgs): Promise<void> {
  const { o, filter } = checkArgs(args.options);
  const { project, loadErrors, scenario } = await loadForAnalysis(args.data, 'uncovered', args.scenario);
  // a township or village no household has selects nobody: refused, or its "0 households" reads as "none uncovered there"
  for (const u of unmatchedPlaces(householdsOf(project), filter, 30, fcOf(project.layers.townships) ?? null)) {
    const zh = u.field === 'township' ? '乡镇' : '村';
    const list = u.present.join('、') || '（无）';
    // a township of the townships layer with no household in it is no typo: said as such
    const layerNames = new Set((fcOf(project.layers.townships)?.features ?? []).map((f) => String(f.properties?.name ?? '').trim()));
    if (u.field === 'township' && layerNames.has(u.value)) {
      throw new Error(`uncovered：乡镇界图层中有“${u.value}”，但住户数据中没有一户在该乡镇（共 ${householdsOf(project).count} 户），没有可列出的住户；有住户的乡镇：${list}\nuncovered: "${u.value}" is in the townships layer, but no household (of ${householdsOf(project).count}) lies in it: nothing to list; townships with households: ${u.present.join(', ') || '(none)'}`);
    }
    throw new Error(`uncovered：--${u.field} “${u.value}”不是住户数据中的${zh}（共 ${householdsOf(project).count} 户）；有：${list}\nuncovered: --${u.field} "${u.value}" is not a ${u.field} of any household (${householdsOf(project).count} in all); there are: ${u.present.join(', ') || '(none)'}`);
  }
  const hydrant = resolveHydrantOptions(fromProject(project.params), fromCli(o));
  const kg = resolveKindergartenOptions(fromProject(project.params), fromCli(o));
  const other = resolveUncoveredOptions(fromProject(project.params), fromCli(o));
  const fireOpts = o['no-fire'] !== 'true' ? fireOptionsFromCli(project, o) : null;
  const households = householdsOf(project);
  const builtUp = fcOf(project.layers.builtUp) ?? null;
  const townships = fcOf(project.layers.townships) ?? null;
  const t0 = performance.now();
  let fire = null;
  let fireNote = 'not computed (--no-fire)';
  if (fireOpts) {
    const roads = fcOf(project.layers.roads);
    const stations = fcOf(project.layers.fireStations) ?? { type: 'FeatureCollection' as const, features: [] };
    try {
      // open fire-lane problems cut the network, as in `analyze fire`
      fire = fireCoverage({ roads: roads && roads.features.length > 0 ? roads : undefined, builtUp: builtUp ?? undefined, townships: townships ?? undefined, households, fireLanes: fcOf(project.layers.fireLanes) ?? undefined }, stations, fireOpts);
      fireNote = `${fire.mode}, ${fire.thresholdMinutes} min, stations ${fire.statuses.join('+')}`;
    } catch (e) {
      fireNote = (e as Error).message;
      console.error(`uncovered：未能计算消防可达范围：${fireNote}\nuncovered: fire reach not computed: ${fireNote}`);
    }
  }
  const tFire = performance.now();
  const u = uncoveredHouseholds(
    {
      households,
      hydrants: fcOf(project.layers.hydrants) ?? null,
      kindergartens: fcOf(project.layers.kindergartens) ?? null,
      servicePoints: fcOf(project.layers.servicePoints) ?? null,
      builtUp,
      townships,
      fire,
    },
    {
      hydrantRadiusMeters: hydrant.radiusMeters,
      includePlannedHydrants: hydrant.includePlanned,
      cranesAsHydrants: hydrant.cranesAsHydrants,
      kindergarten: kg,
      coalRadiusMeters: other.coalRadiusMeters,
      maintenanceRadiusMeters: other.maintenanceRadiusMeters,
    },
  );
  const tU = performance.now();
  const rows = selectUncovered(households, u, filter);
  u.services.fire.note = fireNote;
  const json = {
    project: project.name,
    total: u.total,
    uncoveredAny: u.uncoveredAny,
    services: u.services,
    warnings: [...(fire?.warnings ?? []), ...u.warnings],
    filter,
    selected: rows.length,
    params: paramsOut([...HYDRANT_PARAMS, ...KINDERGARTEN_PARAMS, ...UNCOVERED_PARAMS], project.params, o),
    scenario,
    loadErrors,
    timingMs: { fire: Math.round(tFire - t0), services: Math.round(tU - tFire) },
  };
  const written = await writeOutputs(args.out, {
    'uncovered.json': { json, indent: 2 },
    'uncovered-households.csv': { csv: uncoveredCsvHeader(), rows: uncoveredCsvRows(households, u, rows) },
    'uncovered-households.geojson': { features: uncoveredFeatures(households, u, rows) },
  });
  writeXlsx(args.out, 'uncovered.xlsx', uncoveredSheets(households, u, rows, 'zh', filter), { project, scenario, options: args.options });
  printWarnings('uncovered', json.warnings);
  for (const s of SERVICES) {
    const c = u.services[s];
    console.log(`uncovered: ${s.padEnd(12)} ${c.computed ? `${c.covered} covered, ${c.uncovered} uncovered of ${c.applicable}` : `not computed (${c.note})`}`);
  }
  console.log(`uncovered: ${u.uncoveredAny} of ${u.total} households missed by at least one service; ${rows.length} selected by the filter`);
  console.log(`uncovered: wrote ${written.map((f) => `${args.out}/${f}`).join(', ')}`);
}
