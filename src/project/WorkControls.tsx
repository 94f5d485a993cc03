import { useT } from '../i18n';
import { redo, undo, useHistoryStore } from '../state/history-store';

/** Header controls for the user's work: undo/redo buttons (a failed save, a failed restore and read-only tabs: WorkBanner). */
export function WorkControls() {
  const t = useT().import;
  const canUndo = useHistoryStore((s) => s.past.length > 0);
  const canRedo = useHistoryStore((s) => s.future.length > 0);
  return (
    <>
      <span className="history-buttons">
        <button type="button" data-testid="history-undo" title={t.undoTitle} disabled={!canUndo} onClick={() => undo()}>
          {t.undo}
        </button>{' '}
        <button type="button" data-testid="history-redo" title={t.redoTitle} disabled={!canRedo} onClick={() => redo()}>
          {t.redo}
        </button>
      </span>
    </>
  );
}
