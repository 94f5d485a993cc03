import { labelStyle } from './labels.ts';
import { NON_MOTOR_ROAD_CLASSES } from '../analysis/fire-params.ts';
import { matchColor, matchNumber, enumLegend } from './palette.ts';
import { nameField, value } from './fields.ts';
import type { FieldDef, LayerDefinition } from './types.ts';

const NON_MOTOR_COLOR = '#b0b0b0';

/**
 * Road class: OSM `highway` codes. Chinese classes map one step apart, urban and rural alike:
 * 快速路/国道 → trunk, 主干路/省道 → primary, 次干路/县道 → secondary, 支路/乡道 → tertiary,
 * 村道 → unclassified (the same mapping as analysis/fire-params.ts). `*_link` ramps take their road's
 * class. The other OSM `highway` values of way objects are accepted too, so an OSM import
 * (analysis/osm-to-project.ts) loads whole: non-motor ones (footway, path, steps, cycleway …, the
 * list `NON_MOTOR_ROAD_CLASSES`) are drawn thin and grey and are left out of the fire network;
 * drivable ones (busway, escape, services, rest_area) take the `other` speed.
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
    value('busway', '公交专用道', 'Busway', ['公交专用道'], '#bdbdbd'),
    value('escape', '避险车道', 'Escape lane', ['避险车道'], '#bdbdbd'),
    value('services', '服务区', 'Service area', ['服务区'], '#bdbdbd'),
    value('rest_area', '休息区', 'Rest area', ['停车区', '休息区'], '#bdbdbd'),
    // Not drivable by fire trucks (analysis/fire-params.ts NON_MOTOR_ROAD_CLASSES): thin and grey.
    value('footway', '人行道', 'Footway', ['人行道', 'sidewalk'], NON_MOTOR_COLOR),
    value('path', '小路', 'Path', ['小路', '小径'], NON_MOTOR_COLOR),
    value('steps', '台阶', 'Steps', ['台阶', '阶梯'], NON_MOTOR_COLOR),
    value('cycleway', '自行车道', 'Cycleway', ['自行车道', '非机动车道'], NON_MOTOR_COLOR),
    value('pedestrian', '步行区', 'Pedestrian area', ['步行区', '步行广场'], NON_MOTOR_COLOR),
    value('bridleway', '马道', 'Bridleway', ['马道'], NON_MOTOR_COLOR),
    value('corridor', '室内通道', 'Indoor corridor', ['室内通道'], NON_MOTOR_COLOR),
    value('construction', '在建道路', 'Under construction', ['在建道路'], NON_MOTOR_COLOR),
    value('proposed', '规划道路', 'Proposed', ['规划道路'], NON_MOTOR_COLOR),
    value('platform', '站台', 'Platform', ['站台'], NON_MOTOR_COLOR),
    value('elevator', '电梯', 'Elevator', ['电梯'], NON_MOTOR_COLOR),
    value('bus_guideway', '公交导轨', 'Bus guideway', ['导轨公交'], NON_MOTOR_COLOR),
    value('raceway', '赛道', 'Raceway', ['赛道'], NON_MOTOR_COLOR),
  ],
};

/** The motor classes alone, for the legend; the non-motor ones share one grey entry. */
const motorClasses: FieldDef = { ...roadClassField, values: roadClassField.values!.filter((v) => !NON_MOTOR_ROAD_CLASSES.includes(v.code)) };

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

/**
 * Road classes drawn only once zoomed in (map zoom, 512-pixel tiles), as road maps generalise: the
 * county-wide view (the demo: zoom 10.24, about 60 m a pixel) shows tertiary roads and above; village
 * roads and streets (the demo's 39,013 of 41,217 segments, half of them under 47 m: a pixel or less
 * there, a grey wash rather than roads) appear from zoom 11 (30 m a pixel), service roads, tracks
 * and the non-motor classes from 12. Only the drawing: the fire network, search and popups use
 * every road.
 */
const MIN_ZOOM: Readonly<Record<string, number>> = {
  unclassified: 11,
  residential: 11,
  living_street: 11,
  service: 12,
  track: 12,
  busway: 12,
  escape: 12,
  services: 12,
  rest_area: 12,
  ...Object.fromEntries(NON_MOTOR_ROAD_CLASSES.map((c) => [c, 12])),
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
    // Speeds must be positive (0 km/h makes an edge take forever); China's limit is 120 km/h, 150 allows a margin.
    { name: 'speed_kmh', type: 'number', label: { zh: '车速', en: 'Speed' }, unit: { zh: 'km/h', en: 'km/h' }, range: { min: 0, minExclusive: true, max: 150 }, popup: true },
    // Widths must be positive; 200 m is wider than any road with its verges.
    { name: 'width_m', type: 'number', label: { zh: '路宽', en: 'Width' }, unit: { zh: '米', en: 'm' }, range: { min: 0, minExclusive: true, max: 200 }, popup: true },
    // Clear height under a bridge, gate or archway (GB 50016 §7.1.8: ≥ 4 m for fire lanes); 50 m is above any such limit.
    { name: 'clear_height_m', type: 'number', label: { zh: '净空高度', en: 'Clear height' }, unit: { zh: '米', en: 'm' }, range: { min: 0, minExclusive: true, max: 50 }, popup: true },
  ],
  style: [
    {
      type: 'line',
      // Round caps and joins below zoom 14 cost software WebGL (an office PC without a GPU driver)
      // ~40 % of a frame at county zoom (the demo: 320 → 186 ms of GPU-process CPU per frame with
      // butt/miter) and cannot be seen at 1–4 px; from 14 on the lines are wide enough to show them.
      layout: { 'line-cap': ['step', ['zoom'], 'butt', 14, 'round'], 'line-join': ['step', ['zoom'], 'miter', 14, 'round'] },
      paint: {
        'line-color': matchColor(roadClassField),
        'line-width': matchNumber(
          roadClassField,
          {
            motorway: 4, trunk: 3.5, primary: 3, secondary: 2.5, tertiary: 2, unclassified: 1.5, residential: 1.2, living_street: 1, service: 1, track: 1,
            ...Object.fromEntries(NON_MOTOR_ROAD_CLASSES.map((c) => [c, 0.6])),
          },
          1,
        ),
      },
    },
    labelStyle('name', { minzoom: 13.5, placement: 'line' }),
  ],
  minZoomBy: { field: 'class', zooms: MIN_ZOOM },
  search: [{ field: 'name', group: true }],
  describeUnnamed: 'name',
  legend: [
    ...enumLegend(motorClasses, 'line', MIN_ZOOM),
    { label: { zh: '人行道、小路、台阶等（消防车不通行）', en: 'Footways, paths, steps … (no fire trucks)' }, color: NON_MOTOR_COLOR, shape: 'line', minzoom: 12 },
  ],
  order: 30,
  defaultVisible: true,
};
