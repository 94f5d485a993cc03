/** A text in both languages. */
export interface ParamText {
  zh: string;
  en: string;
}

/**
 * A default parameter of an analysis, with the source it comes from (shared/STANDARDS.md) and the
 * range it must lie in. `key` is the CLI option name and the key in project.json `params`.
 * The kind of value is the kind of the default: a number (within `min`…`max`, whole when
 * `integer`), a boolean, or a string (one of `values`; with `list`, a comma-separated list whose
 * items are each one of `values`, or each a number within `min`…`max` when `values` is absent).
 */
export interface ParamDef<T = number | string | boolean> {
  key: string;
  value: T;
  unit?: string;
  label: ParamText;
  /** Where the default comes from; `confirm: true` when no standard was found and the user should confirm it. */
  source: ParamText;
  confirm?: boolean;
  min?: number;
  max?: number;
  /** A number that must be whole (a count). */
  integer?: boolean;
  /** The allowed values of a string parameter (or of each item of a list). */
  values?: readonly string[];
  /** A string parameter holding a comma-separated list ("existing,planned", "3,5,8,10"). */
  list?: boolean;
  /**
   * A number that must be less than the value of another parameter of the same list (its key),
   * with why: a turnout as long as the response threshold leaves no time to drive, and every
   * figure would be 0 % without a word. Checked by {@link checkParams} once every layer is read.
   */
  below?: { key: string; why: ParamText };
}

/** Where a parameter value came from, to name it in a message. */
export type ParamOrigin =
  | { kind: 'project' }
  | { kind: 'cli' }
  | { kind: 'panel' }
  | { kind: 'task'; task: string }
  | { kind: 'options' }
  | { kind: 'scenario'; scenario: string };

/** One refused parameter value: which key, from where, and the message (zh + en) naming both and the allowed range. */
export interface ParamProblem {
  key: string;
  origin: ParamOrigin;
  value: unknown;
  message: ParamText;
}

/** Thrown when parameter values are refused; `message` is every problem, zh then en. */
export class ParamError extends Error {
  constructor(readonly problems: readonly ParamProblem[]) {
    super(problems.map((p) => `${p.message.zh}\n${p.message.en}`).join('\n'));
    this.name = 'ParamError';
  }
}

const LAYER = Symbol('param-layer');

/** Parameter values with the place they came from (see {@link fromProject}, {@link fromCli}, {@link fromPanel}). */
export interface ParamLayer {
  readonly [LAYER]: true;
  readonly origin: ParamOrigin;
  readonly values: Readonly<Record<string, unknown>> | undefined;
}

function layer(origin: ParamOrigin, values: Readonly<Record<string, unknown>> | undefined): ParamLayer {
  return { [LAYER]: true, origin, values };
}

/** Values from project.json `params`. */
export const fromProject = (values: Readonly<Record<string, unknown>> | undefined): ParamLayer => layer({ kind: 'project' }, values);
/** Values from command-line options (`--key value`). */
export const fromCli = (values: Readonly<Record<string, unknown>> | undefined): ParamLayer => layer({ kind: 'cli' }, values);
/** Values from the `params` of a scenario stored in project.json `scenarios` (named in messages). */
export const fromScenario = (scenario: string, values: Readonly<Record<string, unknown>> | undefined): ParamLayer => layer({ kind: 'scenario', scenario }, values);
/** Values from the fields of an app panel. */
export const fromPanel = (values: Readonly<Record<string, unknown>> | undefined): ParamLayer => layer({ kind: 'panel' }, values);

function isLayer(o: unknown): o is ParamLayer {
  return typeof o === 'object' && o !== null && (o as Partial<ParamLayer>)[LAYER] === true;
}

/** The place a value came from, as a phrase: "project.json params.turnout", "--turnout", the field label. */
export function originText(def: Pick<ParamDef, 'key' | 'label'>, origin: ParamOrigin): ParamText {
  switch (origin.kind) {
    case 'project':
      return { zh: `project.json 的 params.${def.key}（${def.label.zh}）`, en: `project.json params.${def.key} (${def.label.en})` };
    case 'cli':
      return { zh: `命令行选项 --${def.key}（${def.label.zh}）`, en: `command-line option --${def.key} (${def.label.en})` };
    case 'panel':
      return { zh: `输入框「${def.label.zh}」`, en: `field "${def.label.en}"` };
    case 'scenario':
      return {
        zh: `project.json 中方案“${origin.scenario}”的 params.${def.key}（${def.label.zh}）`,
        en: `project.json params.${def.key} (${def.label.en}) of scenario "${origin.scenario}"`,
      };
    case 'task':
      return { zh: `分析任务 ${origin.task} 的参数 ${def.key}（${def.label.zh}）`, en: `parameter ${def.key} (${def.label.en}) of analysis task ${origin.task}` };
    default:
      return { zh: `参数 ${def.key}（${def.label.zh}）`, en: `parameter ${def.key} (${def.label.en})` };
  }
}

function numText(n: number): string {
  return String(n);
}

/** The allowed values of a parameter, as a phrase: "0–30 min", "≥ 0 亩", "whole number 1–50", "mclp, lscp". */
export function rangeText(def: ParamDef): ParamText {
  if (typeof def.value === 'boolean') return { zh: 'true 或 false', en: 'true or false' };
  if (typeof def.value === 'string' && def.values) {
    const v = def.values.join(', ');
    return def.list ? { zh: `由 ${v} 中的一个或多个组成、以逗号分隔的列表`, en: `a comma-separated list of one or more of ${v}` } : { zh: v, en: v };
  }
  const unit = def.unit ? ` ${def.unit}` : '';
  let span: string;
  if (def.min !== undefined && def.max !== undefined) span = `${numText(def.min)}–${numText(def.max)}${unit}`;
  else if (def.min !== undefined) span = `≥ ${numText(def.min)}${unit}`;
  else if (def.max !== undefined) span = `≤ ${numText(def.max)}${unit}`;
  else span = '';
  if (typeof def.value === 'string' && def.list) {
    return { zh: `以逗号分隔的数字列表，每个数字 ${span || '为有限数'}`, en: `a comma-separated list of numbers, each ${span || 'finite'}` };
  }
  if (def.integer) return { zh: `${span} 的整数`.trim(), en: `a whole number ${span}`.trim() };
  return span ? { zh: span, en: span } : { zh: '有限数', en: 'a finite number' };
}

const NUMBER_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function shown(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  if (typeof v === 'object') return 'object';
  return String(v);
}

function shownZh(v: unknown): string {
  if (Array.isArray(v)) return '数组';
  if (v !== null && typeof v === 'object') return '对象';
  return shown(v);
}

type Checked = { ok: true; value: number | string | boolean } | { ok: false; message: ParamText };

function numberOf(v: unknown): number | null {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && NUMBER_TEXT.test(v.trim())) return Number(v.trim());
  return null;
}

function inRange(def: ParamDef, n: number): boolean {
  return (def.min === undefined || n >= def.min) && (def.max === undefined || n <= def.max);
}

function checkValue(def: ParamDef, v: unknown, where: ParamText): Checked {
  const range = rangeText(def);
  const wrongType = (zhKind: string, enKind: string): Checked => ({
    ok: false,
    message: {
      zh: `${where.zh}应为${zhKind}，实际为 ${shownZh(v)}；允许：${range.zh}`,
      en: `${where.en} must be ${enKind}, got ${shown(v)}; allowed: ${range.en}`,
    },
  });
  if (typeof def.value === 'boolean') {
    if (typeof v === 'boolean') return { ok: true, value: v };
    if (v === 'true' || v === 'false') return { ok: true, value: v === 'true' };
    return wrongType('布尔值', 'true or false');
  }
  if (typeof def.value === 'number') {
    const n = numberOf(v);
    if (n === null) return wrongType('数字', 'a number');
    if (!Number.isFinite(n)) return wrongType('有限数字', 'a finite number');
    if (def.integer && !Number.isInteger(n)) {
      return { ok: false, message: { zh: `${where.zh}应为整数，实际为 ${n}；允许：${range.zh}`, en: `${where.en} must be a whole number, got ${n}; allowed: ${range.en}` } };
    }
    if (!inRange(def, n)) {
      return { ok: false, message: { zh: `${where.zh}为 ${n}，超出允许范围：${range.zh}`, en: `${where.en} is ${n}, outside the allowed range: ${range.en}` } };
    }
    return { ok: true, value: n };
  }
  // string parameters: a plain string, or for lists also an array of strings / numbers
  let text: string;
  if (typeof v === 'string') text = v;
  else if (def.list && Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number')) text = v.join(',');
  else if (!def.list && def.values === undefined && typeof v === 'number' && Number.isFinite(v)) text = String(v);
  else return wrongType('文本', 'text');
  if (!def.list) {
    if (def.values && !def.values.includes(text.trim())) {
      return { ok: false, message: { zh: `${where.zh}为 ${JSON.stringify(text)}，允许值：${range.zh}`, en: `${where.en} is ${JSON.stringify(text)}; allowed values: ${range.en}` } };
    }
    return { ok: true, value: text.trim() };
  }
  const items = text
    .split(/[,，\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  if (items.length === 0) {
    return { ok: false, message: { zh: `${where.zh}为空；允许：${range.zh}`, en: `${where.en} is empty; allowed: ${range.en}` } };
  }
  for (const item of items) {
    const ok = def.values ? def.values.includes(item) : numberOf(item) !== null && Number.isFinite(numberOf(item)!) && inRange(def, numberOf(item)!);
    if (!ok) {
      return { ok: false, message: { zh: `${where.zh}中的 ${JSON.stringify(item)} 不允许；允许：${range.zh}`, en: `${where.en}: ${JSON.stringify(item)} is not allowed; allowed: ${range.en}` } };
    }
  }
  // each item once: `--breaks 5,5,5` drew three identical 5-minute isochrones (map, GeoJSON, workbook)
  const once = items.filter((x, i) => items.findIndex((y) => (def.values ? y === x : Number(y) === Number(x))) === i);
  return { ok: true, value: once.join(',') };
}

/**
 * Check one value against its parameter's declared kind and range.
 * @returns the value in its proper kind (numeric text becomes a number, "true" a boolean, lists
 * are normalised to "a,b"), or a problem naming the origin and the allowed range in zh and en
 * @example checkParam(turnoutDef, -1, { kind: 'cli' }) // → { ok: false, problem: { message: { en: 'command-line option --turnout … is -1, outside the allowed range: 0–30 min' … } } }
 */
export function checkParam(def: ParamDef, value: unknown, origin: ParamOrigin): { ok: true; value: number | string | boolean } | { ok: false; problem: ParamProblem } {
  const where = originText(def, origin);
  const r = checkValue(def, value, where);
  return r.ok ? r : { ok: false, problem: { key: def.key, origin, value, message: r.message } };
}

/**
 * Check parameter values layer by layer, later layers over earlier ones over the defaults.
 * Never throws: refused values are listed in `problems` (and the earlier value is kept).
 * Keys not in `defs`, `__proto__` and `undefined` values are ignored. A plain object is taken as
 * values of unknown origin; wrap values with {@link fromProject} / {@link fromCli} /
 * {@link fromPanel} so that messages name where they came from.
 */
export function checkParams<T extends Record<string, unknown>>(
  defs: readonly ParamDef[],
  ...overrides: (Record<string, unknown> | ParamLayer | undefined)[]
): { values: T; problems: ParamProblem[] } {
  const out: Record<string, unknown> = Object.create(null);
  const problems: ParamProblem[] = [];
  // which layer set each value (its index and origin), to name it when two values disagree
  const setBy = new Map<string, { at: number; origin: ParamOrigin }>();
  for (const d of defs) out[d.key] = d.value;
  overrides.forEach((o, at) => {
    const { origin, values } = isLayer(o) ? o : { origin: { kind: 'options' } as ParamOrigin, values: o };
    if (!values) return;
    for (const d of defs) {
      if (!Object.prototype.hasOwnProperty.call(values, d.key) || values[d.key] === undefined) continue;
      const r = checkParam(d, values[d.key], origin);
      if (r.ok) {
        out[d.key] = r.value;
        setBy.set(d.key, { at, origin });
      } else problems.push(r.problem);
    }
  });
  problems.push(...relationProblems(defs, out, (key) => setBy.get(key)));
  return { values: { ...out } as T, problems };
}

/**
 * The values that break a {@link ParamDef.below} relation: each names both parameters, where each
 * value came from, and why (zh + en). The problem is the later-set value's (the one just typed or
 * given on the command line), or the constrained one's when both came from the same place.
 */
function relationProblems(defs: readonly ParamDef[], values: Readonly<Record<string, unknown>>, setBy: (key: string) => { at: number; origin: ParamOrigin } | undefined): ParamProblem[] {
  const problems: ParamProblem[] = [];
  for (const d of defs) {
    if (!d.below) continue;
    const other = defs.find((x) => x.key === d.below!.key);
    const v = values[d.key];
    const w = other ? values[other.key] : undefined;
    if (!other || typeof v !== 'number' || typeof w !== 'number' || v < w) continue;
    const mine = setBy(d.key);
    const theirs = setBy(other.key);
    const blame = theirs && (!mine || theirs.at > mine.at) ? { def: other, origin: theirs.origin } : { def: d, origin: mine?.origin ?? ({ kind: 'options' } as ParamOrigin) };
    const at = (def: ParamDef, x: { origin: ParamOrigin } | undefined): ParamText => (x ? originText(def, x.origin) : { zh: `默认的 ${def.key}（${def.label.zh}）`, en: `the default ${def.key} (${def.label.en})` });
    const a = at(d, mine);
    const b = at(other, theirs);
    const u = (def: ParamDef) => (def.unit ? ` ${def.unit}` : '');
    problems.push({
      key: blame.def.key,
      origin: blame.origin,
      value: values[blame.def.key],
      message: {
        zh: `${a.zh}为 ${v}${u(d)}，应小于${b.zh}（${w}${u(other)}）：${d.below.why.zh}`,
        en: `${a.en} is ${v}${u(d)}; it must be less than ${b.en} (${w}${u(other)}): ${d.below.why.en}`,
      },
    });
  }
  return problems;
}

/**
 * Resolve option values: explicit options over project params over defaults, each checked against
 * its declared range ({@link checkParams}).
 * @throws ParamError listing every refused value (origin, key, allowed range; zh + en)
 */
export function resolveParams<T extends Record<string, unknown>>(
  defs: readonly ParamDef[],
  ...overrides: (Record<string, unknown> | ParamLayer | undefined)[]
): T {
  const { values, problems } = checkParams<T>(defs, ...overrides);
  if (problems.length > 0) throw new ParamError(problems);
  return values;
}

/**
 * Check the options of an analysis (already resolved, keyed by option field) against the declared
 * ranges of the parameters they came from: the worker's second line of defence.
 * @param fields - option field → parameter key (`{ radiusMeters: 'hydrant-radius' }`)
 * @throws ParamError when a value is refused
 */
export function assertOptions(task: string, defs: readonly ParamDef[], fields: Readonly<Record<string, string>>, options: Readonly<Record<string, unknown>>): void {
  const problems: ParamProblem[] = [];
  for (const [field, key] of Object.entries(fields)) {
    const def = defs.find((d) => d.key === key);
    const v = options[field];
    if (!def || v === undefined) continue;
    const r = checkParam(def, Array.isArray(v) && def.list ? v.join(',') : v, { kind: 'task', task });
    if (!r.ok) problems.push(r.problem);
  }
  // the relations between the checked values (a turnout below the threshold)
  const byKey: Record<string, unknown> = {};
  for (const [field, key] of Object.entries(fields)) if (options[field] !== undefined) byKey[key] = options[field];
  const known = defs.filter((d) => d.key in byKey);
  if (problems.length === 0) problems.push(...relationProblems(known, byKey, (key) => (key in byKey ? { at: 0, origin: { kind: 'task', task } } : undefined)));
  if (problems.length > 0) throw new ParamError(problems);
}

/** The keys that no parameter list knows (CLI options; `extra` lists options that are not parameters). */
export function unknownKeys(keys: readonly string[], defs: readonly ParamDef[], extra: readonly string[] = []): string[] {
  const known = new Set([...defs.map((d) => d.key), ...extra]);
  return keys.filter((k) => !known.has(k));
}
