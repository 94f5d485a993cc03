import { useEffect, useMemo, useRef, useState } from 'react';
import { LAYER_LIST, LAYERS } from '../../../layers/index';
import type { LayerDefinition, LayerId } from '../../../layers/types';
import { featureBounds } from '../../map/feature-bounds';
import { useDbSession } from '../../db/db-session';
import { quoteIdentifier } from '../../db/sql-utils';
import type { Row } from '../../db/tabular-db';
import { useT, useText } from '../../i18n';
import { useAppStore } from '../../state/store';
import { useDraft } from '../../state/drafts';
import { pair } from '../radii/i18n-pair';
import type { PanelDefinition } from '../registry';
import { DataTable } from './DataTable';
import { buildTableQuery, defaultTable, readTableColumns, readTablePage, readWholeTable, type ColumnInfo } from './table-query';
import { columnViews, enumCodesMatching, fieldsOfTable, layerOfTable } from './column-view';
import { DbStatus } from './DbStatus';
import { startDbSync } from '../db-app';
import { ExcelButton, downloadXlsx } from '../radii/ui';
import { downloadSheetCsv } from '../../export/sheet-csv';
import { dbCell } from '../../export/analysis-sheets';
import { MESSAGES } from '../../i18n';
import '../db-panels.css';


const PAGE = 100;
const LAYER_OF_TABLE: Record<string, LayerId> = Object.fromEntries(LAYER_LIST.map((d) => [d.file, d.id]));
const TABLE_OF_LAYER: Record<string, string> = Object.fromEntries(LAYER_LIST.map((d) => [d.id, d.file]));

function keyOf(r: Row, keyColumn: string | null): string | null {
  if (!keyColumn) return null;
  const v = r[keyColumn];
  if (v === null || v === undefined) return null;
  return typeof v === 'number' && keyColumn === '_fid' ? String(Math.round(v)) : String(v);
}

function TablesPanel() {
  // DuckDB (a 33 MB WebAssembly download) starts the first time a tab that needs SQL opens, not with the app.
  useEffect(startDbSync, []);
  const tx = useText();
  const t = useT().db;
  const lang = useAppStore((s) => s.ui.lang);
  const session = useDbSession();
  const selection = useAppStore((s) => s.selection);
  const setSelection = useAppStore((s) => s.setSelection);
  const tableNames = useMemo(() => Object.keys(session.tables).sort((a, b) => (LAYER_OF_TABLE[a] ? 0 : 1) - (LAYER_OF_TABLE[b] ? 0 : 1) || a.localeCompare(b)), [session.tables]);
  const [table, setTable] = useDraft<string>('tables.table', '');
  // columns and the page are kept with the table they came from, so a switch never shows the last table's
  const [loadedColumns, setColumns] = useState<{ table: string; list: ColumnInfo[] }>({ table: '', list: [] });
  const [search, setSearch] = useDraft('tables.search', '');
  const [filterColumn, setFilterColumn] = useDraft('tables.filterColumn', '');
  const [filterValue, setFilterValue] = useDraft('tables.filterValue', '');
  const [selectedOnly, setSelectedOnly] = useState(false);
  const [sort, setSort] = useState<{ column: string; desc: boolean } | null>(null);
  const [page, setPage] = useState(0);
  const [loadedPage, setLoadedPage] = useState<{ table: string; rows: Row[]; total: number }>({ table: '', rows: [], total: 0 });
  const [error, setError] = useState<string | null>(null);

  const current = defaultTable(table, tableNames, session.tables);
  const layerId = LAYER_OF_TABLE[current] ?? null;
  const columns = useMemo(() => (loadedColumns.table === current ? loadedColumns.list : []), [loadedColumns, current]);
  const rows = loadedPage.table === current ? loadedPage.rows : [];
  const total = loadedPage.table === current ? loadedPage.total : 0;
  const keyColumn = columns.some((c) => c.name === 'id') ? 'id' : columns.some((c) => c.name === '_fid') ? '_fid' : null;
  const selectedIds = selection && layerId && selection.layerId === layerId ? selection.ids : null;
  const selectedSet = useMemo(() => new Set(selectedIds ?? []), [selectedIds]);
  const views = useMemo(() => columnViews(fieldsOfTable(current), columns, lang), [current, columns, lang]);
  const searchCodes = useMemo(() => enumCodesMatching(views, search), [views, search]);
  const filterView = views.find((v) => v.name === filterColumn) ?? null;

  /** Show another table, starting without search, filter or sort. */
  const switchTable = (t: string) => {
    setTable(t);
    setPage(0);
    setSort(null);
    setSearch('');
    setFilterColumn('');
    setFilterValue('');
  };

  // A map click on a feature of a layer with a table shows that table — also when the click came
  // while the database was still starting: the table is shown once it is there (once per selection,
  // so a table the user picks afterwards is not taken away again).
  const shownFor = useRef<typeof selection>(null);
  useEffect(() => {
    if (!selection || shownFor.current === selection) return;
    const t = TABLE_OF_LAYER[selection.layerId];
    if (!t || session.tables[t] === undefined) return;
    shownFor.current = selection;
    if (t !== current) switchTable(t);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selection, session.tables]);

  useEffect(() => {
    let live = true;
    if (!current || session.status !== 'ready') return;
    // a read not yet run when the tab moves on never runs (it waits in the database's queue)
    const gone = new AbortController();
    void (async () => {
      const list = await readTableColumns(current, gone.signal);
      if (live) setColumns({ table: current, list });
    })().catch((e: unknown) => live && setError(String(e instanceof Error ? e.message : e)));
    return () => {
      live = false;
      gone.abort();
    };
  }, [current, session.version, session.status]);

  useEffect(() => {
    let live = true;
    if (!current || columns.length === 0) return;
    const q = buildTableQuery({
      columns,
      search,
      searchCodes,
      filter: filterColumn && filterValue !== '' ? { column: filterColumn, value: filterValue } : null,
      selectedIds: selectedOnly ? (selectedIds ?? []) : null,
      keyColumn,
      sort,
    });
    const gone = new AbortController();
    void (async () => {
      const { rows, total } = await readTablePage(current, q, page, PAGE, gone.signal);
      if (!live) return;
      setLoadedPage({ table: current, rows, total });
      setError(null);
    })().catch((e: unknown) => live && setError(String(e instanceof Error ? e.message : e)));
    return () => {
      live = false;
      gone.abort();
    };
  }, [current, columns, search, searchCodes, filterColumn, filterValue, selectedOnly, selectedIds, sort, page, keyColumn]);

  /** A layer table by its layer's title, an imported ledger by its kind, anything else by its name. */
  const tableTitle = (name: string) => {
    const def = layerOfTable(name);
    if (def) return tx(def.title);
    return Object.hasOwn(t.ledgerKinds, name) ? t.ledgerKinds[name as keyof typeof t.ledgerKinds] : name;
  };
  /** The whole table as filtered and sorted now (every page), enum codes as their labels, numbers as numbers. */
  async function exportExcel(format: 'xlsx' | 'csv' = 'xlsx') {
    if (!current || views.length === 0) return;
    const q = buildTableQuery({ columns, search, searchCodes, filter: filterColumn && filterValue !== '' ? { column: filterColumn, value: filterValue } : null, selectedIds: selectedOnly ? (selectedIds ?? []) : null, keyColumn, sort });
    try {
      const all = await readWholeTable(current, q);
      const words = (v: (typeof views)[number]) => v.field?.type === 'enum' || v.field?.type === 'boolean';
      const sheet = { name: tableTitle(current), header: views.map((v) => v.label), rows: all.map((r) => views.map((v) => (words(v) && r[v.name] !== null && r[v.name] !== undefined ? v.text(r[v.name]) : dbCell(r[v.name])))) };
      const file = `${MESSAGES[lang].exports.table.file}-${tableTitle(current)}`;
      if (format === 'csv') downloadSheetCsv(file, sheet);
      else downloadXlsx(file, [sheet]);
    } catch (e) {
      setError(String(e instanceof Error ? e.message : e));
    }
  }
  if (session.status !== 'ready') return <DbStatus />;
  const pages = Math.max(1, Math.ceil(total / PAGE));
  return (
    <div className="tables-panel" data-testid="tables-panel">
      <div className="db-row">
        <label>
          {t.table}{' '}
          <select
            value={current}
            onChange={(e) => switchTable(e.target.value)}
            data-testid="table-select"
          >
            {tableNames.map((name) => (
              <option key={name} value={name}>
                {t.tableOption(tableTitle(name), session.tables[name].toLocaleString())}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="db-row">
        <input
          type="search"
          placeholder={t.searchPlaceholder}
          aria-label={t.search}
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
            setPage(0);
          }}
          data-testid="table-search"
        />
      </div>
      <div className="db-row">
        <select
          value={filterColumn}
          onChange={(e) => {
            setFilterColumn(e.target.value);
            setFilterValue('');
            setPage(0);
          }}
          aria-label={t.filterColumn}
          data-testid="table-filter-column"
        >
          <option value="">{t.noFilter}</option>
          {views.map((c) => (
            <option key={c.name} value={c.name} title={c.title}>
              {c.label}
            </option>
          ))}
        </select>
        {filterView && (filterView.field?.type === 'enum' || filterView.field?.type === 'boolean') ? (
          <select
            value={filterValue}
            aria-label={t.filterValue}
            onChange={(e) => {
              setFilterValue(e.target.value);
              setPage(0);
            }}
            data-testid="table-filter-value"
          >
            <option value="">{t.anyValue}</option>
            {(filterView.field.type === 'enum' ? (filterView.field.values ?? []).map((v) => v.code) : ['true', 'false']).map((code) => (
              <option key={code} value={code}>
                {filterView.text(code)}
              </option>
            ))}
          </select>
        ) : filterColumn ? (
          <input
            type="text"
            value={filterValue}
            aria-label={t.filterValue}
            placeholder={t.filterValue}
            onChange={(e) => {
              setFilterValue(e.target.value);
              setPage(0);
            }}
            data-testid="table-filter-value"
          />
        ) : null}
      </div>
      {layerId ? (
        <div className="db-row">
          <label>
            <input type="checkbox" checked={selectedOnly} onChange={(e) => setSelectedOnly(e.target.checked)} data-testid="table-selected-only" />
            {t.selectedOnly(selectedIds?.length ?? 0)}
          </label>
        </div>
      ) : null}
      {error ? <div className="db-error">{error}</div> : null}
      {layerId && selectedOnly && (selectedIds?.length ?? 0) === 0 ? (
        // an empty table with the reason in view: the tick may have been set on another table
        <div className="db-note" data-testid="table-none-selected">
          {t.noneSelected}{' '}
          <button type="button" onClick={() => setSelectedOnly(false)} data-testid="table-show-all">
            {t.showAll}
          </button>
        </div>
      ) : null}
      <div className="db-row">
        <span data-testid="table-total">
          {t.rows(total.toLocaleString())}
        </span>
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          {t.prev}
        </button>
        <span>{t.page(page + 1, pages)}</span>
        <button type="button" disabled={page + 1 >= pages} onClick={() => setPage(page + 1)}>
          {t.next}
        </button>
        <ExcelButton onClick={() => void exportExcel()} disabled={total === 0} testId="table-export-xlsx" />
        <button type="button" onClick={() => void exportExcel('csv')} disabled={total === 0} title={MESSAGES[lang].exports.csvTitle} data-testid="table-export-csv">
          {MESSAGES[lang].exports.csvButton}
        </button>
      </div>
      <DataTable
        rows={rows}
        views={views}
        sort={sort}
        onSort={(c) => setSort(sort?.column === c ? { column: c, desc: !sort.desc } : { column: c, desc: false })}
        rowKey={(r) => keyOf(r, keyColumn)}
        selectedKeys={selectedSet}
        onRowClick={(r, additive) => {
          const key = keyOf(r, keyColumn);
          if (!layerId || key === null) return;
          const ids = additive && selectedIds ? (selectedSet.has(key) ? selectedIds.filter((x) => x !== key) : [...selectedIds, key]) : [key];
          // bring the clicked row's feature(s) into view
          const project = useAppStore.getState().project.project;
          const def = (LAYERS as Record<string, LayerDefinition>)[layerId];
          const focus = project && def ? featureBounds(project, def, ids) : null;
          setSelection({ layerId, ids, ...(focus ? { focus } : {}) });
        }}
        testId="table-rows"
      />
    </div>
  );
}

/** The table view: every layer's attributes (and imported sheets), sortable, searchable, linked to map selection. */
export const tablesPanel: PanelDefinition = { id: 'tables', title: pair((m) => m.db.tablesTab), order: 60, component: TablesPanel };
