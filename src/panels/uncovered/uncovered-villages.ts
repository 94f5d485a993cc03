import type { ColumnLayerData } from '../../../layers/types';
import { townshipName, type HouseholdTownships } from '../../../analysis/household-townships';
import { columnValue } from '../../map/columns-to-geojson';

/** The chosen uncovered households of one village: how many, their ids and where they lie. */
export interface UncoveredVillage {
  village: string;
  township: string;
  count: number;
  /** Household ids, for the map selection. */
  ids: string[];
  /** `[west, south, east, north]` of the households with a position; null when none has one. */
  bounds: [number, number, number, number] | null;
}

/**
 * Groups chosen households (row indexes into the households layer) by village and township, most
 * households first, so that each village's row can bring its uncovered households into view.
 * Households without a village are grouped under an empty village name.
 * @param rows - household indexes, e.g. from `selectUncovered`
 * @param townships - the households' townships as the result found them (`uncoveredHouseholds(...).township`:
 *   the column where filled, else the township polygon); absent: the `township` column
 */
export function uncoveredByVillage(households: ColumnLayerData, rows: ArrayLike<number>, townships?: HouseholdTownships | null): UncoveredVillage[] {
  const groups = new Map<string, UncoveredVillage>();
  const text = (name: string, i: number) => {
    const col = households.columns[name];
    const v = col ? columnValue(col, i) : null;
    return v === null ? '' : String(v);
  };
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    const village = text('village', i);
    const township = townships !== undefined ? townshipName(townships, i) : text('township', i);
    const key = `${township}\u0000${village}`;
    let g = groups.get(key);
    if (!g) {
      g = { village, township, count: 0, ids: [], bounds: null };
      groups.set(key, g);
    }
    g.count++;
    g.ids.push(households.ids[i]);
    const x = households.lon[i];
    const y = households.lat[i];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const b = g.bounds;
    g.bounds = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.township.localeCompare(b.township, 'zh') || a.village.localeCompare(b.village, 'zh'));
}
