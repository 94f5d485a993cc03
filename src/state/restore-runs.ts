import type { Project } from '../../layers/types';
import { persistentKey, type ResultKeySpec } from './result-key';

/** localStorage key: per analysis, the content key of its last current result. */
export const RUNS_KEY = 'coverage-planner/last-runs/v1';

function read(): Record<string, string> {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(RUNS_KEY) ?? '{}') as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** Records that an analysis has a current result for (data content, scenario, params). */
export function rememberRun(id: string, project: Project, spec: ResultKeySpec): void {
  try {
    globalThis.localStorage?.setItem(RUNS_KEY, JSON.stringify({ ...read(), [id]: persistentKey(project, spec) }));
  } catch {
    // storage unavailable: results are not recomputed after a reload
  }
}

/**
 * Whether the analysis had a current result for exactly these inputs (after a reload: the saved
 * project, its scenario and params), so its panel recomputes it when opened.
 */
export function hadRun(id: string, project: Project, spec: ResultKeySpec): boolean {
  const k = read()[id];
  return k !== undefined && k === persistentKey(project, spec);
}
