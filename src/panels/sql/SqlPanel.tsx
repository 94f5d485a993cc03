import { useEffect, useRef, useState } from 'react';
import { LAYER_LIST } from '../../../layers/index';
import { useDbSession } from '../../db/db-session';
import { runConsoleSql } from './run-console';
import { QueryCancelledError, type Row } from '../../db/tabular-db';
import { sqlErrorText } from '../db-format';
import { useT, useText } from '../../i18n';
import { useAppStore } from '../../state/store';
import { useDraft } from '../../state/drafts';
import { pair } from '../radii/i18n-pair';
import type { PanelDefinition } from '../registry';
import { DataTable } from '../tables/DataTable';
import { DbStatus } from '../tables/DbStatus';
import { startDbSync } from '../db-app';
import { anyGeometryStyle, coordinateColumns, featuresForIds, guessLayerOfQuery, idColumn, rowsToPoints } from './result-to-map';
import { EXAMPLE_QUERIES, loadSavedQueries, removeSavedQuery, SAVED_QUERIES_KEY, storeSavedQueries, upsertSavedQuery, type SavedQuery } from './saved-queries';
import { ExcelButton, downloadXlsx } from '../radii/ui';
import { downloadSheetCsv } from '../../export/sheet-csv';
import { rowsSheet } from '../../export/analysis-sheets';
import { MESSAGES } from '../../i18n';
import '../db-panels.css';

const SHOWN_ROWS = 500;
const LAYER_OF_TABLE: Record<string, string> = Object.fromEntries(LAYER_LIST.map((d) => [d.file, d.id]));
const MAP_ROWS = 200_000;

function SqlPanel() {
  // DuckDB (a 33 MB WebAssembly download) starts the first time a tab that needs SQL opens, not with the app.
  useEffect(startDbSync, []);
  const tx = useText();
  const t = useT().db;
  const session = useDbSession();
  const setResultLayer = useAppStore((s) => s.setResultLayer);
  const setSelection = useAppStore((s) => s.setSelection);
  const project = useAppStore((s) => s.project.project);
  const lang = useAppStore((s) => s.ui.lang);
  const [sql, setSql] = useDraft('sql.text', EXAMPLE_QUERIES[0].sql);
  const [rows, setRows] = useState<Row[] | null>(null);
  // the column names of a query that returned no rows (DESCRIBE), so that its export still has its header
  const [emptyColumns, setEmptyColumns] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const running = useRef<AbortController | null>(null);
  // leaving the console stops its statement: its result would have nowhere to go, and it would hold up the indicators
  useEffect(() => () => running.current?.abort(), []);
  const [saved, setSaved] = useState<SavedQuery[]>(() => loadSavedQueries());
  // another tab of this browser saved or deleted a query: list what is stored now
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === SAVED_QUERIES_KEY || e.key === null) setSaved(loadSavedQueries());
    };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);
  const [name, setName] = useDraft('sql.name', '');
  const [layerForIds, setLayerForIds] = useState<string>('households');

  if (session.status !== 'ready') return <DbStatus />;

  const run = async () => {
    const ctrl = new AbortController();
    running.current = ctrl;
    setBusy(true);
    setError(null);
    setNotice(null);
    // the note that the tables were loaded again is read: the next statement runs on them
    if (useDbSession.getState().consoleEdits === 'replaced') useDbSession.setState({ consoleEdits: null });
    try {
      const out = await runConsoleSql(sql, ctrl.signal, t.emptySql);
      setEmptyColumns(out.emptyColumns);
      setRows(out.rows);
      if (out.recountError) setError(sqlErrorText(out.recountError, lang));
      const guessed = guessLayerOfQuery(sql, LAYER_OF_TABLE);
      if (guessed) setLayerForIds(guessed);
    } catch (e) {
      setRows(null);
      if (e instanceof QueryCancelledError) setNotice(t.cancelled);
      else setError(sqlErrorText(e, lang));
    } finally {
      running.current = null;
      setBusy(false);
    }
  };
  // the change is applied to the list as stored now (another tab may have saved one since this
  // console opened), not to the list shown, which would write the other tab's query away
  const save = (change: (list: SavedQuery[]) => SavedQuery[]) => {
    const list = change(loadSavedQueries());
    setSaved(list);
    if (!storeSavedQueries(list)) setError(t.storageFailed);
  };
  const columns = rows && rows[0] ? Object.keys(rows[0]) : emptyColumns;

  function exportExcel(format: 'xlsx' | 'csv' = 'xlsx') {
    if (!rows) return;
    const m = MESSAGES[useAppStore.getState().ui.lang].exports.table;
    const sheet = rowsSheet(m.sheet, columns.map((c) => ({ name: c, label: c })), rows, m.noRows);
    if (format === 'csv') downloadSheetCsv(m.sqlFile, sheet);
    else downloadXlsx(m.sqlFile, [sheet]);
  }
  // map buttons only for rows to show
  const coords = coordinateColumns(rows?.length ? columns : []);
  const ids = idColumn(rows?.length ? columns : []);
  return (
    <div data-testid="sql-panel">
      <textarea className="db-sql" value={sql} onChange={(e) => setSql(e.target.value)} spellCheck={false} data-testid="sql-input" aria-label="SQL" />
      <div className="db-row">
        <button type="button" onClick={() => void run()} disabled={busy} data-testid="sql-run">
          {busy ? t.running : t.run}
        </button>
        {busy ? (
          <button type="button" onClick={() => running.current?.abort()} data-testid="sql-cancel">
            {t.cancel}
          </button>
        ) : null}
        <input type="text" value={name} placeholder={t.saveAs} onChange={(e) => setName(e.target.value)} data-testid="sql-name" />
        <button type="button" disabled={!name.trim()} onClick={() => save((list) => upsertSavedQuery(list, { name, sql }))} data-testid="sql-save">
          {t.save}
        </button>
      </div>
      {error ? (
        <div className="db-error" data-testid="sql-error">
          {error}
        </div>
      ) : null}
      {notice ? (
        <div className="db-status" data-testid="sql-notice">
          {notice}
        </div>
      ) : null}
      {session.consoleEdits ? (
        <div className="db-status" role="note" data-testid="sql-console-edits" data-state={session.consoleEdits}>
          {session.consoleEdits === 'edited' ? t.consoleEdited : t.consoleEditsReplaced}
        </div>
      ) : null}
      {rows ? (
        <>
          <div className="db-row">
            <span data-testid="sql-count">
              {t.rows(rows.length.toLocaleString())}
            </span>
            <ExcelButton onClick={() => exportExcel()} testId="sql-export-xlsx" />
            <button type="button" onClick={() => exportExcel('csv')} title={MESSAGES[lang].exports.csvTitle} data-testid="sql-export-csv">
              {MESSAGES[lang].exports.csvButton}
            </button>
            {coords ? (
              <button
                type="button"
                data-testid="sql-show-on-map"
                onClick={() =>
                  setResultLayer({
                    id: 'sql-result',
                    title: pair((m) => m.db.sqlResult),
                    data: rowsToPoints(rows.slice(0, MAP_ROWS), coords),
                    style: [{ type: 'circle', paint: { 'circle-color': '#d81b60', 'circle-radius': 5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } }],
                    legend: [{ label: pair((m) => m.db.sqlResult), color: '#d81b60', shape: 'circle' }],
                    visible: true,
                  })
                }
              >
                {t.showOnMap}
              </button>
            ) : null}
            {ids ? (
              <>
                <select value={layerForIds} onChange={(e) => setLayerForIds(e.target.value)} aria-label={t.idLayer} data-testid="sql-id-layer">
                  {LAYER_LIST.map((d) => (
                    <option key={d.id} value={d.id}>
                      {tx(d.title)}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  data-testid="sql-select-on-map"
                  onClick={() => setSelection({ layerId: layerForIds, ids: rows.map((r) => String(r[ids])).filter((x) => x !== 'null') })}
                >
                  {t.selectOnMap}
                </button>
                {!coords ? (
                  <button
                    type="button"
                    data-testid="sql-ids-on-map"
                    onClick={() => {
                      const def = LAYER_LIST.find((d) => d.id === layerForIds);
                      const wanted = new Set(rows.map((r) => String(r[ids])));
                      setResultLayer({
                        id: 'sql-result',
                        title: pair((m) => m.db.sqlResult),
                        data: featuresForIds(project?.layers[layerForIds as keyof typeof project.layers], wanted, def?.idField),
                        style: anyGeometryStyle('#d81b60'),
                        legend: [{ label: pair((m) => m.db.sqlResult), color: '#d81b60', shape: 'circle' }],
                        visible: true,
                      });
                    }}
                  >
                    {t.showOnMap}
                  </button>
                ) : null}
              </>
            ) : null}
          </div>
          {rows.length ? <DataTable rows={rows.slice(0, SHOWN_ROWS)} testId="sql-rows" /> : <div className="db-status">{t.noRows}</div>}
        </>
      ) : null}
      <h4>{t.savedQueries}</h4>
      <ul className="db-saved" data-testid="sql-saved">
        {saved.map((q) => (
          <li key={q.name}>
            <button type="button" className="link" onClick={() => { setSql(q.sql); setName(q.name); }}>
              {q.name}
            </button>
            <button type="button" onClick={() => save((list) => removeSavedQuery(list, q.name))} aria-label={t.del(q.name)}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <h4>{t.examples}</h4>
      <ul className="db-saved">
        {EXAMPLE_QUERIES.map((q) => (
          <li key={q.key}>
            <button type="button" className="link" onClick={() => setSql(q.sql)}>
              {t.exampleNames[q.key]}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The SQL console: any query on the project's tables, saved queries, results on the map. */
export const sqlPanel: PanelDefinition = { id: 'sql', title: pair((m) => m.db.sqlTab), order: 70, component: SqlPanel };
