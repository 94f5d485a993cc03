import { COLORS, enumLegend, matchColor, missingLegend } from './palette.ts';
import { idField, townshipField, value, villageField } from './fields.ts';
import type { FieldDef, LayerDefinition } from './types.ts';

/** How a household heats (清洁取暖): 双代 = gas + electric; clean coal outside 双代 areas. */
export const heatingField: FieldDef = {
  name: 'heating',
  type: 'enum',
  label: { zh: '取暖方式', en: 'Heating' },
  popup: true,
  categorical: true,
  values: [
    value('gas', '气代煤', 'Gas for coal', ['煤改气', '燃气', '天然气', '燃气取暖'], COLORS.gas),
    value('electric', '电代煤', 'Electric for coal', ['煤改电', '电采暖', '电取暖'], COLORS.electric),
    value('clean_coal', '洁净煤', 'Clean coal', ['清洁煤', '兰炭', '型煤', '洁净型煤', 'clean coal'], COLORS.cleanCoal),
    value('other', '其他', 'Other', ['其它', '散煤'], COLORS.other),
  ],
};

/** Low-income category, which sets the renovation subsidy (seed 000). */
export const lowIncomeField: FieldDef = {
  name: 'low_income',
  type: 'enum',
  label: { zh: '困难类别', en: 'Low-income category' },
  popup: true,
  categorical: true,
  values: [
    value('destitute', '特困', 'Destitute (特困)', ['分散供养特困人员', '特困人员', '特困户', '五保', '五保户']),
    value('minimum_living', '低保', 'Minimum living allowance (低保)', ['低保户', '最低生活保障']),
    value('other_low_income', '其他低收入', 'Other low income', ['其他低收入群体', '其他低收入户', '低收入', '边缘户']),
  ],
};

/** Dilapidated-house grade: D rebuild, C repair. */
export const houseGradeField: FieldDef = {
  name: 'house_grade',
  type: 'enum',
  label: { zh: '危房等级', en: 'House grade' },
  popup: true,
  categorical: true,
  values: [
    value('C', 'C级（局部危险）', 'C (partly unsafe)', ['C级', 'C级危房', '局部危险']),
    value('D', 'D级（整体危险）', 'D (unsafe)', ['D级', 'D级危房', '整体危险', '整栋危险']),
  ],
};

/** Households (农户): the large columnar layer, small circles coloured by heating. */
export const households: LayerDefinition = {
  id: 'households',
  file: 'households',
  csv: true,
  title: { zh: '农户', en: 'Households' },
  rowUnit: { zh: '户', en: 'households' },
  geometry: 'Point',
  idField: 'id',
  storage: 'columns',
  fields: [
    idField({ zh: '户编号', en: 'Household ID' }),
    {
      name: 'persons',
      type: 'number',
      label: { zh: '人口', en: 'Persons' },
      unit: { zh: '人', en: 'persons' },
      // A rural household (户) of more than 50 people is a typing error (or a whole village in one row).
      range: { min: 0, max: 50 },
      popup: true,
    },
    villageField(),
    townshipField(),
    heatingField,
    {
      name: 'children_3_5',
      type: 'number',
      label: { zh: '3–5岁儿童', en: 'Children aged 3–5' },
      unit: { zh: '人', en: 'children' },
      // More than 10 children aged 3–5 in one household is not plausible.
      range: { min: 0, max: 10 },
      popup: true,
    },
    lowIncomeField,
    houseGradeField,
    {
      name: 'floor_area_m2',
      type: 'number',
      label: { zh: '改造面积', en: 'Floor area' },
      unit: { zh: 'm²', en: 'm²' },
      // A rural house renovated for heating is far below 2 000 m² (a value in 亩 or cm² gives more).
      range: { min: 0, max: 2000 },
      popup: true,
    },
    {
      name: 'coal_tonnes',
      type: 'number',
      label: { zh: '订煤量', en: 'Clean coal ordered' },
      unit: { zh: '吨', en: 't' },
      // A household burns 2–5 t of clean coal a winter; over 50 t is a typing error (kg for t).
      range: { min: 0, max: 50 },
      popup: true,
    },
    { name: 'co_alarm', type: 'boolean', label: { zh: '一氧化碳报警器', en: 'CO alarm' }, popup: true },
    // Issue #13: stove subsidies are for new clean-coal users only (seed 000); gas households are inspected ≥ 2 a year (seed 001).
    { name: 'new_user', type: 'boolean', label: { zh: '新增用户', en: 'New user' }, popup: true },
    { name: 'inspection_dates', type: 'string', label: { zh: '入户安检日期', en: 'Inspection dates' }, popup: true },
  ],
  style: [
    {
      type: 'circle',
      paint: {
        'circle-color': matchColor(heatingField),
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 1, 12, 2, 16, 4],
        'circle-opacity': 0.85,
      },
    },
  ],
  legend: [...enumLegend(heatingField, 'circle'), missingLegend('circle')],
  search: [{ field: 'village', group: true }],
  order: 50,
  defaultVisible: true,
};
