import type { ParamDef } from '../params.ts';

const CONFIRM = (zh: string, en: string) => ({ zh: `${zh}（未找到标准，请确认）`, en: `${en} (no standard found — please confirm)` });

/**
 * Every default of the rulebook (analysis/rules/) beyond those of fire coverage (the lane width and the
 * class widths are in analysis/fire-params.ts: the same values exclude narrow lanes from engine routing),
 * each with its source (shared/STANDARDS.md, seeds).
 */
export const RULE_PARAMS: readonly ParamDef[] = [
  {
    key: 'crane-reach',
    value: 1000,
    unit: 'm',
    label: { zh: '消防水鹤服务距离（建成区到最近完好水鹤）', en: 'Water crane reach (built-up area to the nearest working crane)' },
    source: CONFIRM('全国无水鹤间距/服务半径规定，属地方规则（GB 50974-2014 §7.2 仅提到条件许可时设置水鹤，转引）；1,000 m 为占位值', 'No national spacing or reach for water cranes, a local rule (GB 50974-2014 §7.2 only mentions cranes where supply allows, secondary); 1,000 m is a placeholder'),
    confirm: true,
    // 50 m, as the other service radii (RADIUS_MIN_M): `--crane-reach 1` (1 km meant) ran as 1 m and 0 failed every built-up cell
    min: 50,
    max: 50000,
  },
  {
    key: 'crane-spacing',
    value: 2000,
    unit: 'm',
    label: { zh: '同一道路上相邻消防水鹤最大间距', en: 'Water cranes along one road: largest distance between neighbours' },
    source: CONFIRM('全国无水鹤间距规定（GB 50974-2014 §7.2 仅要求严寒地区增设水鹤，转引）；2,000 m（两倍服务距离 crane-reach）为占位值', 'No national crane spacing (GB 50974-2014 §7.2 only asks for cranes in severe-cold areas, secondary); 2,000 m (twice the crane reach) is a placeholder'),
    confirm: true,
    // `--crane-spacing 2` (2 km meant) ran as 2 m: every pair of cranes a violation
    min: 50,
    max: 100000,
  },
  {
    key: 'hydrant-intersection-distance',
    value: 60,
    unit: 'm',
    label: { zh: '路口附近消火栓的距离（距两条道路的交点）', en: 'Hydrant near an intersection: distance from the crossing point' },
    source: CONFIRM('GB 50974-2014 §7.2：市政消火栓“宜靠近十字路口”，无距离（转引）；60 m（间距 120 m 的一半）为占位值', 'GB 50974-2014 §7.2: hydrants “should be near crossroads”, no distance given (secondary); 60 m (half the 120 m spacing) is a placeholder'),
    confirm: true,
    min: 1,
    max: 1000,
  },
  {
    key: 'station-exit-distance',
    value: 50,
    unit: 'm',
    label: { zh: '消防站距医院、学校、幼儿园主要出入口最小距离', en: 'Station distance from main exits of hospitals, schools, kindergartens' },
    source: { zh: '建标152-2017 第十五条：≥ 50 m（转引）', en: 'JB 152-2017 Art. 15: ≥ 50 m (secondary)' },
    min: 0,
    max: 1000,
  },
  {
    key: 'station-hazard-distance',
    value: 300,
    unit: 'm',
    label: { zh: '消防站距危险化学品场所最小距离', en: 'Station distance from hazardous-chemical sites' },
    source: { zh: '建标152-2017 第十五条：≥ 300 m（转引）', en: 'JB 152-2017 Art. 15: ≥ 300 m (secondary)' },
    min: 0,
    max: 5000,
  },
  {
    key: 'gas-inspections-per-year',
    value: 2,
    unit: '次/年',
    label: { zh: '农村燃气用户每年入户安检次数（至少）', en: 'Rural gas households: safety inspections a year, at least' },
    source: { zh: 'seed 001 长安区 2023 年气代煤电代煤工作方案 三（一）：对农村居民燃气用户每年安检不得少于两次', en: 'seed 001 Chang’an 2023 双代 plan 三（一）: rural gas users inspected at least twice a year' },
    min: 1,
    max: 52,
    integer: true,
  },
  {
    key: 'kg-places-per-1000',
    value: 30,
    unit: '位/千人',
    label: { zh: '幼儿园千人指标（学位/千人）', en: 'Kindergarten places per 1,000 residents' },
    source: CONFIRM('河北无千人指标；福建 30、汕头 40（转引）', 'No Hebei figure; Fujian 30, Shantou 40 (secondary)'),
    confirm: true,
    // 0 places per 1,000 passed KG-02 in every county, whatever it has
    min: 1,
    max: 200,
  },
  {
    key: 'kg-class-max',
    value: 35,
    unit: '人/班',
    label: { zh: '幼儿园每班最多人数', en: 'Kindergarten children per class, at most' },
    source: { zh: 'JGJ 39-2016：小班 20–25、中班 26–30、大班 31–35 人', en: 'JGJ 39-2016: small 20–25, medium 26–30, large 31–35' },
    min: 1,
    max: 100,
    integer: true,
  },
];
