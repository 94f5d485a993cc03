import { matchColor, matchNumber, enumLegend } from './palette.ts';
import { nameField, value } from './fields.ts';
import type { FieldDef, LayerDefinition } from './types.ts';

/**
 * Road class: OSM `highway` codes. Chinese classes map one step apart, urban and rural alike:
 * 快速路/国道 → trunk, 主干路/省道 → primary, 次干路/县道 → secondary, 支路/乡道 → tertiary,
 * 村道 → unclassified (the same mapping as analysis/fire-params.ts). `*_link` ramps take their road's
 * class. Non-motor OSM values (footway, path, cycleway …) are not in the list and are reported.
 */
export const roadClassField: FieldDef = {
  name: 'class',
  type: 'enum',
  required: true,
  label: { zh: '道路等级', en: 'Road class' },
  popup: true,
  values: [
    value('motorway', '高速公路', 'Motorway', ['高速', 'motorway_link'], '#d32f2f'),
    value('trunk', '快速路 / 国道', 'Trunk', ['快速路', '国道', '城市快速路', 'trunk_link'], '#f57c00'),
    value('primary', '主干路 / 省道', 'Primary', ['主干路', '主干道', '省道', 'primary_link'], '#fbc02d'),
    value('secondary', '次干路 / 县道', 'Secondary', ['次干路', '次干道', '县道', 'secondary_link'], '#fff176'),
    value('tertiary', '支路 / 乡道', 'Tertiary', ['支路', '乡道', 'tertiary_link'], '#bdbdbd'),
    value('unclassified', '村道', 'Village road', ['村道', '村路', 'road'], '#9e9e9e'),
    value('residential', '街巷 / 小区路', 'Residential', ['街巷', '小区路', '巷道'], '#9e9e9e'),
    value('living_street', '生活街道', 'Living street', ['生活性街道', '步行街'], '#bdbdbd'),
    value('service', '辅路 / 内部路', 'Service', ['辅路', '内部路', '服务道路'], '#bdbdbd'),
    value('track', '机耕路', 'Track', ['机耕路', '田间路', '土路'], '#a1887f'),
  ],
};

const oneway: FieldDef = {
  name: 'oneway',
  type: 'enum',
  label: { zh: '单行', en: 'One-way' },
  popup: true,
  values: [
    value('no', '双向', 'Two-way', ['false', '0', '否', '双行', 'f', 'n']),
    value('yes', '单行（顺向）', 'One-way', ['true', '1', '是', '单行', '单向', 't', 'y']),
    value('reverse', '单行（逆向）', 'One-way, reversed', ['-1', '逆向', '反向']),
  ],
};

/** Roads: the network for fire travel times; width and colour by class. */
export const roads: LayerDefinition = {
  id: 'roads',
  file: 'roads',
  title: { zh: '道路', en: 'Roads' },
  geometry: 'LineString',
  storage: 'geojson',
  fields: [
    nameField(false, { zh: '路名', en: 'Road name' }),
    roadClassField,
    oneway,
    { name: 'speed_kmh', type: 'number', label: { zh: '车速', en: 'Speed' }, unit: { zh: 'km/h', en: 'km/h' }, popup: true },
    { name: 'width_m', type: 'number', label: { zh: '路宽', en: 'Width' }, unit: { zh: '米', en: 'm' }, popup: true },
  ],
  style: [
    {
      type: 'line',
      layout: { 'line-cap': 'round', 'line-join': 'round' },
      paint: {
        'line-color': matchColor(roadClassField),
        'line-width': matchNumber(
          roadClassField,
          { motorway: 4, trunk: 3.5, primary: 3, secondary: 2.5, tertiary: 2, unclassified: 1.5, residential: 1.2, living_street: 1, service: 1, track: 1 },
          1,
        ),
      },
    },
  ],
  legend: enumLegend(roadClassField, 'line'),
  order: 30,
  defaultVisible: true,
};
