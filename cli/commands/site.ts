import type { CliArgs } from '../args.ts';
import { fromCli, fromProject } from '../../analysis/params.ts';
import { FIRE_MODE_PARAM, FIRE_PARAMS } from '../../analysis/fire-params.ts';
import { KINDERGARTEN_PARAMS, resolveKindergartenOptions } from '../../analysis/radii-params.ts';
import { SITING_PARAMS, resolveSitingOptions } from '../../analysis/siting-params.ts';
import { siteFireStations } from '../../analysis/site-fire-stations.ts';
import { siteKindergartens } from '../../analysis/site-kindergartens.ts';
import { toCsv } from '../../analysis/csv-export.ts';
import type { AnalysisWarning } from '../../analysis/analysis-warning.ts';
import { checkOptions, printWarnings, fireOptionsFromCli, fcOf, householdsOf, loadForAnalysis, paramsOut, writeFiles } from '../radii-util.ts';
import { writeXlsx } from '../xlsx-out.ts';
import { sitingSheets } from '../../src/export/analysis-sheets.ts';

const EMPTY = { type: 'FeatureCollection' as const, features: [] };

/** `--sites "name:lon,lat;name2:lon,lat"` → user sites. */
function parseSites(v: string | undefined): { id: string; lon: number; lat: number }[] {
  if (!v) return [];
  return v
    .split(/[;；]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s, i) => {
      const m = /^(?:([^:：]+)[:：])?\s*(-?[\d.]+)\s*[,，]\s*(-?[\d.]+)$/.exec(s);
      if (!m) throw new Error(`site: --sites expects "name:lon,lat;…", got "${s}"`);
      return { id: m[1]?.trim() || `U${i + 1}`, lon: Number(m[2]), lat: Number(m[3]) };
    });
}

/**
 * `npm run analyze -- site --data <dir> --out <dir> --facility fire|kindergarten [--count 3] [--model mclp|lscp]
 * [--candidate-spacing 500] [--candidate-area county|built-up] [--objective households|built-up]
 * [--sites "name:lon,lat;…"]` plus the fire options (fire) or the kindergarten radii
 * (kindergarten) — best sites for new facilities (greedy maximal covering). Writes
 * site-summary.json, site-picks.geojson, site-picks.csv (UTF-8 with BOM) and
 * site-reach.geojson (fire: area reached after; kindergarten: the service circles) and site-picks.xlsx.
 */
export async function run(args: CliArgs): Promise<void> {
  const { facility = 'fire', sites, ...rest } = args.options;
  if (facility !== 'fire' && facility !== 'kindergarten') throw new Error('site: --facility must be "fire" or "kindergarten"');
  checkOptions('site', rest, facility === 'fire' ? [...SITING_PARAMS, ...FIRE_PARAMS, FIRE_MODE_PARAM] : [...SITING_PARAMS, ...KINDERGARTEN_PARAMS], facility === 'fire' ? ['speeds'] : []);
  const { project, loadErrors } = await loadForAnalysis(args.data, 'site');
  const siting = resolveSitingOptions(fromProject(project.params), fromCli(rest));
  const fireOpts = facility === 'fire' ? fireOptionsFromCli(project, rest) : null;
  const kgOpts = facility === 'kindergarten' ? resolveKindergartenOptions(fromProject(project.params), fromCli(rest)) : null;
  const userSites = parseSites(sites);
  const townships = fcOf(project.layers.townships);
  const builtUp = fcOf(project.layers.builtUp);
  const roads = fcOf(project.layers.roads);
  const hh = householdsOf(project);
  let json: Record<string, unknown>;
  let header: string[];
  let rows: (string | number)[][];
  let reach: unknown;
  let picksGeo: unknown;
  let line: string;
  if (fireOpts) {
    const r = siteFireStations(
      { roads, builtUp, townships, households: hh.count > 0 ? hh : undefined, stations: fcOf(project.layers.fireStations) ?? EMPTY },
      { ...fireOpts, mode: 'network', ...siting, userSites },
    );
    const { geojson, ...figures } = r;
    json = { project: project.name, facility, ...figures, params: paramsOut([...SITING_PARAMS, ...FIRE_PARAMS], project.params, rest), loadErrors };
    header = ['rank', 'id', 'origin', 'township', 'lon', 'lat', 'added_households', 'added_built_up_km2', 'cumulative_households', 'cumulative_built_up_pct'];
    rows = r.picks.map((p) => [p.rank, p.id, p.origin, p.township, p.lon, p.lat, p.addedHouseholds, p.addedBuiltUpKm2, p.cumulativeHouseholds, p.cumulativeBuiltUpPct]);
    picksGeo = geojson.picks;
    reach = geojson.reachAfter;
    line =
      `site: fire, ${r.model === 'lscp' ? `LSCP: ${r.picks.length} sites reach every ${r.objective === 'households' ? 'household' : 'built-up cell'} some candidate can (${r.uncoverable} cannot be reached), ` : ''}${r.candidateCount} candidates (${r.candidateSpacingMeters} m grid), objective ${r.objective}: ` +
      `households reached within ${r.thresholdMinutes} min ${r.before.householdsCovered} → ${r.after.householdsCovered} / ${r.before.householdsTotal}; ` +
      `built-up ${r.before.coveredBuiltUpPct}% → ${r.after.coveredBuiltUpPct}% (target ${r.targetPct}%)`;
  } else {
    const r = siteKindergartens(
      { households: hh, kindergartens: fcOf(project.layers.kindergartens) ?? EMPTY, builtUp: builtUp ?? null, townships: townships ?? null, roads: roads ?? null },
      { ...kgOpts!, count: siting.count, model: siting.model, candidateSpacingMeters: siting.candidateSpacingMeters, candidateArea: siting.candidateArea, maxSnapMeters: siting.maxSnapMeters, userSites },
    );
    const { geojson, ...figures } = r;
    json = { project: project.name, facility, ...figures, params: paramsOut([...SITING_PARAMS, ...KINDERGARTEN_PARAMS], project.params, rest), loadErrors };
    header = ['rank', 'id', 'origin', 'township', 'area', 'radius_m', 'lon', 'lat', 'added_children_3_5', 'added_households', 'cumulative_children_covered'];
    rows = r.picks.map((p) => [p.rank, p.id, p.origin, p.township, p.area, p.radiusM, p.lon, p.lat, p.addedChildren, p.addedHouseholds, p.cumulativeChildrenCovered]);
    picksGeo = geojson.picks;
    reach = geojson.circles;
    line =
      `site: kindergarten, ${r.model === 'lscp' ? `LSCP: ${r.picks.length} sites reach every reachable child (${r.uncoverable} households with children unreachable), ` : ''}${r.candidateCount} candidates (${r.candidateSpacingMeters} m grid): children 3–5 within a radius ` +
      `${Math.round(r.before.childrenCovered)} → ${Math.round(r.after.childrenCovered)} / ${Math.round(r.before.childrenTotal)}`;
  }
  const written = writeFiles(args.out, {
    'site-summary.json': JSON.stringify(json, null, 2),
    'site-picks.geojson': JSON.stringify(picksGeo),
    'site-picks.csv': toCsv(header, rows),
    'site-reach.geojson': JSON.stringify(reach),
  });
  writeXlsx(args.out, 'site-picks.xlsx', sitingSheets({ facility, picks: json.picks } as Parameters<typeof sitingSheets>[0], 'zh'));
  printWarnings('site', (json.warnings as AnalysisWarning[] | undefined) ?? []);
  console.log(line);
  for (const r of rows) console.log(`  #${r.join(' | ')}`);
  console.log(`site: wrote ${written.map((f) => `${args.out}/${f}`).join(', ')}`);
}
