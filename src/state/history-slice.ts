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
