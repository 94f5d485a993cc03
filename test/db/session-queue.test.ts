import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { computeIndicators, dropAllTables, importTable, loadProjectIntoDb, setDbOpener, useDbSession } from '../../src/db/db-session.ts';
import { openNodeDuckDb } from '../../src/db/duckdb-node.ts';
import { nodeSqlSource } from '../../src/db/sql-source-node.ts';
import type { TabularDb } from '../../src/db/tabular-db.ts';
import { runConsoleSql } from '../../src/panels/sql/run-console.ts';
import { buildTableQuery, readTableColumns, readTablePage } from '../../src/panels/tables/table-query.ts';
import { createProject, createSmallCounty } from './helpers.ts';

let engine: TabularDb | undefined;
/** Called before every statement and insert the app's database is asked for (`insertTable <name>` for an insert): a test holds one there. */
let before: (what: string) => Promise<void> = async () => {};
/** The app's database: DuckDB-wasm, each call passing {@link before} first. */
const gated: TabularDb = {
  async query(sql, params, options) {
    await before(sql);
    return engine!.query(sql, params, options);
  },
  async insertTable(name, columns) {
    await before(`insertTable ${name}`);
    return engine!.insertTable(name, columns);
  },
  close: () => engine!.close(),
};

/** Holds the first call of the app's database that matches `what` until `release()`; `reached` resolves when it is held. */
function holdAt(what: RegExp): { reached: Promise<void>; release: () => void } {
  let reached: () => void = () => {};
  let release: () => void = () => {};
  const atHold = new Promise<void>((ok) => (reached = ok));
  const hold = new Promise<void>((ok) => (release = ok));
  let held = false;
  before = async (sql) => {
    if (held || !what.test(sql)) return;
    held = true;
    reached();
    await hold;
  };
  return {
    reached: atHold,
    release: () => {
      before = async () => {};
      release();
    },
  };
}

/** Whether `p` settles within 200 turns of the event loop (every chance to run while something is held). */
async function settlesNow(p: Promise<unknown>): Promise<boolean> {
  let settled = false;
  p.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 200 && !settled; i++) await new Promise((ok) => setImmediate(ok));
  return settled;
}

beforeAll(async () => {
  engine = await openNodeDuckDb();
  setDbOpener(async () => gated);
}, 120_000);
afterAll(async () => {
  await engine?.close();
});

/**
 * The 指标 tab left without cards after an undo of 新建项目 (docs/trust.md, session 17): a project
 * load started while an indicator run was mid-way, on the same DuckDB-wasm connection. The run is
 * held at its first indicator query (its TEMP stand-ins for the empty project's missing tables in
 * place) while the county is loaded; the panel's rule (recompute when the tables' version moved on)
 * is applied as the panel applies it.
 */
describe('one DuckDB-wasm database: a project load during an indicator run', () => {
  test('the load waits for the run (or the run is redone), and the cards come back for the loaded county', async () => {
    const inner = engine!;
    const held = holdAt(/^CREATE OR REPLACE TABLE "indicator_/);
    const release = held.release;

    // 新建项目: an empty project (every table the indicators read is missing: TEMP stand-ins)
    await loadProjectIntoDb(createProject({}), 1);
    expect(useDbSession.getState()).toMatchObject({ status: 'ready', revision: 1 });

    // the panel: recompute whenever the tables are ready at a version the indicators were not computed on
    const runs: Promise<unknown>[] = [];
    const errors: string[] = [];
    const panel = () => {
      const s = useDbSession.getState();
      if (s.status !== 'ready' || s.indicatorsVersion === s.version) return;
      runs.push(computeIndicators(nodeSqlSource, {}).catch((e: unknown) => errors.push(e instanceof Error ? e.message : String(e))));
    };
    const unsubscribe = useDbSession.subscribe((s, prev) => {
      if (s.status !== prev.status || s.version !== prev.version) panel();
    });
    try {
      panel();
      await held.reached;
      // undo: the county comes back while the empty project's run is held mid-way
      const load = loadProjectIntoDb(createSmallCounty(), 2);
      // give the load every chance to run now (it must not touch the tables under the held run)
      let loaded = false;
      void load.then(() => (loaded = true));
      for (let i = 0; i < 200 && !loaded; i++) await new Promise((ok) => setImmediate(ok));
      release();
      await load;
      // every run the panel asked for, including the ones asked for while waiting
      for (let n = 0; n < runs.length; n++) await runs[n];
    } finally {
      unsubscribe();
    }
    const s = useDbSession.getState();
    expect(s).toMatchObject({ status: 'ready', revision: 2, message: null });
    expect(s.indicatorsVersion).toBe(s.version);
    // the county's own figures (helpers.ts: 5 enrolled of 7 children aged 3–5), not the empty project's
    const gross = s.indicators?.cards.find((c) => c.id === 'gross_enrolment');
    expect(gross?.value).toBeCloseTo(5 / 7, 12);
    // the county's tables are intact: no TEMP stand-in of the empty project left shadowing them
    const [row] = await inner.query('SELECT count(*) AS n FROM households');
    const households = createSmallCounty().layers.households;
    expect(Number(row.n)).toBe(households.kind === 'columns' ? households.count : -1);
    const temps = await inner.query("SELECT table_name FROM information_schema.tables WHERE table_catalog = 'temp'");
    expect(temps).toEqual([]);
    // and no run failed on the way (before: the load dropped the run's policy table under it)
    expect(errors).toEqual([]);
  }, 120_000);

  test('a load drops the tables of main even where a TEMP stand-in of the same name shadows one (was: "Existing object households is of type View, trying to drop type Table", the load failed)', async () => {
    const db = engine!;
    await db.query('CREATE OR REPLACE TABLE households (id VARCHAR)');
    await db.query('CREATE OR REPLACE TABLE townships (name VARCHAR)');
    // what an indicator run puts in front of them (a column added; a table stood in for)
    await db.query('CREATE OR REPLACE TEMP VIEW households AS SELECT *, NULL::DOUBLE AS persons FROM memory.main.households');
    await db.query('CREATE OR REPLACE TEMP TABLE townships (name VARCHAR)');
    await dropAllTables(db);
    const left = await db.query("SELECT table_catalog AS c, table_name AS t FROM information_schema.tables WHERE table_name IN ('households', 'townships') ORDER BY 1, 2");
    // main's are gone, the stand-ins untouched (the run drops its own)
    expect(left.map((r) => `${String(r.c)}.${String(r.t)}`)).toEqual(['temp.households', 'temp.townships']);
    await db.query('DROP VIEW temp.main.households');
    await db.query('DROP TABLE temp.main.townships');
  }, 60_000);
});

/**
 * The SQL console, the 表格 tab and the ledger import reached the database outside the queue of
 * loads and indicator runs (session 17's "Left"): a load mid-way dropped the tables under them, and
 * an indicator run's TEMP stand-ins showed through. Each is asked for while a load or a run is held
 * mid-way; it must wait for it (not settle while it is held) and then see the loaded tables.
 */
describe('one DuckDB-wasm database: the SQL console, the tables tab and the ledger import in the queue', () => {
  const county = createSmallCounty();
  const households = county.layers.households;
  const householdCount = households?.kind === 'columns' ? households.count : -1;

  test('a console statement asked for while a load is mid-way (every table dropped) waits for it (was: "Table with name households does not exist")', async () => {
    const held = holdAt(/^insertTable households$/);
    const load = loadProjectIntoDb(county, 11);
    await held.reached;
    const run = runConsoleSql('SELECT count(*) AS n FROM households', new AbortController().signal, 'no statement');
    const early = await settlesNow(run);
    held.release();
    await load;
    const out = await run.catch((e: unknown) => (e instanceof Error ? e.message : String(e)));
    expect(out).toEqual({ rows: [{ n: householdCount }], emptyColumns: [], recountError: null, version: useDbSession.getState().version, indicators: null });
    expect(early).toBe(false);
  }, 60_000);

  test('a ledger imported while a load is about to list the tables is not dropped by it (was: gone from the database, and from the session’s tables)', async () => {
    const held = holdAt(/FROM information_schema\.tables/);
    const load = loadProjectIntoDb(county, 12);
    await held.reached;
    const imported = importTable('task_progress', { id: { type: 'varchar', values: ['T1', 'T2', 'T3'] } }, 3);
    const early = await settlesNow(imported);
    held.release();
    await load;
    await imported;
    const inDb = await engine!.query('SELECT count(*) AS n FROM task_progress').then(([row]) => Number(row.n), (e: unknown) => (e instanceof Error ? e.message.split('\n')[0] : String(e)));
    expect(inDb).toBe(3);
    expect(useDbSession.getState().tables.task_progress).toBe(3);
    expect(early).toBe(false);
  }, 60_000);

  test('the tables tab reading while an indicator run is mid-way waits for it: the households’ columns once each, none of the run’s stand-in (was: every column twice and new_user)', async () => {
    await loadProjectIntoDb(county, 13);
    const held = holdAt(/^CREATE OR REPLACE TABLE "indicator_/);
    const run = computeIndicators(nodeSqlSource, {});
    await held.reached;
    // the run's TEMP view in front of the households (the small county has no new_user column)
    const temps = await engine!.query("SELECT table_name AS t, table_type AS k FROM information_schema.tables WHERE table_catalog = 'temp'");
    expect(temps).toContainEqual({ t: 'households', k: 'VIEW' });
    const columns = readTableColumns('households');
    const early = await settlesNow(columns);
    held.release();
    await run;
    const shown = await columns;
    const own = (await engine!.query("SELECT column_name AS c FROM information_schema.columns WHERE table_catalog = current_database() AND table_schema = 'main' AND table_name = 'households' ORDER BY ordinal_position")).map((r) => String(r.c));
    expect(shown.map((c) => c.name)).toEqual(own);
    expect(own).not.toContain('new_user');
    const page = await readTablePage('households', buildTableQuery({ columns: shown, search: '', filter: null, selectedIds: null, keyColumn: null, sort: null }), 0, 100);
    expect(page.total).toBe(householdCount);
    expect(Object.keys(page.rows[0])).toEqual(own);
    expect(early).toBe(false);
  }, 60_000);
});
