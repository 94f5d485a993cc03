import { labelStyle } from './labels.ts';
import { COLORS, enumLegend, matchColor, matchNumber } from './palette.ts';
import { idField, value } from './fields.ts';
import type { FieldDef, LayerDefinition } from './types.ts';

/** Municipal hydrant or water crane (消防水鹤). */
export const hydrantKindField: FieldDef = {
  name: 'kind',
  type: 'enum',
  required: true,
  label: { zh: '类型', en: 'Type' },
  popup: true,
  values: [
    value('hydrant', '消火栓', 'Hydrant', ['市政消火栓', '室外消火栓', '地上式消火栓', '地下式消火栓']),
    value('water_crane', '消防水鹤', 'Water crane', ['水鹤', 'water crane']),
  ],
};

/** Condition: only `working` hydrants count as coverage in the default analysis. */
export const hydrantStatusField: FieldDef = {
  name: 'status',
  type: 'enum',
  required: true,
  label: { zh: '状态', en: 'Status' },
  popup: true,
  values: [
    value('working', '完好', 'Working', ['正常', '可用', '已建', '建成', '良好'], COLORS.working),
    value('broken', '损坏', 'Broken', ['故障', '不可用', '待修', '坏'], COLORS.broken),
    value('under_construction', '在建', 'Under construction', ['施工中', '建设中', 'under construction'], COLORS.underConstruction),
    value('planned', '规划', 'Planned', ['未建', '拟建', '规划中'], COLORS.plannedHydrant),
  ],
};

/** Hydrants and water cranes (市政消火栓、消防水鹤): coloured by status, cranes larger. */
export const hydrants: LayerDefinition = {
  id: 'hydrants',
  file: 'hydrants',
  title: { zh: '消火栓与消防水鹤', en: 'Hydrants and water cranes' },
  geometry: 'Point',
  idField: 'id',
  storage: 'geojson',
  fields: [
    idField(),
    hydrantKindField,
    hydrantStatusField,
    { name: 'road', type: 'string', label: { zh: '所在道路', en: 'Road' }, popup: true },
  ],
  style: [
    {
      type: 'circle',
      paint: {
        'circle-color': matchColor(hydrantStatusField),
        'circle-radius': matchNumber(hydrantKindField, { water_crane: 6, hydrant: 4 }, 4),
        'circle-stroke-color': COLORS.halo,
        'circle-stroke-width': 1,
      },
    },
    labelStyle('id', { minzoom: 15, size: 11, offsetEm: 0.8 }),
  ],
  legend: enumLegend(hydrantStatusField, 'circle'),
  search: [{ field: 'id' }],
  order: 70,
  defaultVisible: true,
};
