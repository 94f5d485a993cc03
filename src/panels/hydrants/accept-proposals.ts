import type { FeatureCollection, Point } from 'geojson';
import type { GeoJsonLayerData, LoadedProperties, Project } from '../../../layers/types';

/**
 * The project with proposed hydrants added to its hydrant layer as `planned` (规划) hydrants, so
 * that "after the plan is built" counts them. Ids that already exist get a numeric suffix. Pure:
 * the input project is not changed.
 *
 * @param project - the loaded project
 * @param proposed - proposals from hydrantGaps (`proposedGeoJson`)
 * @returns a new project and the number of hydrants added
 */
export function acceptProposals(project: Project, proposed: FeatureCollection<Point, Record<string, unknown>>): { project: Project; added: number } {
  const layer = project.layers.hydrants;
  const old: GeoJsonLayerData =
    layer && layer.kind === 'geojson' ? layer : { kind: 'geojson', id: 'hydrants', data: { type: 'FeatureCollection', features: [] } };
  const ids = new Set(old.data.features.map((f) => String(f.properties?.id ?? '')));
  const added = proposed.features.map((f) => {
    let id = `规划-${String(f.properties?.id ?? '')}`;
    for (let k = 2; ids.has(id); k++) id = `规划-${String(f.properties?.id ?? '')}-${k}`;
    ids.add(id);
    const properties: LoadedProperties = { id, kind: 'hydrant', status: 'planned', road: f.properties?.road ?? null };
    return { type: 'Feature' as const, properties, geometry: { type: 'Point' as const, coordinates: [...f.geometry.coordinates] } };
  });
  const hydrants: GeoJsonLayerData = { ...old, data: { ...old.data, features: [...old.data.features, ...added] } };
  return { project: { ...project, layers: { ...project.layers, hydrants } }, added: added.length };
}
