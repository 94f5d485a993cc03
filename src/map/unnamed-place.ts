import type { LineString, Position } from 'geojson';
import type { I18nText, LayerDefinition, Project } from '../../layers/types';
import { hydrantGapPlaces, villageCentres, type NamedPlace } from '../../analysis/hydrant-gap-places';
import type { FeatureCollection, Geometry } from '../../layers/types';

const villagesOf = new WeakMap<Project, NamedPlace[]>();

/** The longest part of a line feature, or null for anything that is not a line. */
function longestPart(g: Geometry | null | undefined): Position[] | null {
  if (!g) return null;
  const parts = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
  let best: Position[] | null = null;
  for (const p of parts) if (p.length >= 2 && (!best || p.length > best.length)) best = p;
  return best;
}

/**
 * Where an unnamed line feature (a road without a name) lies, in words: its township, the nearest
 * named feature of the same layer and the nearest village centre with distances, and its from–to
 * coordinates — the same description as a hydrant gap on an unnamed road (analysis/hydrant-gap-places.ts).
 * Null when the layer does not ask for it, the feature has a name, or it is not a line.
 * @param index - the feature's index in the loaded layer
 */
export function describeUnnamed(project: Project, def: LayerDefinition, index: number): I18nText | null {
  const field = def.describeUnnamed;
  const layer = project.layers[def.id];
  if (!field || layer?.kind !== 'geojson') return null;
  const f = layer.data.features[index];
  const name = f?.properties?.[field];
  if (!f || (name !== undefined && name !== null && String(name).trim() !== '')) return null;
  const line = longestPart(f.geometry);
  if (!line) return null;
  let villages = villagesOf.get(project);
  if (!villages) {
    const hh = project.layers.households;
    const tl = project.layers.townships;
    villages = hh?.kind === 'columns' ? villageCentres(hh, tl?.kind === 'geojson' ? tl.data : null) : [];
    villagesOf.set(project, villages);
  }
  const townships = project.layers.townships;
  const gap: FeatureCollection<LineString, { road: string; roadIndex: number; part: number; fromM: number; toM: number; lengthM: number }> = {
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: { road: '', roadIndex: index, part: 0, fromM: 0, toM: 0, lengthM: 0 }, geometry: { type: 'LineString', coordinates: line } }],
  };
  const [row] = hydrantGapPlaces(gap, { townships: townships?.kind === 'geojson' ? townships.data : null, roads: layer.data, villages });
  return row.where;
}
