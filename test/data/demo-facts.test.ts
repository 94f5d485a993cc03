import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import Flatbush from 'flatbush';
import { area as turfArea, bbox as turfBbox, booleanPointInPolygon, centroid, kinks } from '@turf/turf';
import type { Feature, FeatureCollection, LineString, MultiPolygon, Point, Polygon } from 'geojson';
import { LocalProjection } from '../../analysis/geo.ts';

const DEMO = join(import.meta.dirname, '..', '..', 'data', 'demo');
const MU_M2 = 666.67;
/** Mountain township names are not asserted one by one (the seed gives only the count: 8). */
const TOWNSHIP_NAMES = ['恒州镇', '灵山镇', '燕赵镇', '羊平镇', '路庄子乡', '下河乡', '庄窠乡', '孝墓乡', '文德乡', '东旺乡', '晓林乡', '邸村乡', '产德乡', '齐村乡', '党城乡', '郎家庄乡', '范家庄乡', '北台乡'];

type Props = Record<string, unknown>;
/** Parsed files, read once per test file (tests only read them). */
const parsed = new Map<string, unknown>();
function readGeo<G extends Polygon | MultiPolygon | Point | LineString>(file: string): FeatureCollection<G, Props> {
  if (!parsed.has(file)) parsed.set(file, JSON.parse(readFileSync(join(DEMO, file), 'utf8')));
  return parsed.get(file) as FeatureCollection<G, Props>;
}

interface HouseholdRow {
  lon: number;
  lat: number;
  persons: number;
  village: string;
  township: string;
  heating: string;
  children: number;
  lowIncome: string;
  grade: string;
  floorArea: string;
  coal: string;
  coAlarm: string;
}
function readHouseholds(): HouseholdRow[] {
  const lines = readFileSync(join(DEMO, 'households.csv'), 'utf8').trimEnd().split('\n');
  const header = lines[0].split(',');
  const col = (n: string) => header.indexOf(n);
  const [iLon, iLat, iP, iV, iT, iH, iC, iL, iG, iF, iK, iA] = ['lon', 'lat', 'persons', 'village', 'township', 'heating', 'children_3_5', 'low_income', 'house_grade', 'floor_area_m2', 'coal_tonnes', 'co_alarm'].map(col);
  return lines.slice(1).map((l) => {
    const c = l.split(',');
    return { lon: +c[iLon], lat: +c[iLat], persons: +c[iP], village: c[iV], township: c[iT], heating: c[iH], children: +c[iC], lowIncome: c[iL], grade: c[iG], floorArea: c[iF], coal: c[iK], coAlarm: c[iA] };
  });
}

describe('demo county: files', () => {
  test('project.json names the demo county and region 130634, with no overrides', () => {
    expect(JSON.parse(readFileSync(join(DEMO, 'project.json'), 'utf8'))).toEqual({ name: '曲阳县（演示）', region: '130634', params: {} });
  });

  test('whole demo < 40 MB and households.csv < 15 MB', () => {
    const files = ['project.json', 'townships.geojson', 'built_up.geojson', 'roads.geojson', 'fire_stations.geojson', 'hydrants.geojson', 'kindergartens.geojson', 'households.csv', 'reserve_plots.geojson', 'dual_conversion_areas.geojson', 'service_points.geojson'];
    const sizes = files.map((f) => statSync(join(DEMO, f)).size);
    expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThan(40 * 1048576);
    expect(statSync(join(DEMO, 'households.csv')).size).toBeLessThan(15 * 1048576);
  });
});

describe('demo county: townships', () => {
  const fc = readGeo<Polygon>('townships.geojson');

  test('18 townships with the real names, codes 130634xxx, seat 恒州镇 a town', () => {
    expect(fc.features.map((f) => f.properties.name).sort()).toEqual([...TOWNSHIP_NAMES].sort());
    const codes = fc.features.map((f) => String(f.properties.code));
    for (const c of codes) expect(c).toMatch(/^130634\d{3}$/);
    expect(new Set(codes).size).toBe(18);
    expect(fc.features.find((f) => f.properties.name === '恒州镇')!.properties.kind).toBe('town');
  });

  test('8 mountain townships, lying west of the plain ones on average', () => {
    const mountain = fc.features.filter((f) => f.properties.mountain === true);
    const plain = fc.features.filter((f) => f.properties.mountain === false);
    expect(mountain).toHaveLength(8);
    expect(plain).toHaveLength(10);
    const meanLon = (fs: typeof plain) => fs.reduce((a, f) => a + centroid(f).geometry.coordinates[0], 0) / fs.length;
    expect(meanLon(mountain)).toBeLessThan(meanLon(plain) - 0.05);
  });

  test('东旺乡 stays a 乡 with a note on its conversion to 镇', () => {
    const d = fc.features.find((f) => f.properties.name === '东旺乡')!;
    expect(d.properties.kind).toBe('township');
    expect(String(d.properties.note)).toContain('撤乡设镇');
  });

  test('their borders do not self-intersect and no two townships overlap (1,600 sample points)', () => {
    for (const f of fc.features) expect(kinks(f).features).toHaveLength(0);
    const [x0, y0, x1, y1] = turfBbox(fc);
    let inCounty = 0;
    for (let i = 0; i < 40; i++) {
      for (let j = 0; j < 40; j++) {
        const p = [x0 + ((i + 0.5) * (x1 - x0)) / 40, y0 + ((j + 0.5) * (y1 - y0)) / 40];
        const hits = fc.features.filter((f) => booleanPointInPolygon(p, f)).length;
        expect(hits).toBeLessThanOrEqual(1);
        inCounty += hits;
      }
    }
    expect(inCounty).toBeGreaterThan(600); // the county fills a good part of its bounding box
  });

  test('they tile about 1,084 km² (geodesic, within 2%) inside 114.3–115.0°E, 38.4–38.9°N', () => {
    const km2 = fc.features.reduce((a, f) => a + turfArea(f), 0) / 1e6;
    expect(Math.abs(km2 - 1084) / 1084).toBeLessThan(0.02);
    for (const f of fc.features) {
      for (const [lon, lat] of f.geometry.coordinates[0]) {
        expect(lon > 114.3 && lon < 115.0 && lat > 38.4 && lat < 38.9).toBe(true);
      }
    }
  });
});

describe('demo county: roads', () => {
  const fc = readGeo<LineString>('roads.geojson');

  test('≥ 30,000 LineString segments, each with a class', () => {
    expect(fc.features.length).toBeGreaterThanOrEqual(30_000);
    for (const f of fc.features) {
      expect(f.geometry.type).toBe('LineString');
      expect(typeof f.properties.class).toBe('string');
    }
  });

  test("the fire plan's named roads are in the seat grid, some streets are one-way, mountain roads are slow", () => {
    const names = new Set(fc.features.map((f) => f.properties.name).filter(Boolean));
    for (const n of ['南环路', '北环路', '东环路', '太行路', '正阳街', '恒山路', '恒山中路', '恒山西路', '复兴街', '恒阳街', '朝阳街', '滨河南路', '曲新路', '登岳街', '西街']) {
      expect(names.has(n)).toBe(true);
    }
    expect(fc.features.some((f) => f.properties.oneway === true)).toBe(true);
    expect(fc.features.some((f) => typeof f.properties.speed_kmh === 'number' && (f.properties.speed_kmh as number) <= 25)).toBe(true);
    expect(fc.features.every((f) => typeof f.properties.width_m === 'number')).toBe(true);
  });

  test('routable: one main network holding > 99% of the end vertices, plus 1–3 small disconnected pieces', () => {
    const id = new Map<string, number>();
    const parent: number[] = [];
    const node = (c: number[]) => {
      const k = `${c[0]},${c[1]}`;
      let i = id.get(k);
      if (i === undefined) {
        i = parent.length;
        id.set(k, i);
        parent.push(i);
      }
      return i;
    };
    const find = (x: number): number => {
      while (parent[x] !== x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (const f of fc.features) {
      const c = f.geometry.coordinates;
      parent[find(node(c[0]))] = find(node(c[c.length - 1]));
    }
    const sizes = new Map<number, number>();
    for (let i = 0; i < parent.length; i++) sizes.set(find(i), (sizes.get(find(i)) ?? 0) + 1);
    const sorted = [...sizes.values()].sort((a, b) => b - a);
    expect(sorted[0] / parent.length).toBeGreaterThan(0.99);
    expect(sorted.length).toBeGreaterThanOrEqual(2);
    expect(sorted.length).toBeLessThanOrEqual(4);
  });

  test('split at every intersection: no two segments cross without sharing a vertex', () => {
    // Proper crossings (strict orientation changes on both segments) must not exist; touching
    // at shared vertices is allowed.
    const segs: number[][] = [];
    for (const f of fc.features) {
      const c = f.geometry.coordinates;
      for (let i = 0; i < c.length - 1; i++) segs.push([c[i][0], c[i][1], c[i + 1][0], c[i + 1][1]]);
    }
    const index = new Flatbush(segs.length);
    for (const [ax, ay, bx, by] of segs) index.add(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by));
    index.finish();
    const orient = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
    let crossings = 0;
    segs.forEach(([ax, ay, bx, by], s) => {
      for (const o of index.search(Math.min(ax, bx), Math.min(ay, by), Math.max(ax, bx), Math.max(ay, by))) {
        if (o <= s) continue;
        const [cx, cy, dx, dy] = segs[o];
        const o1 = orient(ax, ay, bx, by, cx, cy);
        const o2 = orient(ax, ay, bx, by, dx, dy);
        const o3 = orient(cx, cy, dx, dy, ax, ay);
        const o4 = orient(cx, cy, dx, dy, bx, by);
        if (o1 * o2 < 0 && o3 * o4 < 0) crossings++;
      }
    });
    expect(crossings).toBe(0);
  });
});

describe('demo county: fire stations and hydrants (seed 002 fire plan)', () => {
  const roads = readGeo<LineString>('roads.geojson');
  const proj = new LocalProjection(114.74, 38.62);
  /** Distance in metres from a point to the nearest road named `name` (the table's 恒山路 stretch 西街 → 东环路 includes 恒山中路). */
  function distanceToRoad(lon: number, lat: number, name: string): number {
    const names = name === '恒山路' ? ['恒山路', '恒山中路'] : [name];
    let best = Infinity;
    const px = proj.x(lon);
    const py = proj.y(lat);
    for (const f of roads.features) {
      if (!names.includes(String(f.properties.name ?? ''))) continue;
      const c = f.geometry.coordinates;
      for (let i = 0; i < c.length - 1; i++) {
        const ax = proj.x(c[i][0]);
        const ay = proj.y(c[i][1]);
        const bx = proj.x(c[i + 1][0]);
        const by = proj.y(c[i + 1][1]);
        const l2 = (bx - ax) ** 2 + (by - ay) ** 2;
        const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / l2));
        best = Math.min(best, Math.hypot(px - ax - t * (bx - ax), py - ay - t * (by - ay)));
      }
    }
    return best;
  }

  test('existing 一级站 at 南环路19号 with 13 vehicles; planned 一级站 at 北环路 × 正阳街', () => {
    const fs = readGeo<Point>('fire_stations.geojson').features;
    expect(fs).toHaveLength(2);
    const existing = fs.find((f) => f.properties.status === 'existing')!;
    expect(existing.properties).toMatchObject({ level: 'level1', vehicles: 13, address: '南环路19号' });
    expect(distanceToRoad(...(existing.geometry.coordinates as [number, number]), '南环路')).toBeLessThan(80);
    const planned = fs.find((f) => f.properties.status === 'planned')!;
    expect(planned.properties.level).toBe('level1');
    const [lon, lat] = planned.geometry.coordinates;
    // South-east corner: south of 北环路 and east of 正阳街, each within 100 m.
    expect(distanceToRoad(lon, lat, '北环路')).toBeLessThan(100);
    expect(distanceToRoad(lon, lat, '正阳街')).toBeLessThan(100);
    expect(lon).toBeGreaterThan(114.74);
  });

  test('58 built hydrants by road exactly as the table, 49 under construction on 南环路, 107 in all, a few broken', () => {
    const hs = readGeo<Point>('hydrants.geojson').features.filter((f) => f.properties.kind === 'hydrant');
    expect(hs).toHaveLength(107);
    const built = hs.filter((f) => f.properties.status === 'working' || f.properties.status === 'broken');
    const byRoad: Record<string, number> = {};
    for (const f of built) byRoad[String(f.properties.road)] = (byRoad[String(f.properties.road)] ?? 0) + 1;
    // 15 + 3 + 4 + 21 + 3 + 2 + 5 + 3 + 2 = 58
    expect(byRoad).toEqual({ 南环路: 15, 太行路: 3, 正阳街: 4, 恒山路: 21, 复兴街: 3, 恒阳街: 2, 朝阳街: 5, 滨河南路: 3, 曲新路: 2 });
    const broken = built.filter((f) => f.properties.status === 'broken').length;
    expect(broken).toBeGreaterThanOrEqual(1);
    expect(broken).toBeLessThanOrEqual(8);
    const uc = hs.filter((f) => f.properties.status === 'under_construction');
    expect(uc).toHaveLength(49);
    expect(uc.every((f) => f.properties.road === '南环路')).toBe(true);
  });

  test('every hydrant stands beside its named road (within 20 m)', () => {
    const hs = readGeo<Point>('hydrants.geojson').features;
    for (const f of hs) {
      const [lon, lat] = f.geometry.coordinates;
      expect(distanceToRoad(lon, lat, String(f.properties.road))).toBeLessThan(20);
    }
  });

  test('4 water cranes: 2 working, 2 planned', () => {
    const cranes = readGeo<Point>('hydrants.geojson').features.filter((f) => f.properties.kind === 'water_crane');
    expect(cranes.map((f) => f.properties.status).sort()).toEqual(['planned', 'planned', 'working', 'working']);
  });
});

describe('demo county: reserve plots (seed 002 land-reserve plan)', () => {
  const fc = readGeo<Polygon | MultiPolygon>('reserve_plots.geojson');
  const declared: Record<string, number> = { '曲储【2022】01号': 129.01, '曲储【2022】02号': 10.2, '曲储【2022】03号': 30.3, '曲储【2022】04号': 133.35, '曲储【2022】05号': 16.7 };

  test('the 5 plots with their ids, 319.56 亩 in total as declared', () => {
    expect(fc.features.map((f) => f.properties.id)).toEqual(Object.keys(declared));
    // 129.01 + 10.20 + 30.30 + 133.35 + 16.70 = 319.56
    const total = fc.features.reduce((a, f) => a + Number(f.properties.area_mu), 0);
    expect(Math.round(total * 100) / 100).toBe(319.56);
  });

  test('each geodesic area is within 2% of its declared 亩 (1 亩 = 666.67 m²)', () => {
    for (const f of fc.features) {
      const mu = turfArea(f) / MU_M2;
      expect(Math.abs(mu - declared[String(f.properties.id)]) / declared[String(f.properties.id)]).toBeLessThan(0.02);
    }
  });

  test('plot 01 is a MultiPolygon of 3 parcels of 84.50, 10.19 and 34.32 亩', () => {
    const p = fc.features[0] as Feature<MultiPolygon, Props>;
    expect(p.geometry.type).toBe('MultiPolygon');
    const parts = p.geometry.coordinates.map((c) => turfArea({ type: 'Polygon', coordinates: c }) / MU_M2);
    [84.5, 10.19, 34.32].forEach((mu, i) => expect(Math.abs(parts[i] - mu) / mu).toBeLessThan(0.02));
    expect(p.properties.township).toBe('羊平镇');
  });

  test('plot 02 lies on the south side of 恒山西路 in 恒州镇', () => {
    const roads = readGeo<LineString>('roads.geojson').features.filter((f) => f.properties.name === '恒山西路');
    const roadLat = roads[0].geometry.coordinates[0][1];
    const [lon, lat] = centroid(fc.features[1]).geometry.coordinates;
    const lons = roads.flatMap((f) => f.geometry.coordinates.map((c) => c[0]));
    expect(lat).toBeLessThan(roadLat);
    expect(roadLat - lat).toBeLessThan(0.001); // < ~110 m south
    expect(lon).toBeGreaterThan(Math.min(...lons));
    expect(lon).toBeLessThan(Math.max(...lons));
    expect(fc.features[1].properties.township).toBe('恒州镇');
  });
});

describe('demo county: households, 双代 areas, kindergartens, service points', () => {
  const rows = readHouseholds();
  const townships = readGeo<Polygon>('townships.geojson').features;
  const mountain = new Set(townships.filter((f) => f.properties.mountain).map((f) => String(f.properties.name)));

  test('200,000 households holding about 660,000 people in about 350 villages plus the towns', () => {
    expect(rows).toHaveLength(200_000);
    const persons = rows.reduce((a, r) => a + r.persons, 0);
    expect(Math.abs(persons - 660_000) / 660_000).toBeLessThan(0.03);
    const villages = new Set(rows.map((r) => r.village));
    expect(villages.size).toBeGreaterThanOrEqual(340);
    expect(villages.size).toBeLessThanOrEqual(380);
  });

  test('mountain townships heat with clean coal; plain villages mostly gas or electric', () => {
    const m = rows.filter((r) => mountain.has(r.township));
    expect(m.filter((r) => r.heating === 'clean_coal').length / m.length).toBeGreaterThan(0.95);
    const p = rows.filter((r) => !mountain.has(r.township));
    expect(p.filter((r) => r.heating === 'gas' || r.heating === 'electric').length / p.length).toBeGreaterThan(0.6);
    expect(p.some((r) => r.heating === 'clean_coal')).toBe(true); // exception households (例外户)
  });

  test('renovation, low-income, clean-coal and CO-alarm columns: mostly empty, a few hundred graded, some rule breakers', () => {
    const graded = rows.filter((r) => r.grade !== '');
    expect(graded.length).toBeGreaterThanOrEqual(200);
    expect(graded.length).toBeLessThanOrEqual(1000);
    expect(graded.every((r) => (r.grade === 'C' || r.grade === 'D') && r.floorArea !== '')).toBe(true);
    // Rule (seed 000): 1–3 persons ≤ 60 m² (1 person ≥ 30 m²); more than 3 persons 13–18 m² per person.
    const breaks = graded.filter((r) => {
      const a = Number(r.floorArea);
      if (r.persons <= 3) return a > 60 || (r.persons === 1 && a < 30);
      return a < 13 * r.persons || a > 18 * r.persons;
    });
    expect(breaks.length).toBeGreaterThan(0);
    expect(breaks.length / graded.length).toBeLessThan(0.2);
    expect(rows.filter((r) => r.lowIncome !== '').length / rows.length).toBeLessThan(0.1);
    for (const v of ['特困', '低保', '其他低收入']) expect(rows.some((r) => r.lowIncome === v)).toBe(true);
    const coal = rows.filter((r) => r.heating === 'clean_coal');
    expect(coal.every((r) => r.coal !== '' && Number(r.coal) > 0)).toBe(true);
    const above = coal.filter((r) => Number(r.coal) > 2).length / coal.length;
    expect(above).toBeGreaterThan(0);
    expect(above).toBeLessThan(0.15);
    expect(rows.filter((r) => r.heating !== 'clean_coal').every((r) => r.coal === '')).toBe(true);
    const missing = coal.filter((r) => r.coAlarm === '').length;
    expect(missing).toBeGreaterThan(0);
    expect(missing / coal.length).toBeLessThan(0.05);
    expect(coal.some((r) => r.coAlarm === 'false')).toBe(true);
  });

  test('each household lies in the township polygon it names', () => {
    const byName = new Map(townships.map((f) => [String(f.properties.name), f]));
    for (let i = 0; i < rows.length; i += 97) {
      const r = rows[i];
      expect(booleanPointInPolygon([r.lon, r.lat], byName.get(r.township)!)).toBe(true);
    }
  });

  test('each 双代 area counts exactly the gas/electric household points inside it', () => {
    const areas = readGeo<Polygon>('dual_conversion_areas.geojson').features;
    expect(areas.length).toBeGreaterThan(200);
    const pts = rows.filter((r) => r.heating === 'gas' || r.heating === 'electric');
    const index = new Flatbush(pts.length);
    for (const p of pts) index.add(p.lon, p.lat, p.lon, p.lat);
    index.finish();
    for (const a of areas) {
      expect(['gas', 'electric', 'mixed']).toContain(a.properties.type);
      const lons = a.geometry.coordinates[0].map((c) => c[0]);
      const lats = a.geometry.coordinates[0].map((c) => c[1]);
      const inside = index.search(Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)).filter((i) => booleanPointInPolygon([pts[i].lon, pts[i].lat], a));
      expect(a.properties.households).toBe(inside.length);
    }
  });

  test('kindergartens: a public central one per township; county ratios near 85% / 80% / 50% but not all met', () => {
    const ks = readGeo<Point>('kindergartens.geojson').features;
    for (const t of townships) {
      expect(ks.some((k) => k.properties.township === t.properties.name && k.properties.ownership === 'public' && String(k.properties.name).endsWith('中心幼儿园'))).toBe(true);
    }
    const children = rows.reduce((a, r) => a + r.children, 0);
    const enrolled = ks.reduce((a, k) => a + Number(k.properties.enrolled), 0);
    const inclusive = ks.filter((k) => k.properties.ownership === 'public' || k.properties.inclusive === true).reduce((a, k) => a + Number(k.properties.enrolled), 0);
    const pub = ks.filter((k) => k.properties.ownership === 'public').reduce((a, k) => a + Number(k.properties.enrolled), 0);
    const ratios = [enrolled / children, inclusive / enrolled, pub / enrolled];
    const targets = [0.85, 0.8, 0.5];
    ratios.forEach((r, i) => expect(Math.abs(r - targets[i])).toBeLessThan(0.06));
    expect(ratios.every((r, i) => r >= targets[i])).toBe(false);
    expect(ks.some((k) => k.properties.ownership === 'private' && k.properties.inclusive === true)).toBe(true);
    expect(ks.some((k) => k.properties.ownership === 'private' && k.properties.inclusive === false)).toBe(true);
  });

  test('service points: one county centre, a station per township with clean coal, maintenance missing in at least one 双代 township', () => {
    const sp = readGeo<Point>('service_points.geojson').features;
    expect(sp.filter((f) => f.properties.kind === 'coal_centre')).toHaveLength(1);
    const coalTownships = new Set(rows.filter((r) => r.heating === 'clean_coal').map((r) => r.township));
    const stations = new Set(sp.filter((f) => f.properties.kind === 'coal_station').map((f) => String(f.properties.township)));
    expect(stations).toEqual(coalTownships);
    expect(sp.filter((f) => f.properties.kind === 'coal_point').length).toBeGreaterThan(100);
    const dualTownships = new Set(rows.filter((r) => r.heating === 'gas' || r.heating === 'electric').map((r) => r.township));
    const maint = new Set(sp.filter((f) => f.properties.kind === 'maintenance').map((f) => String(f.properties.township)));
    const without = [...dualTownships].filter((t) => !maint.has(t));
    expect(without.length).toBeGreaterThanOrEqual(1);
    expect(maint.size).toBeGreaterThanOrEqual(5);
  });

  test('built-up areas: the county seat and each township seat', () => {
    expect(readGeo<Polygon>('built_up.geojson').features).toHaveLength(18);
  });
});
