import { labelStyle } from './labels.ts';
import { enumLegend, matchColor } from './palette.ts';
import { nameField, value } from './fields.ts';
import type { FieldDef, LayerDefinition } from './types.ts';

/** What a barrier is: GB 51080-2015 §4.1.3 names expressways, trunk railways and large rivers. */
export const barrierKindField: FieldDef = {
  name: 'kind',
  type: 'enum',
  required: true,
  label: { zh: '类型', en: 'Kind' },
  popup: true,
  values: [
    value('expressway', '高速公路', 'Expressway', ['高速', '快速路', 'motorway'], '#6a1b9a'),
    value('railway', '铁路干线', 'Trunk railway', ['铁路', '干线铁路', 'rail'], '#424242'),
    value('river', '大型河流', 'Large river', ['河流', '河道', 'river', '江河'], '#0277bd'),
  ],
};

/** Barriers a station district should not cross (expressways, trunk railways, large rivers). */
export const barriers: LayerDefinition = {
  id: 'barriers',
  file: 'barriers',
  title: { zh: '分隔障碍（高速、铁路、河流）', en: 'Barriers (expressways, railways, rivers)' },
  geometry: 'LineString',
  storage: 'geojson',
  fields: [nameField(), barrierKindField],
  style: [
    { type: 'line', paint: { 'line-color': matchColor(barrierKindField), 'line-width': 3, 'line-opacity': 0.8 } },
    labelStyle('name', { minzoom: 12, placement: 'line' }),
  ],
  legend: enumLegend(barrierKindField, 'line'),
  search: [{ field: 'name', group: true }],
  order: 33,
  defaultVisible: false,
};
