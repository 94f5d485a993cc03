import { labelStyle } from './labels.ts';
import { COLORS, enumLegend, matchColor } from './palette.ts';
import { idField, nameField, townshipField, value } from './fields.ts';
import type { FieldDef, LayerDefinition } from './types.ts';

/** The kind of fire-lane problem the fire plan asks to be ledgered (seed 002). */
export const laneProblemField: FieldDef = {
  name: 'problem',
  type: 'enum',
  required: true,
  label: { zh: '问题', en: 'Problem' },
  popup: true,
  values: [
    value('blocked', '占用堵塞', 'Blocked', ['堵塞', '占用', '占压', '阻塞']),
    value('narrow', '道路狭窄', 'Too narrow', ['狭窄', '窄', '宽度不足']),
    value('dead_end', '尽头路', 'Dead end', ['尽端路', '断头路', '尽头']),
  ],
};

/** Whether the problem is still open; open problems cut the network for fire engines. */
export const laneStatusField: FieldDef = {
  name: 'status',
  type: 'enum',
  required: true,
  label: { zh: '整改状态', en: 'Status' },
  popup: true,
  values: [
    value('open', '未整改', 'Open', ['待整改', '整改中', '存在'], COLORS.existing),
    value('fixed', '已整改', 'Fixed', ['整改完成', '已解决', '完成'], '#2e7d32'),
  ],
};

/** The fire-lane problem ledger (消防车通道问题台账): a point per problem, with status and date. */
export const fireLanes: LayerDefinition = {
  id: 'fireLanes',
  file: 'fire_lanes',
  title: { zh: '消防车通道问题台账', en: 'Fire-lane problems' },
  geometry: 'Point',
  idField: 'id',
  storage: 'geojson',
  fields: [
    idField(),
    nameField(false, { zh: '位置', en: 'Place' }),
    laneProblemField,
    laneStatusField,
    { name: 'date', type: 'string', label: { zh: '登记日期', en: 'Recorded' }, popup: true },
    townshipField(),
  ],
  style: [
    { type: 'circle', paint: { 'circle-color': matchColor(laneStatusField), 'circle-radius': 6, 'circle-stroke-color': '#000000', 'circle-stroke-width': 1.5 } },
    labelStyle('id', { minzoom: 13, size: 11 }),
  ],
  legend: enumLegend(laneStatusField, 'circle'),
  search: [{ field: 'id' }, { field: 'name' }],
  order: 85,
  defaultVisible: false,
};
