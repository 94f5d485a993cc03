import circle from '@turf/circle';
import type { Feature, FeatureCollection, Geometry, Point, Polygon } from 'geojson';
import { LocalProjection } from './geo.ts';
import { kindergartenAreaClassifier } from './kindergarten-area.ts';
import { kindergartenAccess, type KindergartenAccessInput, type KindergartenAccessOptions, type KindergartenArea } from './kindergarten-access.ts';
import { PolygonIndex } from './polygon-index.ts';
import { householdTownshipsOf, townshipName } from './household-townships.ts';
import { buildRoadGraph } from './road-graph.ts';
import type { MipSolver } from './mip-model.ts';
import { siteFacilities } from './site-facilities.ts';
import { solveCapacitatedSiting, type SolverOutcome } from './siting-exact.ts';
import type { SitingProof } from './site-fire-stations.ts';
import { candidateAreaMissing, candidateGrid, tooFewCandidates, fewerSitesWarning, noPlotFits } from './siting-candidates.ts';
import type { AnalysisWarning } from './analysis-warning.ts';
import { userError } from './user-error.ts';
import { buildEdgeIndex } from './travel-times.ts';
import { resolveSitingOptions } from './siting-params.ts';

/** The defaults of SITING_PARAMS (one place, each with its source). */
const DEFAULTS = resolveSitingOptions();

/** Options of {@link siteKindergartens}: the kindergarten radii plus the siting ones. */
export interface SiteKindergartensOptions extends KindergartenAccessOptions {
  /** New kindergartens to place (MCLP). Default 3. */
  count?: number;
  /** 'mclp' (default): the best `count` sites; 'lscp': the fewest sites reaching every reachable child (greedy set cover). */
  model?: 'mclp' | 'lscp';
  /** Exact solver (src/solver/ HiGHS adapter); without it, greedy + interchange with a Lagrangian bound. */
  solver?: MipSolver;
  /** Solver time limit, s. Default 10. */
  timeLimitSec?: number;
  /** LSCP: share of all children aged 3–5 (covered today included) to reach. Default 1 (all that can be). */
  share?: number;
  /**
   * Places per new kindergarten (capacitated MCLP): each site serves at most this many children
   * within its radius; `addedChildren` is then the children given a place. Default: no limit.
   */
  capacityPlaces?: number;
  /** Candidate grid spacing, m. Default 500. */
  candidateSpacingMeters?: number;
  /** Grid points farther than this from a road are dropped, m (with roads). Default spacing × 0.75. */
  maxSnapMeters?: number;
  /** Candidates over the whole county (townships) or only inside built-up areas. Default 'county'. */
  candidateArea?: 'county' | 'built-up';
  /** Sites the county proposes, evaluated alongside the grid. */
  userSites?: { id: string; lon: number; lat: number }[];
  /** Reserve plots that fit (`plotCandidates(...).fit`), one candidate each (origin 'plot', id = plot id). */
  plotSites?: { id: string; lon: number; lat: number }[];
  /** 'grid' (default): grid + user sites; 'plots': plot + user sites only; 'both'. */
  candidateSource?: 'grid' | 'plots' | 'both';
}

/** One proposed kindergarten site. */
export interface KindergartenSitePick {
  rank: number;
  id: string;
  origin: 'grid' | 'user' | 'plot';
  /** Where the site stands, the candidate's float64 as sited, not rounded (as FireSitePick.lon): a file re-read gives the same circle. */
  lon: number;
  lat: number;
  township: string;
  area: KindergartenArea;
  radiusM: number;
  /** Children aged 3–5 newly within a radius thanks to this site (after the earlier picks). */
  addedChildren: number;
  /** Households with children newly within a radius. */
  addedHouseholds: number;
  cumulativeChildrenCovered: number;
  /** The best site not chosen, swapped in for this one, and how many children fewer that reaches. */
  runnerUp: { id: string; loss: number } | null;
  /**
   * Households with children and children 3–5 this site first brings within a radius, by the
   * household's township — its township column where filled, else the township polygon it lies in
   * (householdTownshipsOf) — most children first; null with `capacityPlaces` (children
   * are assigned to places there, not to the first site reaching them).
   */
  byTownship: { township: string; households: number; children: number }[] | null;
}

/** Result of {@link siteKindergartens}. */
export interface SiteKindergartensResult extends Pick<SolverOutcome, 'gap' | 'bound' | 'solver' | 'status'> {
  radii: Record<KindergartenArea, number>;
  candidateCount: number;
  candidateSpacingMeters: number;
  /** Whether candidates were moved onto roads. */
  roadSnapped: boolean;
  before: { childrenCovered: number; childrenTotal: number };
  estimatedAfter: { childrenCovered: number; childrenTotal: number };
  /** Recomputed with `kindergartenAccess` with the picks added as kindergartens (the check). */
  after: { childrenCovered: number; childrenTotal: number };
  picks: KindergartenSitePick[];
  exhausted: boolean;
  /** The kindergarten analysis's warnings (no kindergarten, no household, no children) and `fewer-sites` when fewer sites than asked could be placed. */
  warnings: AnalysisWarning[];
  model: 'mclp' | 'lscp';
  proof: SitingProof;
  /** LSCP: households with children that no candidate reaches. */
  uncoverable: number;
  /** With `capacityPlaces`: places per new site, all new places, children given one, and children newly within a radius of the new sites (the check). */
  capacity?: { placesPerSite: number; places: number; assigned: number; withinReach: number };
  geojson: {
    picks: FeatureCollection<Point, KindergartenSitePick>;
    /** The service circle of each pick. */
    circles: FeatureCollection<Polygon, { rank: number; id: string; radiusM: number }>;
  };
  timingMs: { access: number; siting: number; verify: number };
}

const round = (v: number, d: number) => Math.round(v * 10 ** d) / 10 ** d;

/**
 * Best sites for new kindergartens (maximal covering, straight-line radius): where to put `count`
 * kindergartens so that the most children aged 3–5 now outside every kindergarten's service
 * radius would be inside one.
 *
 * The radius of a site follows where it stands, as in `kindergartenAccess`: the urban radius
 * (GB 50180-93, 300 m) inside the county seat's built-up area, the township radius inside another
 * built-up area, the village radius elsewhere. Children per household: `children_3_5`, else
 * persons × childShare. Candidates: a regular grid over the county (or the built-up areas), moved
 * onto the nearest road when roads are given (a kindergarten needs road access), plus
 * `userSites`. The picks come from {@link siteFacilities} (greedy MCLP, a (1 − 1/e)
 * approximation); the plan with them is recomputed with `kindergartenAccess` as a check.
 *
 * @param input - households, kindergartens, built-up areas, townships, optional roads
 * @param options - radii, child share, count, spacing, candidate area, user sites
 * @returns before / after figures, picks with the children each adds, map layers
 * @example
 * const r = siteKindergartens({ households, kindergartens, builtUp, townships, roads }, { count: 3 });
 * r.picks[0].addedChildren;
 */
export function siteKindergartens(
  input: KindergartenAccessInput & { roads?: FeatureCollection<Geometry | null> | null },
  options: SiteKindergartensOptions = {},
): SiteKindergartensResult {
  if (!input) throw new Error('siteKindergartens: input is required');
  const model = options.model ?? DEFAULTS.model;
  if (model !== 'mclp' && model !== 'lscp') throw new Error('siteKindergartens: model must be "mclp" or "lscp"');
  const count = model === 'lscp' ? 1 : (options.count ?? DEFAULTS.count);
  if (!Number.isInteger(count) || count < 1) throw new Error('siteKindergartens: count must be a whole number ≥ 1');
  const spacing = options.candidateSpacingMeters ?? DEFAULTS.candidateSpacingMeters;
  const areaKind = options.candidateArea ?? DEFAULTS.candidateArea;
  const timeLimitSec = options.timeLimitSec ?? DEFAULTS.timeLimitSec;
  const share = options.share ?? DEFAULTS.share;
  const source = options.candidateSource ?? DEFAULTS.candidateSource;
  if (source !== 'grid' && source !== 'plots' && source !== 'both') throw new Error('siteKindergartens: candidateSource must be "grid", "plots" or "both"');
  if (source === 'plots' && !(options.plotSites?.length) && !(options.userSites?.length)) throw noPlotFits();
  // checked before any work (it was thrown, in English, after the capacitated model had been solved)
  if (options.capacityPlaces !== undefined && options.capacityPlaces > 0 && model !== 'mclp') {
    throw userError({ zh: `每所新幼儿园学位数（capacity-places，${options.capacityPlaces}）只用于 mclp 模型（给定数量求最大覆盖），不能用于 ${model}；请去掉它或改用 mclp。`, en: `Places per new kindergarten (capacity-places, ${options.capacityPlaces}) apply to the mclp model (most coverage for a count) only, not to ${model}; leave it out or use mclp.` });
  }
  const t0 = performance.now();
  const access = kindergartenAccess(input, options);
  const t1 = performance.now();
  const hh = input.households;

  const area = areaKind === 'built-up' ? input.builtUp : input.townships;
  if (!area || area.features.length === 0) throw candidateAreaMissing(areaKind);
  const hasRoads = !!input.roads && input.roads.features.length > 0;
  const edgeIndex = hasRoads ? buildEdgeIndex(buildRoadGraph(input.roads!)) : undefined;
  const cands = candidateGrid(area, { spacingMeters: spacing, edgeIndex, maxSnapMeters: options.maxSnapMeters, userSites: options.userSites, plotSites: source === 'grid' ? undefined : options.plotSites, grid: source !== 'plots' });
  if (cands.count < count) throw tooFewCandidates(cands.count, count, 'kindergarten');

  // Radius per candidate by where it stands (the one rule of kindergartenAccess and plot review).
  const areas = kindergartenAreaClassifier(input, { radii: access.radii, urbanBuiltUpName: access.urbanBuiltUp ?? undefined });
  const proj = new LocalProjection(cands.lon[0], cands.lat[0]);
  const townIdx = input.townships ? new PolygonIndex(input.townships, proj) : null;
  const radius = new Float64Array(cands.count);
  const areaOf: KindergartenArea[] = [];
  for (let c = 0; c < cands.count; c++) {
    const a = areas.classify(cands.lon[c], cands.lat[c]);
    areaOf.push(a);
    radius[c] = access.radii[a];
  }

  const res = siteFacilities({ lon: hh.lon, lat: hh.lat, weights: access.children3to5, alreadyCovered: access.covered }, cands, {
    model,
    p: count,
    coverableOnly: true,
    radiusMeters: radius,
    solver: options.solver,
    timeLimitSec,
    share,
  });
  // Capacitated: the same coverage, each new site serving at most capacityPlaces children.
  const cap =
    options.capacityPlaces === undefined || options.capacityPlaces <= 0
      ? null
      : solveCapacitatedSiting({ coverage: res.coverage, weights: access.children3to5, alreadyCovered: access.covered, p: count, capacity: options.capacityPlaces }, { solver: options.solver, timeLimitSec });
  const sitePicks = cap
    ? cap.selected.map((c, k) => ({ rank: k + 1, candidate: c, lon: cands.lon[c], lat: cands.lat[c], addedWeight: cap.assigned[k], addedCount: 0 }))
    : res.picks;
  if (cap) {
    // Households with children newly within a radius, in rank order (first pick reaching them).
    const seen = new Uint8Array(res.coverage.demandCount);
    sitePicks.forEach((p) => {
      for (let q = res.coverage.offset[p.candidate]; q < res.coverage.offset[p.candidate + 1]; q++) {
        const d = res.coverage.demand[q];
        if (seen[d] || access.covered[d] || !(access.children3to5[d] > 0)) continue;
        seen[d] = 1;
        p.addedCount++;
      }
    });
  }
  const t2 = performance.now();

  // Check: the plan with the picks, recomputed by the access analysis itself.
  const added: Feature<Point>[] = sitePicks.map((p) => ({
    type: 'Feature',
    properties: { id: cands.ids[p.candidate], name: `选址${p.rank}`, ownership: 'public', capacity: 0 },
    geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
  }));
  const after = kindergartenAccess({ ...input, kindergartens: { type: 'FeatureCollection', features: [...input.kindergartens.features, ...added] } }, options);
  const t3 = performance.now();

  // What each pick first brings within a radius, by the household's township as every by-township
  // figure finds it: its township column where filled, else the polygon it lies in (MCLP / LSCP).
  const perPick = sitePicks.map(() => new Map<string, { township: string; households: number; children: number }>());
  if (!cap) {
    const tw = householdTownshipsOf(hh, input.townships);
    for (let d = 0; d < res.coveredBy.length; d++) {
      const k = res.coveredBy[d];
      if (k < 0 || !(access.children3to5[d] > 0)) continue;
      const t = townshipName(tw, d);
      let row = perPick[k].get(t);
      if (!row) perPick[k].set(t, (row = { township: t, households: 0, children: 0 }));
      row.households++;
      row.children += access.children3to5[d];
    }
  }
  let cum = access.children.covered;
  const picks: KindergartenSitePick[] = sitePicks.map((p, k) => {
    cum += p.addedWeight;
    const c = p.candidate;
    const t = townIdx ? townIdx.contains(proj.x(p.lon), proj.y(p.lat)) : -1;
    return {
      rank: p.rank,
      id: cands.ids[c],
      origin: cands.origin[c],
      lon: p.lon,
      lat: p.lat,
      township: t >= 0 ? String(input.townships!.features[t].properties?.name ?? '') : '',
      area: areaOf[c],
      radiusM: radius[c],
      addedChildren: round(p.addedWeight, 2),
      addedHouseholds: p.addedCount,
      cumulativeChildrenCovered: round(cum, 2),
      byTownship: cap
        ? null
        : [...perPick[k].values()].map((r) => ({ ...r, children: round(r.children, 2) })).sort((a, b) => b.children - a.children || a.township.localeCompare(b.township)),
      runnerUp: !cap && p.rank > res.preselectedCount && res.runnerUp[p.rank - 1 - res.preselectedCount] ? { id: cands.ids[res.runnerUp[p.rank - 1 - res.preselectedCount]!.candidate], loss: round(res.runnerUp[p.rank - 1 - res.preselectedCount]!.loss, 2) } : null,
    };
  });
  const proof: SitingProof = {
    objective: cap ? cap.objective : res.objective,
    bound: cap ? cap.bound : res.bound,
    gap: cap ? cap.gap : res.gap,
    status: cap ? cap.status : res.status,
    solver: cap ? cap.solver : res.solver,
    solverNote: cap ? cap.solverNote : res.solverNote,
    greedyObjective: cap ? cap.greedyObjective : res.greedyObjective,
    heuristicObjective: cap ? cap.greedyObjective : res.heuristicObjective,
    timeLimitSec,
    expectedCoverage: cap ? access.children.covered + cap.objective : res.expectedCoverage,
    backupCovered: res.backupWeightCovered,
    size: res.size,
    timingMs: res.timingMs,
  };
  return {
    radii: access.radii,
    candidateCount: cands.count,
    candidateSpacingMeters: spacing,
    roadSnapped: hasRoads,
    before: { childrenCovered: round(access.children.covered, 2), childrenTotal: round(access.children.total, 2) },
    estimatedAfter: { childrenCovered: round(cum, 2), childrenTotal: round(access.children.total, 2) },
    after: { childrenCovered: round(after.children.covered, 2), childrenTotal: round(after.children.total, 2) },
    picks,
    exhausted: res.exhausted,
    warnings: model !== 'lscp' && picks.length < count ? [...access.warnings, fewerSitesWarning(count, picks.length, 'kindergarten')] : access.warnings,
    model,
    gap: proof.gap,
    bound: proof.bound,
    solver: proof.solver,
    status: proof.status,
    proof,
    uncoverable: res.uncoverableCount ?? 0,
    capacity: cap ? { placesPerSite: options.capacityPlaces!, places: options.capacityPlaces! * picks.length, assigned: round(cap.objective, 2), withinReach: round(after.children.covered - access.children.covered, 2) } : undefined,
    geojson: {
      picks: { type: 'FeatureCollection', features: picks.map((p) => ({ type: 'Feature', properties: p, geometry: { type: 'Point', coordinates: [p.lon, p.lat] } })) },
      circles: {
        type: 'FeatureCollection',
        features: picks.map((p) => {
          const f = circle([p.lon, p.lat], p.radiusM, { units: 'meters', steps: 64 });
          return { type: 'Feature', properties: { rank: p.rank, id: p.id, radiusM: p.radiusM }, geometry: f.geometry };
        }),
      },
    },
    timingMs: { access: Math.round(t1 - t0), siting: Math.round(t2 - t1), verify: Math.round(t3 - t2) },
  };
}
