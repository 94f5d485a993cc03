import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import { loadProjectDir } from '../../cli/load-project-dir.ts';
import { villageCentres } from '../../analysis/hydrant-gap-places.ts';
import { scenarioIndicators } from '../../analysis/scenario-indicators.ts';
import { siteFireStations } from '../../analysis/site-fire-stations.ts';
import { siteKindergartens } from '../../analysis/site-kindergartens.ts';
import { kindergartenAccess } from '../../analysis/kindergarten-access.ts';
import { featureTownships } from '../../analysis/household-townships.ts';
import { resolveParams } from '../../analysis/params.ts';
import { ALL_RULE_PARAMS, runRules } from '../../analysis/rules/run-rules.ts';
import { rulesInputOf } from '../../analysis/rules/rule.ts';
import { LAYERS } from '../../layers/index.ts';
import type { ColumnLayerData, Project } from '../../layers/types.ts';
import { openNodeDb } from '../../src/db/duckdb-node.ts';
import { runIndicators } from '../../src/db/indicators.ts';
import { readSchema } from '../../src/db/indicator-status.ts';
import { loadProjectTables } from '../../src/db/project-tables.ts';
import { nodeSqlSource } from '../../src/db/sql-source-node.ts';
import type { Row } from '../../src/db/tabular-db.ts';
import { buildSearchIndex } from '../../src/map/search-index.ts';
import { EXAMPLE_QUERIES } from '../../src/panels/sql/saved-queries.ts';
import { analyze, analyzeHere, csvRows } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';

/**
 * Session 19: one township per household in every figure — the `township` column where filled,
 * else the township polygon the household lies in (householdTownshipsOf) — in the indicator SQL
 * (CLI on native DuckDB, the app's DuckDB-wasm), the scenario figures, the village centres of the
 * hydrant gaps, the planning rules, the map search and the province table. Before, all of these
 * read the column alone: a county whose household file lacks it (or has blanks) got 未填乡镇 here
 * and township rows in the fire and kindergarten panels.
 *
 * Worked by hand on the two-township county of the batch tests (test/support/two-township-county.ts):
 *   甲乡 lon 116.00–116.01, 乙镇 116.01–116.02, lat 39.00–39.01; households on lat 39.0052.
 *
 *   household  lon      column (blanks)  → township   no column → township   village  heating     persons children grade/category  m²   coal t  alarm new
 *   H1         116.002  甲乡             → 甲乡 field  → 甲乡 polygon          东关村   clean_coal  2       1        D 低保           70   2       no    yes
 *   H2         116.015  ''               → 乙镇 polygon → 乙镇 polygon         东关村   gas         3       1        C 特困           50
 *   H3         116.004  ''               → 甲乡 polygon → 甲乡 polygon         西营村   clean_coal  4       0        D 低保           40   3       no    yes
 *   H4         116.030  '' (outside)     → none         → none                 南庄村   electric    1       1        C (none)         20
 *   H5         116.018  甲乡 (in 乙镇)    → 甲乡 field   → 乙镇 polygon         北街村   clean_coal  5       2                              1.5     no    yes
 *
 *   Kindergartens: K1 甲乡中心园 public, township 甲乡, at 116.002, 10 places, 3 enrolled;
 *                  K2 乙镇中心幼儿园 public, NO township, at 116.016 (in 乙镇), 20 places, 2 enrolled.
 *   Maintenance points: M1 township 乙镇 at 116.016; M2 NO township at 116.005 (in 甲乡).
 *   Task sheet: 乙镇 5 → 3 done, 甲乡 4 → 4 done.
 *
 * Area rule (seed 000): H1 2 persons 70 m² > 60 → too_large; H3 4 persons 40 < 4 × 13 → too_small;
 * H4 1 person 20 < 30 → too_small; H2 3 persons 50 ≤ 60 passes. Subsidies: D 低保 30,000, C 特困 15,000.
 */
const tmp = tempDirs();
const X = [116.002, 116.015, 116.004, 116.03, 116.018];
const BLANKS = ['甲乡', '', '', '', '甲乡'];

function writeCounty(dir: string, townships: readonly string[] | null): string {
  mkdirSync(dir, { recursive: true });
  const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
  const square = (n: string, x0: number, x1: number) => ({ type: 'Feature', properties: { name: n }, geometry: { type: 'Polygon', coordinates: [[[x0, 39], [x1, 39], [x1, 39.01], [x0, 39.01], [x0, 39]]] } });
  const point = (properties: Record<string, unknown>, x: number, y = 39.006) => ({ type: 'Feature', properties, geometry: { type: 'Point', coordinates: [x, y] } });
  writeFileSync(join(dir, 'project.json'), JSON.stringify({ name: 'two-townships' }));
  writeFileSync(join(dir, 'townships.geojson'), fc([square('甲乡', 116, 116.01), square('乙镇', 116.01, 116.02)]));
  writeFileSync(
    join(dir, 'kindergartens.geojson'),
    fc([
      point({ id: 'K1', name: '甲乡中心园', ownership: 'public', township: '甲乡', capacity: 10, enrolled: 3 }, 116.002),
      point({ id: 'K2', name: '乙镇中心幼儿园', ownership: 'public', capacity: 20, enrolled: 2 }, 116.016),
    ]),
  );
  writeFileSync(
    join(dir, 'service_points.geojson'),
    fc([point({ id: 'M1', name: '乙镇维修站', kind: 'maintenance', township: '乙镇' }, 116.016), point({ id: 'M2', name: '西营维修站', kind: 'maintenance' }, 116.005)]),
  );
  const head = ['id', 'lon', 'lat', ...(townships ? ['township'] : []), 'village', 'heating', 'persons', 'children_3_5', 'house_grade', 'low_income', 'floor_area_m2', 'coal_tonnes', 'co_alarm', 'new_user'];
  const rest = [
    ['东关村', 'clean_coal', 2, 1, 'D', 'minimum_living', 70, 2, 'false', 'true'],
    ['东关村', 'gas', 3, 1, 'C', 'destitute', 50, '', '', ''],
    ['西营村', 'clean_coal', 4, 0, 'D', 'minimum_living', 40, 3, 'false', 'true'],
    ['南庄村', 'electric', 1, 1, 'C', '', 20, '', '', ''],
    ['北街村', 'clean_coal', 5, 2, '', '', '', 1.5, 'false', 'true'],
  ];
  const rows = X.map((x, i) => [`H${i + 1}`, x, 39.0052, ...(townships ? [townships[i]] : []), ...rest[i]].join(','));
  writeFileSync(join(dir, 'households.csv'), `${head.join(',')}\n${rows.join('\n')}\n`);
  writeFileSync(join(dir, 'tasks.csv'), '乡镇,任务数,完成数\n乙镇,5,3\n甲乡,4,4\n');
  return dir;
}

/** Rows by township of a query (township rows only), each cut to `cols`. */
function byTownship(rows: readonly Row[], cols: string[]): Record<string, (string | number | null)[]> {
  return Object.fromEntries(rows.filter((r) => r.level === 'township').map((r) => [String(r.township), cols.map((c) => (typeof r[c] === 'bigint' ? Number(r[c]) : (r[c] as string | number | null)))]));
}
const county = (rows: readonly Row[], col: string) => Number(rows.find((r) => r.level === 'county')?.[col]);
const households = (rows: readonly Row[]) => rows.map((r) => [r.household_id, r.township, r.township_source]).sort();

async function cliIndicators(data: string): Promise<{ queries: Record<string, Row[]>; cards: { id: string; value: number | null; status: string; issues: { kind: string }[] }[] }> {
  const out = join(data, '..', `${data.split('/').at(-1)}-out`);
  const r = await analyzeHere(['indicators', '--data', data, '--out', out, '--tasks', join(data, 'tasks.csv')]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(readFileSync(join(out, 'indicators.json'), 'utf8'));
}

/** The expected figures of both counties (see the table above). */
const EXPECTED = {
  blanks: {
    // children and households where they live; enrolment where the kindergarten is (K2 by its polygon)
    kindergartens: { 甲乡: [3, 3, 1, 3], 乙镇: [1, 1, 1, 2], 未填乡镇: [1, 1, 0, 0] },
    coal: { 甲乡: [3, 6.5, 3, 3] },
    noAlarm: [
      ['H1', '甲乡', 'field'],
      ['H3', '甲乡', 'polygon'],
      ['H5', '甲乡', 'field'],
    ],
    areaRule: [
      ['H1', '甲乡', 'field'],
      ['H3', '甲乡', 'polygon'],
      ['H4', '未填乡镇', ''],
    ],
  },
  noColumn: {
    kindergartens: { 甲乡: [1, 2, 1, 3], 乙镇: [3, 2, 1, 2], 未填乡镇: [1, 1, 0, 0] },
    coal: { 甲乡: [2, 5, 2, 2], 乙镇: [1, 1.5, 1, 1] },
    noAlarm: [
      ['H1', '甲乡', 'polygon'],
      ['H3', '甲乡', 'polygon'],
      ['H5', '乙镇', 'polygon'],
    ],
    areaRule: [
      ['H1', '甲乡', 'polygon'],
      ['H3', '甲乡', 'polygon'],
      ['H4', '未填乡镇', ''],
    ],
  },
};

function checkIndicators(q: Record<string, Row[]>, want: (typeof EXPECTED)['blanks']) {
  expect(byTownship(q.kindergarten_enrolment, ['children_3_5', 'households', 'kindergartens', 'enrolled'])).toEqual(want.kindergartens);
  expect(county(q.kindergarten_enrolment, 'gross_enrolment')).toBe(1); // 5 enrolled ÷ 5 children, whatever the townships
  expect(byTownship(q.clean_coal, ['households', 'tonnes', 'new_stoves', 'without_co_alarm'])).toEqual(want.coal);
  expect(households(q.clean_coal_no_alarm)).toEqual(want.noAlarm);
  expect(households(q.dilapidated_area_rule)).toEqual(want.areaRule);
  // H5 has no grade: the same rows in both counties
  expect(byTownship(q.dilapidated_houses, ['households', 'd_rebuild', 'c_repair', 'subsidy_yuan', 'no_category', 'area_rule_breaches'])).toEqual({
    甲乡: [2, 2, 0, 60000, 0, 2],
    乙镇: [1, 0, 1, 15000, 0, 0],
    未填乡镇: [1, 0, 1, 0, 1, 1],
  });
  // H2 (gas) in 乙镇 with M1; M2 (no township) counted in 甲乡 where it stands; H4 (electric) outside every township
  expect(byTownship(q.dual_conversion, ['gas', 'electric', 'maintenance_points', 'towns_without_maintenance'])).toEqual({
    甲乡: [0, 0, 1, 0],
    乙镇: [1, 0, 1, 0],
    未填乡镇: [0, 1, 0, 1],
  });
  expect(county(q.dual_conversion, 'towns_without_maintenance')).toBe(1);
  expect(byTownship(q.task_progress, ['target', 'completed', 'dual_households_in_layer'])).toEqual({ 甲乡: [4, 4, 0], 乙镇: [5, 3, 1] });
}

describe('indicator SQL: households by their township column, else the township polygon they lie in', () => {
  const prov = tmp('towns-s19-');
  const blanks = writeCounty(join(prov, 'blanks'), BLANKS);
  const noColumn = writeCounty(join(prov, 'no-column'), null);

  test('CLI (native DuckDB), some households blank: every table by township, per-household rows with township_source', async () => {
    const res = await cliIndicators(blanks);
    checkIndicators(res.queries, EXPECTED.blanks);
    expect(res.cards.find((c) => c.id === 'towns_without_maintenance')?.value).toBe(1);
    // 乙镇 has households (placed by polygon): no card is flagged for a township without households
    expect(res.cards.filter((c) => c.issues.some((i) => i.kind === 'townships-missing')).map((c) => c.id)).toEqual([]);
    expect(res.cards.find((c) => c.id === 'clean_coal_households')?.status).toBe('ok');
  });

  test('CLI (native DuckDB), no township column at all: every household by its polygon', async () => {
    const res = await cliIndicators(noColumn);
    checkIndicators(res.queries, EXPECTED.noColumn);
    // the per-query CSV carries the source too
    const csv = csvRows(join(prov, 'no-column-out', 'indicator-clean-coal-no-alarm.csv')).map((r) => [r.household_id, r.township, r.township_source]);
    expect(csv.sort()).toEqual(EXPECTED.noColumn.noAlarm);
  });

  test("the app's engine (DuckDB-wasm, tables loaded as the app loads them) gives the same rows", async () => {
    for (const [dir, want] of [
      [noColumn, EXPECTED.noColumn],
      [blanks, EXPECTED.blanks],
    ] as const) {
      const { project } = await loadProjectDir(dir);
      const db = await openNodeDb({ engine: 'wasm' });
      try {
        await loadProjectTables(db, project);
        await db.query("CREATE TABLE task_progress AS SELECT * FROM (VALUES ('乙镇', 5.0, 3.0), ('甲乡', 4.0, 4.0)) t(township, target, completed)");
        const res = await runIndicators(db, nodeSqlSource);
        checkIndicators(res.queries, want);
        // township_in in the households table: only where the column is blank, the polygon's name
        const tin = await db.query('SELECT id, township, township_in FROM households ORDER BY id');
        expect(tin.map((r) => [r.id, r.township ?? null, r.township_in ?? null])).toEqual(
          dir === blanks
            ? [['H1', '甲乡', null], ['H2', null, '乙镇'], ['H3', null, '甲乡'], ['H4', null, null], ['H5', '甲乡', null]]
            : [['H1', null, '甲乡'], ['H2', null, '乙镇'], ['H3', null, '甲乡'], ['H4', null, null], ['H5', null, '乙镇']],
        );
        if (dir === blanks) {
          // the SQL console's example counts households by township as the figures do
          const example = await db.query(EXAMPLE_QUERIES.find((q) => q.key === 'heatingByTownship')!.sql(await readSchema(db)));
          expect(example.map((r) => [r.township ?? null, r.heating, Number(r.households)])).toEqual([
            ['乙镇', 'gas', 1],
            ['甲乡', 'clean_coal', 3],
            [null, 'electric', 1],
          ]);
        }
      } finally {
        await db.close();
      }
    }
  });

  test('the province table (batch --analyses indicators) counts the 双代 town without a maintenance point as the SQL does', () => {
    const out = join(prov, '..', 'batch-out');
    const p2 = join(prov, '..', 'province');
    writeCounty(join(p2, 'blanks'), BLANKS);
    writeCounty(join(p2, 'no-column'), null);
    const r = analyze(['batch', '--data', p2, '--out', out, '--jobs', '1', '--analyses', 'indicators']);
    expect(r.code, r.stderr).toBe(0);
    const rows = csvRows(join(out, 'province-counties.csv')).map((c) => [c.county, c.ind_towns_without_maintenance]);
    expect(rows).toEqual([
      ['blanks', '1'],
      ['no-column', '1'],
    ]);
  });
});

describe('the TypeScript figures: the same township per household', () => {
  const prov = tmp('towns-s19-ts-');
  const load = async (townships: readonly string[] | null) => (await loadProjectDir(writeCounty(join(prov, townships ? 'blanks' : 'no-column'), townships))).project as Project;
  const hh = (p: Project) => p.layers.households as ColumnLayerData;
  const fc = (p: Project) => (p.layers.townships as { data: FeatureCollection<Geometry | null> }).data;

  test('scenario figures: towns with 双代 households and no maintenance point (as the SQL: 1)', async () => {
    for (const t of [BLANKS, null]) expect(scenarioIndicators(await load(t)).townsWithoutMaintenance).toBe(1);
  });

  test('village centres: the two 东关村 (甲乡 and 乙镇) stay two when the township column is absent', async () => {
    const p = await load(null);
    const dg = villageCentres(hh(p), fc(p))
      .filter((v) => v.name === '东关村')
      .map((v) => Math.round(v.lon * 1000) / 1000)
      .sort();
    expect(dg).toEqual([116.002, 116.015]);
  });

  test('planning rules: KG-01 / KG-02 place K2 in 乙镇 by its polygon, HEAT-01 and HEAT-04 the households by theirs', async () => {
    const params = resolveParams(ALL_RULE_PARAMS, {});
    for (const t of [BLANKS, null]) {
      const results = runRules(rulesInputOf((await load(t)).layers), params);
      const objects = (id: string) => results.find((r) => r.id === id)!.objects.map((o) => o.id);
      // both townships have a public central kindergarten (乙镇's by where it stands)
      expect(objects('KG-01'), String(t)).toEqual([]);
      // 乙镇's residents are offered K2's 20 places; H4 (outside, 1 person) has none
      expect(objects('KG-02'), String(t)).toEqual(['（未填乡镇）']);
      // 乙镇 (H2) has M1; the town with no township (H4) has none; M2 serves 甲乡
      expect(objects('HEAT-04'), String(t)).toEqual(['（未填乡镇）']);
    }
    const heat = runRules(rulesInputOf((await load(null)).layers), params).find((r) => r.id === 'HEAT-01')!;
    expect(heat.objects.map((o) => o.name).sort()).toEqual(['乙镇 北街村', '甲乡 东关村', '甲乡 西营村'].sort());
  });

  test('kindergarten access (幼儿园 panel, kindergartens command): each kindergarten by the one rule — K2 in 乙镇 by its polygon, K3 named 甲乡 in 甲乡 though it stands in 乙镇, K4 outside in none', async () => {
    // Session 20: kindergartenAccess had its own field-else-polygon loop; it now uses featureTownships,
    // the helper of the rules and the siting. K3 and K4 exist only here (the fixture keeps K1, K2).
    const extra = [
      { type: 'Feature' as const, properties: { id: 'K3', name: '甲乡分园', ownership: 'private', township: '甲乡', capacity: 7, enrolled: 1 }, geometry: { type: 'Point' as const, coordinates: [116.017, 39.006] } },
      { type: 'Feature' as const, properties: { id: 'K4', name: '南庄园', ownership: 'private', capacity: 4, enrolled: 0 }, geometry: { type: 'Point' as const, coordinates: [116.03, 39.006] } },
    ];
    for (const [t, households] of [
      // households: 甲乡 H1 (column), H3 (polygon), H5 (column, stands in 乙镇); 乙镇 H2; none H4
      [BLANKS, { 甲乡: 3, 乙镇: 1, '': 1 }],
      // no column: H5 by its polygon in 乙镇
      [null, { 甲乡: 2, 乙镇: 2, '': 1 }],
    ] as const) {
      const p = await load(t);
      const kg = (p.layers.kindergartens as { data: FeatureCollection<Geometry | null> }).data;
      const kindergartens = { ...kg, features: [...kg.features, ...extra] };
      expect(featureTownships(kindergartens.features, fc(p))).toEqual(['甲乡', '乙镇', '甲乡', '']);
      const r = kindergartenAccess({ households: hh(p), kindergartens, townships: fc(p) });
      expect(r.kindergartens.map((k) => [k.id, k.township]), String(t)).toEqual([['K1', '甲乡'], ['K2', '乙镇'], ['K3', '甲乡'], ['K4', '']]);
      // places and enrolment where the kindergarten is, households where they live: K1 10 + K3 7 in 甲乡
      expect(Object.fromEntries(r.byTownship.map((w) => [w.township, [w.kindergartens, w.seats, w.enrolled, w.households]])), String(t)).toEqual({
        甲乡: [2, 17, 4, households.甲乡],
        乙镇: [1, 20, 2, households.乙镇],
        '': [1, 4, 0, households['']],
      });
    }
  });

  test('map search: a village name in two townships is two places when the column is absent', async () => {
    const p = await load(null);
    const entries = buildSearchIndex(p, LAYERS).entries.filter((e) => e.layerId === 'households' && e.text === '东关村');
    expect(entries.map((e) => [e.township, e.ids]).sort()).toEqual([
      ['乙镇', ['H2']],
      ['甲乡', ['H1']],
    ]);
  });

  test('siting: what a pick reaches, by township, places H5 in 甲乡 by its column (it stands in 乙镇) and the blanks by polygon', async () => {
    const p = await load(BLANKS);
    const fcOf = (id: keyof Project['layers']) => (p.layers[id] as { data: FeatureCollection<Geometry | null> }).data;
    const kg = fcOf('kindergartens');
    // one proposed site between H2 (116.015) and H5 (116.018), K2 left out: it brings H2's child and H5's two within 300 m
    const k = siteKindergartens(
      { households: hh(p), kindergartens: { ...kg, features: kg.features.filter((f) => f.properties?.id === 'K1') }, townships: fc(p) },
      { count: 1, candidateSource: 'plots', userSites: [{ id: 'S1', lon: 116.0165, lat: 39.0052 }] },
    );
    expect(k.picks[0].byTownship).toEqual([
      { township: '甲乡', households: 1, children: 2 },
      { township: '乙镇', households: 1, children: 1 },
    ]);
    // a fire station in the middle of the road reaches all five households; no station today (one 25 km off the road)
    const roads: FeatureCollection<Geometry | null> = {
      type: 'FeatureCollection',
      features: [{ type: 'Feature', properties: { class: '主干路', width_m: 12 }, geometry: { type: 'LineString', coordinates: [[115.999, 39.005], [116.031, 39.005]] } }],
    };
    const stations: FeatureCollection<Geometry | null> = { type: 'FeatureCollection', features: [] };
    const f = siteFireStations({ roads, townships: fc(p), households: hh(p), stations }, { count: 1, candidateSource: 'plots', userSites: [{ id: 'S1', lon: 116.01, lat: 39.005 }] });
    expect(f.picks[0].byTownship.map((r) => [r.township, r.households])).toEqual([
      ['甲乡', 3],
      ['', 1],
      ['乙镇', 1],
    ]);
  });
});

