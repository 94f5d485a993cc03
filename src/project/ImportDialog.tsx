import { useEffect, useRef, useState } from 'react';
import { LAYERS } from '../../layers/index';
import { formatIssue } from '../../layers/load/index';
import { messageInLanguage } from '../../analysis/user-error';
import type { LayerId } from '../../layers/types';
import { useT } from '../i18n';
import { useAppStore } from '../state/store';
import { ForeignImportDialog } from './ForeignImportDialog';
import { DialogLangSwitch } from './DialogLangSwitch';
import { canApply, cancelImport, keepValidPart, rereadPending, useImportStore } from './import-files';
import { contractFileNames, crsQuestions, layerOfFile, type CrsQuestion } from './import-plan';

/** Issues listed in the dialog; the rest are counted. */
const MAX_LISTED = 300;

function CrsRow({ q }: { q: CrsQuestion }) {
  const t = useT().import;
  const [code, setCode] = useState(q.suggested || 'EPSG:');
  if (q.kind === 'swap') {
    return (
      <div className="import-crs">
        <span>{q.file}</span>
        <button type="button" data-testid="import-swap-apply" onClick={() => void rereadPending(q.file, { swapAxes: true })}>
          {t.swapApply}
        </button>
      </div>
    );
  }
  return (
    <div className="import-crs">
      <label>
        {t.crsLabel(q.file)}
        <input data-testid="import-crs-input" value={code} onChange={(e) => setCode(e.target.value)} size={12} />
      </label>
      <button type="button" data-testid="import-crs-apply" onClick={() => void rereadPending(q.file, { crs: code.trim() })}>
        {t.crsApply}
      </button>
    </div>
  );
}

/**
 * The import check dialog: what the import would replace, counts per layer, every issue (file,
 * feature/row, field, message) in the UI language, coordinate-system questions, and the choice
 * 导入有效部分 / 取消. Everything is rendered as text.
 */
export function ImportDialog() {
  const all = useT();
  const t = all.import;
  const common = all.common;
  const lang = useAppStore((s) => s.ui.lang);
  const pending = useImportStore((s) => s.pending);
  const reading = useImportStore((s) => s.reading);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!pending) return;
    box.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') cancelImport();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [pending]);
  if (!pending) return <ForeignImportDialog />;
  const { plan, loaded, usable } = pending;
  const ok = canApply(pending);
  const title = (id: LayerId) => LAYERS[id].title[lang];
  // the loader's issues, then what project.json would hold that does nothing once this is applied
  const issues = loaded ? [...loaded.report.issues, ...pending.findings] : [];
  const questions = loaded ? crsQuestions(loaded.report) : [];
  const fileOf = (id: LayerId) => pending.files.find((f) => layerOfFile(f.name) === id)?.name ?? '';
  return (
    <div className="import-backdrop">
      <div className="import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-title" tabIndex={-1} ref={box} data-testid="import-dialog">
        <DialogLangSwitch testId="import-lang-switch" />
        <h2 id="import-title">{t.dialogTitle}</h2>
        {pending.error ? <p className="import-error" data-testid="import-error">{t.failed(messageInLanguage(pending.error, lang))}</p> : null}
        <p data-testid="import-summary">{ok ? t.dialogIntro : t.nothingUsable}</p>
        {ok && loaded ? (
          <p className="import-plan" data-testid="import-plan">
            {plan.mode === 'merge'
              ? t.willReplaceLayers(usable.map((id) => `${title(id)}${common.inParens(fileOf(id))}`).join(common.listSep))
              : t.willReplaceProject(loaded.project.name)}
          </p>
        ) : null}
        {plan.unknown.length ? (
          <p className="import-warning" data-testid="import-unknown">
            {t.unknownNames(plan.unknown.join('、'), contractFileNames().join('、'))}
          </p>
        ) : null}
        {loaded && plan.layers.length ? (
          <table className="import-counts" data-testid="import-counts">
            <thead>
              <tr>
                <th>{t.layer}</th>
                <th>{t.read}</th>
                <th>{t.loaded}</th>
                <th>{t.rejected}</th>
                <th>{t.unlocated}</th>
              </tr>
            </thead>
            <tbody>
              {plan.layers.map((id) => {
                const c = loaded.report.counts[id];
                const used = plan.mode === 'replace' ? ok : usable.includes(id);
                return (
                  <tr key={id} data-testid={`import-count-${id}`}>
                    <td>
                      {title(id)}
                      {used ? '' : ` ${t.notUsed}`}
                    </td>
                    <td>{c?.read ?? 0}</td>
                    <td>{c?.loaded ?? 0}</td>
                    <td>{c?.rejected ?? 0}</td>
                    <td>{c?.unlocated ?? 0}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
        {questions.map((q) => (
          <CrsRow key={`${q.file}:${q.kind}`} q={q} />
        ))}
        {issues.length ? (
          <>
            <h3>{t.issues(issues.length)}</h3>
            <ul className="import-issues">
              {issues.slice(0, MAX_LISTED).map((i, k) => (
                <li key={k} className={`issue-${i.severity}`} data-testid="import-issue" data-severity={i.severity} data-code={i.code}>
                  <b>{t.severity[i.severity] ?? i.severity}</b> {formatIssue(i, lang)}
                </li>
              ))}
            </ul>
            {issues.length > MAX_LISTED ? <p>{t.moreIssues(issues.length - MAX_LISTED)}</p> : null}
          </>
        ) : null}
        <div className="import-buttons">
          {reading ? <span className="import-reading">{t.reading(reading)}</span> : null}
          {ok ? (
            <button type="button" className="primary" data-testid="import-keep" onClick={keepValidPart}>
              {t.keepValid}
            </button>
          ) : null}
          <button type="button" data-testid="import-cancel" onClick={cancelImport}>
            {ok ? t.cancel : t.close}
          </button>
        </div>
      </div>
    </div>
  );
}

/** A small "reading n files…" note for the header while an import is being read. */
export function ImportStatus() {
  const t = useT().import;
  const reading = useImportStore((s) => s.reading);
  const pending = useImportStore((s) => s.pending);
  if (!reading || pending) return null;
  return (
    <span className="status" data-testid="import-reading">
      {t.reading(reading)}{' '}
      <button type="button" data-testid="import-reading-cancel" onClick={cancelImport}>
        {t.cancel}
      </button>
    </span>
  );
}
