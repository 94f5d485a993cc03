import { useT } from '../i18n';
import { redo, undo, useHistoryStore } from '../state/history-store';
import { useWorkStore } from '../state/work-store';

/** Header controls for the user's work: undo/redo buttons and a message when saving fails (restore failures and read-only tabs: WorkBanner). */
export function WorkControls() {
  const t = useT().import;
  const canUndo = useHistoryStore((s) => s.past.length > 0);
  const canRedo = useHistoryStore((s) => s.future.length > 0);
  const error = useWorkStore((s) => s.error);
  return (
    <>
      {error ? (
        <span className="work-save-error" role="alert" data-testid="work-save-error">
          {t.saveFailed(error)}
        </span>
      ) : null}
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
