import type { Project, ValidationReport } from '../../layers/types';

/**
 * The edited part of the app state that undo/redo restores: the project and its report. A
 * snapshot holds references, not copies: an edit replaces only the layers it touches, so the
 * snapshots before and after share every other layer (200k-household columns are never copied).
 */
export interface ProjectSnapshot {
  project: Project;
  report: ValidationReport;
}

/** Undo and redo stacks, newest last. */
export interface HistoryState {
  past: ProjectSnapshot[];
  future: ProjectSnapshot[];
}

/** Edits kept for undo; older ones are dropped. */
export const MAX_HISTORY = 30;

/** No history. */
export function emptyHistory(): HistoryState {
  return { past: [], future: [] };
}

/**
 * Records an edit: the state before it goes on the undo stack (at most {@link MAX_HISTORY}), and
 * the redo stack is cleared.
 * @param state - the history
 * @param p - `before`: the project and report as they were before the edit
 */
export function recordEdit(state: HistoryState, p: { before: ProjectSnapshot }): HistoryState {
  const past = [...state.past, p.before];
  if (past.length > MAX_HISTORY) past.splice(0, past.length - MAX_HISTORY);
  return { past, future: [] };
}

/**
 * Steps back: returns the snapshot to restore and the history with `current` on the redo stack,
 * or null when there is nothing to undo.
 * @param state - the history
 * @param p - `current`: the project and report shown now
 */
export function undoEdit(state: HistoryState, p: { current: ProjectSnapshot }): { history: HistoryState; restore: ProjectSnapshot } | null {
  if (state.past.length === 0) return null;
  const restore = state.past[state.past.length - 1];
  return { history: { past: state.past.slice(0, -1), future: [...state.future, p.current] }, restore };
}

/**
 * Steps forward again after an undo, or null when there is nothing to redo.
 * @param state - the history
 * @param p - `current`: the project and report shown now
 */
export function redoEdit(state: HistoryState, p: { current: ProjectSnapshot }): { history: HistoryState; restore: ProjectSnapshot } | null {
  if (state.future.length === 0) return null;
  const restore = state.future[state.future.length - 1];
  return { history: { past: [...state.past, p.current], future: state.future.slice(0, -1) }, restore };
}

/**
 * How many undo steps separate the open project from `from` (an earlier state of it): the edits
 * made since, or the undos made since (each undid an edit `from` held). 0 when the open project is
 * `from`; when the history no longer holds `from` (more than {@link MAX_HISTORY} steps, or
 * cleared), every step it holds (at least 1). For 在此页接管's question: the changes made in this
 * tab since it became read-only, which were never saved (the edits before, made as the owner, were).
 */
export function stepsSince(state: HistoryState, p: { current: Project | null; from: Project | null }): number {
  if (p.current === p.from) return 0;
  for (let i = state.past.length - 1; i >= 0; i--) if (state.past[i].project === p.from) return state.past.length - i;
  for (let i = state.future.length - 1; i >= 0; i--) if (state.future[i].project === p.from) return state.future.length - i;
  return Math.max(1, state.past.length);
}
