import type { LedgerRecord } from '../../layers/load/ledger/mapping.ts';
import type { LedgerTarget } from '../../layers/load/ledger/targets.ts';
import type { TableColumn } from './tabular-db.ts';

/** Columns for {@link TabularDb.insertTable} from mapped records (every target field, typed). */
export function recordsToColumns(records: readonly LedgerRecord[], target: LedgerTarget): Record<string, TableColumn> {
  const out: Record<string, TableColumn> = Object.create(null);
  for (const f of target.fields) {
    if (f.type === 'number') out[f.name] = { type: 'double', values: Float64Array.from(records, (r) => (typeof r[f.name] === 'number' ? (r[f.name] as number) : NaN)) };
    else if (f.type === 'boolean') out[f.name] = { type: 'boolean', values: records.map((r) => (typeof r[f.name] === 'boolean' ? (r[f.name] as boolean) : null)) };
    else out[f.name] = { type: 'varchar', values: records.map((r) => (r[f.name] === null || r[f.name] === undefined ? null : String(r[f.name]))) };
  }
  return { ...out };
}
