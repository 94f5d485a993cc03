import type { MultiPolygon, Position } from 'geojson';
import type { CellGrid } from './cell-grid.ts';

// Directions of boundary edges: 0 east, 1 north, 2 west, 3 south.
const DX = [1, 0, -1, 0];
const DY = [0, 1, 0, -1];

/**
 * Outline a set of grid cells as a MultiPolygon (lon/lat): cell edges between a selected and an
 * unselected cell are chained into rings with the selected side on the left (outer rings
 * counter-clockwise, holes clockwise, as RFC 7946 asks), turning left at saddle corners so that
 * cells touching only at a corner stay separate polygons; collinear corners are dropped. Holes go
 * to the outer ring of the same 4-connected group of cells. Linear in the number of cells; no
 * polygon union.
 *
 * @param grid - the cell grid.
 * @param selected - 1 for the cells to outline (length cols × rows).
 * @returns the outline; empty coordinates when no cell is selected.
 * @example
 * const within5 = cellsToMultiPolygon(grid, mask); // Feature geometry for the map
 */
export function cellsToMultiPolygon(grid: CellGrid, selected: Uint8Array): MultiPolygon {
  const { cols, rows } = grid;
  if (selected.length !== cols * rows) throw new Error('selected must have one entry per cell');
  const at = (c: number, r: number) => c >= 0 && r >= 0 && c < cols && r < rows && selected[r * cols + c] === 1;

  // Bounding box of the selection, to keep the work local.
  let cMin = cols, cMax = -1, rMin = rows, rMax = -1;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (selected[r * cols + c] !== 1) continue;
      if (c < cMin) cMin = c;
      if (c > cMax) cMax = c;
      if (r < rMin) rMin = r;
      if (r > rMax) rMax = r;
    }
  }
  if (cMax < 0) return { type: 'MultiPolygon', coordinates: [] };

  // 4-connected groups of selected cells.
  const group = new Int32Array(cols * rows).fill(-1);
  let groups = 0;
  const stack: number[] = [];
  for (let r = rMin; r <= rMax; r++) {
    for (let c = cMin; c <= cMax; c++) {
      const i = r * cols + c;
      if (selected[i] !== 1 || group[i] >= 0) continue;
      group[i] = groups;
      stack.push(i);
      while (stack.length) {
        const j = stack.pop()!;
        const jc = j % cols, jr = (j - jc) / cols;
        for (let d = 0; d < 4; d++) {
          const nc = jc + DX[d], nr = jr + DY[d];
          if (at(nc, nr) && group[nr * cols + nc] < 0) {
            group[nr * cols + nc] = groups;
            stack.push(nr * cols + nc);
          }
        }
      }
      groups++;
    }
  }

  // Outgoing boundary edges per corner vertex (bit d = an edge leaving in direction d).
  const vc = cMax - cMin + 2, vr = rMax - rMin + 2;
  const out = new Uint8Array(vc * vr);
  const vid = (c: number, r: number) => (r - rMin) * vc + (c - cMin);
  for (let r = rMin; r <= rMax; r++) {
    for (let c = cMin; c <= cMax; c++) {
      if (!at(c, r)) continue;
      if (!at(c, r - 1)) out[vid(c, r)] |= 1; // bottom edge, eastwards
      if (!at(c + 1, r)) out[vid(c + 1, r)] |= 2; // right edge, northwards
      if (!at(c, r + 1)) out[vid(c + 1, r + 1)] |= 4; // top edge, westwards
      if (!at(c - 1, r)) out[vid(c, r + 1)] |= 8; // left edge, southwards
    }
  }

  const { projection: p, originX, originY, cellSizeMeters: s } = grid;
  const outers: (Position[] | null)[] = new Array(groups).fill(null);
  const holes: Position[][][] = Array.from({ length: groups }, () => []);
  for (let r0 = rMin; r0 <= rMax + 1; r0++) {
    for (let c0 = cMin; c0 <= cMax + 1; c0++) {
      while (out[vid(c0, r0)] !== 0) {
        const bits = out[vid(c0, r0)];
        let d = 0;
        while (!(bits & (1 << d))) d++;
        // The selected cell left of the first edge names the group.
        const lc = d === 0 ? c0 : d === 1 ? c0 - 1 : d === 2 ? c0 - 1 : c0;
        const lr = d === 0 ? r0 : d === 1 ? r0 : d === 2 ? r0 - 1 : r0 - 1;
        const g = group[lr * cols + lc];
        const ring: Position[] = [];
        const d0 = d;
        let c = c0, r = r0, area2 = 0;
        let prevDir = -1;
        for (;;) {
          out[vid(c, r)] &= ~(1 << d);
          if (d !== prevDir) ring.push([p.lon(originX + c * s), p.lat(originY + r * s)]);
          const nc = c + DX[d], nr = r + DY[d];
          area2 += c * nr - nc * r;
          prevDir = d;
          c = nc;
          r = nr;
          const home = c === c0 && r === r0;
          const b = out[vid(c, r)] | (home ? 1 << d0 : 0);
          // Prefer a left turn, then straight, then right.
          const left = (d + 1) & 3, right = (d + 3) & 3;
          const nd = b & (1 << left) ? left : b & (1 << d) ? d : right;
          if (home && nd === d0) break;
          if (!(b & (1 << nd))) throw new Error('cell outline broken (internal error)');
          d = nd;
        }
        // The start corner is dropped when the ring arrives there going straight on.
        if (prevDir === d0) ring.shift();
        ring.push([ring[0][0], ring[0][1]]);
        if (ring.length < 4) continue;
        if (area2 > 0) outers[g] = ring;
        else holes[g].push(ring);
      }
    }
  }
  const coordinates: Position[][][] = [];
  for (let g = 0; g < groups; g++) {
    const o = outers[g];
    if (o) coordinates.push([o, ...holes[g]]);
  }
  return { type: 'MultiPolygon', coordinates };
}
