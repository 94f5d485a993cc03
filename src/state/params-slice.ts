import type { Project } from '../../layers/types';
import type { ParamDef } from '../../analysis/params';

/**
 * The project with some of its `params` set (the same keys as the CLI options and project.json
 * `params`): the one place every panel and every analysis reads a parameter from. A value of
 * `undefined` removes the key, so the parameter's default (its ParamDef) applies again. When no
 * value changes, the same project is returned (no undo step, no save).
 * @param project - the open project
 * @param patch - key → value (or undefined to go back to the default)
 * @example withParams(project, { 'hydrant-radius': 200 }).params['hydrant-radius'] // 200
 */
export function withParams(project: Project, patch: Readonly<Record<string, unknown>>): Project {
  const params: Record<string, unknown> = { ...(project.params ?? {}) };
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    if (key === '__proto__') continue;
    if (value === undefined) {
      if (Object.prototype.hasOwnProperty.call(params, key)) {
        delete params[key];
        changed = true;
      }
    } else if (params[key] !== value) {
      params[key] = value;
      changed = true;
    }
  }
  return changed ? { ...project, params } : project;
}

/**
 * A parameter's value as the project sets it, and whether it differs from its default
 * (`params` holds the project's values; a key not set there is the default).
 */
export function paramState(def: ParamDef, params: Readonly<Record<string, unknown>> | undefined): { value: unknown; differs: boolean } {
  const set = !!params && Object.prototype.hasOwnProperty.call(params, def.key) && params[def.key] !== undefined;
  const value = set ? params![def.key] : def.value;
  return { value, differs: set && String(value) !== String(def.value) };
}
