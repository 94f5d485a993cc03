import type { Geometry } from 'geojson';
import type { Project } from '../../layers/types';

/** [west, south, east, north] */
export type Bounds = [number, number, number, number];

/**
 * The bounding box of a project's located features: the townships when there are any (the county
 * outline), otherwise every layer. Returns null when nothing has coordinates.
 */
export function projectBounds(project: Project): Bounds | null {
  const b: Bounds = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (lon: number, lat: number) => {
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) return;
    if (lon < b[0]) b[0] = lon;
    if (lat < b[1]) b[1] = lat;
    if (lon > b[2]) b[2] = lon;
    if (lat > b[3]) b[3] = lat;
  };
  const addLayer = (id: string) => {
    const l = project.layers[id as keyof Project['layers']];
    if (!l) return;
    if (l.kind === 'columns') {
      for (let i = 0; i < l.count; i++) add(l.lon[i], l.lat[i]);
    } else {
      for (const f of l.data.features) if (f.geometry) eachPosition(f.geometry, add);
    }
  };
  addLayer('townships');
  if (b[0] === Infinity) for (const id of Object.keys(project.layers)) addLayer(id);
  return b[0] === Infinity ? null : b;
}

function eachPosition(g: Geometry, fn: (lon: number, lat: number) => void): void {
  if (g.type === 'GeometryCollection') {
    for (const x of g.geometries) eachPosition(x, fn);
    return;
  }
  const walk = (c: unknown): void => {
    if (!Array.isArray(c)) return;
    if (typeof c[0] === 'number') fn(c[0] as number, c[1] as number);
    else for (const x of c) walk(x);
  };
  walk(g.coordinates);
}
