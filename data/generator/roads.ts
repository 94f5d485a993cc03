import { Rng } from './prng.ts';
import { nodeLines, type Line, type XY } from './geometry.ts';
import { SEAT_RECT, SettlementGrid, type Layout, type Settlement } from './layout.ts';

/** Road properties as written to roads.geojson (key order fixed here). */
export interface RoadProps {
  name?: string;
  class: string;
  oneway?: boolean;
  speed_kmh?: number;
  width_m: number;
}

/** Named N–S streets of the county seat, x in metres east of the seat centre. */
export const SEAT_X: Record<string, number> = {
  西街: -2200,
  太行路: -1200,
  复兴街: -400,
  正阳街: 0,
  恒阳街: 500,
  朝阳街: 1000,
  登岳街: 1500,
  东环路: 2200,
};
/** Named E–W roads of the county seat, y in metres north of the seat centre. */
export const SEAT_Y: Record<string, number> = { 南环路: -1800, 恒山路: 0, 北环路: 1800 };
/** The new 南环路 sections (under construction hydrants): west of 太行路 and east of 东环路. */
export const NEW_SOUTH_RING: [number, number][] = [
  [-4400, SEAT_X.太行路],
  [SEAT_X.东环路, 4900],
];
/** 恒山西路 runs west from 西街; 恒山中路 from 西街 to 太行路; 恒山路 east of 太行路. */
export const HENGSHAN_WEST_END = -3400;
/** 滨河南路 and 曲新路 run from 恒山中路 to 太行路 (local metres). */
export const BINHE_SOUTH: [XY, XY] = [
  [-1950, 0],
  [SEAT_X.太行路, -650],
];
export const QUXIN: [XY, XY] = [
  [-1700, 0],
  [SEAT_X.太行路, 500],
];

/** Grid lines between named lines so that no block edge exceeds `maxGap` metres. */
function fillLines(named: number[], maxGap: number): number[] {
  const s = [...named].sort((a, b) => a - b);
  const out: number[] = [];
  for (let i = 0; i < s.length - 1; i++) {
    const n = Math.ceil((s[i + 1] - s[i]) / maxGap);
    for (let j = 0; j < n; j++) out.push(Math.round(s[i] + ((s[i + 1] - s[i]) * j) / n));
  }
  out.push(s[s.length - 1]);
  return out;
}

/** A settlement's street graph: node positions and the edges between them. */
interface StreetGraph {
  nodes: XY[];
  lines: Line<RoadProps>[];
}

function seatStreets(): StreetGraph {
  const xs = fillLines(Object.values(SEAT_X), 240);
  const ys = fillLines(Object.values(SEAT_Y), 220);
  const nameX = new Map(Object.entries(SEAT_X).map(([n, x]) => [x, n]));
  const nameY = new Map(Object.entries(SEAT_Y).map(([n, y]) => [y, n]));
  const nodes: XY[] = [];
  const lines: Line<RoadProps>[] = [];
  for (const x of xs) for (const y of ys) nodes.push([x, y]);
  ys.forEach((y) => {
    for (let i = 0; i < xs.length - 1; i++) {
      const a: XY = [xs[i], y];
      const b: XY = [xs[i + 1], y];
      let name = nameY.get(y);
      if (name === '恒山路' && xs[i] < SEAT_X.太行路) name = '恒山中路';
      const ring = name === '南环路' || name === '北环路';
      const props: RoadProps = name
        ? { name, class: '主干路', width_m: ring ? 30 : 24 }
        : { class: '支路', width_m: 9 };
      lines.push({ coords: [a, b], props });
    }
  });
  xs.forEach((x, xi) => {
    const name = nameX.get(x);
    for (let j = 0; j < ys.length - 1; j++) {
      let a: XY = [x, ys[j]];
      let b: XY = [x, ys[j + 1]];
      let props: RoadProps;
      if (name) {
        props = { name, class: name === '东环路' || name === '太行路' ? '主干路' : '次干路', width_m: name === '东环路' ? 30 : 18 };
      } else if (x > SEAT_X.太行路 && x < SEAT_X.朝阳街 && ys[j] >= -660 && ys[j + 1] <= 660) {
        // Old-town lanes: one-way, alternating direction street by street.
        if (xi % 2 === 1) [a, b] = [b, a];
        props = { class: '支路', oneway: true, width_m: 7 };
      } else {
        props = { class: '支路', width_m: 9 };
      }
      lines.push({ coords: [a, b], props });
    }
  });
  // Extensions and diagonals (cut where they cross or meet others by the noder).
  const y0 = SEAT_Y.南环路;
  lines.push({ coords: stepLine([NEW_SOUTH_RING[0][0], y0], [SEAT_X.西街, y0], 300), props: { name: '南环路', class: '主干路', width_m: 30 } });
  lines.push({ coords: stepLine([SEAT_X.东环路, y0], [NEW_SOUTH_RING[1][1], y0], 300), props: { name: '南环路', class: '主干路', width_m: 30 } });
  lines.push({ coords: stepLine([HENGSHAN_WEST_END, 0], [SEAT_X.西街, 0], 300), props: { name: '恒山西路', class: '主干路', width_m: 24 } });
  lines.push({ coords: [BINHE_SOUTH[0], BINHE_SOUTH[1]], props: { name: '滨河南路', class: '次干路', width_m: 16 } });
  lines.push({ coords: [QUXIN[0], QUXIN[1]], props: { name: '曲新路', class: '次干路', width_m: 16 } });
  // Only the rectangle's boundary nodes and the extension ends are attachment points.
  const boundary = nodes.filter(([x, y]) => x === SEAT_RECT.x0 || x === SEAT_RECT.x1 || y === SEAT_RECT.y0 || y === SEAT_RECT.y1);
  boundary.push([NEW_SOUTH_RING[0][0], y0], [NEW_SOUTH_RING[1][1], y0], [HENGSHAN_WEST_END, 0]);
  return { nodes: boundary, lines };
}

/** Straight line from a to b with a vertex every `step` metres. */
function stepLine(a: XY, b: XY, step: number): XY[] {
  const n = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / step));
  const out: XY[] = [];
  for (let i = 0; i <= n; i++) out.push([a[0] + ((b[0] - a[0]) * i) / n, a[1] + ((b[1] - a[1]) * i) / n]);
  return out;
}

/** Jittered lattice of streets inside a settlement's disk (villages and township seats). */
function lattice(rng: Rng, s: Settlement): StreetGraph {
  const town = s.kind === 'town';
  const sp = town ? 100 : s.mountain ? 60 : 45;
  const angle = s.mountain ? rng.range(0, Math.PI / 2) : rng.range(-0.12, 0.12);
  const ca = Math.cos(angle);
  const sa = Math.sin(angle);
  const n = Math.max(0, Math.floor((s.r - sp * 0.3) / sp));
  const id = new Map<string, number>();
  const nodes: XY[] = [];
  for (let i = -n; i <= n; i++) {
    for (let j = -n; j <= n; j++) {
      if (Math.hypot(i, j) * sp > s.r - sp * 0.3 && !(i === 0 && j === 0)) continue;
      const jx = i === 0 && j === 0 ? 0 : rng.range(-0.18, 0.18) * sp;
      const jy = i === 0 && j === 0 ? 0 : rng.range(-0.18, 0.18) * sp;
      const lx = i * sp + jx;
      const ly = j * sp + jy;
      id.set(`${i},${j}`, nodes.length);
      nodes.push([s.cx + lx * ca - ly * sa, s.cy + lx * sa + ly * ca]);
    }
  }
  const lines: Line<RoadProps>[] = [];
  const props = (main: boolean): RoadProps => {
    if (town) return main ? { class: '次干路', width_m: 14 } : { class: '支路', width_m: 8 };
    return s.mountain ? { class: '村道', speed_kmh: 15, width_m: 3.5 } : { class: '村道', width_m: main ? 5 : 4 };
  };
  for (let i = -n; i <= n; i++) {
    for (let j = -n; j <= n; j++) {
      const a = id.get(`${i},${j}`);
      if (a === undefined) continue;
      const right = id.get(`${i + 1},${j}`);
      const up = id.get(`${i},${j + 1}`);
      if (right !== undefined) lines.push({ coords: [nodes[a], nodes[right]], props: props(j === 0) });
      if (up !== undefined) lines.push({ coords: [nodes[a], nodes[up]], props: props(i === 0) });
    }
  }
  return { nodes, lines };
}

/** The node of a street graph furthest in direction (dx, dy): where a road to a neighbour leaves. */
function exitNode(g: StreetGraph, dx: number, dy: number): XY {
  let best = g.nodes[0];
  let bestDot = -Infinity;
  for (const p of g.nodes) {
    const d = p[0] * dx + p[1] * dy;
    if (d > bestDot + 1e-9) {
      bestDot = d;
      best = p;
    }
  }
  return best;
}

/** A rural road from a to b: gently bending on the plain, winding in the mountains. */
function ruralLine(rng: Rng, a: XY, b: XY, mountain: boolean): XY[] {
  const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
  if (len < 1) return [a, b];
  const nx = -(b[1] - a[1]) / len;
  const ny = (b[0] - a[0]) / len;
  const step = mountain ? 120 : 300;
  const n = Math.max(1, Math.ceil(len / step));
  const amp = mountain ? Math.min(len * 0.12, rng.range(80, 260)) : Math.min(len * 0.04, rng.range(10, 60));
  const waves = mountain ? rng.int(2, Math.max(2, Math.round(len / 700))) : 1;
  const phase = rng.range(0, Math.PI);
  const out: XY[] = [a];
  for (let i = 1; i < n; i++) {
    const t = i / n;
    const env = Math.sin(Math.PI * t);
    const off = amp * env * Math.sin(waves * Math.PI * t + phase * (mountain ? 1 : 0)) + (mountain ? rng.range(-15, 15) * env : 0);
    out.push([a[0] + t * (b[0] - a[0]) + nx * off, a[1] + t * (b[1] - a[1]) + ny * off]);
  }
  out.push(b);
  return out;
}

/**
 * Road network: the county-seat grid (named streets), township-seat and village lattices, rural
 * roads along a relative-neighbourhood graph of settlements (县道 on seat-to-seat routes, 乡道
 * otherwise), two small disconnected pieces, all noded so that crossings share vertices.
 */
export function buildRoads(rng: Rng, layout: Layout): Line<RoadProps>[] {
  const { settlements } = layout;
  const graphs: StreetGraph[] = settlements.map((s) => (s.kind === 'seat' ? seatStreets() : lattice(rng, s)));
  const lines: Line<RoadProps>[] = graphs.flatMap((g) => g.lines);

  // Candidate links: each settlement's 7 nearest neighbours, filtered to a relative-neighbourhood graph.
  const grid = new SettlementGrid(3000, settlements);
  settlements.forEach((s) => grid.add(s));
  const n = settlements.length;
  const nbrs: number[][] = settlements.map((s) => {
    let rad = 4000;
    let found: number[] = [];
    while (rad < 1e6) {
      found = grid.near(s.cx, s.cy, rad).filter((o) => o !== s.index);
      if (found.length >= 7 || found.length === n - 1) break;
      rad *= 1.6;
    }
    const d = (o: number) => Math.hypot(settlements[o].cx - s.cx, settlements[o].cy - s.cy);
    return found.sort((p, q) => d(p) - d(q) || p - q).slice(0, 7);
  });
  const dist = (p: number, q: number) => Math.hypot(settlements[p].cx - settlements[q].cx, settlements[p].cy - settlements[q].cy);
  const edgeKey = (p: number, q: number) => (p < q ? `${p}-${q}` : `${q}-${p}`);
  const edges = new Map<string, [number, number]>();
  for (let a = 0; a < n; a++) {
    for (const b of nbrs[a]) {
      const dab = dist(a, b);
      let blocked = false;
      for (const c of [...nbrs[a], ...nbrs[b]]) {
        if (c === a || c === b) continue;
        if (Math.max(dist(a, c), dist(b, c)) < dab) {
          blocked = true;
          break;
        }
      }
      if (!blocked) edges.set(edgeKey(a, b), a < b ? [a, b] : [b, a]);
    }
  }
  // Connect any leftover components to the first one by their closest pair.
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (const [a, b] of edges.values()) parent[find(a)] = find(b);
  for (;;) {
    const root0 = find(0);
    const other = settlements.findIndex((_, i) => find(i) !== root0);
    if (other < 0) break;
    const comp = settlements.map((_, i) => i).filter((i) => find(i) === find(other));
    let best: [number, number] = [comp[0], 0];
    let bd = Infinity;
    for (const a of comp) {
      for (let b = 0; b < n; b++) {
        if (find(b) !== root0) continue;
        const d = dist(a, b);
        if (d < bd) [bd, best] = [d, [a, b]];
      }
    }
    edges.set(edgeKey(best[0], best[1]), best[0] < best[1] ? [best[0], best[1]] : [best[1], best[0]]);
    parent[find(best[0])] = find(best[1]);
  }

  // 县道: edges on shortest settlement-graph routes from each seat to its 3 nearest seats.
  const adj: [number, number][][] = settlements.map(() => []);
  for (const [a, b] of edges.values()) {
    adj[a].push([b, dist(a, b)]);
    adj[b].push([a, dist(a, b)]);
  }
  const seats = settlements.filter((s) => s.kind !== 'village').map((s) => s.index);
  const county = new Set<string>();
  for (const s of seats) {
    const targets = seats.filter((t) => t !== s).sort((p, q) => dist(s, p) - dist(s, q) || p - q).slice(0, 3);
    const prev = dijkstra(adj, s);
    for (const t of targets) {
      for (let v = t; prev[v] >= 0; v = prev[v]) county.add(edgeKey(v, prev[v]));
    }
  }

  const sortedEdges = [...edges.entries()].sort((p, q) => p[1][0] - q[1][0] || p[1][1] - q[1][1]);
  for (const [key, [a, b]] of sortedEdges) {
    const sa = settlements[a];
    const sb = settlements[b];
    const dx = sb.cx - sa.cx;
    const dy = sb.cy - sa.cy;
    const pa = exitNode(graphs[a], dx, dy);
    const pb = exitNode(graphs[b], -dx, -dy);
    const mountain = sa.mountain || sb.mountain;
    const isCounty = county.has(key);
    const props: RoadProps = isCounty
      ? mountain
        ? { class: '县道', speed_kmh: 35, width_m: 6.5 }
        : { class: '县道', width_m: 7 }
      : mountain
        ? { class: '乡道', speed_kmh: 25, width_m: 4.5 }
        : { class: '乡道', width_m: 5.5 };
    lines.push({ coords: ruralLine(rng, pa, pb, mountain), props });
  }

  // Two small disconnected pieces (a quarry track and a farm track), as real data has.
  for (const piece of isolatedPieces(layout, lines)) lines.push(piece);
  return nodeLines(lines);
}

/** Shortest-path tree (predecessor array, -1 at the source and unreachable nodes). */
function dijkstra(adj: [number, number][][], src: number): Int32Array {
  const n = adj.length;
  const distTo = new Float64Array(n).fill(Infinity);
  const prev = new Int32Array(n).fill(-1);
  const done = new Uint8Array(n);
  distTo[src] = 0;
  const heap: [number, number][] = [[0, src]];
  const push = (item: [number, number]) => {
    heap.push(item);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heap[p][0] <= heap[i][0]) break;
      [heap[p], heap[i]] = [heap[i], heap[p]];
      i = p;
    }
  };
  const pop = (): [number, number] => {
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && heap[l][0] < heap[m][0]) m = l;
        if (r < heap.length && heap[r][0] < heap[m][0]) m = r;
        if (m === i) break;
        [heap[m], heap[i]] = [heap[i], heap[m]];
        i = m;
      }
    }
    return top;
  };
  while (heap.length) {
    const [d, v] = pop();
    if (done[v]) continue;
    done[v] = 1;
    for (const [w, len] of adj[v]) {
      if (d + len < distTo[w]) {
        distTo[w] = d + len;
        prev[w] = v;
        push([distTo[w], w]);
      }
    }
  }
  return prev;
}

/** Two short tracks placed where no settlement or road is within 300 m. */
function isolatedPieces(layout: Layout, roads: readonly Line<RoadProps>[]): Line<RoadProps>[] {
  const nearRoad = (x0: number, y0: number, x1: number, y1: number) =>
    roads.some((l) => l.coords.some(([x, y]) => x > x0 - 300 && x < x1 + 300 && y > y0 - 300 && y < y1 + 300)) ||
    roads.some((l) => {
      // Long straight segments may pass the box without a vertex inside it: sample them.
      for (let i = 0; i < l.coords.length - 1; i++) {
        const [ax, ay] = l.coords[i];
        const [bx, by] = l.coords[i + 1];
        const steps = Math.ceil(Math.hypot(bx - ax, by - ay) / 100);
        for (let k = 1; k < steps; k++) {
          const x = ax + ((bx - ax) * k) / steps;
          const y = ay + ((by - ay) * k) / steps;
          if (x > x0 - 300 && x < x1 + 300 && y > y0 - 300 && y < y1 + 300) return true;
        }
      }
      return false;
    });
  const out: Line<RoadProps>[] = [];
  const candidates = [...layout.townships.filter((t) => t.mountain), ...layout.townships.filter((t) => !t.mountain)];
  for (const t of candidates) {
    if (out.length >= 4) break;
    const k = out.length / 2;
    // Walk outwards from the township seat towards its cell's farthest vertex; take the first
    // spot at least 1.2 km from every settlement's edge.
    let far = t.ring[0];
    for (const p of t.ring) if (Math.hypot(p[0] - t.sx, p[1] - t.sy) > Math.hypot(far[0] - t.sx, far[1] - t.sy)) far = p;
    for (let f = 0.85; f > 0.3; f -= 0.02) {
      const x = t.sx + (far[0] - t.sx) * f;
      const y = t.sy + (far[1] - t.sy) * f;
      const clear = layout.settlements.every((s) => Math.hypot(s.cx - x, s.cy - y) > s.r + 1200);
      if (!clear || nearRoad(x, y, x + 420, y + 330)) continue;
      const props: RoadProps = k === 0 ? { name: '采石场便道', class: 'track', speed_kmh: 10, width_m: 3 } : { class: 'track', speed_kmh: 10, width_m: 3 };
      out.push({ coords: [[x, y], [x + 180, y + 60], [x + 320, y + 160]], props });
      out.push({ coords: [[x + 320, y + 160], [x + 420, y + 330]], props });
      break;
    }
  }
  return out;
}
