import { useEffect, useRef, useState } from 'react';
import { LAYER_LIST } from '../../../layers/index';
import { computeIndicators, useDbSession, withDb } from '../../db/db-session';
import { readSchema } from '../../db/indicator-status';
import { browserSqlSource } from '../../db/sql-source-browser';
import { ensureIndicatorTables, runConsoleSql } from './run-console';
import { QueryCancelledError } from '../../db/tabular-db';
import { sqlErrorText } from '../db-format';
import { useT, useText } from '../../i18n';
import { useAppStore } from '../../state/store';
import { useDraft } from '../../state/drafts';
import { pair } from '../radii/i18n-pair';
import type { PanelDefinition } from '../registry';
import { DataTable } from '../tables/DataTable';
import { DbStatus } from '../tables/DbStatus';
import { projectIndicatorParams, startDbSync } from '../db-app';
import { anyGeometryStyle, coordinateColumns, featuresForIds, guessLayerOfQuery, idColumn, rowsToPoints } from './result-to-map';
import { EXAMPLE_QUERIES, FULL_SCHEMA, exampleMissing, loadSavedQueries, removeSavedQuery, SAVED_QUERIES_KEY, storeSavedQueries, upsertSavedQuery, type SavedQuery, type TableSchema } from './saved-queries';
import { consoleFailed, consoleLeft, consoleProblem, consoleRan, resultStatus, SHOWN_ROWS, useSqlConsole, type ConsoleProblem } from './console-store';
import { ExcelButton, StaleNote, downloadXlsx } from '../radii/ui';
import { downloadSheetCsv } from '../../export/sheet-csv';
import { rowsSheet } from '../../export/analysis-sheets';
import { MESSAGES } from '../../i18n';
import type { Lang } from '../../../layers/types';
import '../db-panels.css';

const LAYER_OF_TABLE: Record<string, string> = Object.fromEntries(LAYER_LIST.map((d) => [d.file, d.id]));
const MAP_ROWS = 200_000;

/** A console problem in the language shown now (kept as found, so switching 中文/English re-words it). */
function problemText(p: ConsoleProblem, lang: Lang): string {
  const m = MESSAGES[lang].db;
  if (p.kind === 'storage') return m.storageFailed;
  if (p.kind === 'indicators') return m.indicatorsFailed(sqlErrorText(p.error, lang));
  // run with no statement: said in the language of the moment too
  if (p.error instanceof Error && (p.error.message === MESSAGES.zh.db.emptySql || p.error.message === MESSAGES.en.db.emptySql)) return m.emptySql;
  return sqlErrorText(p.error, lang);
}

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
  // the tables' columns, for examples written for them (a households file without a township column)
  const [schema, setSchema] = useState<TableSchema | null>(null);
  useEffect(() => {
    if (session.status !== 'ready') return;
    let live = true;
    withDb(readSchema).then(
      (s) => live && setSchema(s),
      () => live && setSchema(null),
    );
    return () => {
      live = false;
    };
  }, [session.status, session.version]);
  const [sql, setSql] = useDraft('sql.text', EXAMPLE_QUERIES[0].sql(schema ?? FULL_SCHEMA));
  // the last result lives in the console's store: leaving the tab and coming back shows it again
  const { result, problem, cancelled } = useSqlConsole();
  const rows = result?.rows ?? null;
  const [busy, setBusy] = useState(false);
  const running = useRef<AbortController | null>(null);
  // leaving the console stops its statement (it would hold up the indicators), and a large result keeps only the rows shown
  useEffect(
    () => () => {
      running.current?.abort();
      useSqlConsole.setState(consoleLeft);
    },
    [],
  );
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

  const run = async (text: string) => {
    const ctrl = new AbortController();
    running.current = ctrl;
    setBusy(true);
    useSqlConsole.setState((s) => consoleProblem({ ...s, cancelled: false }, { problem: null }));
    // the note that the tables were loaded again is read: the next statement runs on them
    if (useDbSession.getState().consoleEdits === 'replaced') useDbSession.setState({ consoleEdits: null });
    try {
      // indicator_* and policy exist once the indicators ran on the loaded tables: computed first when they did not
      const indicatorError = await ensureIndicatorTables(text, () => computeIndicators(browserSqlSource, projectIndicatorParams()));
      const out = await runConsoleSql(text, ctrl.signal, t.emptySql);
      const columns = out.rows[0] ? Object.keys(out.rows[0]) : out.emptyColumns;
      const beside: ConsoleProblem | null = out.recountError ? { kind: 'sql', error: out.recountError } : indicatorError ? { kind: 'indicators', error: indicatorError } : null;
      useSqlConsole.setState((s) => consoleRan(s, { result: { sql: text, rows: out.rows, columns, version: out.version, indicators: out.indicators }, problem: beside }));
      const guessed = guessLayerOfQuery(text, LAYER_OF_TABLE);
      if (guessed) setLayerForIds(guessed);
    } catch (e) {
      const wasCancelled = e instanceof QueryCancelledError;
      useSqlConsole.setState((s) => consoleFailed(s, { problem: wasCancelled ? null : { kind: 'sql', error: e }, cancelled: wasCancelled }));
    } finally {
      if (running.current === ctrl) running.current = null;
      setBusy(false);
    }
  };
  // the change is applied to the list as stored now (another tab may have saved one since this
  // console opened), not to the list shown, which would write the other tab's query away
  const save = (change: (list: SavedQuery[]) => SavedQuery[]) => {
    const list = change(loadSavedQueries());
    setSaved(list);
    if (!storeSavedQueries(list)) useSqlConsole.setState((s) => consoleProblem(s, { problem: { kind: 'storage' } }));
  };
  const columns = result?.columns ?? [];
  const status = result ? resultStatus(result, session) : 'none';
  // all the rows are needed to export them or put them on the map: not once only the shown ones were kept
  const whole = !!result && !result.trimmed;

  function exportExcel(format: 'xlsx' | 'csv' = 'xlsx') {
    if (!rows || !whole) return;
    const m = MESSAGES[useAppStore.getState().ui.lang].exports.table;
    const sheet = rowsSheet(m.sheet, columns.map((c) => ({ name: c, label: c })), rows, m.noRows);
    if (format === 'csv') downloadSheetCsv(m.sqlFile, sheet);
    else downloadXlsx(m.sqlFile, [sheet]);
  }
  // map buttons only for rows to show
  const coords = coordinateColumns(whole && rows?.length ? columns : []);
  const ids = idColumn(whole && rows?.length ? columns : []);
  return (
    <div data-testid="sql-panel">
      <textarea className="db-sql" value={sql} onChange={(e) => setSql(e.target.value)} spellCheck={false} data-testid="sql-input" aria-label="SQL" />
      <div className="db-row">
        <button type="button" onClick={() => void run(sql)} disabled={busy} data-testid="sql-run">
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
      {problem ? (
        <div className="db-error" data-testid="sql-error">
          {problemText(problem, lang)}
        </div>
      ) : null}
      {cancelled ? (
        <div className="db-status" data-testid="sql-notice">
          {t.cancelled}
        </div>
      ) : null}
      {session.consoleEdits ? (
        <div className="db-status" role="note" data-testid="sql-console-edits" data-state={session.consoleEdits}>
          {session.consoleEdits === 'edited' ? t.consoleEdited : t.consoleEditsReplaced}
        </div>
      ) : null}
      {result && rows ? (
        <div className={status === 'stale' ? 'stale-figures' : undefined} data-result-status={status} data-testid="sql-result">
          <StaleNote status={status} onRecompute={() => void run(result.sql)} disabled={busy} testId="sql" />
          {result.trimmed ? (
            <div className="db-status" role="note" data-testid="sql-kept-rows">
              {t.keptRows(rows.length.toLocaleString(), result.total.toLocaleString())}{' '}
              <button type="button" onClick={() => void run(result.sql)} disabled={busy} data-testid="sql-rerun">
                {t.rerun}
              </button>
            </div>
          ) : null}
          <div className="db-row">
            <span data-testid="sql-count">
              {t.rows(result.total.toLocaleString())}
            </span>
            {whole ? (
              <>
                <ExcelButton onClick={() => exportExcel()} testId="sql-export-xlsx" />
                <button type="button" onClick={() => exportExcel('csv')} title={MESSAGES[lang].exports.csvTitle} data-testid="sql-export-csv">
                  {MESSAGES[lang].exports.csvButton}
                </button>
              </>
            ) : null}
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
        </div>
      ) : null}
      <h4>{t.savedQueries}</h4>
      {saved.length ? null : (
        <p className="note" data-testid="sql-saved-none">
          {t.noSavedQueries}
        </p>
      )}
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
        {EXAMPLE_QUERIES.map((q) => {
          // written for the tables as they are; one that needs a table or column they lack says which
          const missing = schema ? exampleMissing(q, schema) : [];
          return (
            <li key={q.key}>
              <button type="button" className="link" disabled={!schema || missing.length > 0} onClick={() => schema && setSql(q.sql(schema))} data-testid={`sql-example-${q.key}`}>
                {t.exampleNames[q.key]}
              </button>
              {missing.length ? (
                <small className="db-missing" data-testid={`sql-example-missing-${q.key}`}>
                  {' '}
                  {t.exampleMissing(missing.map((m) => (m.column === undefined ? t.issues.tableMissing(m.table) : t.issues.columnMissing(m.table, m.column))).join(t.issues.listSeparator))}
                </small>
              ) : null}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The SQL console: any query on the project's tables, saved queries, results on the map. */
export const sqlPanel: PanelDefinition = { id: 'sql', title: pair((m) => m.db.sqlTab), order: 70, component: SqlPanel };
