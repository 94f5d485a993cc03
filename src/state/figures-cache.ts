import type { ScenarioFigures } from '../../analysis/scenario-figures';

/** localStorage key of the cached scenario figures (small JSON; the newest {@link MAX_ENTRIES}). */
export const FIGURES_KEY = 'coverage-planner/scenario-figures/v1';
export const MAX_ENTRIES = 24;

type Entries = [string, ScenarioFigures][];

let memory: Map<string, ScenarioFigures> | null = null;

function load(): Map<string, ScenarioFigures> {
  if (memory) return memory;
  memory = new Map();
  try {
    const raw = globalThis.localStorage?.getItem(FIGURES_KEY);
    const parsed = raw ? (JSON.parse(raw) as unknown) : null;
    if (Array.isArray(parsed)) for (const e of parsed as Entries) if (Array.isArray(e) && typeof e[0] === 'string' && e[1] && typeof e[1] === 'object') memory.set(e[0], e[1]);
  } catch {
    // a damaged cache is only a cache: start empty
  }
  return memory;
}

/**
 * The figures cached under a key ({@link persistentKey} of the scenario: data content, scenario
 * content, effective params), or undefined. The cache survives a reload; a changed key never matches.
 */
export function cachedFigures(key: string): ScenarioFigures | undefined {
  return load().get(key);
}

/** Stores figures under their key (newest last; the oldest dropped beyond {@link MAX_ENTRIES}). */
export function cacheFigures(key: string, figures: ScenarioFigures): void {
  const m = load();
  m.delete(key);
  m.set(key, figures);
  while (m.size > MAX_ENTRIES) m.delete(m.keys().next().value as string);
  try {
    globalThis.localStorage?.setItem(FIGURES_KEY, JSON.stringify([...m.entries()]));
  } catch {
    // storage full or unavailable: the figures stay cached for this session
  }
}
