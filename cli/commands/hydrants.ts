import type { CliArgs } from '../args.ts';
import { fromCli, fromProject } from '../../analysis/params.ts';
import { hydrantGaps } from '../../analysis/hydrant-gaps.ts';
import { hydrantPlanTable } from '../../analysis/hydrant-plan-table.ts';
import { HYDRANT_PARAMS, resolveHydrantOptions } from '../../analysis/radii-params.ts';
import { checkOptions, fcOf, loadForAnalysis, paramsOut, round, printWarnings } from '../radii-util.ts';
import type { OutputKind } from '../out-dir.ts';
import { writeOutputs } from '../stream-write.ts';
import { writeHydrantsXlsx } from '../xlsx-out.ts';
import { hydrantGapPlaces, villageCentres } from '../../analysis/hydrant-gap-places.ts';
import { householdsOf } from '../radii-util.ts';

/** Files `hydrants` writes into --out (cli/out-dir.ts). */
export const OUTPUT: OutputKind = { kind: 'analysis', names: ['hydrants.xlsx', 'hydrants.json', 'hydrant-gaps.geojson', 'hydrant-gaps.csv', 'proposed-hydrants.geojson', 'broken-hydrants.csv'] };

/** The checks of `hydrants`' options made before any file is read; also run by `batch` before any county starts. */
export function checkArgs(options: Record<string, string>): void {
  checkOptions('hydrants', options, HYDRANT_PARAMS);
}

/**
 * `npm run analyze -- hydrants --data <dir> --out <dir> [--hydrant-radius 150] [--hydrant-spacing 120]
 * [--include-planned] [--wide-road-width 60] [--hydrant-snap 30]` — hydrant gaps along the roads of
 * the built-up areas (GB 50974-2014). Writes hydrants.json, hydrant-gaps.geojson, hydrant-gaps.csv,
 * proposed-hydrants.geojson, broken-hydrants.csv and hydrants.xlsx; hydrants.json carries `planTable`,
 * the fire plan's 专栏1 counted its way (segment from–to) beside ours.
 */
export async function run(args: CliArgs): Promise<void> {
  checkArgs(args.options);
  const { project, loadErrors, scenario } = await loadForAnalysis(args.data, 'hydrants', args.scenario);
  const opts = resolveHydrantOptions(fromProject(project.params), fromCli(args.options));
  const t0 = performance.now();
  const empty = { type: 'FeatureCollection' as const, features: [] };
  const r = hydrantGaps(
    { roads: fcOf(project.layers.roads) ?? empty, hydrants: fcOf(project.layers.hydrants) ?? empty, builtUp: fcOf(project.layers.builtUp) ?? null },
    opts,
  );
  // The fire plan's table 专栏1 counted its way (segment from–to, built hydrants) beside ours (working, by road name).
  const plan = hydrantPlanTable({ roads: fcOf(project.layers.roads) ?? empty, hydrants: fcOf(project.layers.hydrants) ?? empty }, undefined, { snapMeters: opts.snapMeters });
  const ours = new Map(r.byRoad.map((b) => [b.road, b.hydrants]));
  const planTable = { ...plan, rows: plan.rows.map((row) => ({ ...row, ours: ours.get(row.road) ?? 0 })) };
  const ms = performance.now() - t0;
  const { gapsGeoJson, proposedGeoJson, ...figures } = r;
  const json = {
    project: project.name,
    ...figures,
    gaps: r.gaps.map((g) => ({ ...g, fromM: round(g.fromM), toM: round(g.toM), lengthM: round(g.lengthM) })),
    planTable,
    params: paramsOut(HYDRANT_PARAMS, project.params, args.options),
    method: {
      zh: '道路按建成区裁剪；保护半径按直线距离（圆与道路相交）计算；按道路要素分段报告，距离自该段起点起算；新增消火栓按贪心法求最少数量（间距≤规定间距）',
      en: 'Roads clipped to the built-up areas; the protection radius is a straight-line reach (circle cutting the road); reported per road feature, metres from its first vertex; proposals are the fewest positions by a greedy cover at ≤ the spacing',
    },
    scenario,
    loadErrors,
    timingMs: Math.round(ms),
  };
  // each gap located: township and from/to lon/lat (the same rows as hydrants.xlsx)
  const places = hydrantGapPlaces(r.gapsGeoJson, { townships: fcOf(project.layers.townships), roads: fcOf(project.layers.roads), villages: villageCentres(householdsOf(project), fcOf(project.layers.townships)) });
  const deg = (v: number) => Math.round(v * 1e6) / 1e6;
  const gapRows = places.map((g) => [g.road, g.roadIndex, g.part, round(g.fromM), round(g.toM), round(g.lengthM), g.township, deg(g.fromLon), deg(g.fromLat), deg(g.toLon), deg(g.toLat), g.where.zh]);
  const brokenRows = r.broken.map((b) => [b.id, b.kind, b.road, b.lon, b.lat]);
  const written = await writeOutputs(args.out, {
    'hydrants.json': { json, indent: 2 },
    'hydrant-gaps.geojson': { json: gapsGeoJson },
    'hydrant-gaps.csv': { csv: ['road', 'road_index', 'part', 'from_m', 'to_m', 'length_m', 'township', 'from_lon', 'from_lat', 'to_lon', 'to_lat', 'where'], rows: gapRows },
    'proposed-hydrants.geojson': { json: proposedGeoJson },
    'broken-hydrants.csv': { csv: ['id', 'kind', 'road', 'lon', 'lat'], rows: brokenRows },
  });
  writeHydrantsXlsx(args.out, r, places, { project, scenario, options: args.options });
  printWarnings('hydrants', r.warnings);
  console.log(
    `hydrants: ${r.scope === 'built-up' ? 'built-up' : 'all'} roads ${round(r.roadLengthKm, 2)} km, covered ${round(r.coveredRoadLengthKm, 2)} km = ${r.coveredRoadPct === null ? 'no data' : `${round(r.coveredRoadPct)}%`} (target 100%); ` +
      `${r.gapCount} gaps, ${round(r.gapLengthKm, 2)} km; ${r.spacingViolations.length} spacing violations; ${r.proposedCount} proposed hydrants; ` +
      `in working order ${r.hydrants.working}/${r.hydrants.working + r.hydrants.broken}${r.hydrants.workingPct !== null ? ` = ${round(r.hydrants.workingPct)}%` : ''}`,
  );
  if (planTable.roadsOnMap === 0) {
    console.log(`hydrants: 规划专栏1（曲阳县）的道路在图上一条也没有，不比对 / not one road of the plan's 专栏1 (Quyang) is on the map: not compared`);
  } else {
    console.log(`hydrants: 按规划专栏1口径 (${planTable.agreeing} of ${planTable.rows.length} segments agree) — road (from→to): plan / the plan's way / ours`);
    for (const row of planTable.rows) console.log(`hydrants:   ${row.road} (${row.from}→${row.to}): ${row.count} / ${row.counted ?? (row.problem?.en ?? '—')} / ${row.ours}`);
  }
  console.log(`hydrants: wrote ${written.map((f) => `${args.out}/${f}`).join(', ')}`);
}
