import { describe, expect, test } from 'vitest';
import type { FeatureCollection, Geometry } from 'geojson';
import { checkParams, fromCli, fromPanel, fromProject, resolveParams, ParamError } from '../../analysis/params.ts';
import { assertFireOptions, FIRE_PARAMS, fireOptionsFromParams } from '../../analysis/fire-params.ts';
import { KINDERGARTEN_PARAMS, UNCOVERED_PARAMS } from '../../analysis/radii-params.ts';
import { projectParamProblems } from '../../analysis/project-params.ts';
import { fireCoverage } from '../../analysis/fire-coverage.ts';
import { loadLayerFile } from '../../layers/load/load-project.ts';
import { fireStations } from '../../layers/fire-stations.ts';
import { fc, pt, road, SPEEDS_10MPS } from './fire-coverage-fixtures.ts';

/**
 * Session 13 red-team of the parameters: values that passed every range check one by one and
 * still gave a figure without a word (a turnout as long as the threshold, a radius in km, a
 * per-station turnout of "" or "五分钟").
 */

const en = (ps: readonly { message: { en: string } }[]) => ps.map((p) => p.message.en);

describe('a turnout not below the response threshold is refused wherever it comes from', () => {
  test('command line: --turnout 5 (= the 5-minute threshold) and 6 are refused, naming both; 4.9 runs', () => {
    for (const t of ['5', '6']) {
      const { problems } = checkParams(FIRE_PARAMS, fromProject({}), fromCli({ turnout: t }));
      expect(en(problems)).toEqual([
        `command-line option --turnout (Turnout time (professional crew)) is ${t} min; it must be less than the default threshold (Response threshold from dispatch order) (5 min): a turnout as long as the threshold leaves the engine no time to drive, and every coverage figure would be 0`,
      ]);
      expect(problems[0].key).toBe('turnout');
    }
    expect(checkParams(FIRE_PARAMS, fromCli({ turnout: '4.9' })).problems).toEqual([]);
    expect(() => resolveParams(FIRE_PARAMS, fromCli({ turnout: '6' }))).toThrow(ParamError);
  });

  test('the value set last is blamed: --threshold 1 over the default turnout, or over a turnout of 3 in project.json', () => {
    const a = checkParams(FIRE_PARAMS, fromProject({}), fromCli({ threshold: '1' })).problems;
    expect(a.map((p) => [p.key, p.origin.kind])).toEqual([['threshold', 'cli']]);
    expect(a[0].message.zh).toBe('默认的 turnout（出动时间（专职站））为 1 min，应小于命令行选项 --threshold（到达时限（自接警出动起））（1 min）：出动时间不短于到达时限，消防车没有行车时间，覆盖率将为 0');
    const b = checkParams(FIRE_PARAMS, fromProject({ turnout: 3 }), fromCli({ threshold: '3' })).problems;
    expect(b.map((p) => [p.key, p.origin.kind])).toEqual([['threshold', 'cli']]);
    expect(b[0].message.en).toContain('project.json params.turnout (Turnout time (professional crew)) is 3 min; it must be less than command-line option --threshold');
  });

  test('project.json (validate, the import step, the layers panel) and the panel fields say the same', () => {
    expect(en(projectParamProblems({ turnout: 6 }))).toEqual([expect.stringMatching(/^project\.json params\.turnout \(Turnout time \(professional crew\)\) is 6 min; it must be less than the default threshold/)]);
    expect(en(projectParamProblems({ turnout: 2, threshold: 2 }))[0]).toMatch(/^project\.json params\.turnout .* is 2 min; it must be less than project\.json params\.threshold .* \(2 min\)/);
    const panel = checkParams(FIRE_PARAMS, fromProject({}), fromPanel({ turnout: '7' })).problems;
    expect(panel.map((p) => [p.key, p.origin.kind])).toEqual([['turnout', 'panel']]);
    expect(panel[0].message.zh).toMatch(/^输入框「出动时间（专职站）」为 7 min，应小于默认的 threshold/);
  });

  test('the analysis worker refuses resolved options that break it (second line of defence)', () => {
    const ok = fireOptionsFromParams(resolveParams(FIRE_PARAMS));
    expect(() => assertFireOptions('fireCoverage', ok)).not.toThrow();
    expect(() => assertFireOptions('fireCoverage', { ...ok, turnoutMinutes: 5 })).toThrow(/analysis task fireCoverage.*is 5 min; it must be less than/);
  });
});

describe('a radius given in km where m is due', () => {
  test('--kg-radius-village 2 (meant: 2 km) is refused with the range; 50 m and the defaults pass', () => {
    const { problems } = checkParams([...KINDERGARTEN_PARAMS, ...UNCOVERED_PARAMS], fromCli({ 'kg-radius-village': '2', 'coal-radius': '1.5', 'maintenance-radius': '10' }));
    expect(en(problems)).toEqual([
      'command-line option --kg-radius-village (Kindergarten radius (village)) is 2, outside the allowed range: 50–50000 m',
      'command-line option --coal-radius (Clean-coal service radius) is 1.5, outside the allowed range: 50–50000 m',
      'command-line option --maintenance-radius (Maintenance organisation reach) is 10, outside the allowed range: 50–100000 m',
    ]);
    expect(checkParams([...KINDERGARTEN_PARAMS, ...UNCOVERED_PARAMS], fromProject({ 'kg-radius-urban': 50 })).problems).toEqual([]);
  });

  test('--access-max 0.3 (meant: 300 m) is refused: it left every target farther than 0.3 m from a road unreached', () => {
    expect(en(checkParams(FIRE_PARAMS, fromCli({ 'access-max': '0.3' })).problems)).toEqual(['command-line option --access-max (Maximum access distance from the road) is 0.3, outside the allowed range: 10–5000 m']);
    expect(checkParams(FIRE_PARAMS, fromCli({ 'access-max': '10' })).problems).toEqual([]);
  });
});

describe('per-station turnout_min and district_limit_km2', () => {
  const stationsFile = (props: Record<string, unknown>[]) =>
    new TextEncoder().encode(
      JSON.stringify({
        type: 'FeatureCollection',
        features: props.map((p, i) => ({ type: 'Feature', properties: { id: `S${i + 1}`, name: `站${i + 1}`, status: 'existing', ...p }, geometry: { type: 'Point', coordinates: [114.7 + i * 0.01, 38.6] } })),
      }),
    );

  test('the loader reads "5分钟" as 5 and reports text, negative and absurd values by feature and field (not used), as for any number field', () => {
    const r = loadLayerFile(fireStations, 'fire_stations.geojson', stationsFile([{ turnout_min: '5分钟' }, { turnout_min: '五分钟' }, { turnout_min: -1 }, { turnout_min: 99 }, { district_limit_km2: 0 }, { turnout_min: '' }]));
    const fs = r.data.kind === 'geojson' ? r.data.data.features : [];
    expect(fs.map((f) => f.properties?.turnout_min ?? null)).toEqual([5, null, null, null, null, null]);
    const issues = r.issues.filter((i) => i.field === 'turnout_min' || i.field === 'district_limit_km2');
    expect(issues.map((i) => [i.featureIndex, i.field, i.code])).toEqual([
      [1, 'turnout_min', 'bad-number'],
      [2, 'turnout_min', 'implausible-value'],
      [3, 'turnout_min', 'implausible-value'],
      [4, 'district_limit_km2', 'implausible-value'],
    ]);
    expect(issues[2].message.en).toBe('Value "99" of "Turnout time (turnout_min)" is not plausible (it should be between 0 and 30 min). Treated as not given; the other fields were loaded.');
  });

  const ROADS = fc([road([[0, 0], [1000, 0], [2000, 0], [3000, 0], [4000, 0]])]) as FeatureCollection<Geometry | null>;
  const station = (p: Record<string, unknown>) => fc([{ type: 'Feature', properties: { id: 'A', name: '甲站', level: 'level1', status: 'existing', ...p }, geometry: { type: 'Point', coordinates: pt(0, 0) } }]) as FeatureCollection<Geometry | null>;
  const run = (p: Record<string, unknown>) => fireCoverage({ roads: ROADS }, station(p), { speedsKmh: SPEEDS_10MPS, cellSizeMeters: 100 });

  test('a blank turnout_min is "not given" (the default 1 min), as in the fire panel, not 0 min', () => {
    expect(run({ turnout_min: '' }).stations[0].turnoutMinutes).toBe(1);
    expect(run({ turnout_min: '  ' }).coveredAreaKm2).toBe(run({}).coveredAreaKm2);
    expect(run({ turnout_min: '0' }).stations[0].turnoutMinutes).toBe(0);
  });

  test('a station whose own turnout (or its crew\'s) is not below the threshold is named in a warning, its 0 not read as measured', () => {
    const r = run({ turnout_min: 6 });
    expect(r.stations[0].turnoutMinutes).toBe(6);
    expect(r.warnings.map((w) => w.code)).toEqual(['turnout-over-threshold', 'no-built-up', 'no-households']);
    expect(r.warnings[0].message.zh).toContain('1 个消防站（共 1 个参与计算）的出动时间不短于到达时限 5 分钟，在时限内不覆盖任何区域：甲站（6）');
    const crew = fireCoverage({ roads: ROADS }, station({ crew: 'volunteer' }), { speedsKmh: SPEEDS_10MPS, cellSizeMeters: 100, thresholdMinutes: 3 });
    expect(crew.warnings[0].code).toBe('turnout-over-threshold');
    expect(run({ turnout_min: 4 }).warnings.map((w) => w.code)).toEqual(['no-built-up', 'no-households']);
  });
});

describe('--speeds with a road class no road can have', () => {
  test('a misspelt class (primay=45) is refused naming the option and the classes, in zh and en (it was taken and no road used it); busway and Chinese class names pass', async () => {
    const { fireOptionsFromCli } = await import('../../cli/radii-util.ts');
    const project = { name: 't', params: {}, layers: {} } as unknown as Parameters<typeof fireOptionsFromCli>[0];
    const refusal = (speeds: string) => {
      try {
        fireOptionsFromCli(project, { speeds });
      } catch (e) {
        return (e as Error).message.split('\n');
      }
      return null;
    };
    const [zh, en] = refusal('primay=45,unclassified=15')!;
    expect(zh).toMatch(/^命令行选项 --speeds 中的道路等级“primay”不是道路图层的等级；可用：motorway.*primary.*busway/);
    expect(en).toMatch(/^command-line option --speeds: "primay" is not a road class of the roads layer; classes: motorway.*primary.*busway/);
    expect(refusal('primary45')).toEqual([
      '命令行选项 --speeds 应为“等级=km/h”并以逗号分隔（如 primary=45,unclassified=15），收到“primary45”',
      'command-line option --speeds must be class=km/h pairs separated by commas (e.g. primary=45,unclassified=15), got "primary45"',
    ]);
    expect(refusal('busway=30,主干路=45,other=20')).toBeNull();
    expect(fireOptionsFromCli(project, { speeds: '主干路=45' }).speedsKmh.primary).toBe(45);
    expect(fireOptionsFromCli(project, { speeds: '公交专用道=30' }).speedsKmh.busway).toBe(30); // an alias of the roads layer, stored under its code
  });
});
