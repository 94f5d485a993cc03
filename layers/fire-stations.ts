import { labelStyle } from './labels.ts';
import { COLORS, enumLegend, matchColor, matchNumber } from './palette.ts';
import { idField, nameField, value } from './fields.ts';
import type { FieldDef, LayerDefinition } from './types.ts';
import { DISTRICT_LIMIT_MAX_KM2, FIRE_PARAMS } from '../analysis/fire-params.ts';

const TURNOUT = FIRE_PARAMS.find((d) => d.key === 'turnout')!;

/** Station class (建标152-2017); the class sets the district-area limit. */
export const fireStationLevelField: FieldDef = {
  name: 'level',
  type: 'enum',
  label: { zh: '站级', en: 'Class' },
  popup: true,
  values: [
    value('level1', '一级站', 'Class 1', ['一级', '一级普通站', '一级消防站', '1']),
    value('level2', '二级站', 'Class 2', ['二级', '二级普通站', '二级消防站', '2']),
    value('small', '小型站', 'Small station', ['小型', '小型普通站', '小型消防站']),
    value('special', '特勤站', 'Special service', ['特勤', '特勤消防站']),
    value('township', '乡镇专职消防队', 'Township professional team', ['乡镇专职队', '乡镇专职']),
    value('volunteer', '志愿消防队', 'Volunteer team', ['志愿队', '志愿']),
  ],
};

/** Whether a station exists, is planned (in a plan) or is proposed (a what-if). */
export const fireStationStatusField: FieldDef = {
  name: 'status',
  type: 'enum',
  required: true,
  label: { zh: '状态', en: 'Status' },
  popup: true,
  values: [
    value('existing', '现有', 'Existing', ['已建', '在用', '建成', '现状'], COLORS.existing),
    value('planned', '规划', 'Planned', ['规划中', '拟建', '在建'], COLORS.planned),
    value('proposed', '建议', 'Proposed', ['建议新建', '方案', '候选'], COLORS.proposed),
  ],
};

/** Fire stations (消防救援站): coloured by status, larger for higher classes. */
export const fireStations: LayerDefinition = {
  id: 'fireStations',
  file: 'fire_stations',
  title: { zh: '消防救援站', en: 'Fire stations' },
  geometry: 'Point',
  idField: 'id',
  storage: 'geojson',
  fields: [
    idField(),
    nameField(),
    fireStationLevelField,
    fireStationStatusField,
    // A special-service (特勤) station has about 10 engines; 100 is no county station.
    { name: 'vehicles', type: 'number', label: { zh: '消防车', en: 'Vehicles' }, unit: { zh: '辆', en: 'vehicles' }, range: { min: 0, max: 100 }, popup: true },
    // Per-station overrides the fire analysis reads (docs/fire.md): checked here like any value, in the
    // range of the project-wide turnout, so "5分钟" reads as 5 and "" / "五" / -1 / 99 are reported and
    // not used (they used to become 0 min, or the default, without a word).
    { name: 'turnout_min', type: 'number', label: { zh: '出动时间', en: 'Turnout time' }, unit: { zh: '分钟', en: 'min' }, range: { min: TURNOUT.min as number, max: TURNOUT.max as number } },
    { name: 'district_limit_km2', type: 'number', label: { zh: '辖区面积上限', en: 'District area limit' }, unit: { zh: 'km²', en: 'km²' }, range: { min: 0, max: DISTRICT_LIMIT_MAX_KM2, minExclusive: true } },
  ],
  style: [
    {
      type: 'circle',
      paint: {
        'circle-color': matchColor(fireStationStatusField),
        'circle-radius': matchNumber(fireStationLevelField, { special: 10, level1: 9, level2: 7, small: 6 }, 7),
        'circle-stroke-color': COLORS.halo,
        'circle-stroke-width': 2,
      },
    },
    labelStyle('name', { minzoom: 10, size: 13 }),
  ],
  legend: enumLegend(fireStationStatusField, 'circle'),
  search: [{ field: 'name' }, { field: 'id' }],
  order: 80,
  defaultVisible: true,
};
