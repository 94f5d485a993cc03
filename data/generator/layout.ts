import { Rng } from './prng.ts';
import { clipHalfPlane, distanceToRing, pointInRing, ringArea, type XY } from './geometry.ts';
import { COUNTY_OUTLINE, TOWNSHIPS, makeVillageNamer, type TownshipSeed } from './names.ts';
import type { LocalProjection } from '../../analysis/geo.ts';

/** County area to model, km² (seed: about 1,084 km²). */
export const COUNTY_AREA_KM2 = 1084;
/** Households of the default demo (≈ 660,000 people / 3.3). */
export const DEFAULT_HOUSEHOLDS = 200_000;

/** The county seat's built-up rectangle in local metres (西街 … 东环路, 南环路 … 北环路). */
export const SEAT_RECT = { x0: -2200, x1: 2200, y0: -1800, y1: 1800 };

/** Villages per township at the default scale (350 in all: 8 × 13 mountain + 246 plain). */
const VILLAGES_PER_TOWNSHIP: Record<string, number> = {
  恒州镇: 20,
  灵山镇: 24,
  燕赵镇: 26,
  羊平镇: 27,
  孝墓乡: 24,
  文德乡: 25,
  东旺乡: 25,
  晓林乡: 25,
  邸村乡: 25,
  产德乡: 25,
};
const MOUNTAIN_VILLAGES = 13;

export interface Township extends TownshipSeed {
  index: number;
  /** Seat position, local metres. */
  sx: number;
  sy: number;
  /** Cell polygon (open ring, local metres, counter-clockwise). */
  ring: XY[];
}

export type SettlementKind = 'seat' | 'town' | 'village';
/** How a settlement heats: a 双代 type, clean coal (mountain / hill villages), or town mix. */
export type HeatingType = 'gas' | 'electric' | 'mixed' | 'clean_coal' | 'town';

export interface Settlement {
  index: number;
  name: string;
  kind: SettlementKind;
  township: number;
  cx: number;
  cy: number;
  /** Radius of the settled disk, metres (the county seat uses SEAT_RECT instead). */
  r: number;
  households: number;
  /** In a mountain township, or a hill village (山区村) of a plain township. */
  mountain: boolean;
  heating: HeatingType;
}

export interface Layout {
  outline: XY[];
  townships: Township[];
  settlements: Settlement[];
  /** Linear scale applied to the county beyond the real size (1 at the default scale). */
  growth: number;
}

/** Simple uniform-grid hash of settlements for neighbour queries. */
export class SettlementGrid {
  private cells = new Map<string, number[]>();
  constructor(
    private readonly size: number,
    private readonly settlements: Settlement[],
  ) {}
  add(s: Settlement): void {
    const key = `${Math.floor(s.cx / this.size)},${Math.floor(s.cy / this.size)}`;
    let a = this.cells.get(key);
    if (!a) this.cells.set(key, (a = []));
    a.push(s.index);
  }
  /** Indices of settlements whose centre lies within `radius` (square query, then exact). */
  near(x: number, y: number, radius: number): number[] {
    const out: number[] = [];
    const i0 = Math.floor((x - radius) / this.size);
    const i1 = Math.floor((x + radius) / this.size);
    const j0 = Math.floor((y - radius) / this.size);
    const j1 = Math.floor((y + radius) / this.size);
    for (let i = i0; i <= i1; i++) {
      for (let j = j0; j <= j1; j++) {
        const a = this.cells.get(`${i},${j}`);
        if (!a) continue;
        for (const k of a) {
          const s = this.settlements[k];
          if (Math.hypot(s.cx - x, s.cy - y) <= radius) out.push(k);
        }
      }
    }
    return out;
  }
}

/** Split `total` into integer parts proportional to `weights` (largest remainder; ties by index). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) throw new Error('apportion: weights must have a positive sum');
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((v, i) => [v - Math.floor(v), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let k = 0; left > 0; k = (k + 1) % order.length, left--) out[order[k][1]]++;
  return out;
}

/**
 * Outline, township cells (Voronoi of the seats clipped to the outline) and settlements
 * (county seat, township seats, villages) with their household counts.
 */
export function buildLayout(rng: Rng, proj: LocalProjection, households: number): Layout {
  const k = households / DEFAULT_HOUSEHOLDS;
  const growth = Math.max(1, Math.sqrt(k));

  // Outline: the drawn polygon, edges subdivided and jittered, scaled to the county area.
  const base: XY[] = COUNTY_OUTLINE.map(([lon, lat]) => [proj.x(lon), proj.y(lat)]);
  const rough: XY[] = [];
  for (let i = 0; i < base.length; i++) {
    const a = base[i];
    const b = base[(i + 1) % base.length];
    const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
    const nx = -(b[1] - a[1]) / len;
    const ny = (b[0] - a[0]) / len;
    const parts = 8;
    for (let p = 0; p < parts; p++) {
      const t = p / parts;
      const off = p === 0 ? 0 : rng.range(-500, 500);
      rough.push([a[0] + t * (b[0] - a[0]) + nx * off, a[1] + t * (b[1] - a[1]) + ny * off]);
    }
  }
  const f = Math.sqrt((COUNTY_AREA_KM2 * 1e6) / ringArea(rough)) * growth;
  const outline: XY[] = rough.map(([x, y]) => [x * f, y * f]);

  const seeds = TOWNSHIPS.map((t) => [proj.x(t.lon) * f, proj.y(t.lat) * f] as XY);
  const townships: Township[] = TOWNSHIPS.map((t, i) => {
    let ring = outline;
    const [xi, yi] = seeds[i];
    for (let j = 0; j < seeds.length; j++) {
      if (j === i) continue;
      const [xj, yj] = seeds[j];
      ring = clipHalfPlane(ring, xj - xi, yj - yi, (xj * xj + yj * yj - xi * xi - yi * yi) / 2);
    }
    if (!pointInRing(xi, yi, ring)) throw new Error(`township seat ${t.name} outside its cell`);
    return { ...t, index: i, sx: xi, sy: yi, ring };
  });
  jitterSharedEdges(townships, seed(rng));
  const seatCorners: XY[] = [
    [SEAT_RECT.x0, SEAT_RECT.y0],
    [SEAT_RECT.x1, SEAT_RECT.y0],
    [SEAT_RECT.x1, SEAT_RECT.y1],
    [SEAT_RECT.x0, SEAT_RECT.y1],
  ];
  if (!seatCorners.every(([x, y]) => pointInRing(x, y, townships[0].ring))) throw new Error('the county seat does not fit inside 恒州镇');

  const settlements: Settlement[] = [];
  const grid = new SettlementGrid(2000, settlements);
  const add = (s: Omit<Settlement, 'index'>) => {
    const full = { ...s, index: settlements.length };
    settlements.push(full);
    grid.add(full);
    return full;
  };

  // Household budget: county seat 18%, other township seats 18.7%, villages the rest.
  const seatHh = Math.max(1, Math.round(households * 0.18));
  const townWeights = townships.slice(1).map((t) => (t.mountain ? 0.6 : 1.2) * Math.exp(0.25 * rng.normal()));
  const townHh = apportion(Math.round(households * 0.187), townWeights);
  const seatHalfDiag = Math.hypot(SEAT_RECT.x1, SEAT_RECT.y1);
  add({ name: '恒州镇城区', kind: 'seat', township: 0, cx: 0, cy: 0, r: seatHalfDiag, households: seatHh, mountain: false, heating: 'town' });
  townships.slice(1).forEach((t, i) => {
    const hh = Math.max(1, townHh[i]);
    const r = Math.max(150, Math.sqrt((hh * 160) / Math.PI));
    if (distanceToRing(t.sx, t.sy, t.ring) < r + 50) throw new Error(`the seat of ${t.name} does not fit inside its township`);
    add({
      name: `${t.name}驻地`,
      kind: 'town',
      township: t.index,
      cx: t.sx,
      cy: t.sy,
      r,
      households: hh,
      mountain: t.mountain,
      heating: t.mountain ? 'clean_coal' : 'town',
    });
  });

  // Villages: counts per township, sizes drawn then scaled to the remaining households.
  const counts = townships.map((t) => Math.max(1, Math.round((t.mountain ? MOUNTAIN_VILLAGES : VILLAGES_PER_TOWNSHIP[t.name]) * k)));
  const villageTownship: number[] = [];
  const villageWeight: number[] = [];
  townships.forEach((t, i) => {
    for (let v = 0; v < counts[i]; v++) {
      villageTownship.push(i);
      villageWeight.push((t.mountain ? 0.6 : 1) * Math.exp(0.35 * rng.normal()));
    }
  });
  const villageHouseholds = households - seatHh - townHh.reduce((a, b) => a + Math.max(1, b), 0);
  if (villageHouseholds < villageTownship.length) throw new Error(`scale ${households} is too small for ${villageTownship.length} villages`);
  const vHh = apportion(villageHouseholds, villageWeight).map((h) => Math.max(1, h));
  const namer = makeVillageNamer(() => rng.next(), ['东羊平村', '西羊平村']);
  const yangping = townships.find((t) => t.name === '羊平镇')!;
  const firstOf = new Set<number>();
  villageTownship.forEach((ti, v) => {
    if (v === 0 || villageTownship[v - 1] !== ti) firstOf.add(v);
  });

  for (let v = 0; v < villageTownship.length; v++) {
    const t = townships[villageTownship[v]];
    const hh = vHh[v];
    const r = Math.max(60, Math.sqrt((hh * (t.mountain ? 500 : 450)) / Math.PI));
    const special = t.index === yangping.index && firstOf.has(v) ? '东羊平村' : null;
    let minx = Infinity, miny = Infinity, maxx = -Infinity, maxy = -Infinity; // prettier-ignore
    for (const [x, y] of t.ring) {
      minx = Math.min(minx, x);
      miny = Math.min(miny, y);
      maxx = Math.max(maxx, x);
      maxy = Math.max(maxy, y);
    }
    let gap = 300;
    let placed: XY | null = null;
    for (let attempt = 0; !placed; attempt++) {
      if (attempt > 0 && attempt % 3000 === 0) gap *= 0.7;
      if (attempt > 30000) throw new Error(`cannot place village ${v} in ${t.name}`);
      const x = special && attempt < 200 ? t.sx + 2200 + rng.range(-300, 300) : rng.range(minx, maxx);
      const y = special && attempt < 200 ? t.sy + rng.range(-400, 100) : rng.range(miny, maxy);
      if (!pointInRing(x, y, t.ring)) continue;
      if (distanceToRing(x, y, t.ring) < r + 120) continue;
      if (x > SEAT_RECT.x0 - r - 600 && x < SEAT_RECT.x1 + r + 600 && y > SEAT_RECT.y0 - r - 600 && y < SEAT_RECT.y1 + r + 600) continue;
      let ok = true;
      for (const o of grid.near(x, y, r + 2500 * growth + gap)) {
        const s = settlements[o];
        if (s.kind === 'seat') continue;
        if (Math.hypot(s.cx - x, s.cy - y) < s.r + r + gap) {
          ok = false;
          break;
        }
      }
      if (ok) placed = [x, y];
    }
    const [cx, cy] = placed;
    // Hill villages (山区村) of plain townships: the western part of 灵山镇 and 燕赵镇.
    const hill = !t.mountain && (t.name === '灵山镇' || t.name === '燕赵镇') && cx < t.sx - 1500 * growth;
    const mountain = t.mountain || hill;
    const heating: HeatingType = mountain ? 'clean_coal' : (['gas', 'electric', 'mixed'] as const)[rng.pick([0.6, 0.25, 0.15])];
    add({ name: special ?? namer(mountain), kind: 'village', township: t.index, cx, cy, r, households: hh, mountain, heating });
  }
  return { outline, townships, settlements, growth };
}

function seed(rng: Rng): number {
  return Math.floor(rng.next() * 2 ** 31);
}

/**
 * Make the straight Voronoi borders between townships look drawn: every border shared by two
 * cells is replaced by the same midpoint-displaced polyline in both (reversed in one), so the
 * cells still tile the county exactly. Vertices that two cells computed separately are first
 * snapped together (within 0.5 m). Outline edges are left as they are.
 */
function jitterSharedEdges(townships: Township[], salt: number): void {
  const registry: XY[] = [];
  const snap = (p: XY): XY => {
    for (const q of registry) if (Math.abs(q[0] - p[0]) < 0.5 && Math.abs(q[1] - p[1]) < 0.5) return q;
    registry.push(p);
    return p;
  };
  for (const t of townships) t.ring = t.ring.map(snap).filter((p, i, r) => p !== r[(i + 1) % r.length]);
  const key = (a: XY, b: XY) => `${a[0]},${a[1]}|${b[0]},${b[1]}`;
  const uses = new Map<string, number>();
  for (const t of townships) {
    t.ring.forEach((a, i) => {
      const b = t.ring[(i + 1) % t.ring.length];
      const [p, q] = registry.indexOf(a) < registry.indexOf(b) ? [a, b] : [b, a];
      uses.set(key(p, q), (uses.get(key(p, q)) ?? 0) + 1);
    });
  }
  const cache = new Map<string, XY[]>();
  const wiggle = (p: XY, q: XY): XY[] => {
    const k = key(p, q);
    let pts = cache.get(k);
    if (pts) return pts;
    const rng = new Rng((salt ^ Math.imul(registry.indexOf(p) + 1, 73856093) ^ Math.imul(registry.indexOf(q) + 1, 19349663)) >>> 0);
    pts = [p, q];
    let amp = Math.min(0.06 * Math.hypot(q[0] - p[0], q[1] - p[1]), 350);
    for (let level = 0; level < 5; level++, amp *= 0.5) {
      const next: XY[] = [pts[0]];
      for (let i = 0; i < pts.length - 1; i++) {
        const [ax, ay] = pts[i];
        const [bx, by] = pts[i + 1];
        const len = Math.hypot(bx - ax, by - ay) || 1;
        const off = rng.range(-amp, amp);
        next.push([(ax + bx) / 2 - ((by - ay) / len) * off, (ay + by) / 2 + ((bx - ax) / len) * off], pts[i + 1]);
      }
      pts = next;
    }
    cache.set(k, pts);
    return pts;
  };
  for (const t of townships) {
    const out: XY[] = [];
    t.ring.forEach((a, i) => {
      const b = t.ring[(i + 1) % t.ring.length];
      const forward = registry.indexOf(a) < registry.indexOf(b);
      const [p, q] = forward ? [a, b] : [b, a];
      if (uses.get(key(p, q)) !== 2) {
        out.push(a);
        return;
      }
      const pts = wiggle(p, q);
      const seq = forward ? pts : [...pts].reverse();
      out.push(...seq.slice(0, -1));
    });
    t.ring = out;
  }
}
