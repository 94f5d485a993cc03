import { useEffect, useMemo, useRef } from 'react';
import { DialogLangSwitch } from './DialogLangSwitch';
import { LAYER_LIST, LAYERS } from '../../layers/index';
import { crsTransform } from '../../layers/load/foreign/stated-crs';
import { formatIssue } from '../../layers/load/index';
import type { LayerId } from '../../layers/types';
import { useT } from '../i18n';
import { useAppStore } from '../state/store';
import { cancelForeign, confirmForeign, setForeignEncoding, setForeignTarget, useForeignStore } from './import-foreign';
import { ImportPreviewMap } from './ImportPreviewMap';
import { matchedFields, type ForeignLayer, type ImportTarget } from '../../layers/load/foreign/index';

const ENCODINGS = ['', 'gbk', 'utf-8', 'big5'];
const MAX_ISSUES = 200;

/**
 * The dialog of the import step for Shapefiles, point tables and other foreign formats: per layer
 * read, the target layer (suggested), add or replace, the CRS (stated, or an EPSG code), the
 * GCJ-02/BD-09 question, a preview of the attribute text under the chosen encoding, and every
 * problem found. Nothing changes before 确认导入; 取消 leaves the project as it was. All text is
 * rendered as text (never HTML).
 */
export function ForeignImportDialog() {
  const all = useT();
  const t = all.foreign;
  const colon = all.common.colon;
  const lang = useAppStore((s) => s.ui.lang);
  const p = useForeignStore((s) => s.pending);
  const project = useAppStore((s) => s.project.project);
  const reading = useForeignStore((s) => s.reading);
  const box = useRef<HTMLDivElement>(null);
  const open = !!p || !!reading;
  useEffect(() => {
    if (!open) return;
    box.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') cancelForeign();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);
  const progress = reading ? (
    <div className="foreign-reading" data-testid="foreign-reading" role="status">
      {reading.importing ? (
        <p data-testid="foreign-importing">
          {t.importing} <progress />
        </p>
      ) : (
        <>
          <p>{t.reading(reading.names.length, reading.stage)}</p>
          <progress data-testid="foreign-progress" max={1} value={reading.fraction} /> {Math.round(reading.fraction * 100)} %
        </>
      )}
    </div>
  ) : null;
  if (!p) {
    if (!reading) return null;
    return (
      <div className="import-backdrop">
        <div className="import-dialog" role="dialog" aria-modal="true" aria-labelledby="foreign-title" tabIndex={-1} ref={box} data-testid="foreign-reading-dialog">
          <h2 id="foreign-title">{t.title}</h2>
          {progress}
          <div className="import-buttons">
            <button type="button" data-testid="foreign-cancel" onClick={cancelForeign}>
              {t.cancel}
            </button>
          </div>
        </div>
      </div>
    );
  }
  const issues = p.read.issues;
  const canImport = p.targets.some((x) => x.layer);
  return (
    <div className="import-backdrop">
      <div className="import-dialog" role="dialog" aria-modal="true" aria-labelledby="foreign-title" tabIndex={-1} ref={box} data-testid="foreign-dialog">
        <DialogLangSwitch testId="foreign-lang-switch" />
        <h2 id="foreign-title">{t.title}</h2>
        <p>{p.read.layers.length ? t.intro : t.nothing}</p>
        {progress}
        <label>
          {t.encoding}{' '}
          <select data-testid="foreign-encoding" value={p.encoding} onChange={(e) => void setForeignEncoding(e.target.value)}>
            {ENCODINGS.map((e) => (
              <option key={e} value={e}>
                {e === '' ? t.encodingAuto : e.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
        {p.read.layers.map((l) => {
          const target = p.targets.find((x) => x.source === l.source)!;
          const stated = l.crs ? crsTransform(l.crs) : null;
          const off = p.offsets[l.source];
          const rows = l.features.slice(0, 3);
          const cols = l.fields.slice(0, 8);
          return (
            <section key={l.source} className="foreign-layer" data-testid="foreign-layer" data-source={l.source}>
              <h3>
                {l.source} · {t.features(l.features.length)}
              </h3>
              <label>
                {t.target}{' '}
                <select data-testid="foreign-target" value={target.layer ?? ''} onChange={(e) => setForeignTarget(l.source, { layer: (e.target.value || null) as LayerId | null })}>
                  <option value="">{t.skip}</option>
                  {LAYER_LIST.map((d) => (
                    <option key={d.id} value={d.id}>
                      {d.title[lang]}
                    </option>
                  ))}
                </select>
              </label>{' '}
              <label>
                {t.mode}{' '}
                <select data-testid="foreign-mode" value={target.mode} onChange={(e) => setForeignTarget(l.source, { mode: e.target.value as 'add' | 'replace' })}>
                  <option value="add">{t.add}</option>
                  <option value="replace">{t.replace}</option>
                </select>
              </label>
              <p data-testid="foreign-crs">
                {t.crs}
                {colon}
                {stated ? (
                  t.crsStated(stated.label[lang])
                ) : (
                  <>
                    {t.crsNone}{' '}
                    <input data-testid="foreign-crs-input" size={12} defaultValue={target.crs ?? ''} onBlur={(e) => setForeignTarget(l.source, { crs: e.target.value.trim() || undefined })} />
                  </>
                )}
              </p>
              {off?.suggest ? (
                <p className="import-warning" data-testid="foreign-offset">
                  {Number.isFinite(off.medianAsIs)
                    ? t.offsetAsk(t[off.suggest], Math.round(off.medianAsIs), Math.round(off.suggest === 'gcj02' ? off.medianGcj02 : off.medianBd09))
                    : t.offsetAskStated(t[off.suggest])}{' '}
                  <label>
                    <input
                      type="checkbox"
                      data-testid="foreign-offset-convert"
                      checked={target.offset === off.suggest}
                      onChange={(e) => setForeignTarget(l.source, { offset: e.target.checked ? off.suggest! : 'none' })}
                    />
                    {t.offsetConvert}
                  </label>
                </p>
              ) : null}
              {target.layer ? <FieldMapping layer={l} target={target} /> : null}
              <ImportPreviewMap layer={l} target={target} project={project} />
              {cols.length ? (
                <table className="import-counts" data-testid="foreign-preview">
                  <caption>{t.preview}</caption>
                  <thead>
                    <tr>
                      {cols.map((c) => (
                        <th key={c}>{c}</th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((f, i) => (
                      <tr key={i}>
                        {cols.map((c) => (
                          <td key={c}>{f.properties[c] === null || f.properties[c] === undefined ? '' : String(f.properties[c])}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </section>
          );
        })}
        {issues.length ? (
          <>
            <h3>{t.issues(issues.length)}</h3>
            <ul className="import-issues">
              {issues.slice(0, MAX_ISSUES).map((i, k) => (
                <li key={k} className={`issue-${i.severity}`} data-testid="foreign-issue" data-code={i.code}>
                  {formatIssue(i, lang)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <div className="import-buttons">
          {canImport ? (
            <button type="button" className="primary" data-testid="foreign-confirm" disabled={!!reading} onClick={() => void confirmForeign()}>
              {t.confirm}
            </button>
          ) : null}
          <button type="button" data-testid="foreign-cancel" onClick={cancelForeign}>
            {t.cancel}
          </button>
        </div>
      </div>
    </div>
  );
}

/**
 * The field mapping of one foreign layer, editable: for each field of the target layer, the file's
 * column it takes — 自动 (a column with the field's own name or label), or one the user picks.
 */
function FieldMapping({ layer, target }: { layer: ForeignLayer; target: ImportTarget }) {
  const t = useT().foreign;
  const lang = useAppStore((s) => s.ui.lang);
  const def = target.layer ? LAYERS[target.layer] : null;
  const auto = useMemo(() => (def ? matchedFields(layer, def) : {}), [layer, def]);
  if (!def || layer.fields.length === 0) return null;
  const chosen = target.fields ?? {};
  const pick = (field: string, col: string) => {
    const next = { ...chosen };
    if (col) next[field] = col;
    else delete next[field];
    setForeignTarget(layer.source, { fields: next });
  };
  return (
    <details className="foreign-fields" data-testid="foreign-fields" open={Object.keys(chosen).length > 0}>
      <summary>{t.fieldMapTitle}</summary>
      <table className="import-counts">
        <thead>
          <tr>
            <th>{t.fieldMapTarget}</th>
            <th>{t.fieldMapSource}</th>
          </tr>
        </thead>
        <tbody>
          {def.fields.map((f) => (
            <tr key={f.name}>
              <td>
                {f.label[lang]} <span className="note">{f.name}</span>
              </td>
              <td>
                <select data-testid={`foreign-field-${f.name}`} value={chosen[f.name] ?? ''} onChange={(e) => pick(f.name, e.target.value)}>
                  <option value="">{auto[f.name] ? t.fieldAuto(auto[f.name]) : t.fieldNone}</option>
                  {layer.fields.map((c) => (
                    <option key={c} value={c}>
                      {c}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
