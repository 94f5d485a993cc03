import type { Column, LayerData, Project } from '../layers/types.ts';
import { featureTownships, householdTownshipsOf, townshipName } from './household-townships.ts';
import { householdChildren } from './kindergarten-access.ts';
import { fromProject } from './params.ts';
import { resolveKindergartenOptions } from './radii-params.ts';

/**
 * The county figures of the indicator cards that facility edits of a scenario can change, read
 * from a project as a scenario makes it (`applyScenario`): the kindergarten enrolment indicators
 * (sql/indicators/kindergarten-enrolment.sql, county row) and the towns with 双代 households but no
 * maintenance point (sql/indicators/dual-conversion.sql). The same definitions as the SQL, in
 * plain TypeScript so a scenario needs no database: sums skip missing values; a share with a zero
 * denominator is null; a kindergarten counts as inclusive when public (普惠性幼儿园 = 公办园 +
 * 普惠性民办园, whatever its `inclusive` says) or when its `inclusive` is true; a household's or a
 * service point's township is its `township` where filled, else the township polygon it lies in
 * (householdTownshipsOf / featureTownships, the SQL's `coalesce(township, township_in)`), else
 * 未填乡镇. null where the layer is absent.
 */
export interface ScenarioIndicators {
  kindergartens: number | null;
  capacity: number | null;
  enrolled: number | null;
  /** Children aged 3–5: `children_3_5`, else persons × child-share (the one rule, {@link householdChildren}). */
  children: number | null;
  /** Households whose children were estimated (persons × child-share). */
  childrenEstimatedHouseholds: number | null;
  /** The child-share used for them (children aged 3–5 per person). */
  childShare: number;
  /** Households with neither children_3_5 nor persons: counted as 0, so the enrolment is not to be trusted. */
  childrenMissingHouseholds: number | null;
  grossEnrolment: number | null;
  inclusiveShare: number | null;
  publicShare: number | null;
  townsWithoutMaintenance: number | null;
}

const NO_TOWNSHIP = '未填乡镇';

function num(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim());
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

function bool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : null;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['true', 't', '1', 'yes', 'y', 'on'].includes(s)) return true;
    if (['false', 'f', '0', 'no', 'n', 'off'].includes(s)) return false;
  }
  return null;
}

function ratio(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

/** A column's value at row i as text (null when missing). */
function cell(col: Column | undefined, i: number): string | number | boolean | null {
  if (!col) return null;
  switch (col.type) {
    case 'number':
      return Number.isNaN(col.values[i]) ? null : col.values[i];
    case 'boolean':
      return col.values[i] === 255 ? null : col.values[i] === 1;
    case 'category':
      return col.codes[i] < 0 ? null : col.dict[col.codes[i]];
    case 'string':
      return col.values[i];
  }
}

function features(l: LayerData | undefined) {
  return l && l.kind === 'geojson' ? l.data.features : null;
}

/**
 * The scenario-dependent indicator figures of a project (one scenario applied).
 * @param project - the project as the scenario makes it (`applyScenario(project, scenario)`)
 * @returns the county figures; null where the layer or a denominator is missing
 * @example scenarioIndicators(applyScenario(project, findScenario(project, '方案A')!)).grossEnrolment
 */
export function scenarioIndicators(project: Pick<Project, 'layers'> & { params?: Project['params'] }): ScenarioIndicators {
  const hh = project.layers.households;
  const households = hh && hh.kind === 'columns' ? hh : null;
  let children = 0;
  let estimatedHouseholds = 0;
  let missingHouseholds = 0;
  const { childShare } = resolveKindergartenOptions(fromProject(project.params));
  const dualTowns = new Set<string>();
  const tl = project.layers.townships;
  const townships = tl && tl.kind === 'geojson' ? tl.data : null;
  if (households) {
    const kids = householdChildren(households, childShare);
    estimatedHouseholds = kids.estimated;
    missingHouseholds = kids.missing;
    const town = householdTownshipsOf(households, townships);
    const heating = households.columns.heating;
    for (let i = 0; i < households.count; i++) {
      children += kids.children[i];
      const h = cell(heating, i);
      if (h === 'gas' || h === 'electric') dualTowns.add(townshipName(town, i) || NO_TOWNSHIP);
    }
  }
  const kg = features(project.layers.kindergartens);
  let capacity = 0;
  let enrolled = 0;
  let inclusive = 0;
  let pub = 0;
  for (const f of kg ?? []) {
    const p = f.properties ?? {};
    capacity += num(p.capacity) ?? 0;
    const e = num(p.enrolled);
    if (e === null) continue;
    enrolled += e;
    if (p.ownership === 'public' || bool(p.inclusive) === true) inclusive += e;
    if (p.ownership === 'public') pub += e;
  }
  const sp = features(project.layers.servicePoints);
  let townsWithoutMaintenance: number | null = null;
  if (sp && households) {
    const maintenance = sp.filter((f) => f.properties?.kind === 'maintenance');
    const served = new Set(featureTownships(maintenance, townships).map((t) => t || NO_TOWNSHIP));
    townsWithoutMaintenance = [...dualTowns].filter((t) => !served.has(t)).length;
  }
  return {
    kindergartens: kg ? kg.length : null,
    capacity: kg ? capacity : null,
    enrolled: kg ? enrolled : null,
    children: households ? children : null,
    childrenEstimatedHouseholds: households ? estimatedHouseholds : null,
    childShare,
    childrenMissingHouseholds: households ? missingHouseholds : null,
    grossEnrolment: kg && households ? ratio(enrolled, children) : null,
    inclusiveShare: kg ? ratio(inclusive, enrolled) : null,
    publicShare: kg ? ratio(pub, enrolled) : null,
    townsWithoutMaintenance,
  };
}
