import { useState } from 'react';
import { messageInLanguage } from '../../../analysis/user-error';
import { unexpectedFailure } from '../../../layers/load/issues';
import { importTable } from '../../db/db-session';
import { applyMapping, proposeMapping, type ColumnMapping, type MappedLedger } from '../../../layers/load/ledger/mapping';
import { recordsToColumns } from '../../db/ledger-columns';
import { readLedger, type LedgerSheet } from '../../../layers/load/ledger/read-ledger';
import { MESSAGES, useT, useText } from '../../i18n';
import { DataTable } from '../tables/DataTable';
import { columnViews, LEDGER_TABLES, ledgerFieldDef } from '../tables/column-view';
import { useAppStore } from '../../state/store';

type Kind = keyof typeof LEDGER_TABLES;

/**
 * An error of reading or importing a sheet as the user reads it: a userError's own words (Chinese
 * line, then English, naming the file), anything else a plain sentence, never a JavaScript message
 * ("TypeError: …", "Error: …").
 */
function failureText(e: unknown): string {
  const m = unexpectedFailure(e);
  return `${m.zh}\n${m.en}`;
}

/** The database refused the imported table (its own message, first line: no stack), in both languages. */
function importFailureText(table: string, e: unknown): string {
  const m = (e instanceof Error ? e.message : String(e)).split('\n')[0];
  return `${MESSAGES.zh.db.importFailed(table, m)}\n${MESSAGES.en.db.importFailed(table, m)}`;
}

const TARGET_OF = LEDGER_TABLES;

/**
 * Import a ledger (CSV or XLSX): choose what it is, pick the sheet, check the proposed column
 * mapping against a preview, see which rows fail and why, then import it as a table.
 */
export function LedgerImport() {
  const tx = useText();
  const t = useT().db;
  const lang = useAppStore((s) => s.ui.lang);
  const [kind, setKind] = useState<Kind>('task_progress');
  const [sheets, setSheets] = useState<LedgerSheet[]>([]);
  const [sheetIndex, setSheetIndex] = useState(0);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [error, setError] = useState<string | null>(null);
  // what was imported, worded when shown (switching 中文/English re-words it)
  const [done, setDone] = useState<{ table: string; rows: number } | null>(null);
  const [fileName, setFileName] = useState('');
  const target = TARGET_OF[kind];
  const sheet = sheets[sheetIndex];

  let preview: MappedLedger | null = null;
  let previewError: string | null = null;
  if (sheet) {
    try {
      preview = applyMapping(sheet, target, mapping);
    } catch (e) {
      previewError = e instanceof Error ? e.message : String(e);
    }
  }

  const choose = (list: LedgerSheet[], index: number, k: Kind) => {
    setSheets(list);
    setSheetIndex(index);
    setMapping(list[index] ? proposeMapping(list[index].columns, TARGET_OF[k]).mapping : {});
  };

  const onFile = async (file: File | undefined) => {
    setError(null);
    setDone(null);
    if (!file) return;
    try {
      const list = readLedger(file.name, new Uint8Array(await file.arrayBuffer()));
      setFileName(file.name);
      choose(list, 0, kind);
    } catch (e) {
      setSheets([]);
      setError(failureText(e));
    }
  };

  const doImport = async () => {
    if (!preview) return;
    const rows = preview.records;
    // the table is part of the project open at the click: saved with the work, one undo step, loaded
    // into the database again with every new revision of the project (an import of a layer, an
    // undo). Edited before the insert waits for its turn in the database's queue (a load or an
    // indicator run under way): a project opened meanwhile does not get the sheet, and its load,
    // queued after the insert, drops the table
    const app = useAppStore.getState();
    const project = app.project.project;
    if (project) {
      const file = sheets.length > 1 && sheet ? `${fileName}（${sheet.sheet}）` : fileName;
      app.editProject({ ...project, tables: { ...project.tables, [kind]: { target: target.id, file, rows: rows.map((r) => ({ ...r })) } } });
    }
    await importTable(kind, recordsToColumns(rows, target), rows.length);
    setDone({ table: kind, rows: preview.records.length });
  };

  return (
    <div className="ledger-box" data-testid="ledger-import">
      <h4>{t.importLedger}</h4>
      <div className="db-row">
        <label>
          {t.importAs}{' '}
          <select
            value={kind}
            onChange={(e) => {
              const k = e.target.value as Kind;
              setKind(k);
              choose(sheets, sheetIndex, k);
            }}
            data-testid="ledger-kind"
          >
            {(Object.keys(TARGET_OF) as Kind[]).map((k) => (
              <option key={k} value={k}>
                {t.ledgerKinds[k]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="db-row">
        <input type="file" accept=".csv,.txt,.xlsx" onChange={(e) => void onFile(e.target.files?.[0])} data-testid="ledger-file" />
      </div>
      {error ? <div className="db-error">{messageInLanguage(error, lang)}</div> : null}
      {sheets.length > 1 ? (
        <div className="db-row">
          <label>
            {t.sheet}{' '}
            <select value={sheetIndex} onChange={(e) => choose(sheets, Number(e.target.value), kind)}>
              {sheets.map((s, i) => (
                <option key={s.sheet} value={i}>
                  {s.sheet}
                </option>
              ))}
            </select>
          </label>
        </div>
      ) : null}
      {sheet ? (
        <>
          {sheet.notes.map((n, i) => (
            <div className="db-status" role="note" key={i} data-testid="ledger-note">
              {tx(n)}
            </div>
          ))}
          {target.fields.map((f) => (
            <div className="db-row" key={f.name}>
              <span style={{ width: 70 }}>
                {tx(f.label)}
                {f.required ? ' *' : ''}
              </span>
              <select
                value={mapping[f.name] ?? ''}
                data-testid={`ledger-map-${f.name}`}
                onChange={(e) => {
                  const next = { ...mapping };
                  if (e.target.value === '') delete next[f.name];
                  else next[f.name] = Number(e.target.value);
                  setMapping(next);
                }}
              >
                <option value="">{t.notMapped}</option>
                {sheet.columns.map((c, i) => (
                  <option key={i} value={i}>
                    {c}
                  </option>
                ))}
              </select>
            </div>
          ))}
          {previewError ? <div className="db-error">{messageInLanguage(previewError, lang)}</div> : null}
          {preview ? (
            <>
              <div className="db-status">{t.preview}</div>
              <DataTable
                rows={preview.records.slice(0, 8)}
                views={columnViews({ fields: target.fields.map(ledgerFieldDef), layer: false }, target.fields.map((f) => ({ name: f.name, type: f.type === 'number' ? 'DOUBLE' : 'VARCHAR' })), lang)}
                testId="ledger-preview"
              />
              {preview.failures.length + preview.skipped.length > 0 ? (
                <>
                  <div className="db-status">
                    {t.failedRows(sheets.length > 1 ? `${fileName}（${sheet.sheet}）` : fileName, preview.failures.length + preview.skipped.length)}
                  </div>
                  <ul className="ledger-failures" data-testid="ledger-failures">
                    {[...preview.failures, ...preview.skipped].sort((a, b) => a.row - b.row).slice(0, 200).map((f) => (
                      <li key={`${f.row}-${f.field ?? ''}`}>
                        {t.rowReason(f.row, tx(f.reason))}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              <div className="db-row">
                <button type="button" onClick={() => void doImport().catch((e: unknown) => setError(importFailureText(kind, e)))} disabled={preview.records.length === 0} data-testid="ledger-import-button">
                  {t.doImport(preview.records.length)}
                </button>
                {done ? <span data-testid="ledger-done">{t.imported(done.table, done.rows)}</span> : null}
              </div>
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
