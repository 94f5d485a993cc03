import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import { strToU8 } from 'fflate';
import { csvCell } from '../../analysis/csv-export.ts';
import { applyScenario, countingFireStatus } from '../../analysis/scenarios.ts';
import { siteFireStations } from '../../analysis/site-fire-stations.ts';
import { loadProject } from '../../layers/load/load-project.ts';
import type { ColumnLayerData } from '../../layers/types.ts';
import { adoptionEdits } from '../../src/panels/siting/adopt-edits.ts';
import { scenarioUpdaters } from '../../src/state/scenario-slice.ts';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { defaultSpeedTable, normaliseRoadClass } from '../../analysis/fire-params.ts';
import { kindergartenAccess } from '../../analysis/kindergarten-access.ts';
import { siteKindergartens } from '../../analysis/site-kindergartens.ts';
import { households as householdsOf } from '../support/households-csv.ts';
import { analyzeHere, csvRows } from '../support/run-cli.ts';
import { tempDirs } from '../support/temp-dirs.ts';
import { openXlsx } from '../support/xlsx-check.ts';

/**
 * Session 20: siting picks re-run to the same figures. site-picks.csv, .geojson and .xlsx (and the
 * panel, whose picks are the same objects) rounded a pick's lon/lat to 6 decimals; that moved it by
 * up to a few centimetres and a household's time by a few ms (demo: H016259 at 300.00029 s from
 * G34-48 came out 299.997 s), enough to put a household on the 5-minute limit on the other side of
 * it when a planner puts a station where the file says.
 *
 * Worked by hand: one 主干路 (12 m wide) along lat 39.005 from 115.95 to 116.06. The defaults:
 * limit 5 min, turnout 1 min, 主干路 at the default speed v = 40 km/h; no walk leg, so the clock stops
 * where the engine reaches the road point nearest the household. A household on the road east of a
 * station on the road is reached while (its distance) ≤ 240 s × v / 3.6 = 2,667 m ≈ 0.0309° (plus the 1 ms tolerance).
 * The site S1 stands at lon 116.01000049: rounded to 6 decimals it moves 4.9e-7° west, ≈ 4.2 cm
 * (cos 39.005° × 111.3 km per degree), i.e. 3.8 ms at 40 km/h — more than the tolerance. The one
 * household H1 is placed on the road at the farthest point S1 reaches (found to ≈ 0.01 mm by halving
 * around the hand-worked distance, by the fire analysis itself), so it is reached from S1 exactly and
 * lost from S1 rounded to 6 decimals (both checked). An existing station 25 km off on a road of its
 * own reaches nobody. H2 stands on the road 2,600 m west of S1, so that S1 is the one candidate that
 * reaches both (a grid point 5 km apart reaches one at most). The siting (greedy, one new site, the
 * 5 km grid plus S1) picks S1 and must hand it over so that fire with S1 as a station, read back from each file, still reaches H1.
 */
const tmp = tempDirs();
const LAT = 39.005;
const S1 = { lon: 116.01000049, lat: LAT };
const fc = (features: unknown[]): FeatureCollection<Geometry | null> => ({ type: 'FeatureCollection', features: features as FeatureCollection<Geometry | null>['features'] });
const road = (coordinates: number[][]) => ({ type: 'Feature', properties: { class: '主干路', width_m: 12 }, geometry: { type: 'LineString', coordinates } });
const ROADS = fc([road([[115.95, LAT], [116.06, LAT]]), road([[116.2, 39.2], [116.21, 39.2]])]);
const station = (id: string, lon: number, lat: number) => ({ type: 'Feature', properties: { id, status: 'existing', level: 'level1' }, geometry: { type: 'Point', coordinates: [lon, lat] } });
const FAR = station('FS-01', 116.2, 39.2);
/** One township, 115.95–116.06 × 39.00–39.01: the county outline the grid and the candidates cover. */
const TOWNSHIPS = fc([{ type: 'Feature', properties: { name: '甲乡' }, geometry: { type: 'Polygon', coordinates: [[[115.95, 39], [116.06, 39], [116.06, 39.01], [115.95, 39.01], [115.95, 39]]] } }]);

/** Whether fire (the analysis the CLI and the panel run) reaches a household at `lon` on the road from a station at `at`. */
function reached(hhLon: number, at: { lon: number; lat: number }): boolean {
  const households = householdsOf(`id,lon,lat\nH1,${hhLon},${LAT}\n`).h;
  const r = fireCoverage({ roads: ROADS, townships: TOWNSHIPS, households }, fc([FAR, station('S1', at.lon, at.lat)]));
  return r.households.covered === 1;
}

describe('siting picks written in full: a household on the limit stays reached when the pick is read back (session 20)', () => {
  test('CSV, GeoJSON and workbook carry S1 to the last digit; fire with it as a station reaches H1, which the 6-decimal pick lost', async () => {
    // the hand-worked limit: 240 s at the default 主干路 speed, in degrees of longitude at lat 39.005
    const speedKmh = defaultSpeedTable()[normaliseRoadClass('主干路')];
    const mPerDeg = (Math.PI / 180) * 6371008.8 * Math.cos((LAT * Math.PI) / 180);
    const handDeg = (240 * (speedKmh / 3.6)) / mPerDeg;
    // bracket ±10 m around it: reached at the near end, not at the far end (so the hand working holds)
    let lo = S1.lon + handDeg - 10 / mPerDeg;
    let hi = S1.lon + handDeg + 10 / mPerDeg;
    expect(reached(lo, S1)).toBe(true);
    expect(reached(hi, S1)).toBe(false);
    while (hi - lo > 1e-10) {
      const mid = (lo + hi) / 2;
      if (reached(mid, S1)) lo = mid;
      else hi = mid;
    }
    const hhLon = lo;
    // on the limit: reached from S1, not from S1 rounded to 6 decimals (the old files' pick)
    const r6 = { lon: Math.round(S1.lon * 1e6) / 1e6, lat: S1.lat };
    expect(reached(hhLon, S1)).toBe(true);
    expect(reached(hhLon, r6)).toBe(false);

    const dir = tmp('site-picks-s20');
    const data = join(dir, 'county');
    mkdirSync(data, { recursive: true });
    writeFileSync(join(data, 'project.json'), JSON.stringify({ name: '精确选址县' }));
    writeFileSync(join(data, 'roads.geojson'), JSON.stringify(ROADS));
    writeFileSync(join(data, 'townships.geojson'), JSON.stringify(TOWNSHIPS));
    writeFileSync(join(data, 'fire_stations.geojson'), JSON.stringify(fc([FAR])));
    // H2, 2,600 m west of S1 (67 m inside the limit), makes S1 the one candidate reaching both
    const h2Lon = S1.lon - 2600 / mPerDeg;
    writeFileSync(join(data, 'households.csv'), `id,lon,lat\nH1,${hhLon},${LAT}\nH2,${h2Lon},${LAT}\n`);
    const out = join(dir, 'site');
    const run = await analyzeHere(['site', '--data', data, '--out', out, '--facility', 'fire', '--solver', 'greedy', '--count', '1', '--candidate-spacing', '5000', '--sites', `S1:${S1.lon},${S1.lat}`]);
    // (it warns that the county has no built-up area: the objective is households here)
    expect(run.code, run.stderr).toBe(0);
    // the siting picks S1 and counts both households reached with it
    const summary = JSON.parse(readFileSync(join(out, 'site-summary.json'), 'utf8'));
    expect(summary.picks.map((p: { id: string }) => p.id)).toEqual(['S1']);
    expect(summary.after.householdsCovered).toBe(2);

    // read back from each file
    const csv = csvRows(join(out, 'site-picks.csv')).find((r) => r.id === 'S1')!;
    const geo = JSON.parse(readFileSync(join(out, 'site-picks.geojson'), 'utf8')).features.find((f: { properties: { id: string } }) => f.properties.id === 'S1');
    const book = openXlsx(readFileSync(join(out, 'site-picks.xlsx'))).sheets.find((s) => s.name === '选址结果')!;
    const lonCol = book.rows[0].indexOf('经度');
    const row = book.rows.findIndex((r) => r[1] === 'S1');
    const lonRef = `${String.fromCharCode(65 + lonCol)}${row + 1}`;
    const latRef = `${String.fromCharCode(66 + lonCol)}${row + 1}`;
    // the workbook's coordinates stay numbers (no type attribute), every digit
    expect(book.cells.get(lonRef)?.t).toBeNull();
    expect(book.cells.get(latRef)?.t).toBeNull();
    const readBack = {
      csv: { lon: Number(csv.lon), lat: Number(csv.lat) },
      geojson: { lon: geo.geometry.coordinates[0] as number, lat: geo.geometry.coordinates[1] as number },
      xlsx: { lon: Number(book.cells.get(lonRef)!.v), lat: Number(book.cells.get(latRef)!.v) },
    };
    for (const [file, at] of Object.entries(readBack)) {
      expect(reached(hhLon, at), file).toBe(true);
      expect(at, file).toEqual(S1);
    }

    // and the fire command, with the pick from site-picks.csv as a station, reaches H1 as the siting said
    writeFileSync(join(data, 'fire_stations.geojson'), JSON.stringify(fc([FAR, station('S1', readBack.csv.lon, readBack.csv.lat)])));
    const fire = await analyzeHere(['fire', '--data', data, '--out', join(dir, 'fire')]);
    expect(fire.code, fire.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'fire', 'fire-summary.json'), 'utf8')).households).toMatchObject({ total: 2, covered: 2 });
  });
  test('kindergartens: a household with a child on the radius of the picked site stays within it from the pick as written (CSV text)', () => {
    // the same S1 and township, no roads (straight-line radii); H1 placed by halving at the radius east of S1
    const within = (hhLon: number, at: { lon: number; lat: number }) => {
      const households = householdsOf(`id,lon,lat,children_3_5\nH1,${hhLon},${LAT},1\n`).h;
      const k = { type: 'Feature', properties: { id: 'K', name: '选址1', ownership: 'public', capacity: 0 }, geometry: { type: 'Point', coordinates: [at.lon, at.lat] } };
      return kindergartenAccess({ households, kindergartens: fc([k]), townships: TOWNSHIPS }).children.covered === 1;
    };
    const mPerDeg = (Math.PI / 180) * 6371008.8 * Math.cos((LAT * Math.PI) / 180);
    let lo = S1.lon;
    let hi = S1.lon + 5000 / mPerDeg;
    expect(within(lo, S1)).toBe(true);
    expect(within(hi, S1)).toBe(false);
    while (hi - lo > 1e-10) {
      const mid = (lo + hi) / 2;
      if (within(mid, S1)) lo = mid;
      else hi = mid;
    }
    expect(within(lo, { lon: Math.round(S1.lon * 1e6) / 1e6, lat: S1.lat })).toBe(false);
    const households = householdsOf(`id,lon,lat,children_3_5\nH1,${lo},${LAT},1\n`).h;
    const r = siteKindergartens({ households, kindergartens: fc([]), townships: TOWNSHIPS }, { count: 1, candidateSource: 'plots', userSites: [{ id: 'S1', ...S1 }] });
    expect(r.picks.map((p) => p.id)).toEqual(['S1']);
    expect(r.after.childrenCovered).toBe(1);
    // as the CLI's and the panel's CSV write the cell (csvCell), read back: the same point
    const back = { lon: Number(csvCell(r.picks[0].lon)), lat: Number(csvCell(r.picks[0].lat)) };
    expect(within(lo, back)).toBe(true);
    expect(back).toEqual(S1);
  });
  test('采纳为方案: the adopted proposed station stands on the pick, and fire on the scenario reaches the household on its limit', () => {
    // H1 on the limit of S1 as in the first test (halving by the fire analysis), H2 2,600 m west
    const mPerDeg = (Math.PI / 180) * 6371008.8 * Math.cos((LAT * Math.PI) / 180);
    let lo = S1.lon;
    let hi = S1.lon + 5000 / mPerDeg;
    while (hi - lo > 1e-10) {
      const mid = (lo + hi) / 2;
      if (reached(mid, S1)) lo = mid;
      else hi = mid;
    }
    expect(reached(lo, { lon: Math.round(S1.lon * 1e6) / 1e6, lat: S1.lat })).toBe(false);
    const file = (name: string, text: string) => ({ name, bytes: strToU8(text) });
    const { project } = loadProject([
      file('project.json', JSON.stringify({ name: '精确选址县' })),
      file('roads.geojson', JSON.stringify(ROADS)),
      file('townships.geojson', JSON.stringify(TOWNSHIPS)),
      file('fire_stations.geojson', JSON.stringify(fc([FAR]))),
      file('households.csv', `id,lon,lat\nH1,${lo},${LAT}\nH2,${S1.lon - 2600 / mPerDeg},${LAT}\n`),
    ]);
    const gj = (id: 'roads' | 'townships' | 'fireStations', p = project) => (p.layers[id] as { data: FeatureCollection<Geometry | null> }).data;
    const households = project.layers.households as ColumnLayerData;
    const r = siteFireStations({ roads: gj('roads'), townships: gj('townships'), households, stations: gj('fireStations') }, { count: 1, candidateSpacingMeters: 5000, userSites: [{ id: 'S1', ...S1 }] });
    expect(r.picks.map((p) => p.id)).toEqual(['S1']);
    expect(r.after.householdsCovered).toBe(2);
    // what the panel's 采纳为方案 does: the edits into a new scenario that counts proposed stations
    const edits = adoptionEdits({ facility: 'fire', fire: r }, { station: (k) => `选址消防站 ${k}`, kindergarten: (k) => `选址幼儿园 ${k}` });
    const next = applyScenario(scenarioUpdaters.adopt(project, { edits, newName: '方案A', change: (sc) => countingFireStatus(sc, 'proposed', 'existing') }));
    const statuses = String(next.params.statuses).split(',');
    expect(statuses).toEqual(['existing', 'proposed']);
    const fire = fireCoverage({ roads: gj('roads', next), townships: gj('townships', next), households: next.layers.households as ColumnLayerData }, gj('fireStations', next), { statuses });
    expect(fire.households).toMatchObject({ total: 2, covered: 2 });
    const adopted = gj('fireStations', next).features.find((f) => f.properties?.id === 'SITE-S1')!;
    expect(adopted.geometry).toEqual({ type: 'Point', coordinates: [S1.lon, S1.lat] });
  });
});
