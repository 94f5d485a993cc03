import { COLORS } from './palette.ts';
import { nameField } from './fields.ts';
import type { LayerDefinition } from './types.ts';

/** Built-up areas (建成区): the areas fire-coverage targets are measured on. */
export const builtUp: LayerDefinition = {
  id: 'builtUp',
  file: 'built_up',
  title: { zh: '建成区', en: 'Built-up areas' },
  geometry: 'Polygon',
  storage: 'geojson',
  fields: [nameField()],
  style: [
    { type: 'fill', paint: { 'fill-color': COLORS.builtUp, 'fill-opacity': 0.3 } },
    { type: 'line', paint: { 'line-color': COLORS.builtUp, 'line-width': 1.5 } },
  ],
  legend: [{ label: { zh: '建成区', en: 'Built-up area' }, color: COLORS.builtUp, shape: 'fill' }],
  order: 20,
  defaultVisible: true,
};
