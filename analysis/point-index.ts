import { DISTANCE_TOLERANCE_M, geodesicMeters, LocalProjection, metresPerDegree } from './geo.ts';

/** Point locations as coordinate columns (longitude/latitude, degrees). NaN = unlocated. */
export interface PointColumns {
  lon: Float64Array;
  lat: Float64Array;
}

export interface RadiusCoverageOptions {
  /** Service radius in metres: one for all facilities, or one per facility (same order). */
  radiusMeters: number | Float64Array;
  /** Only facilities with a non-zero flag count (e.g. working hydrants). Default: all. */
  facilityMask?: Uint8Array;
  /** Also return each point's nearest facility within reach and its distance. Default false. */
  nearest?: boolean;
  /** Per-point weights (e.g. children): returns their sum over the points each facility reaches (2SFCA step 1). NaN counts as 0. */
  pointWeights?: Float64Array;
  /** Per-facility values (e.g. 2SFCA supply ratios): returns their sum over the facilities reaching each point (2SFCA step 2). */
  facilityValues?: Float64Array;
}

export interface RadiusCoverageResult {
  /** 1 where at least one counted facility is within its radius of the point (distance ≤ radius). */
  covered: Uint8Array;
  coveredCount: number;
  /** Index of the nearest facility within reach, -1 when none (only with `nearest`). */
  nearestFacility?: Int32Array;
  /** Geodesic metres to that facility, NaN when none (only with `nearest`). */
  nearestMeters?: Float32Array;
  /** Σ pointWeights over the points within each facility's radius (only with `pointWeights`). */
  facilityWeightSum?: Float64Array;
  /** Σ facilityValues over the facilities within reach of each point (only with `facilityValues`). */
  pointValueSum?: Float64Array;
}

/** Largest bucket grid (cells) built for a query; beyond it cells grow instead. */
const MAX_CELLS = 1 << 22;

/** Bounds of the ratio geodesic / projected distance over a latitude range (see radiusCoverage). */
function scaleBounds(proj: LocalProjection, latMin: number, latMax: number): { lo: number; hi: number } {
  const lats = [latMin, latMax];
  if (latMin < 0 && latMax > 0) lats.push(0);
  let lo = Infinity;
  let hi = 0;
  for (const lat of lats) {
    const { mx, my } = metresPerDegree(lat);
    lo = Math.min(lo, mx / proj.mx, my / proj.my);
    hi = Math.max(hi, mx / proj.mx, my / proj.my);
  }
  return { lo, hi };
}

/**
 * Which points lie within a service radius of a facility — the shared radius primitive for
 * hydrants, kindergartens, service points and any "within X m" question.
 *
 * Method: the (few) facilities are indexed in a uniform bucket grid (a CSR array, cell side ≥
 * the search radius) in a local metric plane centred on them. Each point is projected, the 3 × 3
 * cells around it are scanned within the largest radius widened by the plane's worst scale
 * error over the data's latitude range, and every candidate
 * is confirmed against the ellipsoidal distance ({@link geodesicMeters}, mid-latitude radii of
 * curvature, < 0.1% error below 100 km). The scale error is bounded on both sides, so a
 * candidate whose planar distance is clearly inside (or outside) the radius is decided without
 * the exact formula; only the thin rim band and the `nearest` option compute it. Distance
 * equal to the radius counts as covered, to {@link DISTANCE_TOLERANCE_M} (1 mm). Work is O(N + M + pairs) for N points and M
 * facilities, with no allocation per point.
 *
 * @param points - point columns (households); NaN coordinates are never covered
 * @param facilities - facility columns; NaN coordinates are ignored
 * @param options - radius (one or per facility, metres) and optional outputs
 * @returns covered flags and count, plus the optional outputs asked for
 * @example
 * const r = radiusCoverage(households, hydrantCols, { radiusMeters: 150 });
 * r.coveredCount; // households within 150 m of a hydrant
 */
export function radiusCoverage(
  points: PointColumns,
  facilities: PointColumns,
  options: RadiusCoverageOptions,
): RadiusCoverageResult {
  if (!points || !(points.lon instanceof Float64Array) || !(points.lat instanceof Float64Array)) {
    throw new Error('radiusCoverage: points.lon and points.lat must be Float64Arrays');
  }
  if (!facilities || !(facilities.lon instanceof Float64Array) || !(facilities.lat instanceof Float64Array)) {
    throw new Error('radiusCoverage: facilities.lon and facilities.lat must be Float64Arrays');
  }
  const n = points.lon.length;
  const m = facilities.lon.length;
  if (points.lat.length !== n) throw new Error('radiusCoverage: points.lon and points.lat differ in length');
  if (facilities.lat.length !== m) throw new Error('radiusCoverage: facilities.lon and facilities.lat differ in length');
  const { radiusMeters, facilityMask, pointWeights, facilityValues } = options ?? ({} as RadiusCoverageOptions);
  const perFacility = radiusMeters instanceof Float64Array;
  if (perFacility) {
    if (radiusMeters.length !== m) throw new Error('radiusCoverage: radiusMeters must have one value per facility');
  } else if (typeof radiusMeters !== 'number' || !(radiusMeters >= 0) || !Number.isFinite(radiusMeters)) {
    throw new Error('radiusCoverage: radiusMeters must be a finite number ≥ 0 or a Float64Array');
  }
  if (facilityMask && facilityMask.length !== m) throw new Error('radiusCoverage: facilityMask must have one flag per facility');
  if (pointWeights && pointWeights.length !== n) throw new Error('radiusCoverage: pointWeights must have one value per point');
  if (facilityValues && facilityValues.length !== m) throw new Error('radiusCoverage: facilityValues must have one value per facility');

  const covered = new Uint8Array(n);
  const wantNearest = options.nearest === true;
  const nearestFacility = wantNearest ? new Int32Array(n).fill(-1) : undefined;
  const nearestMeters = wantNearest ? new Float32Array(n).fill(NaN) : undefined;
  const facilityWeightSum = pointWeights ? new Float64Array(m) : undefined;
  const pointValueSum = facilityValues ? new Float64Array(n) : undefined;
  const result: RadiusCoverageResult = { covered, coveredCount: 0 };
  if (nearestFacility) result.nearestFacility = nearestFacility;
  if (nearestMeters) result.nearestMeters = nearestMeters;
  if (facilityWeightSum) result.facilityWeightSum = facilityWeightSum;
  if (pointValueSum) result.pointValueSum = pointValueSum;

  // Counted facilities and their extent.
  const use = new Uint32Array(m);
  let k = 0;
  let rMax = 0;
  let fLatMin = Infinity;
  let fLatMax = -Infinity;
  let fLonMin = Infinity;
  let fLonMax = -Infinity;
  const flon = facilities.lon;
  const flat = facilities.lat;
  for (let j = 0; j < m; j++) {
    if (facilityMask && facilityMask[j] === 0) continue;
    const lo = flon[j];
    const la = flat[j];
    if (!Number.isFinite(lo) || !Number.isFinite(la)) continue;
    const r = perFacility ? (radiusMeters as Float64Array)[j] : (radiusMeters as number);
    if (!(r >= 0) || !Number.isFinite(r)) throw new Error(`radiusCoverage: radius of facility ${j} is not a finite number ≥ 0`);
    use[k++] = j;
    if (r + DISTANCE_TOLERANCE_M > rMax) rMax = r + DISTANCE_TOLERANCE_M;
    if (la < fLatMin) fLatMin = la;
    if (la > fLatMax) fLatMax = la;
    if (lo < fLonMin) fLonMin = lo;
    if (lo > fLonMax) fLonMax = lo;
  }
  if (k === 0 || n === 0) return result;

  const proj = new LocalProjection((fLonMin + fLonMax) / 2, (fLatMin + fLatMax) / 2);
  const plon = points.lon;
  const plat = points.lat;
  // Latitude range of every pair that can matter: points are only searched near facilities,
  // so the range is the facilities' range widened by the largest radius.
  const padDeg = (rMax * 1.02) / proj.my + 1e-9;
  const { lo: sLo, hi: sHi } = scaleBounds(proj, fLatMin - padDeg, fLatMax + padDeg);
  const queryR = (rMax / sLo) * (1 + 1e-9) + 1e-6;
  const sHi2 = sHi * sHi * (1 + 1e-12);
  const sLo2 = sLo * sLo * (1 - 1e-12);

  // Uniform bucket grid over the facilities (CSR, row-major), cell side ≥ the query radius, so a
  // point's candidates lie in the 3 × 3 cells around its own: three contiguous runs of the
  // cell-sorted arrays. Measured about 3× faster than a KD-tree query here; the cell side grows
  // when the extent is large so the grid never exceeds MAX_CELLS.
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  const px0 = new Float64Array(k);
  const py0 = new Float64Array(k);
  for (let q = 0; q < k; q++) {
    const j = use[q];
    const x = proj.x(flon[j]);
    const y = proj.y(flat[j]);
    px0[q] = x;
    py0[q] = y;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const spanX = maxX - minX + 2 * queryR;
  const spanY = maxY - minY + 2 * queryR;
  const cell = Math.max(queryR, Math.sqrt((spanX * spanY) / MAX_CELLS), 1e-3);
  const ox = minX - queryR;
  const oy = minY - queryR;
  const W = Math.floor(spanX / cell) + 1;
  const H = Math.floor(spanY / cell) + 1;
  const cellStart = new Int32Array(W * H + 1);
  const cellOf = new Int32Array(k);
  for (let q = 0; q < k; q++) {
    const c = Math.floor((py0[q] - oy) / cell) * W + Math.floor((px0[q] - ox) / cell);
    cellOf[q] = c;
    cellStart[c + 1]++;
  }
  for (let c = 0; c < W * H; c++) cellStart[c + 1] += cellStart[c];
  const fill = cellStart.slice(0, W * H);
  // Facility data in cell order, for locality.
  const fx = new Float64Array(k);
  const fy = new Float64Array(k);
  const fr = new Float64Array(k);
  const fj = new Uint32Array(k);
  for (let q = 0; q < k; q++) {
    const at = fill[cellOf[q]]++;
    const j = use[q];
    fx[at] = px0[q];
    fy[at] = py0[q];
    // within DISTANCE_TOLERANCE_M of the radius counts as on it
    fr[at] = (perFacility ? (radiusMeters as Float64Array)[j] : (radiusMeters as number)) + DISTANCE_TOLERANCE_M;
    fj[at] = j;
  }

  const needAll = wantNearest || !!pointWeights || !!facilityValues;
  const x0 = proj.lon0;
  const y0 = proj.lat0;
  const mx0 = proj.mx;
  const my0 = proj.my;
  const latBandLo = fLatMin - padDeg;
  const latBandHi = fLatMax + padDeg;
  let coveredCount = 0;
  for (let i = 0; i < n; i++) {
    const lo = plon[i];
    const la = plat[i];
    if (!(la >= latBandLo && la <= latBandHi) || !Number.isFinite(lo)) continue;
    const px = (lo - x0) * mx0;
    const py = (la - y0) * my0;
    const gx = Math.floor((px - ox) / cell);
    const gy = Math.floor((py - oy) / cell);
    if (gx < 0 || gy < 0 || gx >= W || gy >= H) continue;
    const cx0 = gx > 0 ? gx - 1 : 0;
    const cx1 = gx < W - 1 ? gx + 1 : W - 1;
    const cy0 = gy > 0 ? gy - 1 : 0;
    const cy1 = gy < H - 1 ? gy + 1 : H - 1;
    let best = Infinity;
    let bestJ = -1;
    let hit = 0;
    // The point's own row first: most hits are there, and a flags-only query stops at the first.
    rows: for (let r = 0; r < 3; r++) {
      const cy = r === 0 ? gy : r === 1 ? gy - 1 : gy + 1;
      if (cy < cy0 || cy > cy1) continue;
      const end = cellStart[cy * W + cx1 + 1];
      for (let q = cellStart[cy * W + cx0]; q < end; q++) {
        const r = fr[q];
        const dx = fx[q] - px;
        const dy = fy[q] - py;
        const dp2 = dx * dx + dy * dy;
        if (dp2 * sLo2 > r * r) continue;
        let d = NaN;
        if (wantNearest || dp2 * sHi2 > r * r) {
          const j = fj[q];
          d = geodesicMeters(lo, la, flon[j], flat[j]);
          if (!(d <= r)) continue;
        }
        hit = 1;
        const j = fj[q];
        if (wantNearest && d < best) {
          best = d;
          bestJ = j;
        }
        if (facilityWeightSum) {
          const w = pointWeights![i];
          if (w === w) facilityWeightSum[j] += w;
        }
        if (pointValueSum) pointValueSum[i] += facilityValues![j];
        if (!needAll) break rows;
      }
    }
    if (hit) {
      covered[i] = 1;
      coveredCount++;
      if (bestJ >= 0) {
        nearestFacility![i] = bestJ;
        nearestMeters![i] = best;
      }
    }
  }
  result.coveredCount = coveredCount;
  return result;
}
