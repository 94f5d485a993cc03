import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useT } from '../i18n';
import { importFiles } from './import-files';

/**
 * 新建项目: asks for the county's name and opens a project with no layers (a `project.json` with
 * that name, imported like any other: undoable, saved in IndexedDB). The county's own files are
 * then imported one by one with 打开文件. Esc or 取消 closes it and nothing changes.
 */
export function NewProjectDialog({ onClose }: { onClose: () => void }) {
  const t = useT().import;
  const [name, setName] = useState(t.newProjectDefault);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.select();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  const trimmed = name.trim();
  const create = () => {
    if (!trimmed) return;
    onClose();
    void importFiles([new File([JSON.stringify({ name: trimmed, params: {} })], 'project.json', { type: 'application/json' })]);
  };
  // on <body>: opened from the header, whose button styles must not reach the dialog's
  return createPortal(
    <div className="import-backdrop">
      <form
        className="import-dialog confirm-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="new-project-title"
        data-testid="new-project-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          create();
        }}
      >
        <h2 id="new-project-title">{t.newProjectTitle}</h2>
        <p>{t.newProjectIntro}</p>
        <label>
          {t.newProjectName}{' '}
          <input ref={input} data-testid="new-project-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <div className="import-buttons">
          <button type="button" onClick={onClose} data-testid="new-project-cancel">
            {t.cancel}
          </button>
          <button type="submit" className="primary" disabled={!trimmed} data-testid="new-project-ok">
            {t.newProjectOk}
          </button>
        </div>
      </form>
    </div>,
    document.body,
  );
}
