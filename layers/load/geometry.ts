import Flatbush from 'flatbush';
import type { Geometry, Position } from 'geojson';
import type { GeometryKind } from '../types.ts';
import { decimalNumber } from './values.ts';

/** Codes of geometry problems that reject a feature. */
export type GeometryRejection =
  | 'wrong-geometry'
  | 'empty-geometry'
  | 'bad-coordinate'
  | 'unclosed-ring'
  | 'short-ring'
  | 'zero-area'
  | 'short-line'
  | 'multi-point';

/** What checking one geometry found. The geometry is repaired in place where repair is safe. */
export interface GeometryCheck {
  geometry: Geometry | null;
  reject?: GeometryRejection;
  /** Detail for a rejection, e.g. the geometry type found. */
  detail?: string;
  /** Flags kept on the feature (`__invalid`): 'self-intersection' or 'hole-outside-shell'. */
  invalid?: 'self-intersection' | 'hole-outside-shell';
  rewound: boolean;
  /** Consecutive duplicate positions removed. */
  deduped: number;
  /** Positions that had a 4th (M) value dropped. */
  mDropped: number;
  /** Parts of a MultiPolygon / MultiLineString that had no coordinates (`[]`, `[[]]`, null), dropped. */
  emptyParts: number;
  /** Parts of a MultiPolygon whose outer ring has zero area (all vertices on one line), dropped. */
  zeroParts: number;
  /** Coordinates given as numeric strings and read as numbers. */
  stringCoords: number;
  /** True when a ring was too tangled to test for self-intersection within the time budget. */
  validityUnchecked?: boolean;
}

/** Positions beyond which the self-intersection test is skipped (it is O(n log n), but memory grows). */
export const MAX_VERTICES_FOR_VALIDITY = 2_000_000;

const ACCEPTED: Record<GeometryKind, string[]> = {
  Point: ['Point', 'MultiPoint'],
  LineString: ['LineString', 'MultiLineString'],
  Polygon: ['Polygon', 'MultiPolygon'],
};

class Reject extends Error {
  constructor(
    readonly code: GeometryRejection,
    readonly detail?: string,
  ) {
    super(code);
  }
}

/**
 * Check and tidy one geometry for a layer of the given kind: its type (Multi* accepted), every
 * position (finite numbers; numeric strings read; M dropped, Z kept), rings (closed, ≥ 4
 * positions, outer counter-clockwise and holes clockwise — rewound if not, self-intersection and
 * holes outside the shell flagged), lines (≥ 2 distinct positions). A one-point MultiPoint
 * becomes a Point. Mutates `geometry`, which the loader owns.
 * @param geometry - the parsed geometry (null for an unlocated feature)
 * @param kind - the layer's geometry kind
 */
export function checkGeometry(geometry: unknown, kind: GeometryKind): GeometryCheck {
  const res: GeometryCheck = { geometry: null, rewound: false, deduped: 0, mDropped: 0, emptyParts: 0, zeroParts: 0, stringCoords: 0 };
  if (geometry === null || geometry === undefined) return res;
  const g = geometry as { type?: unknown; coordinates?: unknown };
  // a geometry that is not an object, or whose type is missing or not text, has no type to name
  // (never "undefined" or "[object Object]" in the message); a long one is cut for the message
  const type = typeof g === 'object' && !Array.isArray(g) && typeof g.type === 'string' ? g.type : '';
  try {
    if (!ACCEPTED[kind].includes(type)) throw new Reject('wrong-geometry', type ? (type.length > 40 ? `${type.slice(0, 40)}…` : type) : undefined);
    if (!Array.isArray(g.coordinates) || g.coordinates.length === 0) throw new Reject('empty-geometry', type);
    const c = g.coordinates as unknown[];
    switch (type) {
      case 'Point':
        g.coordinates = position(c, res);
        break;
      case 'MultiPoint': {
        if (c.length !== 1) throw new Reject('multi-point', String(c.length));
        g.type = 'Point';
        g.coordinates = position(asArray(c[0]), res);
        break;
      }
      case 'LineString':
        g.coordinates = line(c, res);
        break;
      case 'MultiLineString':
        g.coordinates = parts(c, (l) => line(asArray(l), res), res);
        break;
      case 'Polygon':
        g.coordinates = polygon(c, res);
        break;
      case 'MultiPolygon':
        g.coordinates = parts(c, (p) => polygon(asArray(p), res), res);
        break;
    }
  } catch (err) {
    if (err instanceof Reject) return { ...res, reject: err.code, detail: err.detail };
    throw err;
  }
  res.geometry = g as Geometry;
  return res;
}

/** True for a part with no position at all: null, `[]`, `[[]]`, `[[], []]` … */
function emptyPart(v: unknown): boolean {
  return v === null || v === undefined || (Array.isArray(v) && v.every(emptyPart));
}

/**
 * The parts of a Multi geometry, each checked: parts with no coordinates, and polygon parts of
 * zero area, are dropped and counted (the feature keeps its real parts); a geometry left with no
 * part is rejected as empty (or as of zero area when that is what its parts were).
 */
function parts<T>(c: unknown[], check: (part: unknown) => T, res: GeometryCheck): T[] {
  const out: T[] = [];
  for (const part of c) {
    if (emptyPart(part)) {
      res.emptyParts++;
      continue;
    }
    try {
      out.push(check(part));
    } catch (err) {
      if (!(err instanceof Reject) || err.code !== 'zero-area') throw err;
      res.zeroParts++;
    }
  }
  if (out.length === 0) throw new Reject(res.zeroParts > 0 ? 'zero-area' : 'empty-geometry');
  return out;
}

function asArray(v: unknown): unknown[] {
  if (!Array.isArray(v) || v.length === 0) throw new Reject('empty-geometry');
  return v;
}

function position(p: unknown[], res: GeometryCheck): Position {
  if (p.length < 2) throw new Reject(p.length === 0 ? 'empty-geometry' : 'bad-coordinate');
  if (p.length > 3) {
    res.mDropped++;
    p = p.slice(0, 3);
  }
  for (let i = 0; i < p.length; i++) {
    let v = p[i];
    if (typeof v === 'string') {
      v = decimalNumber(v);
      p[i] = v;
      res.stringCoords++;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Reject('bad-coordinate');
  }
  return p as Position;
}

/** Check every position of a list, dropping consecutive duplicates in place (the loader owns it). */
function positions(c: unknown[], res: GeometryCheck): Position[] {
  let w = 0;
  for (let i = 0; i < c.length; i++) {
    const q = position(asArray(c[i]), res);
    if (w > 0) {
      const last = c[w - 1] as Position;
      if (last[0] === q[0] && last[1] === q[1]) {
        res.deduped++;
        continue;
      }
    }
    c[w++] = q;
  }
  c.length = w;
  return c as Position[];
}

function line(c: unknown[], res: GeometryCheck): Position[] {
  const pts = positions(asArray(c), res);
  if (pts.length < 2) throw new Reject('short-line', String(pts.length));
  return pts;
}

function polygon(c: unknown[], res: GeometryCheck): Position[][] {
  const rings = asArray(c).map((r, i) => ring(asArray(r), i === 0, res));
  let vertices = 0;
  for (const r of rings) vertices += r.length;
  if (vertices <= MAX_VERTICES_FOR_VALIDITY && !res.invalid) {
    let crossed = false;
    for (const r of rings) {
      const x = ringSelfIntersects(r);
      if (x === null) res.validityUnchecked = true;
      if (x === true) {
        crossed = true;
        break;
      }
    }
    if (crossed) res.invalid = 'self-intersection';
    else if (rings.length > 1 && (rings.length - 1) * rings[0].length <= 5_000_000) {
      for (let h = 1; h < rings.length; h++) {
        const [x, y] = rings[h][0];
        if (!pointInRing(x, y, rings[0])) {
          res.invalid = 'hole-outside-shell';
          break;
        }
      }
    }
  }
  return rings;
}

function ring(c: unknown[], outer: boolean, res: GeometryCheck): Position[] {
  const pts = positions(c, res);
  const first = pts[0];
  const last = pts[pts.length - 1];
  if (pts.length > 1 && (first[0] !== last[0] || first[1] !== last[1])) throw new Reject('unclosed-ring');
  if (pts.length < 4) throw new Reject('short-ring', String(pts.length));
  if (outer && collinear(pts)) throw new Reject('zero-area');
  const area = signedArea(pts);
  if ((outer && area < 0) || (!outer && area > 0)) {
    pts.reverse();
    res.rewound = true;
  }
  return pts;
}

/**
 * True when every position of a ring lies on one straight line (a polygon of zero area, which
 * covers nothing). Not a bow-tie, whose signed area may also be 0: that is flagged, not rejected.
 * Relative to the ring's size, so a thin sliver (BAD-INPUTS #13) is not taken for a line.
 */
function collinear(r: Position[]): boolean {
  const [x0, y0] = r[0];
  let k = 0;
  let far = 0;
  for (let i = 1; i < r.length; i++) {
    const d = (r[i][0] - x0) ** 2 + (r[i][1] - y0) ** 2;
    if (d > far) [far, k] = [d, i];
  }
  const ux = r[k][0] - x0;
  const uy = r[k][1] - y0;
  for (let i = 1; i < r.length; i++) {
    if (Math.abs(ux * (r[i][1] - y0) - uy * (r[i][0] - x0)) > 1e-12 * far) return false;
  }
  return true;
}

/** Twice the signed area of a closed ring (positive = counter-clockwise). */
export function signedArea(r: Position[]): number {
  let s = 0;
  for (let i = 0, n = r.length - 1; i < n; i++) s += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return s;
}

/** Even-odd point-in-ring test. */
export function pointInRing(x: number, y: number, r: Position[]): boolean {
  let inside = false;
  for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
    const [xi, yi] = r[i];
    const [xj, yj] = r[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * True when two non-adjacent edges of a closed ring touch or cross (a "bow-tie"). Uses a packed
 * R-tree of the edges: O(n log n) for ordinary rings. A crafted ring whose edge boxes all overlap
 * (a star of 40 000 spikes took 44 s) would be quadratic: after {@link selfIntersectionBudget}
 * edge pairs it gives up and returns null (not checked).
 */
export function ringSelfIntersects(r: Position[]): boolean | null {
  const n = r.length - 1;
  if (n < 4) return false;
  if (n <= 32) {
    for (let i = 0; i < n; i++) for (let j = i + 2; j < n; j++) if (!(i === 0 && j === n - 1) && edgesTouch(r, i, j)) return true;
    return false;
  }
  const index = new Flatbush(n);
  for (let i = 0; i < n; i++) {
    const [ax, ay] = r[i];
    const [bx, by] = r[i + 1];
    index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
  }
  index.finish();
  let budget = selfIntersectionBudget(n);
  for (let i = 0; i < n; i++) {
    const [ax, ay] = r[i];
    const [bx, by] = r[i + 1];
    const hits = index.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    budget -= hits.length;
    if (budget < 0) return null;
    for (const j of hits) {
      if (j <= i + 1 || (i === 0 && j === n - 1)) continue;
      if (edgesTouch(r, i, j)) return true;
    }
  }
  return false;
}

/** Edge pairs a ring of `n` edges may test: ordinary rings need a few per edge. */
export function selfIntersectionBudget(n: number): number {
  return 64 * n + 1_000_000;
}

function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const v = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

function onSegment(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): boolean {
  return Math.min(ax, bx) <= cx && cx <= Math.max(ax, bx) && Math.min(ay, by) <= cy && cy <= Math.max(ay, by);
}

function edgesTouch(r: Position[], i: number, j: number): boolean {
  const [ax, ay] = r[i];
  const [bx, by] = r[i + 1];
  const [cx, cy] = r[j];
  const [dx, dy] = r[j + 1];
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  if (o1 !== o2 && o3 !== o4) return true;
  if (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) return true;
  if (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) return true;
  if (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) return true;
  if (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by)) return true;
  return false;
}

/** First position of a geometry (for coordinate-system guessing), or null. */
export function firstPosition(geometry: unknown): [number, number] | null {
  let c = (geometry as { coordinates?: unknown } | null)?.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  if (!Array.isArray(c) || c.length < 2) return null;
  const x = typeof c[0] === 'string' ? decimalNumber(c[0]) : c[0];
  const y = typeof c[1] === 'string' ? decimalNumber(c[1]) : c[1];
  return typeof x === 'number' && typeof y === 'number' ? [x, y] : null;
}
