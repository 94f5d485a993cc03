import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { figureStatus, type FigureRules } from '../../src/db/indicator-status.ts';
import { INDICATOR_CARDS, runIndicators, townshipsAboveNote, type IndicatorCardValue, type IndicatorResults } from '../../src/db/indicators.ts';
import { loadProjectTables } from '../../src/db/project-tables.ts';
import { nodeSqlSource } from '../../src/db/sql-source-node.ts';
import type { TabularDb } from '../../src/db/tabular-db.ts';
import { createHouseholds, createPointLayer, createProject, createSmallCounty } from './helpers.ts';
import { DB_ENGINES } from './engines.ts';

let db: TabularDb;

/** Cards that read the households table. */
const HOUSEHOLD_CARDS = INDICATOR_CARDS.filter((c) => 'households' in c.needs).map((c) => c.id);

async function createSmallCountyDb(): Promise<void> {
  await db.query('DROP TABLE IF EXISTS townships');
  await loadProjectTables(db, createSmallCounty());
  for (const t of ['task_progress', 'ledger_old', 'ledger_new']) await db.query(`DROP TABLE IF EXISTS ${t}`);
}

/** The demo county, read once for both engines (the project is not modified by loading it). */
let demoRead: ReturnType<typeof loadProjectDir> | undefined;
async function demoProject(): Promise<Awaited<ReturnType<typeof loadProjectDir>>['project']> {
  demoRead ??= loadProjectDir('data/demo');
  return (await demoRead).project;
}

function byId(res: IndicatorResults): Record<string, IndicatorCardValue> {
  return Object.fromEntries(res.cards.map((c) => [c.id, c]));
}

describe('figureStatus (pure)', () => {
  const why = { zh: '不能超过100%', en: 'cannot exceed 100%' };
  const rules: FigureRules = { column: 'share', needs: {}, denominator: { column: 'n', what: { zh: '人数', en: 'people' } }, plausible: { min: 0, max: 1, why }, target: { op: '>=', value: 0.5 } };

  test('a share within its range is compared with its target', () => {
    expect(figureStatus(rules, { share: 0.6, n: 10 }, [])).toEqual({ status: 'ok', value: 0.6, met: true, issues: [] });
    expect(figureStatus(rules, { share: 0.4, n: 10 }, [])).toEqual({ status: 'fail', value: 0.4, met: false, issues: [] });
  });

  test('a share above 100% is implausible, never ✓', () => {
    expect(figureStatus(rules, { share: 1.2, n: 10 }, [])).toEqual({ status: 'implausible', value: 1.2, met: null, issues: [{ kind: 'out-of-range', value: 1.2, min: 0, max: 1, why }] });
  });

  test('a zero denominator is no data, even when the value is a number', () => {
    expect(figureStatus(rules, { share: 0.7, n: 0 }, [])).toMatchObject({ status: 'no-data', value: null, met: null, issues: [{ kind: 'zero-denominator', column: 'n' }] });
  });

  test('a missing table is no data; a count over it is not 0', () => {
    const count: FigureRules = { column: 'k', needs: { t: ['x'] }, target: { op: '<=', value: 0 } };
    expect(figureStatus(count, { k: 0 }, [{ kind: 'table-missing', table: 't' }])).toEqual({ status: 'no-data', value: null, met: null, issues: [{ kind: 'table-missing', table: 't' }] });
  });
});

describe.each(DB_ENGINES)('DuckDB $engine', ({ open }) => {
  beforeAll(async () => {
    db = await open();
  });
  afterAll(async () => {
    await db?.close();
  });

  describe('indicators on missing, empty or absurd data never show ✓', () => {
    test('households dropped (as in the SQL console): every card reading it is no-data, naming the table', async () => {
      await createSmallCountyDb();
      await db.query('DROP TABLE households');
      const cards = byId(await runIndicators(db, nodeSqlSource));
      for (const id of HOUSEHOLD_CARDS) {
        expect(cards[id], id).toMatchObject({ status: 'no-data', value: null, met: null });
        expect(cards[id].issues, id).toContainEqual({ kind: 'table-missing', table: 'households' });
        expect(cards[id].byTownship.every((t) => t.status === 'no-data'), id).toBe(true);
      }
      // before the fix these three were 0 ≤ 0 ✓
      expect(HOUSEHOLD_CARDS).toEqual(expect.arrayContaining(['clean_coal_without_alarm', 'dilapidated_area_breaches', 'towns_without_maintenance']));
      // kindergartens alone still give the two shares (small county: 3/5 and 2/5)
      expect(cards.inclusive_share).toMatchObject({ status: 'fail', value: 0.6 });
      expect(cards.public_share).toMatchObject({ status: 'fail', value: 0.4 });
    });

    test('the run leaves a dropped table dropped: the next run still says "does not exist"', async () => {
      await createSmallCountyDb();
      await db.query('DROP TABLE households');
      await db.query('ALTER TABLE kindergartens DROP COLUMN ownership');
      await runIndicators(db, nodeSqlSource);
      const cards = byId(await runIndicators(db, nodeSqlSource));
      expect(cards.clean_coal_households.issues).toEqual([{ kind: 'table-missing', table: 'households' }]);
      expect(cards.public_share.issues).toEqual([{ kind: 'column-missing', table: 'kindergartens', column: 'ownership' }]);
      await expect(db.query('SELECT * FROM households')).rejects.toThrow(/households does not exist/);
      expect(await db.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'kindergartens' AND column_name = 'ownership'")).toEqual([]);
    });

    test('households emptied: no data, "table has no rows"', async () => {
      await createSmallCountyDb();
      await db.query('DELETE FROM households');
      const res = await runIndicators(db, nodeSqlSource);
      for (const c of res.cards.filter((c) => HOUSEHOLD_CARDS.includes(c.id))) {
        expect(c.status, c.id).toBe('no-data');
        expect(c.issues, c.id).toContainEqual({ kind: 'table-empty', table: 'households' });
      }
      expect(res.data.households).toMatchObject({ rows: 0 });
    });

    test('a column dropped or all NULL: no data, naming the column', async () => {
      await createSmallCountyDb();
      await db.query('ALTER TABLE households DROP COLUMN co_alarm');
      let cards = byId(await runIndicators(db, nodeSqlSource));
      expect(cards.clean_coal_without_alarm).toMatchObject({ status: 'no-data', issues: [{ kind: 'column-missing', table: 'households', column: 'co_alarm' }] });
      await createSmallCountyDb();
      await db.query('UPDATE households SET floor_area_m2 = NULL');
      cards = byId(await runIndicators(db, nodeSqlSource));
      expect(cards.dilapidated_area_breaches).toMatchObject({ status: 'no-data', issues: [{ kind: 'column-empty', table: 'households', column: 'floor_area_m2' }] });
      // the others are untouched: 2 households without alarm (H4, H8) ✗
      expect(cards.clean_coal_without_alarm).toMatchObject({ status: 'fail', value: 2 });
    });

    test('zero denominators: no children 3–5, no clean-coal, no C/D and no 双代 households', async () => {
      const households = createHouseholds([
        { id: 'H1', township: 'A', heating: 'other', persons: 2, children_3_5: 0, house_grade: 'A', floor_area_m2: 50, co_alarm: true, coal_tonnes: 0, low_income: 'destitute' },
      ]);
      const kindergartens = createPointLayer('kindergartens', [{ id: 'K1', lon: 114.7, township: 'A', ownership: 'public', enrolled: 0, capacity: 30 }]);
      const servicePoints = createPointLayer('servicePoints', [{ id: 'M1', lon: 114.7, township: 'A', kind: 'maintenance' }]);
      await db.query('DROP TABLE IF EXISTS townships');
      await loadProjectTables(db, createProject({ households, kindergartens, servicePoints }));
      const cards = byId(await runIndicators(db, nodeSqlSource));
      const zero = (id: string) => cards[id].issues.find((i) => i.kind === 'zero-denominator');
      for (const [id, column] of [
        ['gross_enrolment', 'children_3_5'],
        ['inclusive_share', 'enrolled'],
        ['public_share', 'enrolled'],
        ['clean_coal_without_alarm', 'new_stoves'],
        ['dilapidated_area_breaches', 'households'],
        ['towns_without_maintenance', 'dual_households'],
      ]) {
        expect(cards[id], id).toMatchObject({ status: 'no-data', met: null });
        expect(zero(id), id).toMatchObject({ column });
      }
      // counts without a denominator are real zeros
      expect(cards.clean_coal_households).toMatchObject({ status: 'ok', value: 0 });
    });

    test('a public share above 100% (a negative enrolment) is implausible, not ✓', async () => {
      await createSmallCountyDb();
      // K1 public 2 → 10; K3 private 2 → −6: enrolled 10 + 1 − 6 = 5, public 10 → 200%
      await db.query("UPDATE kindergartens SET enrolled = CASE id WHEN 'K1' THEN 10 WHEN 'K3' THEN -6 ELSE enrolled END");
      const cards = byId(await runIndicators(db, nodeSqlSource));
      expect(cards.public_share).toMatchObject({ status: 'implausible', value: 2, met: null, issues: [{ kind: 'out-of-range', value: 2, min: 0, max: 1 }] });
    });
  });

  describe('the run does not change the user\'s tables', () => {
    test('text numbers are read as numbers and a missing column as NULL, through temporary views; the table keeps its shape', async () => {
      await createSmallCountyDb();
      await db.query('CREATE OR REPLACE TABLE kindergartens AS SELECT * EXCLUDE (capacity) REPLACE (CAST(enrolled AS VARCHAR) AS enrolled) FROM kindergartens');
      const cards = byId(await runIndicators(db, nodeSqlSource));
      // enrolled '2', '1', '2' read as 2 + 1 + 2 = 5; public 2/5
      expect(cards.public_share).toMatchObject({ status: 'fail', value: 0.4 });
      const cols = await db.query("SELECT column_name AS c, data_type AS t FROM information_schema.columns WHERE table_catalog = current_database() AND table_name = 'kindergartens' AND column_name IN ('enrolled', 'capacity')");
      expect(cols).toEqual([{ c: 'enrolled', t: 'VARCHAR' }]);
      expect(await db.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_catalog = 'temp'")).toEqual([{ n: 0 }]);
    });

    test('a sheet imported while the indicators run is kept', async () => {
      await createSmallCountyDb();
      const running = runIndicators(db, nodeSqlSource);
      const imported = db.insertTable('task_progress', {
        township: { type: 'varchar', values: ['A'] },
        target: { type: 'double', values: [10] },
        completed: { type: 'double', values: [8] },
      });
      await Promise.all([running, imported]);
      expect(await db.query('SELECT township, target, completed FROM task_progress')).toEqual([{ township: 'A', target: 10, completed: 8 }]);
      const cards = byId(await runIndicators(db, nodeSqlSource));
      expect(cards.task_completion).toMatchObject({ status: 'fail', value: 0.8 });
    });
  });

  describe('the demo county', () => {
    let demo: Awaited<ReturnType<typeof loadProjectDir>>['project'];
    beforeAll(async () => {
      demo = await demoProject();
    });

    test('its figures and verdicts are unchanged (README: 88.0 % ✓, 78.0 % ✗, 53.0 % ✓)', async () => {
      await db.query('DROP TABLE IF EXISTS task_progress');
      await loadProjectTables(db, demo);
      const cards = byId(await runIndicators(db, nodeSqlSource));
      expect(cards.gross_enrolment.value).toBeCloseTo(18639 / 21181, 12);
      expect(cards.gross_enrolment).toMatchObject({ status: 'ok', met: true, issues: [] });
      expect(cards.inclusive_share).toMatchObject({ status: 'fail', met: false });
      expect(cards.inclusive_share.value!.toFixed(3)).toBe('0.780');
      expect(cards.public_share).toMatchObject({ status: 'ok', met: true });
      expect(cards.public_share.value!.toFixed(3)).toBe('0.530');
      expect(cards.clean_coal_without_alarm).toMatchObject({ status: 'fail', value: 2376 });
      expect(cards.dilapidated_area_breaches).toMatchObject({ status: 'fail', value: 31 });
      expect(cards.towns_without_maintenance).toMatchObject({ status: 'fail', value: 1 });
      expect(cards.clean_coal_households).toMatchObject({ status: 'ok', value: 47248 });
      // no task sheet imported
      expect(cards.task_completion).toMatchObject({ status: 'no-data', value: null, issues: [{ kind: 'table-missing', table: 'task_progress' }] });
      // 恒州镇 166.7 % is high (children from other townships) but plausible
      expect(cards.gross_enrolment.byTownship.find((t) => t.township === '恒州镇')).toMatchObject({ status: 'ok' });
    });

    test('a households file of 4 rows: gross enrolment 621300 % is implausible, and no card reading households is ✓', async () => {
      const four = createHouseholds([
        { id: 'X1', township: '恒州镇', heating: 'clean_coal', persons: 3, children_3_5: 1, coal_tonnes: 2, co_alarm: true, house_grade: 'C', low_income: 'destitute', floor_area_m2: 50 },
        { id: 'X2', township: '恒州镇', heating: 'gas', persons: 2, children_3_5: 1, co_alarm: true, house_grade: 'A', floor_area_m2: 50 },
        { id: 'X3', township: '羊平镇', heating: 'electric', persons: 2, children_3_5: 1, co_alarm: true, house_grade: 'A', floor_area_m2: 50 },
        { id: 'X4', township: '羊平镇', heating: 'clean_coal', persons: 4, children_3_5: 0, coal_tonnes: 1, co_alarm: true, house_grade: 'A', floor_area_m2: 60 },
      ]);
      await loadProjectTables(db, { ...demo, layers: { ...demo.layers, households: four } });
      const res = await runIndicators(db, nodeSqlSource);
      const cards = byId(res);
      // 18,639 enrolled ÷ 3 children = 6213 = 621300 %
      expect(cards.gross_enrolment.value).toBeCloseTo(6213, 9);
      expect(cards.gross_enrolment).toMatchObject({ status: 'implausible', met: null });
      expect(cards.gross_enrolment.issues).toContainEqual(expect.objectContaining({ kind: 'out-of-range', value: 6213, max: 2 }));
      // the 4 rows cover 2 of the 18 townships
      expect(cards.gross_enrolment.issues).toContainEqual({ kind: 'townships-missing', table: 'households', missing: 16, total: 18, examples: ['下河乡', '东旺乡', '产德乡'] });
      for (const id of HOUSEHOLD_CARDS) expect(cards[id].status, id).not.toBe('ok');
      // every household has an alarm: 0 ≤ 0 would be ✓ — but only 2 of 18 townships are in the file
      expect(cards.clean_coal_without_alarm).toMatchObject({ status: 'implausible', value: 0 });
      // kindergartens are complete: their shares are unchanged
      expect(cards.public_share).toMatchObject({ status: 'ok' });
    });
  });
});

describe('townshipsAboveNote (pure)', () => {
  test('lists the plausible townships above the card\'s limit, highest first; implausible and no-data ones are not listed', () => {
    const gross = INDICATOR_CARDS.find((c) => c.id === 'gross_enrolment')!;
    expect(gross.aboveNote?.value).toBe(1);
    const byTownship = [
      { township: '甲镇', value: 1.2, status: 'ok' as const },
      { township: '乙乡', value: 0.8, status: 'fail' as const },
      { township: '丙乡', value: 1.6, status: 'ok' as const },
      { township: '丁乡', value: 2.5, status: 'implausible' as const },
      { township: '戊乡', value: null, status: 'no-data' as const },
      { township: '己乡', value: 1, status: 'ok' as const },
    ];
    expect(townshipsAboveNote({ aboveNote: gross.aboveNote, byTownship })).toEqual([
      { township: '丙乡', value: 1.6 },
      { township: '甲镇', value: 1.2 },
    ]);
    // a card without a note lists none, whatever its values
    expect(townshipsAboveNote({ aboveNote: undefined, byTownship })).toEqual([]);
  });
});
