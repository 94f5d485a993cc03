import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData, Project } from '../../layers/types.ts';
import { metresPerDegree } from '../../analysis/geo.ts';
import { prepareFireCoverage } from '../../analysis/fire-coverage.ts';
import { siteFireStations } from '../../analysis/site-fire-stations.ts';
import { siteKindergartens } from '../../analysis/site-kindergartens.ts';
import { messageInLanguage } from '../../analysis/user-error.ts';
import { checkParams, fromCli } from '../../analysis/params.ts';
import { FIRE_PARAMS, fireOptionsFromParams } from '../../analysis/fire-params.ts';
import { projectJsonFindings } from '../../layers/load/project-findings.ts';

// Session 19: degenerate siting inputs, each worked by hand. A plan with fewer sites than asked for
// said nothing ("optimal", 0 of 3 sites), kindergarten siting carried no warning at all, and the
// errors a user can cause were English lines naming a function.

type FC = FeatureCollection<Geometry | null>;

const LON0 = 114.7;
const LAT0 = 38.6;

function xy(x: number, y: number): [number, number] {
  const { mx, my } = metresPerDegree(LAT0);
  return [LON0 + x / mx, LAT0 + y / my];
}

const fc = (features: FC['features']): FC => ({ type: 'FeatureCollection', features });
const point = (props: Record<string, unknown>, x: number, y: number): FC['features'][number] => ({ type: 'Feature', properties: props, geometry: { type: 'Point', coordinates: xy(x, y) } });

/** A 4 km square township and one east–west road along y = 0 (x −400 … 3400) at 36 km/h = 10 m/s. */
function county() {
  const sq = [xy(-500, -2000), xy(3500, -2000), xy(3500, 2000), xy(-500, 2000), xy(-500, -2000)];
  const townships = fc([{ type: 'Feature', properties: { name: '甲乡' }, geometry: { type: 'Polygon', coordinates: [sq] } }]);
  const roads = fc([{ type: 'Feature', properties: { class: 'primary', speed_kmh: 36, width_m: 12 }, geometry: { type: 'LineString', coordinates: [xy(-400, 0), xy(3400, 0)] } }]);
  return { townships, roads };
}

function households(at: [number, number][], children?: number[]): ColumnLayerData {
  const pts = at.map(([x, y]) => xy(x, y));
  return {
    kind: 'columns',
    id: 'households',
    count: pts.length,
    lon: Float64Array.from(pts.map((p) => p[0])),
    lat: Float64Array.from(pts.map((p) => p[1])),
    ids: pts.map((_, i) => `H${i + 1}`),
    columns: children ? { children_3_5: { type: 'number', values: Float64Array.from(children) } } : {},
  };
}

const codes = (w: readonly { code: string }[] | undefined) => (w ?? []).map((x) => x.code);

describe('fire-station siting with fewer sites than asked for', () => {
  // The existing station at x = 0: 1 min turnout, 4 min = 240 s of driving at 10 m/s = 2,400 m of road.
  const station = fc([point({ id: 'FS-01', status: 'existing', level: 'level1' }, 0, 0)]);

  test('every household already reached: 0 of 3 sites, warning fewer-sites (3 asked, 0 placed)', () => {
    // H1 at x = 0 (0 s) and H2 at x = 400 (40 s): both within 4 min of driving.
    const { townships, roads } = county();
    const r = siteFireStations({ roads, townships, stations: station, households: households([[0, 0], [400, 0]]) }, { count: 3, candidateSpacingMeters: 1000 });
    expect(r.before.householdsCovered).toBe(2);
    expect(r.picks).toEqual([]);
    const w = r.warnings.find((x) => x.code === 'fewer-sites');
    expect(w?.counts).toEqual({ asked: 3, placed: 0 });
    expect(w?.message.zh).toContain('要求新选址 3 处消防站，只选出 0 处');
    expect(w?.message.en).toContain('3 new fire stations were asked for, 0 placed');
  });

  test('one household out of reach: 1 of 3 sites (the second and third add nothing)', () => {
    // H2 at x = 3000: 300 s of driving > 240 s, not reached today; a site on the road near it reaches it.
    const { townships, roads } = county();
    const r = siteFireStations({ roads, townships, stations: station, households: households([[0, 0], [3000, 0]]) }, { count: 3, candidateSpacingMeters: 1000 });
    expect(r.before.householdsCovered).toBe(1);
    expect(r.picks).toHaveLength(1);
    expect(r.after.householdsCovered).toBe(2);
    expect(r.warnings.find((x) => x.code === 'fewer-sites')?.counts).toEqual({ asked: 3, placed: 1 });
  });

  test('as many sites as asked: no fewer-sites warning', () => {
    const { townships, roads } = county();
    const r = siteFireStations({ roads, townships, stations: station, households: households([[0, 0], [3000, 0]]) }, { count: 1, candidateSpacingMeters: 1000 });
    expect(r.picks).toHaveLength(1);
    expect(codes(r.warnings)).not.toContain('fewer-sites');
  });

  test('township minima above the count and no roads are refused in zh and en, naming the option and the file', () => {
    const { townships, roads } = county();
    const hh = households([[0, 0], [3000, 0]]);
    // one township × at least 4 each = 4 > 3 new sites
    const quota = (() => {
      try {
        siteFireStations({ roads, townships, stations: station, households: hh }, { count: 3, candidateSpacingMeters: 1000, minPerTownship: 4 });
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    })();
    expect(messageInLanguage(quota, 'zh')).toBe('每个乡镇至少 4 处（--min-per-township），1 个乡镇共需 4 处，多于新选址数量 3；请减小最少数量或增加新选址数量。');
    expect(messageInLanguage(quota, 'en')).toBe('At least 4 site(s) in each township (--min-per-township) over 1 townships needs 4, more than the 3 new sites asked for; lower the minimum or raise the count.');
    expect(() => siteFireStations({ townships, stations: station, households: hh }, {})).toThrow(/^消防站选址[^\n]*roads\.geojson[^\n]*\nFire-station siting [^\n]*roads\.geojson/);
    expect(() => siteFireStations({ roads, stations: station, households: hh }, { maxPerTownship: 1 })).toThrow(/townships\.geojson[^\n]*\n[^\n]*townships\.geojson/);
    expect(() => siteFireStations({ roads, townships, stations: station, households: hh }, { candidateSource: 'plots', plotSites: [] })).toThrow(/^候选点来源为“储备地块”[^\n]*\nThe candidates are to be reserve plots/);
    expect(() => prepareFireCoverage({ townships }, { mode: 'network' })).toThrow(/^路网模式需要道路图层（roads\.geojson）[^\n]*\nThe network mode needs the roads layer/);
  });
});

describe('a user site further than access-max (300 m) from every road', () => {
  // No station today; H1 on the road at x = 3000. Only the given site is a candidate.
  const none = fc([]);
  const site = (y: number) => ({ id: 'U', lon: xy(3000, y)[0], lat: xy(3000, y)[1] });

  test('1,900 m off the road: not picked, warning sites-off-network (it was picked as +1 household, and the check reached 0)', () => {
    const { townships, roads } = county();
    const r = siteFireStations({ roads, townships, stations: none, households: households([[3000, 0]]) }, { count: 1, candidateSource: 'plots', plotSites: [], userSites: [site(1900)] });
    expect(r.picks).toEqual([]);
    expect(r.after.householdsCovered).toBe(0);
    expect(r.estimatedAfter.householdsCovered).toBe(r.after.householdsCovered);
    const w = r.warnings.find((x) => x.code === 'sites-off-network');
    expect(w?.counts).toEqual({ sites: 1, maxAccessMeters: 300 });
    expect(w?.message.en).toContain('1 user or reserve-plot candidate site(s) are more than 300 m from any usable road: a station there reaches nothing and is not picked: U;');
    expect(codes(r.warnings)).toContain('fewer-sites');
  });

  test('250 m off the road: picked, +1 household, and the check agrees', () => {
    const { townships, roads } = county();
    const r = siteFireStations({ roads, townships, stations: none, households: households([[3000, 0]]) }, { count: 1, candidateSource: 'plots', plotSites: [], userSites: [site(250)] });
    expect(r.picks.map((p) => [p.id, p.addedHouseholds])).toEqual([['U', 1]]);
    expect(r.after.householdsCovered).toBe(1);
    expect(codes(r.warnings)).not.toContain('sites-off-network');
  });
});

describe('kindergarten siting warnings', () => {
  // No built-up layer: every site takes the urban radius, 300 m. Kindergarten K at (0, 0).
  const kindergartens = fc([point({ id: 'K', capacity: 100 }, 0, 0)]);

  test('every child already within a radius: 0 of 2 sites, warning fewer-sites', () => {
    // H1 at (100, 0) with one child: 100 m from K.
    const { townships } = county();
    const r = siteKindergartens({ households: households([[100, 0]], [1]), kindergartens, townships }, { count: 2, candidateSpacingMeters: 1000 });
    expect(r.before).toEqual({ childrenCovered: 1, childrenTotal: 1 });
    expect(r.picks).toEqual([]);
    const w = r.warnings.find((x) => x.code === 'fewer-sites');
    expect(w?.counts).toEqual({ asked: 2, placed: 0 });
    expect(w?.message.zh).toContain('要求新选址 2 处幼儿园，只选出 0 处');
  });

  test('no household: the kindergarten analysis warning no-households reaches the siting result', () => {
    const { townships } = county();
    const r = siteKindergartens({ households: households([]), kindergartens, townships }, { count: 1, candidateSpacingMeters: 1000 });
    expect(r.picks).toEqual([]);
    expect(codes(r.warnings)).toEqual(expect.arrayContaining(['no-households', 'fewer-sites']));
  });

  test('one child out of reach, one site asked: one pick and no fewer-sites warning', () => {
    const { townships } = county();
    const r = siteKindergartens({ households: households([[100, 0], [2000, 0]], [1, 2]), kindergartens, townships }, { count: 1, candidateSpacingMeters: 1000, userSites: [{ id: 'U1', lon: xy(2000, 100)[0], lat: xy(2000, 100)[1] }] });
    expect(r.picks.map((p) => [p.id, p.addedChildren])).toEqual([['U1', 2]]);
    expect(codes(r.warnings)).not.toContain('fewer-sites');
  });
});

describe('list parameters take each item once', () => {
  test('--breaks 5,5.0,5 is one 5-minute isochrone (it drew three identical ones); --statuses existing,existing is existing', () => {
    const { values, problems } = checkParams<Record<string, unknown>>(FIRE_PARAMS, fromCli({ breaks: '5,5.0,5,8', statuses: 'existing,existing,planned' }));
    expect(problems).toEqual([]);
    expect(values.breaks).toBe('5,8');
    expect(values.statuses).toBe('existing,planned');
    expect(fireOptionsFromParams(values).breaksMinutes).toEqual([5, 8]);
  });
});

describe('a parameter key no analysis reads in a scenario of project.json', () => {
  test('is named like one in params (it ran the scenario at the default without a word)', () => {
    const findings = projectJsonFindings({
      layers: {} as Project['layers'],
      params: {},
      scenarios: { active: 's1', list: [{ id: 's1', name: '方案一', edits: [], params: { turnout: 2 } }, { id: 's2', name: '方案二', edits: [], params: { hydrant_radius: 100 } }] },
    });
    expect(findings.map((f) => [f.code, f.severity, f.file, f.field])).toEqual([['unknown-param', 'warning', 'project.json', 'scenarios.list[1].params.hydrant_radius']]);
    expect(findings[0].message.zh).toBe('方案“方案二”：没有哪项分析使用参数“hydrant_radius”，该值被忽略，该方案使用项目参数或默认值；是否应为“hydrant-radius”？');
    expect(findings[0].message.en).toBe('Scenario "方案二": no analysis reads the parameter "hydrant_radius"; its value is ignored and the scenario uses the project\'s value or the default. Did you mean "hydrant-radius"?');
  });
});
