import { labelStyle } from './labels.ts';
import { COLORS, enumLegend, matchColor } from './palette.ts';
import { idField, townshipField, value, villageField } from './fields.ts';
import type { FieldDef, LayerDefinition } from './types.ts';

/** Which conversion a 双代 area gets. */
export const conversionTypeField: FieldDef = {
  name: 'type',
  type: 'enum',
  required: true,
  label: { zh: '改造类型', en: 'Conversion' },
  popup: true,
  values: [
    value('gas', '气代煤', 'Gas for coal', ['煤改气', '燃气'], COLORS.gas),
    value('electric', '电代煤', 'Electric for coal', ['煤改电', '电采暖'], COLORS.electric),
    value('mixed', '混合', 'Mixed', ['气电混合', '双代', '气代煤+电代煤'], '#7e57c2'),
  ],
};

/** 双代 areas (gas/electric-for-coal conversion areas), filled by conversion type. */
export const dualConversionAreas: LayerDefinition = {
  id: 'dualConversionAreas',
  file: 'dual_conversion_areas',
  title: { zh: '双代改造区域', en: 'Dual-conversion areas' },
  geometry: 'Polygon',
  idField: 'id',
  storage: 'geojson',
  fields: [
    idField(),
    villageField(),
    townshipField(),
    conversionTypeField,
    // A village (or a town's built-up area) has hundreds to a few thousand households; 100 000 is a county.
    { name: 'households', type: 'number', label: { zh: '户数', en: 'Households' }, unit: { zh: '户', en: 'households' }, range: { min: 0, max: 100_000 }, popup: true },
  ],
  style: [
    { type: 'fill', paint: { 'fill-color': matchColor(conversionTypeField), 'fill-opacity': 0.25 } },
    { type: 'line', paint: { 'line-color': matchColor(conversionTypeField), 'line-width': 1 } },
    labelStyle('village', { minzoom: 12, offsetEm: 0 }),
  ],
  search: [{ field: 'village', group: true }, { field: 'id' }],
  legend: enumLegend(conversionTypeField, 'fill'),
  order: 35,
  defaultVisible: false,
};
