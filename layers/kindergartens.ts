import { labelStyle } from './labels.ts';
import { COLORS, enumLegend, matchColor } from './palette.ts';
import { idField, nameField, townshipField, value } from './fields.ts';
import type { FieldDef, LayerDefinition } from './types.ts';

/** Public (公办) or private (民办) kindergarten. */
export const ownershipField: FieldDef = {
  name: 'ownership',
  type: 'enum',
  required: true,
  label: { zh: '办园性质', en: 'Ownership' },
  popup: true,
  values: [
    value('public', '公办', 'Public', ['公办园', '公立', '教育部门办', '集体办', '乡镇中心园'], COLORS.public),
    value('private', '民办', 'Private', ['民办园', '私立', '社会力量办'], COLORS.private),
  ],
};

/** Kindergartens (幼儿园): coloured by ownership; inclusive (普惠) ones get a gold ring. */
export const kindergartens: LayerDefinition = {
  id: 'kindergartens',
  file: 'kindergartens',
  title: { zh: '幼儿园', en: 'Kindergartens' },
  geometry: 'Point',
  idField: 'id',
  storage: 'geojson',
  fields: [
    idField(),
    nameField(),
    ownershipField,
    { name: 'inclusive', type: 'boolean', label: { zh: '普惠', en: 'Inclusive' }, popup: true },
    // The largest kindergartens have about 1 000 places (30 classes of 30); 3 000 is past any real one.
    { name: 'capacity', type: 'number', label: { zh: '学位', en: 'Places' }, unit: { zh: '个', en: 'places' }, range: { min: 0, max: 3000 }, popup: true },
    { name: 'enrolled', type: 'number', label: { zh: '在园幼儿', en: 'Enrolled' }, unit: { zh: '人', en: 'children' }, range: { min: 0, max: 3000 }, popup: true },
    townshipField(),
  ],
  style: [
    {
      type: 'circle',
      paint: {
        'circle-color': matchColor(ownershipField),
        'circle-radius': 6,
        'circle-stroke-color': ['case', ['==', ['get', 'inclusive'], true], '#ffb300', COLORS.halo],
        'circle-stroke-width': 2,
      },
    },
    labelStyle('name', { minzoom: 12.5 }),
  ],
  legend: [
    ...enumLegend(ownershipField, 'circle'),
    { label: { zh: '普惠（金色外圈）', en: 'Inclusive (gold ring)' }, color: '#ffb300', shape: 'circle' },
  ],
  search: [{ field: 'name' }, { field: 'id' }],
  order: 60,
  defaultVisible: true,
};
