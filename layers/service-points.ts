import { labelStyle } from './labels.ts';
import { COLORS, enumLegend, matchColor, matchNumber } from './palette.ts';
import { idField, nameField, townshipField, value } from './fields.ts';
import type { FieldDef, LayerDefinition } from './types.ts';

/** The three-level clean-coal network plus the 双代 maintenance network. */
export const servicePointKindField: FieldDef = {
  name: 'kind',
  type: 'enum',
  required: true,
  label: { zh: '类型', en: 'Type' },
  popup: true,
  values: [
    value('coal_centre', '县配送中心', 'County coal centre', ['配送中心', '洁净煤配送中心', '县级配送中心', '生产配送中心'], '#4e342e'),
    value('coal_station', '乡配送站', 'Township coal station', ['配送站', '乡镇配送站', '洁净煤配送站'], '#8d6e63'),
    value('coal_point', '村配送点', 'Village coal point', ['配送点', '村级配送点', '洁净煤配送点'], '#bcaaa4'),
    value('maintenance', '维修服务网点', 'Maintenance point', ['维修网点', '维修点', '服务网点', '维修服务站'], '#00897b'),
  ],
};

/** Clean-coal distribution and heating maintenance points (服务网点). */
export const servicePoints: LayerDefinition = {
  id: 'servicePoints',
  file: 'service_points',
  title: { zh: '配送与维修网点', en: 'Service points' },
  geometry: 'Point',
  idField: 'id',
  storage: 'geojson',
  fields: [idField(), nameField(), servicePointKindField, townshipField()],
  style: [
    {
      type: 'circle',
      paint: {
        'circle-color': matchColor(servicePointKindField),
        'circle-radius': matchNumber(servicePointKindField, { coal_centre: 8, coal_station: 6, coal_point: 4, maintenance: 5 }, 5),
        'circle-stroke-color': COLORS.outline,
        'circle-stroke-width': 1,
      },
    },
    labelStyle('name', { minzoom: 13, size: 11 }),
  ],
  legend: enumLegend(servicePointKindField, 'circle'),
  search: [{ field: 'name' }, { field: 'id' }],
  order: 65,
  defaultVisible: false,
};
