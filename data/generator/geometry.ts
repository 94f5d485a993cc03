import Flatbush from 'flatbush';

/** A point in local metres (x east, y north). */
export type XY = [number, number];

/** Signed shoelace area of a ring in local metres (positive = counter-clockwise). */
export function ringArea(ring: readonly XY[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    s += (ring[j][0] + ring[i][0]) * (ring[j][1] - ring[i][1]);
  }
  return -s / 2;
}

/** Clip a ring (open: first vertex not repeated) by the half-plane a·x + b·y ≤ c (Sutherland–Hodgman). */
export function clipHalfPlane(ring: readonly XY[], a: number, b: number, c: number): XY[] {
  const out: XY[] = [];
  const n = ring.length;
  for (let i = 0; i < n; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % n];
    const fp = a * p[0] + b * p[1] - c;
    const fq = a * q[0] + b * q[1] - c;
    if (fp <= 0) out.push(p);
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
      const t = fp / (fp - fq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/** Even–odd point-in-ring test. */
export function pointInRing(x: number, y: number, ring: readonly XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Distance from a point to the boundary of a ring. */
export function distanceToRing(x: number, y: number, ring: readonly XY[]): number {
  let best = Infinity;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    best = Math.min(best, distanceToSegment(x, y, ring[j], ring[i]));
  }
  return best;
}

export function distanceToSegment(x: number, y: number, p: XY, q: XY): number {
  const dx = q[0] - p[0];
  const dy = q[1] - p[1];
  const l2 = dx * dx + dy * dy;
  let t = l2 === 0 ? 0 : ((x - p[0]) * dx + (y - p[1]) * dy) / l2;
  t = Math.max(0, Math.min(1, t));
  return Math.hypot(x - (p[0] + t * dx), y - (p[1] + t * dy));
}

/** Regular polygon ring (open) around a centre; `circumscribe` makes the polygon contain the circle. */
export function circleRing(cx: number, cy: number, r: number, n: number, circumscribe = false): XY[] {
  const rr = circumscribe ? r / Math.cos(Math.PI / n) : r;
  const ring: XY[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    ring.push([cx + rr * Math.cos(a), cy + rr * Math.sin(a)]);
  }
  return ring;
}

/** Rectangle ring (open, counter-clockwise) from its south-west corner, width (x) and height (y). */
export function rectRing(x0: number, y0: number, w: number, h: number): XY[] {
  return [
    [x0, y0],
    [x0 + w, y0],
    [x0 + w, y0 + h],
    [x0, y0 + h],
  ];
}

/** A polyline road piece before noding; `props` is copied to every piece it is split into. */
export interface Line<P> {
  coords: XY[];
  props: P;
}

/**
 * Node a set of polylines: wherever two segments cross, or one line ends on another's interior,
 * both are split there and share the exact same vertex. Lines that only touch at shared end
 * vertices are left as they are. Returns new lines; inputs are not mutated.
 */
export function nodeLines<P>(lines: readonly Line<P>[]): Line<P>[] {
  // Flatten segments.
  let nseg = 0;
  for (const l of lines) nseg += l.coords.length - 1;
  const segLine = new Int32Array(nseg);
  const segIdx = new Int32Array(nseg);
  const index = new Flatbush(Math.max(1, nseg));
  let k = 0;
  for (let li = 0; li < lines.length; li++) {
    const c = lines[li].coords;
    for (let i = 0; i < c.length - 1; i++) {
      segLine[k] = li;
      segIdx[k] = i;
      const [ax, ay] = c[i];
      const [bx, by] = c[i + 1];
      index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
      k++;
    }
  }
  if (nseg === 0) index.add(0, 0, 0, 0);
  index.finish();
  // Split parameters per segment: list of [t, x, y].
  const cuts = new Map<number, [number, number, number][]>();
  const addCut = (s: number, t: number, x: number, y: number) => {
    let arr = cuts.get(s);
    if (!arr) cuts.set(s, (arr = []));
    arr.push([t, x, y]);
  };
  const EPS = 1e-9;
  for (let s = 0; s < nseg; s++) {
    const a = lines[segLine[s]].coords[segIdx[s]];
    const b = lines[segLine[s]].coords[segIdx[s] + 1];
    const found = index.search(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
    for (const o of found) {
      if (o <= s) continue;
      if (segLine[o] === segLine[s] && Math.abs(segIdx[o] - segIdx[s]) <= 1) continue;
      const c = lines[segLine[o]].coords[segIdx[o]];
      const d = lines[segLine[o]].coords[segIdx[o] + 1];
      const rx = b[0] - a[0];
      const ry = b[1] - a[1];
      const sx = d[0] - c[0];
      const sy = d[1] - c[1];
      const den = rx * sy - ry * sx;
      if (Math.abs(den) < 1e-12) continue; // parallel: ignored (the generator never overlaps roads)
      const qx = c[0] - a[0];
      const qy = c[1] - a[1];
      const t = (qx * sy - qy * sx) / den;
      const u = (qx * ry - qy * rx) / den;
      if (t < -EPS || t > 1 + EPS || u < -EPS || u > 1 + EPS) continue;
      const tEnd = t <= EPS || t >= 1 - EPS;
      const uEnd = u <= EPS || u >= 1 - EPS;
      if (tEnd && uEnd) continue; // meet at vertices already
      // Use an existing vertex exactly when one side ends there, so the two lines share it.
      let x: number;
      let y: number;
      if (tEnd) {
        [x, y] = t <= EPS ? a : b;
      } else if (uEnd) {
        [x, y] = u <= EPS ? c : d;
      } else {
        x = a[0] + t * rx;
        y = a[1] + t * ry;
      }
      if (!tEnd) addCut(s, t, x, y);
      if (!uEnd) addCut(o, u, x, y);
    }
  }
  // Rebuild each line with cut vertices inserted, then split at every cut and at every interior
  // vertex that is another line's end or cut point (a T-junction at an existing vertex).
  const splitVertex = new Set<string>();
  for (const arr of cuts.values()) for (const [, x, y] of arr) splitVertex.add(`${x},${y}`);
  for (const l of lines) {
    const c = l.coords;
    splitVertex.add(`${c[0][0]},${c[0][1]}`);
    splitVertex.add(`${c[c.length - 1][0]},${c[c.length - 1][1]}`);
  }
  const out: Line<P>[] = [];
  k = 0;
  for (const l of lines) {
    const full: XY[] = [];
    const isCut: boolean[] = [];
    for (let i = 0; i < l.coords.length - 1; i++, k++) {
      full.push(l.coords[i]);
      isCut.push(false);
      const arr = cuts.get(k);
      if (arr) {
        arr.sort((p, q) => p[0] - q[0]);
        for (const [, x, y] of arr) {
          full.push([x, y]);
          isCut.push(true);
        }
      }
    }
    full.push(l.coords[l.coords.length - 1]);
    isCut.push(false);
    let piece: XY[] = [full[0]];
    for (let i = 1; i < full.length; i++) {
      const p = full[i];
      const prev = piece[piece.length - 1];
      if (p[0] !== prev[0] || p[1] !== prev[1]) piece.push(p);
      const last = i === full.length - 1;
      if (!last && (isCut[i] || splitVertex.has(`${p[0]},${p[1]}`))) {
        if (piece.length >= 2) out.push({ coords: piece, props: l.props });
        piece = [p];
      }
    }
    if (piece.length >= 2) out.push({ coords: piece, props: l.props });
  }
  return out;
}
