import { create } from 'zustand';
import { emptyHistory, recordEdit, redoEdit, undoEdit, type HistoryState, type ProjectSnapshot } from './history-slice';
import { useAppStore } from './store';

/** Undo/redo of the user's edits to the project (imports, merges, accepted proposals …). */
export const useHistoryStore = create<HistoryState>()(() => emptyHistory());

let applying = false;

function current(): ProjectSnapshot | null {
  const p = useAppStore.getState().project;
  return p.project && p.report ? { project: p.project, report: p.report } : null;
}

function restore(step: (h: HistoryState, p: { current: ProjectSnapshot }) => { history: HistoryState; restore: ProjectSnapshot } | null): boolean {
  const cur = current();
  if (!cur) return false;
  const r = step(useHistoryStore.getState(), { current: cur });
  if (!r) return false;
  applying = true;
  try {
    useAppStore.getState().setProject(r.restore);
  } finally {
    applying = false;
  }
  useHistoryStore.setState(r.history, true);
  return true;
}

/** Undoes the last edit of the project; false when there is none. */
export function undo(): boolean {
  return restore(undoEdit);
}

/** Redoes the last undone edit; false when there is none. */
export function redo(): boolean {
  return restore(redoEdit);
}

/** Forgets all history (e.g. when a saved project is restored at start). */
export function clearHistory(): void {
  useHistoryStore.setState(emptyHistory(), true);
}

// Every replacement of an open project by another is an edit the user may want to undo: an import
// or merge, accepted proposals, opening the demo. The first load (nothing open before) is not.
useAppStore.subscribe((s, prev) => {
  if (applying || s.project.project === prev.project.project) return;
  if (!prev.project.project || !prev.project.report || !s.project.project) return;
  useHistoryStore.setState(recordEdit(useHistoryStore.getState(), { before: { project: prev.project.project, report: prev.project.report } }), true);
});

function editableTarget(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  if (!el || !el.tagName) return false;
  return el.isContentEditable || el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
}

/**
 * Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y; ⌘ on macOS) undo and redo project edits, except while typing
 * in a text field (which keeps its own undo) or while a modal dialog is open. Returns a function that removes the listener.
 */
export function installHistoryKeys(target: Window = window): () => void {
  const onKey = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey || editableTarget(e.target)) return;
    // not behind an open modal dialog (e.g. the import check)
    if (target.document?.querySelector('[aria-modal="true"]')) return;
    const k = e.key.toLowerCase();
    let done = false;
    if (k === 'z' && !e.shiftKey) done = undo();
    else if ((k === 'z' && e.shiftKey) || k === 'y') done = redo();
    else return;
    if (done) e.preventDefault();
  };
  target.addEventListener('keydown', onKey);
  return () => target.removeEventListener('keydown', onKey);
}
