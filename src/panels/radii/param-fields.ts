import { useState } from 'react';
import { checkParam, checkParams, fromPanel, fromProject, type ParamDef, type ParamProblem } from '../../../analysis/params';
import { effectiveProject, useAppStore } from '../../state/store';

/**
 * A panel's parameter fields bound to the project's `params` (the one place parameters live).
 * What the user types is a draft, checked as typed (a refused draft shows its error and blocks
 * the run); it is committed to the project by {@link commit} (on blur or Enter) through the one
 * undoable `setParams` updater, so each committed change is one undo step and is saved with the
 * work. Siting, plot review and the uncovered view read the same values from the project.
 */
export function useParamFields(defs: readonly ParamDef[]) {
  const params = useAppStore((s) => effectiveProject(s.project.project)?.params);
  const [drafts, setDrafts] = useState<Record<string, unknown>>({});
  const fromFile = checkParams<Record<string, unknown>>(defs, fromProject(params));
  const checked = checkParams<Record<string, unknown>>(defs, fromProject(params), fromPanel(drafts));
  const fieldProblems: ParamProblem[] = checked.problems.filter((p) => p.origin.kind === 'panel');

  /** The value a field shows: the draft, or the project's value (its default when unset). */
  const value = (key: string): unknown => (key in drafts ? drafts[key] : fromFile.values[key]);

  /** The user typed (not yet committed). */
  const draft = (key: string, v: unknown) => setDrafts((d) => ({ ...d, [key]: v }));

  /** Commits valid drafts (all, or the given keys) as one undo step; refused drafts stay. */
  function commit(keys: readonly string[] = Object.keys(drafts)): void {
    const patch: Record<string, unknown> = {};
    for (const k of keys) {
      const d = defs.find((x) => x.key === k);
      if (!d || !(k in drafts)) continue;
      const r = checkParam(d, drafts[k], { kind: 'panel' });
      if (r.ok) patch[k] = r.value;
    }
    // nor one that breaks a relation with the others (a turnout not below the threshold)
    for (const p of checkParams(defs, fromProject(params), fromPanel(patch)).problems) if (p.origin.kind === 'panel') delete patch[p.key];
    if (Object.keys(patch).length === 0) return;
    useAppStore.getState().setParams(patch);
    setDrafts((cur) => {
      const next = { ...cur };
      for (const k of Object.keys(patch)) delete next[k];
      return next;
    });
  }

  /** Sets a value now (a checkbox, a reset to the default: undefined), one undo step. */
  function set(key: string, v: unknown): void {
    setDrafts((cur) => {
      const next = { ...cur };
      delete next[key];
      return next;
    });
    useAppStore.getState().setParams({ [key]: v });
  }

  return {
    /** Values the analysis runs with: project params over defaults, then the valid drafts. */
    values: checked.values,
    value,
    draft,
    commit,
    set,
    /** Refused values in project.json params (listed above the run button). */
    fileProblems: fromFile.problems,
    /** Refused drafts (shown next to their fields). */
    fieldProblems,
  };
}
