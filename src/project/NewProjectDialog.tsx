import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useT, useText } from '../i18n';
import { importFiles } from './import-files';
import { regionCode } from '../../layers/load/region-code';
import { useAppStore } from '../state/store';

/**
 * 新建项目 (`mode: 'new'`): asks for the county's name and, optionally, its 行政区划代码, and opens a
 * project with no layers (a `project.json` with that name and `region`, imported like any other:
 * undoable, saved in IndexedDB). The county's own files are then imported one by one with 打开文件.
 * 项目信息 (`mode: 'edit'`): the same two fields for the open project, changed as one undoable edit.
 * Esc or 取消 closes it and nothing changes. A region code that is not 6 digits is refused with a
 * message beside the field.
 */
export function NewProjectDialog({ onClose, mode = 'new' }: { onClose: () => void; mode?: 'new' | 'edit' }) {
  const t = useT().import;
  const tx = useText();
  const open = useAppStore((s) => s.project.project);
  const [name, setName] = useState(mode === 'edit' ? (open?.name ?? '') : t.newProjectDefault);
  const [region, setRegion] = useState(mode === 'edit' ? (open?.region ?? '') : '');
  const [tried, setTried] = useState(false);
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
  const code = regionCode(region);
  const problem = 'problem' in code ? code.problem : null;
  const create = () => {
    setTried(true);
    if (!trimmed || problem || !('code' in code)) return;
    onClose();
    if (mode === 'edit') {
      if (!open || (open.name === trimmed && (open.region ?? '') === code.code)) return;
      const { region: _old, ...rest } = open;
      useAppStore.getState().editProject({ ...rest, name: trimmed, ...(code.code ? { region: code.code } : {}) });
      return;
    }
    void importFiles([new File([JSON.stringify({ name: trimmed, ...(code.code ? { region: code.code } : {}), params: {} })], 'project.json', { type: 'application/json' })]);
  };
  const showProblem = problem && (tried || region.replace(/\s/g, '').length >= 6);
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
        <h2 id="new-project-title">{mode === 'edit' ? t.projectInfoTitle : t.newProjectTitle}</h2>
        <p>{mode === 'edit' ? t.projectInfoIntro : t.newProjectIntro}</p>
        <label className="project-field">
          {t.newProjectName}{' '}
          <input ref={input} data-testid="new-project-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
        </label>
        <label className="project-field">
          {t.projectRegion}{' '}
          <input
            data-testid="new-project-region"
            value={region}
            maxLength={20}
            inputMode="numeric"
            placeholder="130634"
            aria-invalid={showProblem ? true : undefined}
            aria-describedby="project-region-help"
            onChange={(e) => setRegion(e.target.value)}
          />
        </label>
        <p id="project-region-help" className={showProblem ? 'project-region-problem' : 'project-region-help'} data-testid="new-project-region-help" role={showProblem ? 'alert' : undefined}>
          {showProblem && problem ? tx(problem) : t.projectRegionHelp}
        </p>
        <div className="import-buttons">
          <button type="button" onClick={onClose} data-testid="new-project-cancel">
            {t.cancel}
          </button>
          <button type="submit" className="primary" disabled={!trimmed} data-testid="new-project-ok">
            {mode === 'edit' ? t.projectInfoOk : t.newProjectOk}
          </button>
        </div>
      </form>
    </div>,
    document.body,
  );
}
