import { COLORS } from './palette.ts';
import { nameField, value } from './fields.ts';
import type { FieldDef, LayerDefinition } from './types.ts';

const kind: FieldDef = {
  name: 'kind',
  type: 'enum',
  label: { zh: '类型', en: 'Type' },
  popup: true,
  values: [
    value('town', '镇', 'Town', ['建制镇']),
    value('township', '乡', 'Township', ['民族乡']),
    value('street', '街道', 'Subdistrict', ['街道办事处', '街道办', 'subdistrict']),
  ],
};

/** Townships (乡镇): outlines, mountain townships shaded, names as labels. */
export const townships: LayerDefinition = {
  id: 'townships',
  file: 'townships',
  title: { zh: '乡镇界', en: 'Townships' },
  geometry: 'Polygon',
  storage: 'geojson',
  fields: [
    // A township listed twice (城关镇 and 城关镇 with a zero-width space) doubles its per-township figures.
    { ...nameField(true, { zh: '乡镇名称', en: 'Township' }), unique: true },
    { name: 'code', type: 'string', label: { zh: '区划代码', en: 'Division code' }, unique: true, popup: true },
    kind,
    { name: 'mountain', type: 'boolean', label: { zh: '山区', en: 'Mountain area' }, popup: true },
  ],
  style: [
    {
      type: 'fill',
      paint: {
        'fill-color': ['case', ['==', ['get', 'mountain'], true], COLORS.mountain, COLORS.plain],
        'fill-opacity': 0.35,
      },
    },
    {
      type: 'line',
      paint: { 'line-color': COLORS.township, 'line-width': 1.2, 'line-dasharray': [3, 2] },
    },
    {
      type: 'symbol',
      layout: {
        'text-field': ['get', 'name'],
        'text-font': ['Noto Sans Regular'],
        'text-size': 13,
        'symbol-placement': 'point',
      },
      paint: { 'text-color': COLORS.label, 'text-halo-color': COLORS.halo, 'text-halo-width': 1.5 },
    },
  ],
  legend: [
    { label: { zh: '山区乡镇', en: 'Mountain township' }, color: COLORS.mountain, shape: 'fill' },
    { label: { zh: '平原乡镇', en: 'Plain township' }, color: COLORS.plain, shape: 'fill' },
    { label: { zh: '乡镇界', en: 'Township boundary' }, color: COLORS.township, shape: 'line' },
  ],
  search: [{ field: 'name' }, { field: 'code' }],
  order: 10,
  defaultVisible: true,
};
