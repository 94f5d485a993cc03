import { describe, expect, test } from 'vitest';
import { emptyDbSession } from '../../src/db/db-session.ts';
import type { IndicatorResults } from '../../src/db/indicators.ts';
import type { Row } from '../../src/db/tabular-db.ts';
import {
  KEEP_CELLS,
  SHOWN_ROWS,
  consoleFailed,
  consoleLeft,
  consoleRan,
  emptyConsole,
  indicatorStamp,
  readsIndicatorTables,
  resultStatus,
  type SqlConsoleState,
} from '../../src/panels/sql/console-store.ts';

/** A console that ran `sql` and got `n` rows of `cols` columns, on tables version 3. */
function createRan(n: number, cols: number, sql = 'SELECT * FROM households', extra: (i: number) => Row = () => ({})): SqlConsoleState {
  const names = Array.from({ length: cols }, (_, c) => `c${c}`);
  const rows = Array.from({ length: n }, (_, i) => ({ ...Object.fromEntries(names.map((c) => [c, i])), ...extra(i) }));
  return consoleRan(emptyConsole(), { result: { sql, rows, columns: Object.keys(rows[0] ?? {}), version: 3, indicators: null }, problem: null });
}

describe('the SQL console keeps its last result when its tab is left', () => {
  test('a result within the cap is kept whole (export and map need every row)', () => {
    const s = createRan(KEEP_CELLS / 10, 10);
    const left = consoleLeft(s);
    expect(left).toBe(s);
    expect(left.result!.rows.length).toBe(KEEP_CELLS / 10);
    expect(left.result!.trimmed).toBe(false);
  });

  test('a larger one keeps the rows shown, says how many there were, and does not hold the rest', () => {
    const s = createRan(KEEP_CELLS / 10 + 1, 10);
    const left = consoleLeft(s);
    expect(left.result!.rows).toHaveLength(SHOWN_ROWS);
    expect(left.result!.rows[SHOWN_ROWS - 1]).toEqual(s.result!.rows[SHOWN_ROWS - 1]);
    expect(left.result!.total).toBe(KEEP_CELLS / 10 + 1);
    expect(left.result!.trimmed).toBe(true);
    // leaving again changes nothing
    expect(consoleLeft(left)).toBe(left);
    // the input is not changed
    expect(s.result!.rows).toHaveLength(KEEP_CELLS / 10 + 1);
  });

  test('a failed or cancelled run shows no result', () => {
    const s = consoleFailed(createRan(3, 2), { problem: null, cancelled: true });
    expect(s.result).toBeNull();
    expect(s.cancelled).toBe(true);
  });
});

describe('a kept result is stale once the data it read changed', () => {
  const session = { ...emptyDbSession(), version: 3 };
  const indicators = {} as IndicatorResults;

  test('current on the same tables; stale once they changed (a load, an import, a statement that changes tables)', () => {
    const r = createRan(3, 2).result!;
    expect(resultStatus(r, session)).toBe('current');
    expect(resultStatus(r, { ...session, version: 4 })).toBe('stale');
  });

  test('a result of an indicator table goes stale when the indicators are computed again (other parameters), another does not', () => {
    const ran = { ...session, indicators, indicatorsVersion: 3, indicatorParams: { 'coal-price': 1200 } };
    const fromIndicators = { ...createRan(3, 2, 'SELECT * FROM indicator_clean_coal').result!, indicators: indicatorStamp(ran) };
    const fromHouseholds = createRan(3, 2).result!;
    const again = { ...ran, indicators: { ...indicators }, indicatorParams: { 'coal-price': 1500 } };
    expect(resultStatus(fromIndicators, ran)).toBe('current');
    expect(resultStatus(fromIndicators, again)).toBe('stale');
    expect(resultStatus(fromHouseholds, again)).toBe('current');
  });

  test('which statements read the tables an indicator run writes', () => {
    expect(readsIndicatorTables('SELECT * FROM indicator_clean_coal')).toBe(true);
    expect(readsIndicatorTables('select coal_price from POLICY')).toBe(true);
    expect(readsIndicatorTables('SELECT * FROM dilapidated_subsidy')).toBe(true);
    expect(readsIndicatorTables('SELECT policy_x FROM households')).toBe(false);
    expect(readsIndicatorTables('SELECT count(*) FROM households')).toBe(false);
  });
});
