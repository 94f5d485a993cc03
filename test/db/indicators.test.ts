import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { INDICATOR_CARDS, INDICATOR_QUERIES, runIndicators, type IndicatorResults } from '../../src/db/indicators.ts';
import { loadProjectTables } from '../../src/db/project-tables.ts';
import { nodeSqlSource } from '../../src/db/sql-source-node.ts';
import type { Row, TabularDb } from '../../src/db/tabular-db.ts';
import { createHouseholds, createProject, createSmallCounty } from './helpers.ts';
import { DB_ENGINES } from './engines.ts';

let db: TabularDb;

async function createResults(params: Record<string, unknown> = {}): Promise<IndicatorResults> {
  await loadProjectTables(db, createSmallCounty());
  for (const t of ['task_progress', 'ledger_old', 'ledger_new']) await db.query(`DROP TABLE IF EXISTS ${t}`);
  return runIndicators(db, nodeSqlSource, params);
}

function byTownship(rows: Row[]): Record<string, Row> {
  return Object.fromEntries(rows.map((r) => [r.level === 'county' ? '(county)' : String(r.township), r]));
}

describe.each(DB_ENGINES)('DuckDB $engine', ({ open }) => {
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.close();
  });

  describe('indicators on the small county of helpers.ts (worked by hand)', () => {
    test('kindergartens: gross enrolment, inclusive and public shares by township and county', async () => {
      const r = byTownship((await createResults()).queries.kindergarten_enrolment);
      // children 3–5: A = 1+2+0+1 = 4; B = 2+0+1 = 3; no township = 0; county 7
      // enrolled: A = K1 2 + K2 1 = 3; B = K3 2; county 5
      // inclusive: K1 public with inclusive missing counts as inclusive (2) + K2 (1) = 3; K3 not → county 3/5
      // public: K1 2 → A 2/3, county 2/5
      expect(r.A).toMatchObject({ children_3_5: 4, enrolled: 3, inclusive_enrolled: 3, public_enrolled: 2, gross_enrolment: 0.75, inclusive_share: 1 });
      expect(r.A.public_share).toBeCloseTo(2 / 3, 12);
      expect(r.B).toMatchObject({ children_3_5: 3, enrolled: 2, inclusive_share: 0, public_share: 0 });
      expect(r.B.gross_enrolment).toBeCloseTo(2 / 3, 12);
      expect(r['未填乡镇']).toMatchObject({ children_3_5: 0, enrolled: 0, gross_enrolment: null });
      expect(r['(county)']).toMatchObject({ children_3_5: 7, enrolled: 5, kindergartens: 3, capacity: 75, inclusive_share: 0.6, public_share: 0.4 });
      expect(r['(county)'].gross_enrolment).toBeCloseTo(5 / 7, 12);
    });

    test('kindergarten cards compare the county value with the seed-000 targets', async () => {
      const res = await createResults();
      const card = (id: string) => res.cards.find((c) => c.id === id)!;
      // 5/7 = 71.4% < 85%; 60% < 80%; 40% < 50%
      expect(card('gross_enrolment')).toMatchObject({ met: false, target: { op: '>=', value: 0.85 } });
      expect(card('inclusive_share')).toMatchObject({ value: 0.6, met: false });
      expect(card('public_share')).toMatchObject({ value: 0.4, met: false });
      expect(card('public_share').byTownship.map((t) => t.township)).toEqual(['A', 'B', '未填乡镇']);
    });

    test('clean coal at 1200 yuan/t: tonnes, subsidies, residents and county share', async () => {
      const r = byTownship((await createResults({ 'coal-price': 1200 })).queries.clean_coal);
      // clean-coal households: H3 (A, 3 t), H4 (A, 1.5 t), H5 (B, 2 t), H8 (no township, tonnes missing → 0)
      // subsidised = min(t, 2): 2 + 1.5 + 2 + 0 = 5.5 t; above the cap: 3 − 2 = 1 t
      // province = city = 5.5 × 100 = 550; residents = 5.5 × 900 + 1 × 1200 = 6150
      // county per subsidised t = 1200 − 100 − 100 − 900 = 100 → 550
      // stoves: 4 households × (500, 300, 200) = 2000, 1200, 800; county total = 550 + 800 = 1350
      // without CO alarm: H4 (false), H8 (missing) = 2
      expect(r['(county)']).toEqual({
        level: 'county', township: null, households: 4, tonnes: 6.5, subsidised_tonnes: 5.5, unsubsidised_tonnes: 1,
        province_subsidy_yuan: 550, city_subsidy_yuan: 550, residents_payment_yuan: 6150, county_coal_subsidy_yuan: 550,
        new_stoves: 4, stove_province_yuan: 2000, stove_city_yuan: 1200, stove_county_yuan: 800, county_total_yuan: 1350,
        new_user_assumed: 4, without_co_alarm: 2, matched_by_number: 0,
      });
      // A: 3.5 t subsidised → 350 each level; residents 3.5 × 900 + 1 × 1200 = 4350; county 350 + 2 × 200 = 750
      expect(r.A).toMatchObject({ households: 2, tonnes: 4.5, subsidised_tonnes: 3.5, residents_payment_yuan: 4350, county_total_yuan: 750, without_co_alarm: 1 });
      expect(r.B).toMatchObject({ households: 1, tonnes: 2, province_subsidy_yuan: 200, without_co_alarm: 0 });
    });

    test('clean coal: only new users get a stove and are checked for an alarm; new by the previous ledger when new_user is missing', async () => {
      await loadProjectTables(db, createSmallCounty());
      await db.query('DROP TABLE IF EXISTS task_progress; DROP TABLE IF EXISTS ledger_new');
      // H3 and H4 were in last season's ledger: not new. New: H5 (B) and H8 (no township).
      await db.query("CREATE OR REPLACE TABLE ledger_old AS SELECT * FROM (VALUES ('H3', 'A', 'clean_coal'), ('H4', 'A', 'clean_coal')) t(id, township, type)");
      const res = await runIndicators(db, nodeSqlSource, { 'coal-price': 1200 });
      const r = byTownship(res.queries.clean_coal);
      // stoves: 2 × (500, 300, 200); county = coal 550 + 400 = 950; without alarm among new: H8 only (H4 is not new)
      expect(r['(county)']).toMatchObject({ households: 4, new_stoves: 2, stove_province_yuan: 1000, stove_county_yuan: 400, county_total_yuan: 950, new_user_assumed: 0, without_co_alarm: 1 });
      expect(r.A).toMatchObject({ new_stoves: 0, without_co_alarm: 0 });
      expect(res.queries.clean_coal_no_alarm.map((x) => [x.household_id, x.new_user_assumed])).toEqual([['H8', false]]);
      await db.query('DROP TABLE ledger_old');
    });

    test('clean coal: the new_user field decides before the ledger — N1 new by its field, N2 old by its field, N3 (missing) old by the previous ledger', async () => {
      const households = createHouseholds([
        { id: 'N1', township: 'A', heating: 'clean_coal', coal_tonnes: 2, co_alarm: false },
        { id: 'N2', township: 'A', heating: 'clean_coal', coal_tonnes: 2, co_alarm: false },
        { id: 'N3', township: 'A', heating: 'clean_coal', coal_tonnes: 2, co_alarm: true },
      ]);
      households.columns.new_user = { type: 'boolean', values: Uint8Array.of(1, 0, 255) };
      await loadProjectTables(db, createProject({ households }));
      for (const t of ['task_progress', 'ledger_new']) await db.query(`DROP TABLE IF EXISTS ${t}`);
      // N3's new_user is missing, and N3 is in the previous ledger: not new. N1 new (no alarm), N2 old.
      await db.query("CREATE OR REPLACE TABLE ledger_old AS SELECT * FROM (VALUES ('N3', 'A', 'clean_coal'), ('N1', 'A', 'clean_coal')) t(id, township, type)");
      const res = await runIndicators(db, nodeSqlSource, { 'coal-price': 1200 });
      expect(byTownship(res.queries.clean_coal)['(county)']).toMatchObject({ households: 3, new_stoves: 1, stove_province_yuan: 500, new_user_assumed: 0, without_co_alarm: 1 });
      expect(res.queries.clean_coal_no_alarm.map((x) => x.household_id)).toEqual(['N1']);
      await db.query('DROP TABLE ledger_old');
    });

    test('clean coal: a household 1 in this year\'s layer and 0001 in last season\'s ledger is not new (Excel dropped the zeros); counted in matched_by_number', async () => {
      const households = createHouseholds([
        { id: '1', township: 'A', heating: 'clean_coal', coal_tonnes: 2, co_alarm: false },
        { id: '2', township: 'A', heating: 'clean_coal', coal_tonnes: 2, co_alarm: false },
        { id: '0003', township: 'A', heating: 'clean_coal', coal_tonnes: 2, co_alarm: false },
      ]);
      await loadProjectTables(db, createProject({ households }));
      for (const t of ['task_progress', 'ledger_new']) await db.query(`DROP TABLE IF EXISTS ${t}`);
      // by hand: 1 ↔ 0001 (one to one) old; 0003 exactly in the ledger, old; 2 has no partner (02 and 002
      // both claim it): new, the only stove, the only one without an alarm. Was: 1 and 2 new (2 stoves).
      await db.query("CREATE OR REPLACE TABLE ledger_old AS SELECT * FROM (VALUES ('0001', 'A', 'clean_coal'), ('0003', 'A', 'clean_coal'), ('02', 'A', 'clean_coal'), ('002', 'A', 'clean_coal')) t(id, township, type)");
      const res = await runIndicators(db, nodeSqlSource, { 'coal-price': 1200 });
      expect(byTownship(res.queries.clean_coal)['(county)']).toMatchObject({ households: 3, new_stoves: 1, without_co_alarm: 1, matched_by_number: 1 });
      expect(res.queries.clean_coal_no_alarm.map((x) => x.household_id)).toEqual(['2']);
      await db.query('DROP TABLE ledger_old');
    });

    test('clean coal: the households without a CO alarm are listed with coordinates', async () => {
      const res = await createResults();
      // H4 (alarm false) and H8 (alarm missing, no township)
      expect(res.queries.clean_coal_no_alarm.map((r) => [r.household_id, r.township, r.co_alarm])).toEqual([
        ['H4', 'A', false],
        ['H8', '未填乡镇', null],
      ]);
      expect(res.queries.clean_coal_no_alarm[0].lon).toBeCloseTo(114.703, 9);
    });

    test('clean coal: a price below 1100 yuan/t leaves the county nothing to pay per tonne', async () => {
      const r = byTownship((await createResults({ 'coal-price': 1000, 'stove-county-yuan': 150 })).queries.clean_coal);
      // county per t = max(1000 − 1100, 0) = 0; stoves 4 × 150 = 600; residents 5.5 × 900 + 1 × 1000 = 5950
      expect(r['(county)']).toMatchObject({ county_coal_subsidy_yuan: 0, stove_county_yuan: 600, county_total_yuan: 600, residents_payment_yuan: 5950 });
    });

    test('clean coal: a county stove subsidy above the 200-yuan cap is refused', async () => {
      await expect(createResults({ 'stove-county-yuan': 250 })).rejects.toThrow(/parameter stove-county-yuan \(County stove subsidy\) is 250, outside the allowed range: 0–200 yuan/);
    });

    test('dilapidated houses: subsidy by category × grade and area-rule breaches', async () => {
      const res = await createResults();
      const r = byTownship(res.queries.dilapidated_houses);
      // H2 A D 低保 30,000; H3 A C 特困 15,000; H5 B D 其他低收入 28,000; H6 B C no category → 0
      expect(r['(county)']).toMatchObject({ households: 4, d_rebuild: 2, c_repair: 2, d_subsidy_yuan: 58000, c_subsidy_yuan: 15000, subsidy_yuan: 73000, no_category: 1, area_rule_breaches: 2 });
      expect(r.A).toMatchObject({ households: 2, subsidy_yuan: 45000, area_rule_breaches: 2 });
      expect(r.B).toMatchObject({ households: 2, subsidy_yuan: 28000, no_category: 1, area_rule_breaches: 0 });
      // H2: 4 persons → 4 × 13 = 52 … 4 × 18 = 72 m², has 80 → too large
      // H3: 1 person → 30 … 60 m², has 25 → too small
      // H5: 2 persons, 50 ≤ 60 ok; H6: 5 persons → 65 … 90, 70 ok
      expect(res.queries.dilapidated_area_rule.map((x) => [x.household_id, x.min_area_m2, x.max_area_m2, x.breach])).toEqual([
        ['H2', 52, 72, 'too_large'],
        ['H3', 30, 60, 'too_small'],
      ]);
      expect(res.queries.dilapidated_area_rule[0]).toHaveProperty('lon');
    });

    test('双代: households by type and towns without a maintenance point', async () => {
      const r = byTownship((await createResults()).queries.dual_conversion);
      // gas: H1 (A), H6 (B); electric: H2 (A); maintenance point M1 in A only → B is flagged
      expect(r.A).toMatchObject({ gas: 1, electric: 1, dual_households: 2, maintenance_points: 1, towns_without_maintenance: 0 });
      expect(r.B).toMatchObject({ gas: 1, electric: 0, dual_households: 1, maintenance_points: 0, towns_without_maintenance: 1 });
      expect(r['(county)']).toMatchObject({ dual_households: 3, maintenance_points: 1, towns_without_maintenance: 1 });
    });

    test('双代 ledgers compared: additions, removals and type changes by household id', async () => {
      await createResults();
      await db.query("CREATE OR REPLACE TABLE ledger_old AS SELECT * FROM (VALUES ('L1','A','gas'), ('L2','A','electric'), ('L3','B','gas')) v(id, township, type)");
      await db.query("CREATE OR REPLACE TABLE ledger_new AS SELECT * FROM (VALUES ('L1','A','gas'), ('L2','A','gas'), ('L4','B','electric'), ('L5','B','gas')) v(id, township, type)");
      const r = byTownship((await runIndicators(db, nodeSqlSource)).queries.dual_conversion_compare);
      // A: L1 same, L2 gas ← electric (type change); B: L3 removed, L4 and L5 added
      expect(r.A).toMatchObject({ households_new: 2, households_old: 2, additions: 0, removals: 0, type_changes: 1 });
      expect(r.B).toMatchObject({ households_new: 2, households_old: 1, additions: 2, removals: 1, type_changes: 0 });
      expect(r['(county)']).toMatchObject({ households_new: 4, households_old: 3, additions: 2, removals: 1, type_changes: 1 });
    });

    test('户号 0001 in one ledger and 1 in the other (Excel dropped the zeros) is one household, named in matched_by_number_ids', async () => {
      await createResults();
      // old (typed as text): 0001 A gas, 0002 A gas, 0010 B gas, 07 B gas, 7 B electric, X9 B gas
      // new (a number column in Excel): 1 A gas, 2 A electric, 10 B gas, 007 B gas, 3 B gas, 09 B gas
      // by hand: 0001=1 (same), 0002=2 (type change), 0010=10 (same) match by number, one to one.
      // 007 has two old ids of its number (07 and 7, and 7 has no exact match either): not matched —
      // 07 and 7 are removals, 007 an addition. 3 is new; 09 ≠ X9 (X9 is not all digits): 09 added, X9 removed.
      await db.query("CREATE OR REPLACE TABLE ledger_old AS SELECT * FROM (VALUES ('0001','A','gas'), ('0002','A','gas'), ('0010','B','gas'), ('07','B','gas'), ('7','B','electric'), ('X9','B','gas')) v(id, township, type)");
      await db.query("CREATE OR REPLACE TABLE ledger_new AS SELECT * FROM (VALUES ('1','A','gas'), ('2','A','electric'), ('10','B','gas'), ('007','B','gas'), ('3','B','gas'), ('09','B','gas')) v(id, township, type)");
      const r = byTownship((await runIndicators(db, nodeSqlSource)).queries.dual_conversion_compare);
      expect(r.A).toMatchObject({ households_new: 2, households_old: 2, additions: 0, removals: 0, type_changes: 1, matched_by_number: 2, matched_by_number_ids: '0001=1、0002=2' });
      // B: old 0010, 07, 7, X9 (4); new 10, 007, 3, 09 (4); 0010=10 matched; added 007, 3, 09; removed 07, 7, X9
      expect(r.B).toMatchObject({ households_new: 4, households_old: 4, additions: 3, removals: 3, type_changes: 0, matched_by_number: 1, matched_by_number_ids: '0010=10' });
      expect(r['(county)']).toMatchObject({ households_new: 6, households_old: 6, additions: 3, removals: 3, type_changes: 1, matched_by_number: 3, matched_by_number_ids: '0001=1、0002=2、0010=10' });
      // an exact match is never replaced: L1 in both stays L1 (the old test's ledgers give matched_by_number 0)
      await db.query("CREATE OR REPLACE TABLE ledger_old AS SELECT * FROM (VALUES ('01','A','gas'), ('1','A','gas')) v(id, township, type)");
      await db.query("CREATE OR REPLACE TABLE ledger_new AS SELECT * FROM (VALUES ('1','A','gas')) v(id, township, type)");
      const exact = byTownship((await runIndicators(db, nodeSqlSource)).queries.dual_conversion_compare);
      // 1 = 1 exactly; 01 has no partner left (1 is taken): one removal
      expect(exact.A).toMatchObject({ households_new: 1, households_old: 2, additions: 0, removals: 1, matched_by_number: 0, matched_by_number_ids: '' });
    });

    test('task progress per town against its target', async () => {
      await createResults();
      await db.query("CREATE OR REPLACE TABLE task_progress AS SELECT township, target::DOUBLE AS target, completed::DOUBLE AS completed FROM (VALUES ('A', 10, 8), ('B', 5, 5), ('C', 4, NULL)) v(township, target, completed)");
      const r = byTownship((await runIndicators(db, nodeSqlSource)).queries.task_progress);
      // A 8/10 = 0.8 (behind); B 5/5 = 1; C no completion reported (behind)
      // county: target 19, completed 13 → 13/19; towns behind 2; 双代 households in the layer A 2 + B 1 + C 0 = 3
      expect(r.A).toMatchObject({ target: 10, completed: 8, completion_rate: 0.8, towns_behind: 1, dual_households_in_layer: 2 });
      expect(r.B).toMatchObject({ completion_rate: 1, towns_behind: 0, dual_households_in_layer: 1 });
      expect(r.C).toMatchObject({ completed: null, completion_rate: null, towns_behind: 1, dual_households_in_layer: 0 });
      expect(r['(county)']).toMatchObject({ target: 19, completed: 13, towns_behind: 2, dual_households_in_layer: 3 });
      expect(r['(county)'].completion_rate).toBeCloseTo(13 / 19, 12);
    });

    test('without a task sheet or ledgers the indicators still run, with empty results', async () => {
      const res = await createResults();
      expect(res.queries.task_progress).toEqual([
        { level: 'county', township: null, target: null, completed: null, completion_rate: null, towns_behind: 0, dual_households_in_layer: null },
      ]);
      expect(res.cards.find((c) => c.id === 'task_completion')).toMatchObject({ value: null, met: null });
    });
  });

  describe('indicator result tables', () => {
    test('each query result is kept as indicator_<id> for the SQL console', async () => {
      const res = await createResults();
      expect(await db.query('SELECT * FROM indicator_clean_coal')).toEqual(res.queries.clean_coal);
    });
  });
});

describe('registry', () => {
  test('every card points at a query and every query file exists', () => {
    const ids = new Set(INDICATOR_QUERIES.map((q) => q.id));
    for (const c of INDICATOR_CARDS) expect(ids.has(c.query)).toBe(true);
    for (const c of INDICATOR_CARDS) if (c.mapQuery) expect(ids.has(c.mapQuery)).toBe(true);
    for (const q of INDICATOR_QUERIES) expect(nodeSqlSource(q.file)).toMatch(/SELECT/);
  });
});
