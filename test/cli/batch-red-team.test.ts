import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startOrder } from '../../cli/commands/batch.ts';
import { writeCountyFolder } from '../support/generated-county.ts';
import { tempDirs } from '../support/temp-dirs.ts';

/**
 * Session 16, the province batch red-teamed the way a province fire brigade's data would: folders
 * by city (the same county name in two cities), odd names, links, a broken project.json, a batch
 * stopped by a signal, --out and --data the same, and a cross-border case worked by hand.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const tmp = tempDirs();

function analyze(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/analyze.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The rows of a table the batch wrote (CSV, UTF-8 with BOM, quoted cells), by header. */
function csv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r' && text[i + 1] === '\n') row.push(cell), rows.push(row), (row = []), (cell = ''), i++;
    else cell += c;
  }
  const [header, ...data] = rows;
  return data.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k]])));
}

const line = (stderr: string, county: string) => stderr.split('\n').find((l) => l.startsWith('batch: [') && l.includes(`] ${county}: `)) ?? '';

describe('county folders as a province delivers them', () => {
  test('counties in city sub-folders (the same name in two cities), Chinese names with spaces; hidden, empty and note folders and loose files are not counties', () => {
    const base = tmp('batch-rt-folders-');
    const prov = join(base, 'province');
    writeCountyFolder(join(prov, '石家庄市', '长安区'), 1000, 1);
    writeCountyFolder(join(prov, '唐山市', '长安区'), 1000, 2);
    writeCountyFolder(join(prov, '曲阳 县'), 1000, 3);
    writeCountyFolder(join(prov, '.backup', '旧县'), 1000, 4);
    mkdirSync(join(prov, 'empty'));
    mkdirSync(join(prov, 'notes'));
    writeFileSync(join(prov, 'notes', 'readme.txt'), '说明');
    writeFileSync(join(prov, '说明.txt'), '不是县');
    const out = join(base, 'out');
    const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'hydrants');
    expect(r.status, r.stderr).toBe(0);
    const rows = csv(join(out, 'province-counties.csv'));
    // two 长安区, one per city, each its own row and output folder; names sorted as --index counts
    expect(rows.map((x) => [x.county, x.status])).toEqual([
      ['唐山市/长安区', 'ok'],
      ['曲阳 县', 'ok'],
      ['石家庄市/长安区', 'ok'],
    ]);
    expect(rows[0].hyd_road_km).not.toBe(rows[2].hyd_road_km);
    for (const c of ['唐山市/长安区', '石家庄市/长安区', '曲阳 县']) expect(existsSync(join(out, c, 'manifest.json')), c).toBe(true);
    expect(r.stderr).toContain('not counties (no project.json or layer file): empty, notes');
    // a scheduler task by index or by name finds the nested county; batch-table finds the nested manifests
    const task = analyze('batch', '--data', prov, '--out', out, '--index', '2', '--analyses', 'hydrants');
    expect(task.stderr).toContain('石家庄市/长安区: up to date, skipped');
    const table = join(base, 'table');
    const t = analyze('batch-table', '--data', out, '--out', table);
    expect(t.status, t.stderr).toBe(0);
    expect(readFileSync(join(table, 'province-counties.csv'))).toEqual(readFileSync(join(out, 'province-counties.csv')));
  }, 60_000);

  test('a link to a county beside the county is refused (it would be counted twice); --out equal to --data is refused; --out inside --data is not a county', () => {
    const base = tmp('batch-rt-links-');
    const prov = join(base, 'province');
    writeCountyFolder(join(prov, 'county-a'), 1000, 1);
    writeCountyFolder(join(prov, 'county-b'), 1000, 2);
    symlinkSync(join(prov, 'county-a'), join(prov, 'county-a-link'));
    const out = join(base, 'out');
    const r = analyze('batch', '--data', prov, '--out', out, '--analyses', 'hydrants');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('"county-a" and "county-a-link" are the same folder');
    expect(existsSync(out)).toBe(false);

    const prov2 = join(base, 'province2');
    writeCountyFolder(join(prov2, 'county-a'), 1000, 1);
    const same = analyze('batch', '--data', prov2, '--out', prov2, '--analyses', 'hydrants');
    expect(same.status).toBe(1);
    expect(same.stderr).toContain('--out and --data are the same folder');
    expect(readdirSync(join(prov2, 'county-a')).filter((n) => n === 'manifest.json' || n === 'hydrants')).toEqual([]);
    // the output inside the province folder: its county folders hold hydrants.json, a layer file's name
    const inner = join(prov2, 'out');
    for (let i = 0; i < 2; i++) {
      const run = analyze('batch', '--data', prov2, '--out', inner, '--analyses', 'hydrants');
      expect(run.status, run.stderr).toBe(0);
      expect(csv(join(inner, 'province-counties.csv')).map((x) => x.county)).toEqual(['county-a']);
    }
  }, 60_000);

  test('a county folder whose name is GBK bytes (a zip from Chinese Windows) is refused by name, not left out of the table without a word', () => {
    const base = tmp('batch-rt-gbk-');
    const prov = join(base, 'province');
    writeCountyFolder(join(prov, 'good'), 1000, 1);
    writeCountyFolder(join(prov, 'tmp'), 1000, 2);
    // 曲阳县 in GBK: C7 FA D1 F4 CF D8
    const gbkName = Buffer.concat([Buffer.from(`${prov}/`), Buffer.from([0xc7, 0xfa, 0xd1, 0xf4, 0xcf, 0xd8])]);
    renameSync(join(prov, 'tmp'), gbkName);
    // inside a county folder nothing is looked at: a GBK-named backup there does not matter
    const backup = Buffer.concat([Buffer.from(`${prov}/good/`), Buffer.from([0xb1, 0xb8, 0xb7, 0xdd])]);
    mkdirSync(backup);
    writeFileSync(Buffer.concat([backup, Buffer.from('/project.json')]), '{}');
    const out = join(base, 'out');
    const r = analyze('batch', '--data', prov, '--out', out, '--analyses', 'hydrants');
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('these folder names are not UTF-8');
    expect(r.stderr).toContain('(usually a zip made on Chinese Windows unpacked here; shown as GBK): 曲阳县.');
    expect(existsSync(out)).toBe(false);
    renameSync(gbkName, join(prov, '曲阳县'));
    const fixed = analyze('batch', '--data', prov, '--out', out, '--analyses', 'hydrants');
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(csv(join(out, 'province-counties.csv')).map((x) => [x.county, x.status])).toEqual([
      ['good', 'ok'],
      ['曲阳县', 'ok'],
    ]);
  }, 60_000);

  test('a county whose project.json is broken fails with the file and position, its figures are not computed on the defaults; the others complete', () => {
    const base = tmp('batch-rt-project-');
    const prov = join(base, 'province');
    writeCountyFolder(join(prov, 'broken'), 1000, 1);
    writeFileSync(join(prov, 'broken', 'project.json'), '{"name": "坏县", "params": {"threshold": 8,}\n');
    writeCountyFolder(join(prov, 'params-list'), 1000, 2);
    writeFileSync(join(prov, 'params-list', 'project.json'), '{"name": "参数写成数组", "params": [8]}');
    writeCountyFolder(join(prov, 'no-project'), 1000, 3);
    rmSync(join(prov, 'no-project', 'project.json'));
    const out = join(base, 'out');
    const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'fire');
    expect(r.status, r.stderr).toBe(2);
    const rows = Object.fromEntries(csv(join(out, 'province-counties.csv')).map((x) => [x.county, x]));
    expect(rows.broken.status).toBe('error');
    expect(rows.broken.error).toContain('fire: project.json');
    expect(rows.broken.error).toContain('line 1, column 42');
    expect(rows.broken.fire_households).toBe('');
    expect(rows['params-list'].status).toBe('error');
    expect(rows['params-list'].error).toContain('params should be an object');
    expect(rows['no-project'].status).toBe('ok');
    expect(Number(rows['no-project'].fire_households)).toBe(1000);
    expect(line(r.stderr, 'broken')).toContain('FAILED: fire: project.json');
  }, 60_000);
});

describe('a county much bigger than the others', () => {
  test('is started first (by the size of its input files), so it does not run alone at the end; the table keeps name order', () => {
    const prov = join(tmp('batch-rt-order-'), 'province');
    writeCountyFolder(join(prov, 'a-small'), 1000, 1);
    writeCountyFolder(join(prov, 'z-big'), 5000, 2);
    writeCountyFolder(join(prov, 'm-small'), 1000, 3);
    expect(startOrder(prov, ['a-small', 'm-small', 'z-big'])[0]).toBe('z-big');
  });
});

describe('a batch stopped by a signal', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} to the batch stops its county processes, leaves no manifest and no province table; the rerun completes`, async () => {
      const base = tmp('batch-rt-signal-');
      const prov = join(base, 'province');
      writeCountyFolder(join(prov, 'county-a'), 1000, 1);
      writeCountyFolder(join(prov, 'county-b'), 1000, 2);
      const out = join(base, 'out');
      // an earlier complete run's table: it must not survive a stopped run as if current
      mkdirSync(out);
      writeFileSync(join(out, 'province-counties.csv'), 'county\r\nold\r\n');
      const batch = spawn(process.execPath, ['--import', 'tsx', 'cli/analyze.ts', 'batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'fire', '--force'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      batch.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
      const closed = new Promise<[number | null, string | null]>((res) => batch.on('close', (code, sig) => res([code, sig])));
      // the parent makes a county's batch.log just before it starts that county's process
      const started = () => existsSync(join(out, 'county-a', 'batch.log')) && existsSync(join(out, 'county-b', 'batch.log'));
      while (!started()) await new Promise((res) => setTimeout(res, 20));
      batch.kill(signal);
      const [code] = await closed;
      expect(code, stderr).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(stderr).toContain(`batch: ${signal}: stopping the 2 running counties`);
      // no county process outlives the batch (they were still starting: tsx alone takes a second)
      const left = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l.includes(out));
      expect(left).toEqual([]);
      for (const c of ['county-a', 'county-b']) expect(existsSync(join(out, c, 'manifest.json')), c).toBe(false);
      expect(existsSync(join(out, 'province-counties.csv'))).toBe(false);
      const again = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'fire');
      expect(again.status, again.stderr).toBe(0);
      expect(csv(join(out, 'province-counties.csv')).map((x) => [x.county, x.status])).toEqual([
        ['county-a', 'ok'],
        ['county-b', 'ok'],
      ]);
    }, 60_000);
  }
});

/** Degrees of longitude per km at the hand case's latitude (38.6° N). */
const LAT = 38.6;
const KM = 1 / (111.32 * Math.cos((LAT * Math.PI) / 180));
/** The county line: longitude 115.0; county 甲 west of it, county 乙 east of it. */
const LINE = 115;
const at = (km: number) => Math.round((LINE + km * KM) * 1e7) / 1e7;
const fc = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features });
const square = (km: number, half: number, props: Record<string, unknown>) => ({
  type: 'Feature',
  properties: props,
  geometry: { type: 'Polygon', coordinates: [[[at(km - half), LAT - half / 111.32], [at(km + half), LAT - half / 111.32], [at(km + half), LAT + half / 111.32], [at(km - half), LAT + half / 111.32], [at(km - half), LAT - half / 111.32]]] },
});

/**
 * Two counties worked by hand. One straight road along 38.6° N at 60 km/h, cut at the county line
 * (甲's part from 3 km west of it to the line, 乙's from the line to 5 km east). 甲's one station
 * stands 1 km inside 甲; 乙 has none. Fire defaults: 5 min from the dispatch order, 1 min turnout,
 * so 4 km of road. Households: 甲 one at 2 km west (1 km from the station: reached); 乙 one at 2 km
 * east (3 km: reached across the line) and one at 4.5 km east (5.5 km: not reached).
 */
function handProvince(prov: string): void {
  const county = (dir: string, name: string, west: number, east: number, households: [string, number][], stations: number[]) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'project.json'), JSON.stringify({ name, region: '130600', params: {} }));
    writeFileSync(join(dir, 'townships.geojson'), fc([{ type: 'Feature', properties: { name: `${name}镇` }, geometry: { type: 'Polygon', coordinates: [[[at(west), 38.5], [at(east), 38.5], [at(east), 38.7], [at(west), 38.7], [at(west), 38.5]]] } }]));
    writeFileSync(join(dir, 'roads.geojson'), fc([{ type: 'Feature', properties: { name: '界河路', class: 'primary', speed_kmh: 60 }, geometry: { type: 'LineString', coordinates: [[at(west === -10 ? -3 : 0), LAT], [at(west === -10 ? 0 : 5), LAT]] } }]));
    writeFileSync(join(dir, 'fire_stations.geojson'), fc(stations.map((km, i) => ({ type: 'Feature', properties: { id: `FS-0${i + 1}`, name: `${name}消防站`, level: 'level1', status: 'existing' }, geometry: { type: 'Point', coordinates: [at(km), LAT] } }))));
    writeFileSync(join(dir, 'built_up.geojson'), fc([square(west === -10 ? -1 : 2, 0.3, { name: `${name}城区` })]));
    writeFileSync(join(dir, 'households.csv'), ['id,lon,lat,persons,village,township', ...households.map(([id, km]) => `${id},${at(km)},${LAT},3,${name}村,${name}镇`)].join('\n') + '\n');
  };
  county(join(prov, '保定市', '甲县'), '甲县', -10, 0, [['A1', -2]], [-1]);
  county(join(prov, '保定市', '乙县'), '乙县', 0, 10, [['B1', 2], ['B2', 4.5]], []);
}

describe('cross-border fire coverage on two counties worked by hand', () => {
  test("乙's household 2 km past the line is reached by 甲's station 1 km inside 甲: reported as 乙's cross-border gain, never in 甲's figures nor twice in the province total", () => {
    const base = tmp('batch-rt-border-');
    const prov = join(base, 'province');
    handProvince(prov);
    const out = join(base, 'out');
    const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'fire', '--border-km', '2');
    expect(r.status, r.stderr).toBe(0);
    const rows = Object.fromEntries(csv(join(out, 'province-counties.csv')).map((x) => [x.county, x]));
    const a = rows['保定市/甲县'];
    const b = rows['保定市/乙县'];
    // the counties alone: 甲 reaches its one household, 乙 (no station) none
    expect([a.fire_households, a.fire_households_covered, b.fire_households, b.fire_households_covered]).toEqual(['1', '1', '2', '0']);
    // across the line: 乙 borrows 甲's station and gains B1 (B2 at 5.5 km stays out); 甲 borrows nothing
    expect([b.border_neighbours, b.border_lent_stations, b.border_households_own, b.border_households_with, b.border_households_gain]).toEqual(['1', '1', '0', '1', '1']);
    expect([a.border_neighbours, a.border_lent_stations, a.border_households_own, a.border_households_with, a.border_households_gain]).toEqual(['1', '0', '1', '1', '0']);
    const fb = JSON.parse(readFileSync(join(out, '保定市/乙县', 'fire-border', 'fire-border.json'), 'utf8'));
    expect(fb.neighbours).toEqual([{ county: '保定市/甲县', roads: 1, laneProblems: 0, stations: 1 }]);
    // province totals: 3 households; 1 reached county by county, 2 with the border (B1 once, in 乙's row)
    const sum = (k: string) => Object.values(rows).reduce((s, x) => s + Number(x[k]), 0);
    expect([sum('fire_households'), sum('fire_households_covered'), sum('border_households_with')]).toEqual([3, 1, 2]);
    // by township the same
    const towns = csv(join(out, 'province-townships.csv'));
    expect(towns.map((t) => [t.county, t.township, t.fire_households, t.fire_households_covered, t.border_households_gain])).toEqual([
      ['保定市/乙县', '乙县镇', '2', '0', '1'],
      ['保定市/甲县', '甲县镇', '1', '1', '0'],
    ]);
  }, 60_000);

  test("a neighbour's roads and stations in another spelling the loader reads (Roads.json, fire_stations.GeoJSON) are lent the same", () => {
    const base = tmp('batch-rt-border-names-');
    const prov = join(base, 'province');
    handProvince(prov);
    const a = join(prov, '保定市', '甲县');
    renameSync(join(a, 'roads.geojson'), join(a, 'Roads.json'));
    renameSync(join(a, 'fire_stations.geojson'), join(a, 'fire_stations.GeoJSON'));
    const out = join(base, 'out');
    const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'fire', '--border-km', '2');
    expect(r.status, r.stderr).toBe(0);
    const b = csv(join(out, 'province-counties.csv')).find((x) => x.county === '保定市/乙县')!;
    expect([b.border_lent_stations, b.border_households_with, b.border_households_gain]).toEqual(['1', '1', '1']);
    // and a change to the renamed file reruns the border run of its neighbour
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(a, 'fire_stations.GeoJSON'), later, later);
    const again = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'fire', '--border-km', '2', '--only', '保定市/乙县');
    expect(again.stderr).toMatch(/保定市\/乙县: ok in /);
  }, 60_000);

  test("a neighbour's stations file that cannot be read lends nothing, and the county's border figures say so", () => {
    const base = tmp('batch-rt-border-broken-');
    const prov = join(base, 'province');
    handProvince(prov);
    writeFileSync(join(prov, '保定市', '甲县', 'fire_stations.geojson'), '{"type":"FeatureCollection","features":[');
    const out = join(base, 'out');
    const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'fire', '--border-km', '2');
    expect(r.status, r.stderr).toBe(0);
    const b = csv(join(out, 'province-counties.csv')).find((x) => x.county === '保定市/乙县')!;
    expect([b.border_lent_stations, b.border_households_gain, b.border_neighbour_load_errors]).toEqual(['0', '0', '1']);
    const fb = JSON.parse(readFileSync(join(out, '保定市/乙县', 'fire-border', 'fire-border.json'), 'utf8'));
    expect(fb.neighbourLoadErrors.map((e: { county: string; file: string }) => [e.county, e.file])).toEqual([['保定市/甲县', 'fire_stations.geojson']]);
    expect(readFileSync(join(out, '保定市/乙县', 'batch.log'), 'utf8')).toContain('neighbour 保定市/甲县: fire_stations.geojson');
  }, 60_000);

  test("buffer 0 is the plain run: the same figures as fire, with a county's own project.json params", () => {
    const base = tmp('batch-rt-border0-');
    const prov = join(base, 'province');
    handProvince(prov);
    // 乙 with a station of its own and a stated threshold of 8 min (7 km of road after the turnout)
    const b = join(prov, '保定市', '乙县');
    writeFileSync(join(b, 'project.json'), JSON.stringify({ name: '乙县', params: { threshold: 8 } }));
    writeFileSync(join(b, 'fire_stations.geojson'), fc([{ type: 'Feature', properties: { id: 'FS-01', status: 'existing' }, geometry: { type: 'Point', coordinates: [at(5), LAT] } }]));
    const out = join(base, 'out');
    const r = analyze('batch', '--data', prov, '--out', out, '--jobs', '2', '--analyses', 'fire', '--border-km', '0');
    expect(r.status, r.stderr).toBe(0);
    for (const x of csv(join(out, 'province-counties.csv'))) {
      expect([x.border_neighbours, x.border_lent_stations, x.border_households_gain], x.county).toEqual(['0', '0', '0']);
      expect(x.border_households_own, x.county).toBe(x.fire_households_covered);
      expect(x.border_built_up_pct_with, x.county).toBe(x.fire_covered_built_up_pct);
    }
    const rows = Object.fromEntries(csv(join(out, 'province-counties.csv')).map((x) => [x.county, x]));
    // 乙's own station at 5 km east reaches both its households within 8 min (B2 0.5 km, B1 3 km)
    expect(rows['保定市/乙县'].fire_households_covered).toBe('2');
  }, 60_000);
});
