import type { FeatureCollection, Geometry } from 'geojson';
import { LocalProjection, geometryExtent } from './geo.ts';
import { PolygonIndex } from './polygon-index.ts';
import { snapToNetwork, type EdgeIndex } from './travel-times.ts';
import { userError } from './user-error.ts';
import type { AnalysisWarning } from './analysis-warning.ts';

/** Candidate sites as columns. `edge` etc. are set when the candidates were snapped to roads. */
export interface SitingCandidates {
  count: number;
  lon: Float64Array;
  lat: Float64Array;
  /** 'grid' for generated sites, 'user' for given ones, 'plot' for reserve plots that fit. */
  origin: ('grid' | 'user' | 'plot')[];
  /** A readable id: `G<row>-<col>` for grid sites, the given id for user sites, the plot id for plots. */
  ids: string[];
  /** Road edge the site stands on (-1 = none within reach); only with an edge index. */
  edge?: Int32Array;
  fraction?: Float64Array;
  /** Distance from the original point to its road point, m (0 for sites moved onto the road). */
  accessMeters?: Float64Array;
}

/** Options of {@link candidateGrid}. */
export interface CandidateGridOptions {
  /** Distance between grid points, m. */
  spacingMeters: number;
  /** Snap every point to the nearest road and place the site there (network siting; kindergartens need road access). */
  edgeIndex?: EdgeIndex;
  /** Grid points farther than this from every road are dropped, m. Default spacing × 0.75. */
  maxSnapMeters?: number;
  /** User-given sites (e.g. land the county owns), kept even when off the grid. */
  userSites?: { id: string; lon: number; lat: number }[];
  /** Reserve plots that fit (one point on each plot, see `plotCandidates`); snapped like user sites. */
  plotSites?: { id: string; lon: number; lat: number }[];
  /** Generate the grid (default true); false: only user and plot sites. */
  grid?: boolean;
}

/**
 * Candidate sites for facility siting: a regular grid (spacing in metres, in a local metric plane)
 * over the given polygons (the county's townships, or only built-up areas), each point moved to
 * the nearest point of the road network when an edge index is given (grid points with no road
 * within `maxSnapMeters` are dropped, and grid points landing on the same road point are merged),
 * plus user-given sites, which are snapped but never moved or dropped (their `accessMeters` is
 * their distance to the road), plus reserve-plot sites, treated as user sites with origin 'plot'.
 * `grid: false` leaves the grid out (candidates = user and plot sites only).
 *
 * @param area - polygons the grid points must fall in (Polygon / MultiPolygon features)
 * @param options - spacing, road index, user sites
 * @returns candidate columns, grid sites first, then user sites
 * @example
 * const c = candidateGrid(townships, { spacingMeters: 500, edgeIndex: prep.edgeIndex });
 */
export function candidateGrid(area: FeatureCollection<Geometry | null>, options: CandidateGridOptions): SitingCandidates {
  if (!area || !Array.isArray(area.features)) throw new Error('candidateGrid: area must be a FeatureCollection of polygons');
  const spacing = options?.spacingMeters;
  if (!(spacing > 0) || !Number.isFinite(spacing)) throw new Error('candidateGrid: spacingMeters must be a positive number');
  const maxSnap = options.maxSnapMeters ?? spacing * 0.75;
  if (!(maxSnap >= 0)) throw new Error('candidateGrid: maxSnapMeters must be ≥ 0');
  const box = geometryExtent(
    area.features.map((f) => f?.geometry).filter((g) => g && (g.type === 'Polygon' || g.type === 'MultiPolygon')),
  );
  const [w, s, e, n] = box ?? [Infinity, Infinity, -Infinity, -Infinity];
  const lon: number[] = [];
  const lat: number[] = [];
  const ids: string[] = [];
  const origin: ('grid' | 'user' | 'plot')[] = [];
  if (e >= w && options.grid !== false) {
    const proj = new LocalProjection((w + e) / 2, (s + n) / 2);
    const idx = new PolygonIndex(area, proj);
    const x0 = proj.x(w), x1 = proj.x(e), y0 = proj.y(s), y1 = proj.y(n);
    // A hair of tolerance so that an extent of exactly k spacings gives k + 1 points.
    const cols = Math.floor((x1 - x0) / spacing + 1e-6) + 1;
    const rows = Math.floor((y1 - y0) / spacing + 1e-6) + 1;
    if (cols * rows > 5_000_000) throw new Error(`candidateGrid: ${cols}×${rows} grid points is too many; use a larger spacing`);
    // Centre the grid on the extent.
    const ox = x0 + (x1 - x0 - (cols - 1) * spacing) / 2;
    const oy = y0 + (y1 - y0 - (rows - 1) * spacing) / 2;
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const x = ox + c * spacing, y = oy + r * spacing;
        if (idx.contains(x, y) < 0) continue;
        lon.push(proj.lon(x));
        lat.push(proj.lat(y));
        ids.push(`G${r}-${c}`);
        origin.push('grid');
      }
    }
  }
  const gridCount = lon.length;
  const extra = [...(options.userSites ?? []).map((u) => ({ ...u, o: 'user' as const })), ...(options.plotSites ?? []).map((u) => ({ ...u, o: 'plot' as const }))];
  for (const u of extra) {
    if (!Number.isFinite(u.lon) || !Number.isFinite(u.lat)) throw new Error(`candidateGrid: ${u.o} site ${u.id} has no valid lon/lat`);
    lon.push(u.lon);
    lat.push(u.lat);
    ids.push(u.id);
    origin.push(u.o);
  }
  if (!options.edgeIndex) {
    return { count: lon.length, lon: Float64Array.from(lon), lat: Float64Array.from(lat), origin, ids };
  }
  // Snap: grid sites move onto the road (access 0) or are dropped; user sites keep their place.
  const { graph } = options.edgeIndex;
  const gridSnap = snapToNetwork(options.edgeIndex, lon.slice(0, gridCount), lat.slice(0, gridCount), maxSnap, false);
  const userSnap = snapToNetwork(options.edgeIndex, lon.slice(gridCount), lat.slice(gridCount), Infinity, false);
  const snapOf = (i: number) => (i < gridCount ? { s: gridSnap, k: i } : { s: userSnap, k: i - gridCount });
  const seen = new Set<string>();
  const outLon: number[] = [], outLat: number[] = [], outFrac: number[] = [], outAcc: number[] = [], outEdge: number[] = [];
  const outIds: string[] = [], outOrigin: ('grid' | 'user' | 'plot')[] = [];
  const { nodeX, nodeY, edgeFrom, edgeTo, edgeLengthMeters, projection: gp } = graph;
  for (let i = 0; i < lon.length; i++) {
    const { s: snap, k } = snapOf(i);
    const ed = snap.edge[k];
    const isUser = i >= gridCount;
    if (!isUser && ed < 0) continue;
    if (ed < 0) {
      outLon.push(lon[i]); outLat.push(lat[i]); outEdge.push(-1); outFrac.push(0); outAcc.push(Infinity);
      outIds.push(ids[i]); outOrigin.push(origin[i]);
      continue;
    }
    const t = snap.fraction[k];
    if (!isUser) {
      const key = `${ed}:${Math.round(t * edgeLengthMeters[ed])}`;
      if (seen.has(key)) continue;
      seen.add(key);
    }
    const a = edgeFrom[ed], b = edgeTo[ed];
    const x = nodeX[a] + t * (nodeX[b] - nodeX[a]);
    const y = nodeY[a] + t * (nodeY[b] - nodeY[a]);
    outLon.push(isUser ? lon[i] : gp.lon(x));
    outLat.push(isUser ? lat[i] : gp.lat(y));
    outEdge.push(ed);
    outFrac.push(t);
    outAcc.push(isUser ? snap.accessMeters[k] : 0);
    outIds.push(ids[i]);
    outOrigin.push(origin[i]);
  }
  return {
    count: outLon.length,
    lon: Float64Array.from(outLon),
    lat: Float64Array.from(outLat),
    origin: outOrigin,
    ids: outIds,
    edge: Int32Array.from(outEdge),
    fraction: Float64Array.from(outFrac),
    accessMeters: Float64Array.from(outAcc),
  };
}

/** The candidate area chosen has no layer to lay the grid over (a project without townships or built-up areas). */
export function candidateAreaMissing(areaKind: 'county' | 'built-up'): Error {
  return areaKind === 'built-up'
    ? userError({ zh: '候选点范围为“建成区”，但项目没有建成区图层（built_up.geojson）或其为空；请改选“全县”或导入建成区。', en: 'The candidates are to lie in the built-up areas, but the project has no (or an empty) built-up layer (built_up.geojson); choose the whole county or import the built-up areas.' })
    : userError({ zh: '候选点范围为“全县”，按乡镇界铺设网格，但项目没有乡镇界图层（townships.geojson）或其为空；请导入乡镇界，或改选“建成区”。', en: 'The candidates are to cover the whole county, laid over the townships, but the project has no (or an empty) townships layer (townships.geojson); import the townships or choose the built-up areas.' });
}

/** Candidates only from reserve plots (`candidate-source plots`) and none fits (use or area): the unfit plots say why. */
export function noPlotFits(): Error {
  return userError({
    zh: '候选点来源为“储备地块”（candidate-source plots），但没有用途和面积都符合的储备地块（不符合的地块及原因见地块清单）；请改选 grid 或 both，或调整地块最小用地面积。',
    en: 'The candidates are to be reserve plots (candidate-source plots), but no reserve plot fits by use and area (see the unfit plots and their reasons); choose grid or both, or change the least land a plot must have.',
  });
}

/** Fewer candidate sites than the count asked for. */
export function tooFewCandidates(candidates: number, count: number, facility: 'fire' | 'kindergarten'): Error {
  const what = facility === 'fire' ? { zh: '消防站', en: 'stations' } : { zh: '幼儿园', en: 'kindergartens' };
  return userError({
    zh: `只有 ${candidates} 个候选点，少于要选的 ${count} 个${what.zh}；请减小候选点网格间距或新选址数量。`,
    en: `Only ${candidates} candidate sites for ${count} ${what.en}; use a smaller candidate spacing or fewer new sites.`,
  });
}

/**
 * The warning of a plan with fewer new sites than asked for (`exhausted`: no other candidate reaches
 * anything not yet reached — every household already reached, no household at all, or the rest out
 * of every candidate's reach or township quota). The picks were silently fewer than `--count` / the
 * panel's number, and "optimal" with 0 of 3 sites read as a plan.
 * @example fewerSitesWarning(3, 0, 'fire').counts // { asked: 3, placed: 0 }
 */
export function fewerSitesWarning(asked: number, placed: number, facility: 'fire' | 'kindergarten'): AnalysisWarning {
  const what = facility === 'fire' ? { zh: '消防站', en: 'fire stations', demand: { zh: '住户或建成区', en: 'household or built-up area' } } : { zh: '幼儿园', en: 'kindergartens', demand: { zh: '3–5岁儿童', en: 'child aged 3–5' } };
  return {
    code: 'fewer-sites',
    message: {
      zh: `要求新选址 ${asked} 处${what.zh}，只选出 ${placed} 处：其余候选点都不能再多覆盖任何${what.demand.zh}（已全部覆盖、没有需覆盖的对象，或其余对象不在任何候选点的范围内）`,
      en: `${asked} new ${what.en} were asked for, ${placed} placed: no other candidate reaches any ${what.demand.en} not already reached (all are reached, there are none, or the rest are out of every candidate's reach)`,
    },
    counts: { asked, placed },
  };
}

/**
 * The warning of user or reserve-plot sites further than the access distance from every usable road:
 * a station there reaches nothing (as the fire analysis counts it), so they are kept as candidates
 * that cover nothing, and named.
 * @example sitesOffRoadWarning(['U1'], 300).counts // { sites: 1, maxAccessMeters: 300 }
 */
export function sitesOffRoadWarning(ids: readonly string[], maxAccessMeters: number): AnalysisWarning {
  const names = ids.slice(0, 5).join('、') + (ids.length > 5 ? ` …（共 ${ids.length} 处）` : '');
  const namesEn = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` … (${ids.length} in all)` : '');
  return {
    code: 'sites-off-network',
    message: {
      zh: `${ids.length} 处自选或储备地块候选点离最近的可通行道路超过 ${maxAccessMeters} 米，建站后接不上路网，不覆盖任何区域，不会被选中：${names}；请核对其位置`,
      en: `${ids.length} user or reserve-plot candidate site(s) are more than ${maxAccessMeters} m from any usable road: a station there reaches nothing and is not picked: ${namesEn}; please check their positions`,
    },
    counts: { sites: ids.length, maxAccessMeters },
  };
}
