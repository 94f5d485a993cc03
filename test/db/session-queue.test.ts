import { afterAll, describe, expect, test } from 'vitest';
import { computeIndicators, dropAllTables, loadProjectIntoDb, setDbOpener, useDbSession } from '../../src/db/db-session.ts';
import { openNodeDuckDb } from '../../src/db/duckdb-node.ts';
import { nodeSqlSource } from '../../src/db/sql-source-node.ts';
import type { TabularDb } from '../../src/db/tabular-db.ts';
import { createProject, createSmallCounty } from './helpers.ts';

/**
 * The 指标 tab left without cards after an undo of 新建项目 (docs/trust.md, session 17): a project
 * load started while an indicator run was mid-way, on the same DuckDB-wasm connection. The run is
 * held at its first indicator query (its TEMP stand-ins for the empty project's missing tables in
 * place) while the county is loaded; the panel's rule (recompute when the tables' version moved on)
 * is applied as the panel applies it.
 */
describe('one DuckDB-wasm database: a project load during an indicator run', () => {
  let engine: TabularDb | undefined;
  afterAll(async () => {
    await engine?.close();
  });

  test('the load waits for the run (or the run is redone), and the cards come back for the loaded county', async () => {
    engine = await openNodeDuckDb();
    const inner = engine;
    let hold: Promise<void> | null = null;
    let held: (() => void) | null = null;
    let release: () => void = () => {};
    const gated: TabularDb = {
      async query(sql, params, options) {
        if (hold === null && /^CREATE OR REPLACE TABLE "indicator_/.test(sql)) {
          hold = new Promise<void>((ok) => (release = ok));
          held?.();
          await hold;
        }
        return inner.query(sql, params, options);
      },
      insertTable: (name, columns) => inner.insertTable(name, columns),
      close: () => inner.close(),
    };
    setDbOpener(async () => gated);

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
      const reached = new Promise<void>((ok) => (held = ok));
      panel();
      await reached;
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
