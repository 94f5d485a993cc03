import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData, LayerData, Project } from '../../layers/types.ts';
import type { LaneProblemLoss } from '../fire-lane-losses.ts';
import type { ParamText } from '../params.ts';

/** Who a rule answers to: the fire brigade (消防救援), the planners (规划/住建/教育/发改), the resource bureau (自然资源). */
export type RuleGroup = 'fire' | 'planners' | 'resources';

/**
 * The clause a rule applies: a standard (GB …, 建标 …) or a seed plan, its article or section, and
 * whether the text was read from a secondary source (a mirror or a summary, not the standard itself).
 */
export interface RuleClause {
  /** "GB 51080-2015", "建标152-2017", "seed 002 曲阳县消防事业发展“十四五”规划" … */
  source: string;
  /** "§4.1.3", "第十四条", "专栏4" … */
  article: string;
  /** True when the clause was read from a secondary source (shared/STANDARDS.md "secondary"). */
  secondary: boolean;
  /** What the clause asks, in both languages. */
  text: ParamText;
}

/** One object that fails (or, for `na`, could not be checked): its id, name and why, zh + en. */
export interface RuleObject {
  id: string;
  name: string;
  why: ParamText;
  /** Where it is, when it is a place (for the map). */
  lon?: number;
  lat?: number;
}

export type RuleStatus = 'pass' | 'fail' | 'na';

/** A table a rule shows beside its verdict (places needed vs offered, the plan's table against the map …). */
export interface RuleTable {
  title: ParamText;
  /** Column headers in both languages. */
  header: ParamText[];
  rows: (string | number | null)[][];
}

/** What a rule's check returns. */
export interface RuleOutcome {
  status: RuleStatus;
  /** The failing objects (for `na`: what was missing), at most {@link MAX_RULE_OBJECTS}. */
  objects: RuleObject[];
  /** One line: what was checked and found. */
  summary: ParamText;
  /** All failing objects when more exist than are listed (default: `objects.length`). */
  objectCount?: number;
  /** A table the rule shows beside its verdict (the CLI writes it as a sheet, the panel under the rule). */
  table?: RuleTable;
}

/** A rule's result as the CLI, exports and app show it: `{id, clause, status, objects}` and more. */
export interface RuleResult extends RuleOutcome {
  id: string;
  title: ParamText;
  group: RuleGroup;
  clause: RuleClause;
  /** The parameters the rule used, with their values. */
  params: { key: string; value: unknown; unit?: string; confirm: boolean }[];
  /** Every failing object, also those beyond the listed {@link MAX_RULE_OBJECTS}. */
  objectCount: number;
  /** Failing objects beyond those listed. */
  truncated: boolean;
}

type FC = FeatureCollection<Geometry | null>;

/** Per-station facts of a fire-coverage run that the fire rules read (see analysis/rules/run-rules.ts). */
export interface FireFacts {
  thresholdMinutes: number;
  targetPct: number;
  statuses: string[];
  coveredBuiltUpPct: number | null;
  byBuiltUp: { name: string; areaKm2: number; coveredPct: number | null }[];
  stations: {
    id: string;
    name: string;
    level: string;
    districtAreaKm2: number;
    /** null: no standard sets a limit (township and volunteer teams, 乡镇 districts). */
    districtLimitKm2: number | null;
    offNetwork: boolean;
    /** District cells (inside the county) the station reaches later than the threshold, or not at all. */
    farCells: number;
    /** The farthest of them, farthest first (minutes null: beyond the search). */
    farPoints: { lon: number; lat: number; minutes: number | null }[];
    /** 'official' when fire_districts names the station (area, far cells, enclaves, barriers on it), else 'computed' (first-due area). */
    district: 'official' | 'computed';
    /** Location class of the official district (urban / edge / township), '' when computed. */
    location: string;
    /** Polygon parts of the official district. */
    parts: number;
    /** District cells cut off from the station (official: reached first by another station; computed: separated by another district). */
    enclaveCells: number;
    enclaveKm2: number;
    enclavePoints: { lon: number; lat: number }[];
    /** Barriers with a stretch inside the district. */
    barriers: { name: string; kind: string; insideMeters: number }[];
  }[];
  /** Official districts that name no station of the run (their station id is unknown or not of the chosen statuses). */
  unmatchedDistricts: string[];
  /** Whether official districts and barriers were given. */
  officialDistricts: number;
  barrierLines: number;
  /** Open fire-lane problems and what fixing each alone would add (null: no ledger). */
  laneLosses: LaneProblemLoss[] | null;
}

/** What the rules read: the project's layers (missing layer = undefined), fire facts when computed. */
export interface RulesInput {
  roads?: FC;
  builtUp?: FC;
  townships?: FC;
  fireStations?: FC;
  hydrants?: FC;
  kindergartens?: FC;
  servicePoints?: FC;
  reservePlots?: FC;
  households?: ColumnLayerData;
  /** Official station districts (fire_districts.geojson). */
  fireDistricts?: FC;
  /** Expressways, trunk railways, large rivers (barriers.geojson). */
  barriers?: FC;
  /** The fire-lane problem ledger (fire_lanes.geojson). */
  fireLanes?: FC;
  fire?: FireFacts | null;
  /** The project's region code (project.json `region`, e.g. 130634), when it states one. */
  region?: string;
}

/** What the rules read of a project's layers, as the CLI's `analyze rules` and the 规范检查 panel give it (fire facts not yet computed). */
export function rulesInputOf(layers: Project['layers'], region?: string): RulesInput {
  const fc = (l: LayerData | undefined): FC | undefined => (l && l.kind === 'geojson' ? (l.data as FC) : undefined);
  const hh = layers.households;
  return {
    roads: fc(layers.roads),
    builtUp: fc(layers.builtUp),
    townships: fc(layers.townships),
    fireStations: fc(layers.fireStations),
    hydrants: fc(layers.hydrants),
    kindergartens: fc(layers.kindergartens),
    servicePoints: fc(layers.servicePoints),
    reservePlots: fc(layers.reservePlots),
    fireDistricts: fc(layers.fireDistricts),
    barriers: fc(layers.barriers),
    fireLanes: fc(layers.fireLanes),
    households: hh && hh.kind === 'columns' ? hh : undefined,
    ...(region ? { region } : {}),
  };
}

/** One rule of the rulebook. */
export interface Rule {
  id: string;
  title: ParamText;
  group: RuleGroup;
  clause: RuleClause;
  /** Keys of the parameters it uses (analysis/rules/rules-params.ts, or FIRE_PARAMS for fire coverage). */
  params: readonly string[];
  /** The pure check. */
  check(input: RulesInput, params: Readonly<Record<string, unknown>>): RuleOutcome;
}

/** Failing objects listed per rule (the count is always complete). */
export const MAX_RULE_OBJECTS = 500;

/** A rule outcome from all failing objects: fail when any, else pass. */
export function outcome(objects: RuleObject[], summary: ParamText): RuleOutcome {
  return { status: objects.length > 0 ? 'fail' : 'pass', objects, summary };
}

/** Not applicable: the data the rule needs is absent (named in `summary`). */
export function notApplicable(summary: ParamText): RuleOutcome {
  return { status: 'na', objects: [], summary };
}

/** A property as text ('' when absent). */
export function text(v: unknown): string {
  return typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
}

/** A property as a finite number, else null. */
export function numberOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** A property as a boolean (true / 是 / yes / 1), null when absent or unreadable. */
export function boolOf(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const s = text(v).toLowerCase();
  if (['true', '是', 'yes', 'y', '1', '有'].includes(s)) return true;
  if (['false', '否', 'no', 'n', '0', '无'].includes(s)) return false;
  return null;
}

/**
 * A rule's numeric parameter from the resolved values (the runner passes every key of
 * ALL_RULE_PARAMS, defaults included).
 * @throws Error when the value is missing or not a number: a rule never falls back to a literal
 */
export function numParam(params: Readonly<Record<string, unknown>>, key: string): number {
  const n = numberOf(params[key]);
  if (n === null) throw new Error(`rule parameter ${key} is missing or not a number (got ${String(params[key])})`);
  return n;
}
