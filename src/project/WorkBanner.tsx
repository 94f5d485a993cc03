import { useState } from 'react';
import { useT } from '../i18n';
import { useWorkLock } from '../state/work-lock';
import { discardSavedWork, exportSavedWork, readOnlySince, useWorkStore } from '../state/work-store';
import { stepsSince } from '../state/history-slice';
import { useAppStore } from '../state/store';
import { downloadText } from '../panels/radii/ui';
import { askConfirm } from './confirm';
import { takeOver } from './start-project';
import { useHistoryStore } from '../state/history-store';

function exportName(): string {
  return `coverage-planner-saved-work-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`;
}

/** Two sentences in a row: no space after a Chinese full stop, one after an English one. */
function sentences(a: string, b: string): string {
  return /[。！？]$/.test(a) ? a + b : `${a} ${b}`;
}

/**
 * The banner under the header when this tab does not save the work: another tab owns it (read-only,
 * 在此页接管), the saved work could not be restored (kept untouched; export it, or discard it), or
 * the last save failed (storage full …; retried every 10 s); or, once, that this tab took the work
 * over by itself when the tab that owned it closed (with how many changes made here were replaced).
 */
export function WorkBanner() {
  const t = useT().import;
  const role = useWorkLock((s) => s.role);
  const takingOver = useWorkLock((s) => s.takingOver);
  const inherited = useWorkLock((s) => s.inherited);
  const ownerSilent = useWorkLock((s) => s.ownerSilent);
  const restoreError = useWorkStore((s) => s.restoreError);
  const saveError = useWorkStore((s) => s.error);
  const journalled = useWorkStore((s) => s.journalled);
  const [exportError, setExportError] = useState<string | null>(null);
  const readonly = role === 'other-tab' || role === 'taken-over';
  if (!readonly && !restoreError && !saveError && !inherited) return null;
  const doExport = async () => {
    setExportError(null);
    try {
      downloadText(exportName(), await exportSavedWork(), 'application/json');
    } catch (err) {
      setExportError(err instanceof Error ? err.message : String(err));
    }
  };
  // the work saved by the other tab replaces this tab's project: changes made here (read-only) are
  // asked about first — only those (a tab that was the owner before it was taken over has saved
  // edits in its undo history too; they were counted until session 18)
  const doTakeOver = async () => {
    const from = readOnlySince();
    const history = useHistoryStore.getState();
    const edits = from ? stepsSince(history, { current: useAppStore.getState().project.project, from }) : history.past.length;
    if (edits > 0) {
      // an edit here asked whether the owner tab is there (without Web Locks): said when it did not answer
      const silent = useWorkLock.getState().ownerSilent;
      const ok = await askConfirm((m) => ({ title: m.takeOverTitle, message: silent ? sentences(m.ownerSilent, m.takeOverMessage(edits)) : m.takeOverMessage(edits), ok: m.takeOverOk }), { danger: true });
      if (!ok) return;
    }
    await takeOver();
  };
  const doDiscard = async () => {
    const ok = await askConfirm((m) => ({ title: m.discardTitle, message: m.discardMessage, ok: m.discardOk }), { danger: true });
    if (ok) await discardSavedWork().catch((err: unknown) => setExportError(err instanceof Error ? err.message : String(err)));
  };
  return (
    <div className="work-banner" role="alert" data-testid="work-banner">
      {saveError ? (
        // under the header, the whole width: in the header it ran under the buttons, unreadable (session 16)
        <p className="work-save-failed" data-testid="work-save-error">
          {journalled ? t.saveFailedJournalled(saveError) : t.saveFailed(saveError)}
        </p>
      ) : null}
      {inherited && !readonly ? (
        // this tab took the work over by itself when the owner tab closed: said once, until dismissed
        <p className="work-inherited" data-testid="work-inherited" data-replaced-edits={String(inherited.replacedEdits)}>
          {t.inherited(inherited.replacedEdits)}{' '}
          <button type="button" onClick={() => useWorkLock.setState({ inherited: null })} data-testid="work-inherited-dismiss">
            {t.inheritedDismiss}
          </button>
        </p>
      ) : null}
      {readonly ? (
        <p data-testid="work-readonly" data-role={role} data-owner-silent={String(ownerSilent)}>
          {ownerSilent ? sentences(role === 'taken-over' ? t.takenOver : t.otherTab, t.ownerSilent) : role === 'taken-over' ? t.takenOver : t.otherTab}{' '}
          <button type="button" disabled={takingOver} onClick={() => void doTakeOver()} data-testid="work-take-over">
            {takingOver ? t.takingOver : t.takeOver}
          </button>
        </p>
      ) : null}
      {restoreError ? (
        <p data-testid="work-restore-error">
          {t.restoreFailed(restoreError.code ? t.restoreReasons[restoreError.code](restoreError.subject) : restoreError.message)}{' '}
          <button type="button" onClick={() => void doExport()} data-testid="work-export-saved">
            {t.exportSaved}
          </button>{' '}
          {!readonly ? (
            <button type="button" onClick={() => void doDiscard()} data-testid="work-discard-saved">
              {t.discardSaved}
            </button>
          ) : null}
        </p>
      ) : null}
      {exportError ? <p data-testid="work-export-error">{t.exportFailed(exportError)}</p> : null}
    </div>
  );
}
