import { useEffect, useRef, useState } from 'react';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { FIRE_PARAMS, SPEED_PARAMS, fireOptionsFromParams } from '../../../analysis/fire-params';
import { resolveParams, type ParamDef } from '../../../analysis/params';
import type { ColumnLayerData, I18nText, LayerData } from '../../../layers/types';
import { useText } from '../../i18n';
import { useAppStore } from '../../state/store';
import type { FireFigures, FireTaskOutput } from '../../workers/tasks/fire-coverage';
import type { PanelDefinition } from '../registry';
import { aggregatePoints, COUNT_PROPERTY } from '../../map/aggregate-points';
import { AGGREGATE_BELOW_ZOOM, AGGREGATE_CELL_DEG } from '../../map/map-controller';
import { FireSession, type FireLiveOutput } from './fire-session';
import { StationMarkers, whenMap } from './station-markers';
import { Figure, ParamInput, Section, SortableTable, fmt } from '../radii/ui';

type Fc = FeatureCollection<Geometry | null>;
const EMPTY: Fc = { type: 'FeatureCollection', features: [] };
const STATUSES: { code: string; label: I18nText }[] = [
  { code: 'existing', label: { zh: '现状', en: 'Existing' } },
  { code: 'planned', label: { zh: '规划', en: 'Planned' } },
  { code: 'proposed', label: { zh: '拟建/新增', en: 'Proposed / added' } },
];
const NUMERIC_KEYS = ['threshold', 'turnout', 'traffic', 'access-max', 'access-speed', 'cell'] as const;
const ISO_COLORS = ['step', ['get', 'minutes'], '#1a9850', 4, '#91cf60', 6, '#fee08b', 9, '#fc8d59', 11, '#d73027'];
const STATION_COLORS = ['match', ['get', 'status'], 'existing', '#b71c1c', 'planned', '#ef6c00', '#6a1b9a'];

function fcOf(l: LayerData | undefined): Fc {
  return l && l.kind === 'geojson' ? l.data : EMPTY;
}

const def = (key: string) => FIRE_PARAMS.find((d) => d.key === key) as ParamDef<number>;

/** Households with only the columns the fire analysis reads (less to copy to the worker). */
function slimHouseholds(l: LayerData | undefined): ColumnLayerData | undefined {
  if (!l || l.kind !== 'columns') return undefined;
  const columns: ColumnLayerData['columns'] = {};
  for (const k of ['township', 'village', 'heating']) if (l.columns[k]) columns[k] = l.columns[k];
  return { ...l, columns };
}

function lonLatOf(f: Feature<Geometry | null>): [number, number] | null {
  return f.geometry?.type === 'Point' ? [f.geometry.coordinates[0], f.geometry.coordinates[1]] : null;
}

/**
 * The fire-coverage panel: parameters (each with its source), 5-minute coverage on the road
 * network computed in the worker with progress and cancel, isochrones / districts / uncovered
 * households on the map, and what-if editing of stations (add, move, remove by clicking) with a
 * before/after comparison.
 */
function FirePanel() {
  const tx = useText();
  const project = useAppStore((s) => s.project.project);
  const [values, setValues] = useState<Record<string, number>>({});
  const [before, setBefore] = useState<string[]>(['existing']);
  const [afterStatuses, setAfterStatuses] = useState<string[]>(['existing', 'planned', 'proposed']);
  const [stations, setStations] = useState<Fc>(EMPTY);
  const [busy, setBusy] = useState<{ stage?: string; fraction?: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [out, setOut] = useState<FireTaskOutput | null>(null);
  const session = useRef<FireSession | null>(null);
  const runSeq = useRef(0);
  const added = useRef(0);
  // The latest stations and result for the drag handlers (they outlive a render).
  const stationsRef = useRef<Fc>(EMPTY);
  stationsRef.current = stations;
  const outRef = useRef<FireTaskOutput | null>(null);
  outRef.current = out;
  /** Live recompute while dragging: the newest position waiting, whether one is in flight, the frame asked for. */
  const live = useRef<{ pending: Fc | null; inFlight: boolean; frame: number; runs: number }>({ pending: null, inFlight: false, frame: 0, runs: 0 });
  const [liveRuns, setLiveRuns] = useState(0);
  const [fullRuns, setFullRuns] = useState(0);
  const markers = useRef<StationMarkers | null>(null);
  const liveRef = useRef<() => void>(() => {});
  const dragRef = useRef<(id: string, lngLat: [number, number]) => void>(() => {});
  const dropRef = useRef<(id: string, lngLat: [number, number]) => void>(() => {});

  useEffect(() => {
    const s = new FireSession();
    session.current = s;
    return () => s.dispose();
  }, []);

  useEffect(() => {
    setStations(fcOf(project?.layers.fireStations));
    setOut(null);
  }, [project]);

  // The scenario's stations as draggable markers while the panel is open.
  useEffect(() => {
    const stop = whenMap((map) => {
      markers.current = new StationMarkers(map, { onDrag: (id, ll) => dragRef.current(id, ll), onDragEnd: (id, ll) => dropRef.current(id, ll) }, (f) => String(f.properties?.name ?? f.properties?.id ?? ''));
      markers.current.set(stationsRef.current);
    });
    return () => {
      stop();
      markers.current?.dispose();
      markers.current = null;
      cancelAnimationFrame(live.current.frame);
      live.current.pending = null;
    };
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    markers.current?.set(stations);
  }, [stations]);

  const resolved = resolveParams<Record<string, unknown>>(FIRE_PARAMS, project?.params, values);
  const noRoads = fcOf(project?.layers.roads).features.length === 0;

  async function run(edited: Fc = stations) {
    const ses = session.current;
    if (!project || !ses) return;
    const my = ++runSeq.current;
    setBusy({ stage: 'start', fraction: 0 });
    setError(null);
    try {
      const options = { ...fireOptionsFromParams(resolved), statuses: before };
      const input = {
        roads: noRoads ? undefined : fcOf(project.layers.roads),
        builtUp: fcOf(project.layers.builtUp),
        townships: fcOf(project.layers.townships),
        households: slimHouseholds(project.layers.households),
      };
      // Prepared once per project and grid options; edits only recompute.
      const key = [projectKey(project), options.cellSizeMeters, options.maxAccessMeters, options.snapToleranceMeters, options.mode ?? '', noRoads].join('|');
      const onProgress = (p: { stage?: string; fraction?: number }) => my === runSeq.current && setBusy(p);
      await ses.prepare(key, input, options, onProgress);
      const r = await ses.compute({ options, stations: fcOf(project.layers.fireStations), after: { stations: edited, statuses: afterStatuses } }, onProgress);
      if (my !== runSeq.current) return;
      setOut(r);
      setFullRuns((n) => n + 1);
      showOnMap(r, edited);
    } catch (e) {
      if (my === runSeq.current && (e as Error).name !== 'AbortError') setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (my === runSeq.current) setBusy(null);
    }
  }

  function moved(id: string, lngLat: [number, number]): Fc {
    const point = { type: 'Point' as const, coordinates: lngLat };
    return { type: 'FeatureCollection', features: stationsRef.current.features.map((f) => (f.properties?.id === id ? { ...f, geometry: point } : f)) };
  }

  /** A dragged station moved: keep the newest position, and recompute at most once per frame. */
  function dragTo(id: string, lngLat: [number, number]) {
    const next = moved(id, lngLat);
    stationsRef.current = next;
    setStations(next);
    const l = live.current;
    l.pending = next;
    if (!l.frame) l.frame = requestAnimationFrame(() => liveRef.current());
  }

  /** The drop: forget any waiting position and run the full recompute (figures, outlines, households). */
  function dropAt(id: string, lngLat: [number, number]) {
    const next = moved(id, lngLat);
    const l = live.current;
    cancelAnimationFrame(l.frame);
    l.frame = 0;
    l.pending = null;
    stationsRef.current = next;
    edit(next);
  }

  /** Sends the newest waiting position to the worker unless a live recompute is still running. */
  function pumpLive() {
    const l = live.current;
    l.frame = 0;
    const ses = session.current;
    const edited = l.pending;
    if (!edited || l.inFlight || !ses?.ready || !outRef.current || !project) return;
    l.pending = null;
    l.inFlight = true;
    const my = runSeq.current;
    const options = { ...fireOptionsFromParams(resolved), statuses: before };
    ses
      .live({ options, after: { stations: edited, statuses: afterStatuses } })
      .then((r) => {
        // a full run started since (a drop, a parameter change) supersedes this one
        if (my !== runSeq.current || !outRef.current) return;
        const next = { ...outRef.current, after: r.after };
        outRef.current = next;
        setOut(next);
        showOutlines(r, r.after.mode);
        showStations(edited);
        l.runs++;
        setLiveRuns(l.runs);
      })
      .catch((e) => {
        if (my === runSeq.current && (e as Error).name !== 'AbortError') setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        l.inFlight = false;
        if (l.pending && !l.frame) l.frame = requestAnimationFrame(() => liveRef.current());
      });
  }
  liveRef.current = pumpLive;
  dragRef.current = dragTo;
  dropRef.current = dropAt;

  function cancel() {
    runSeq.current++;
    session.current?.cancel();
    setBusy(null);
  }

  function showOnMap(r: FireTaskOutput, edited: Fc) {
    showUncovered(r.geo.uncovered as Fc);
    showOutlines(r.geo, r.after?.mode ?? r.before.mode);
    showStations(edited);
  }

  function showUncovered(points: Fc) {
    const { setResultLayer } = useAppStore.getState();
    setResultLayer({
      id: 'fire-uncovered',
      title: { zh: '消防未覆盖农户', en: 'Households not reached by fire service' },
      data: withAggregate(points),
      // Below the households layer's point zoom: one circle per grid cell sized by its count; from it: the points.
      style: [
        { type: 'circle', maxzoom: AGGREGATE_BELOW_ZOOM, filter: ['has', COUNT_PROPERTY], paint: { 'circle-color': '#d32f2f', 'circle-radius': AGG_RADIUS as never, 'circle-opacity': 0.6 } },
        { type: 'circle', minzoom: AGGREGATE_BELOW_ZOOM, filter: ['!', ['has', COUNT_PROPERTY]], paint: { 'circle-color': '#d32f2f', 'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 2, 16, 4] as never, 'circle-opacity': 0.7 } },
      ],
      legend: [{ label: { zh: '时限内未到达的农户', en: 'Household not reached in time' }, color: '#d32f2f', shape: 'circle' }],
      visible: true,
      fields: [
        { name: 'id', label: { zh: '编号', en: 'ID' }, type: 'string' },
        { name: 'village', label: { zh: '村', en: 'Village' }, type: 'string' },
        { name: 'minutes', label: { zh: '到达时间', en: 'Arrival' }, type: 'number', unit: { zh: '分钟', en: 'min' } },
        { name: COUNT_PROPERTY, label: { zh: '网格内农户', en: 'Households in the cell' }, type: 'number', unit: { zh: '户', en: 'households' } },
      ],
    });
  }

  function showOutlines(geo: Pick<FireLiveOutput, 'isochrones' | 'districts'>, mode: string) {
    const { setResultLayer } = useAppStore.getState();
    const modeNote = mode === 'straight-line' ? { zh: '（直线距离估算）', en: ' (straight-line estimate)' } : { zh: '', en: '' };
    setResultLayer({
      id: 'fire-isochrones',
      title: { zh: `消防等时圈${modeNote.zh}`, en: `Fire isochrones${modeNote.en}` },
      data: geo.isochrones as Fc,
      style: [{ type: 'fill', paint: { 'fill-color': ISO_COLORS as never, 'fill-opacity': 0.45 } }],
      legend: geo.isochrones.features.map((f) => ({ label: { zh: `${f.properties.minutes} 分钟内`, en: `within ${f.properties.minutes} min` }, color: isoColor(f.properties.minutes), shape: 'fill' as const })),
      visible: true,
      fields: [
        { name: 'minutes', label: { zh: '分钟', en: 'Minutes' }, type: 'number' },
        { name: 'areaKm2', label: { zh: '面积', en: 'Area' }, type: 'number', unit: { zh: 'km²', en: 'km²' } },
      ],
    });
    setResultLayer({
      id: 'fire-districts',
      title: { zh: '消防站辖区（首先到达）', en: 'Station districts (first due)' },
      data: geo.districts as Fc,
      style: [{ type: 'line', paint: { 'line-color': '#1a237e', 'line-width': 0.8, 'line-opacity': 0.6 } }],
      legend: [{ label: { zh: '辖区边界（首先到达）', en: 'District boundary (first due)' }, color: '#1a237e', shape: 'line' }],
      visible: true,
      fields: [
        { name: 'name', label: { zh: '站点', en: 'Station' }, type: 'string' },
        { name: 'areaKm2', label: { zh: '辖区面积', en: 'District area' }, type: 'number', unit: { zh: 'km²', en: 'km²' } },
        { name: 'limitKm2', label: { zh: '面积限值', en: 'Area limit' }, type: 'number', unit: { zh: 'km²', en: 'km²' } },
        { name: 'households', label: { zh: '5分钟内农户', en: 'Households within 5 min' }, type: 'number', unit: { zh: '户', en: 'households' } },
      ],
    });
  }

  function showStations(edited: Fc) {
    useAppStore.getState().setResultLayer({
      id: 'fire-scenario-stations',
      title: { zh: '方案消防站', en: 'Scenario fire stations' },
      data: edited,
      style: [{ type: 'circle', paint: { 'circle-color': STATION_COLORS as never, 'circle-radius': 8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } }],
      legend: [
        { label: { zh: '现状站', en: 'Existing' }, color: '#b71c1c', shape: 'circle' },
        { label: { zh: '规划站', en: 'Planned' }, color: '#ef6c00', shape: 'circle' },
        { label: { zh: '新增/拟建站', en: 'Added / proposed' }, color: '#6a1b9a', shape: 'circle' },
      ],
      visible: true,
    });
  }

  function edit(next: Fc) {
    setStations(next);
    if (out) void run(next);
  }

  function pick(kind: 'add' | 'move', id?: string) {
    const hint: I18nText = kind === 'add' ? { zh: '在地图上点击放置新消防站（Esc 取消）', en: 'Click the map to place a new station (Esc to cancel)' } : { zh: `点击地图移动 ${id}（Esc 取消）`, en: `Click the map to move ${id} (Esc to cancel)` };
    useAppStore.getState().setMapClickMode({
      id: `fire-${kind}`,
      cursor: 'crosshair',
      hint,
      onClick: ({ lng, lat }) => {
        useAppStore.getState().setMapClickMode(null);
        const point = { type: 'Point' as const, coordinates: [lng, lat] };
        if (kind === 'add') {
          added.current++;
          const f: Feature<Geometry | null> = { type: 'Feature', properties: { id: `NEW-${added.current}`, name: `新增站点 ${added.current}`, level: 'level1', status: 'proposed' }, geometry: point };
          edit({ type: 'FeatureCollection', features: [...stations.features, f] });
        } else {
          edit({ type: 'FeatureCollection', features: stations.features.map((f) => (f.properties?.id === id ? { ...f, geometry: point } : f)) });
        }
      },
    });
  }

  function toggle(list: string[], code: string, set: (v: string[]) => void) {
    set(list.includes(code) ? list.filter((c) => c !== code) : [...list, code]);
  }

  const b = out?.before, a = out?.after;
  return (
    <div className="panel radii-panel" data-testid="fire-panel">
      <Section title={{ zh: '参数', en: 'Parameters' }}>
        {NUMERIC_KEYS.map((k) => (
          <ParamInput key={k} def={def(k)} value={Number(resolved[k])} onChange={(v) => setValues({ ...values, [k]: v })} testId={`fire-param-${k}`} />
        ))}
        <fieldset className="param">
          <legend>{tx({ zh: '现状方案计入的站点', en: 'Stations counted before' })}</legend>
          {STATUSES.map((s) => (
            <label key={s.code}>
              <input type="checkbox" checked={before.includes(s.code)} onChange={() => toggle(before, s.code, setBefore)} data-testid={`fire-before-${s.code}`} /> {tx(s.label)}
            </label>
          ))}
        </fieldset>
        <fieldset className="param">
          <legend>{tx({ zh: '比较方案计入的站点', en: 'Stations counted after' })}</legend>
          {STATUSES.map((s) => (
            <label key={s.code}>
              <input type="checkbox" checked={afterStatuses.includes(s.code)} onChange={() => toggle(afterStatuses, s.code, setAfterStatuses)} data-testid={`fire-after-${s.code}`} /> {tx(s.label)}
            </label>
          ))}
        </fieldset>
        <details data-testid="fire-speeds">
          <summary>{tx({ zh: '分道路等级车速（km/h）', en: 'Speed per road class (km/h)' })}</summary>
          {SPEED_PARAMS.map((d) => (
            <ParamInput key={d.key} def={d} value={Number(resolved[d.key])} onChange={(v) => setValues({ ...values, [d.key]: v })} testId={`fire-param-${d.key}`} />
          ))}
        </details>
        {noRoads ? (
          <p className="error" data-testid="fire-straight-line">
            {tx({ zh: '无道路数据：按直线距离和平均速度估算（直线模式），结果仅供参考。', en: 'No road data: estimated from straight-line distance at an average speed (straight-line mode).' })}
          </p>
        ) : null}
        <div className="button-row">
          <button type="button" onClick={() => void run()} disabled={!project} data-testid="fire-run">
            {tx({ zh: '计算消防覆盖', en: 'Compute fire coverage' })}
          </button>
          {busy ? (
            <button type="button" onClick={cancel} data-testid="fire-cancel">
              {tx({ zh: '取消', en: 'Cancel' })}
            </button>
          ) : null}
        </div>
        {busy ? (
          <p className="note" data-testid="fire-progress">
            <progress value={busy.fraction ?? 0} max={1} /> {busy.stage ?? ''}
          </p>
        ) : null}
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
      </Section>
      <Section title={{ zh: '方案编辑（点击地图，或拖动站点）', en: 'What-if editing (click the map, or drag a station)' }}>
        <p className="note">{tx({ zh: '计算后拖动地图上的消防站圆点，覆盖随之更新；松开后完整重算。', en: 'After computing, drag a station dot on the map: the coverage follows; dropping it runs the full recompute.' })}</p>
        <div className="button-row">
          <button type="button" onClick={() => pick('add')} disabled={!project} data-testid="fire-add-station">
            {tx({ zh: '添加消防站', en: 'Add station' })}
          </button>
          <button type="button" onClick={() => edit(fcOf(project?.layers.fireStations))} disabled={!project} data-testid="fire-reset">
            {tx({ zh: '恢复原方案', en: 'Reset' })}
          </button>
        </div>
        <ul className="fire-stations" data-testid="fire-station-list">
          {stations.features.map((f) => {
            const p = (f.properties ?? {}) as Record<string, unknown>;
            const id = String(p.id ?? '');
            const ll = lonLatOf(f);
            return (
              <li key={id}>
                {String(p.name ?? id)} · {tx(STATUSES.find((x) => x.code === p.status)?.label ?? { zh: String(p.status ?? ''), en: String(p.status ?? '') })} {ll ? `(${ll[0].toFixed(4)}, ${ll[1].toFixed(4)})` : ''}{' '}
                <button type="button" onClick={() => pick('move', id)} data-testid={`fire-move-${id}`}>
                  {tx({ zh: '移动', en: 'Move' })}
                </button>{' '}
                <button type="button" onClick={() => edit({ type: 'FeatureCollection', features: stations.features.filter((g) => g !== f) })} data-testid={`fire-remove-${id}`}>
                  {tx({ zh: '删除', en: 'Remove' })}
                </button>
              </li>
            );
          })}
        </ul>
      </Section>
      {b ? (
        <>
          <Section title={{ zh: '指标：前后对比', en: 'Figures: before / after' }}>
            {(a ?? b).mode === 'straight-line' ? <p className="error">{tx({ zh: '直线距离模式（无道路数据）', en: 'Straight-line mode (no road data)' })}</p> : null}
            <div className="figures" data-testid="fire-figures" data-live-runs={liveRuns} data-runs={fullRuns}>
              <Figure
                label={{ zh: `建成区 ${b.thresholdMinutes} 分钟可达率（前 → 后）`, en: `Built-up reached in ${b.thresholdMinutes} min (before → after)` }}
                value={`${fmt(b.coveredBuiltUpPct)}% → ${fmt(a?.coveredBuiltUpPct ?? b.coveredBuiltUpPct)}%`}
                target={tx({ zh: `目标 ≥ ${b.targetPct}%`, en: `target ≥ ${b.targetPct}%` })}
                testId="fire-covered-pct"
              />
              <Figure
                label={{ zh: '可达建成区面积（前 → 后）', en: 'Built-up area reached (before → after)' }}
                value={`${fmt(b.coveredBuiltUpAreaKm2, 2)} → ${fmt(a?.coveredBuiltUpAreaKm2 ?? b.coveredBuiltUpAreaKm2, 2)} / ${fmt(b.builtUpAreaKm2, 2)} km²`}
              />
              <Figure
                label={{ zh: '时限内到达的农户（前 → 后）', en: 'Households reached (before → after)' }}
                value={`${b.households.covered.toLocaleString()} → ${(a ?? b).households.covered.toLocaleString()} / ${b.households.total.toLocaleString()} 户`}
                testId="fire-households-covered"
              />
              <Figure label={{ zh: '未到达农户（后）', en: 'Households not reached (after)' }} value={`${(a ?? b).households.uncovered.toLocaleString()} 户`} testId="fire-households-uncovered" />
            </div>
            {(a ?? b).network && (a ?? b).network!.components > 1 ? (
              <p className="note">
                {tx({ zh: `路网有 ${(a ?? b).network!.components} 个互不连通的部分（最大部分之外的路段无法从其他部分到达）。`, en: `The road network has ${(a ?? b).network!.components} disconnected pieces.` })}
              </p>
            ) : null}
          </Section>
          <Section title={{ zh: '各建成区可达率（后）', en: 'Each built-up area (after)' }}>
            <SortableTable<FireFigures['byBuiltUp'][number]>
              testId="fire-builtup-table"
              rows={(a ?? b).byBuiltUp}
              initial={{ key: 'areaKm2', desc: true }}
              columns={[
                { key: 'name', label: { zh: '建成区', en: 'Built-up area' }, value: (g) => g.name },
                { key: 'areaKm2', label: { zh: '面积 km²', en: 'Area km²' }, value: (g) => g.areaKm2, format: (g) => fmt(g.areaKm2, 2) },
                { key: 'coveredPct', label: { zh: '可达 %', en: 'Reached %' }, value: (g) => g.coveredPct, format: (g) => fmt(g.coveredPct) },
              ]}
            />
          </Section>
          <Section title={{ zh: '消防站辖区（后）', en: 'Station districts (after)' }}>
            <SortableTable<FireFigures['stations'][number]>
              testId="fire-station-table"
              rows={(a ?? b).stations}
              initial={{ key: 'districtAreaKm2', desc: true }}
              columns={[
                { key: 'name', label: { zh: '站点', en: 'Station' }, value: (s) => s.name || s.id },
                { key: 'status', label: { zh: '状态', en: 'Status' }, value: (s) => s.status },
                { key: 'turnoutMinutes', label: { zh: '出动 min', en: 'Turnout min' }, value: (s) => s.turnoutMinutes },
                { key: 'districtAreaKm2', label: { zh: '辖区 km²', en: 'District km²' }, value: (s) => s.districtAreaKm2, format: (s) => fmt(s.districtAreaKm2, 1) },
                { key: 'districtLimitKm2', label: { zh: '限值 km²', en: 'Limit km²' }, value: (s) => s.districtLimitKm2 },
                { key: 'overLimit', label: { zh: '超限', en: 'Over' }, value: (s) => (s.overLimit ? 1 : 0), format: (s) => (s.overLimit ? '✗' : '✓') },
                { key: 'households', label: { zh: '时限内农户', en: 'Households in time' }, value: (s) => s.households },
              ]}
            />
          </Section>
          <Section title={{ zh: '按乡镇（后）', en: 'By township (after)' }}>
            <SortableTable<FireFigures['byTownship'][number]>
              testId="fire-township-table"
              rows={(a ?? b).byTownship}
              initial={{ key: 'uncovered', desc: true }}
              columns={[
                { key: 'key', label: { zh: '乡镇', en: 'Township' }, value: (g) => g.key || '—' },
                { key: 'total', label: { zh: '农户', en: 'Households' }, value: (g) => g.total },
                { key: 'covered', label: { zh: '到达', en: 'Reached' }, value: (g) => g.covered },
                { key: 'uncovered', label: { zh: '未到达', en: 'Not reached' }, value: (g) => g.uncovered },
              ]}
            />
          </Section>
          <Section title={{ zh: '按采暖方式（后）', en: 'By heating (after)' }}>
            <SortableTable<FireFigures['byHeating'][number]>
              testId="fire-heating-table"
              rows={(a ?? b).byHeating}
              initial={{ key: 'uncovered', desc: true }}
              columns={[
                { key: 'key', label: { zh: '采暖', en: 'Heating' }, value: (g) => g.key || '—' },
                { key: 'total', label: { zh: '农户', en: 'Households' }, value: (g) => g.total },
                { key: 'covered', label: { zh: '到达', en: 'Reached' }, value: (g) => g.covered },
                { key: 'uncovered', label: { zh: '未到达', en: 'Not reached' }, value: (g) => g.uncovered },
              ]}
            />
          </Section>
        </>
      ) : null}
    </div>
  );
}

const projectKeys = new WeakMap<object, number>();
let projectCount = 0;
/** A number per loaded project object (a new project, or an edited one, gets a new number). */
function projectKey(p: object): number {
  const k = projectKeys.get(p);
  if (k !== undefined) return k;
  projectKeys.set(p, ++projectCount);
  return projectCount;
}

/** Circle radius of an aggregated cell by its household count (as the households layer's aggregate). */
const AGG_RADIUS = ['interpolate', ['linear'], ['get', COUNT_PROPERTY], 1, 1.5, 10, 2.5, 100, 5, 1000, 9];

/**
 * The points plus one point per grid cell (the households layer's cell size) carrying the count in
 * `__count`, so the map draws cells at low zoom and points from the households layer's point zoom.
 */
function withAggregate(points: Fc): Fc {
  const n = points.features.length;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const g = points.features[i].geometry;
    [lon[i], lat[i]] = g?.type === 'Point' ? g.coordinates : [NaN, NaN];
  }
  const cells = aggregatePoints({ kind: 'columns', id: 'households', count: n, lon, lat, ids: [], columns: {} }, [], AGGREGATE_CELL_DEG);
  return { type: 'FeatureCollection', features: [...cells.features, ...points.features] };
}

function isoColor(m: number): string {
  return m < 4 ? '#1a9850' : m < 6 ? '#91cf60' : m < 9 ? '#fee08b' : m < 11 ? '#fc8d59' : '#d73027';
}

export const firePanel: PanelDefinition = {
  id: 'fire',
  title: { zh: '消防覆盖', en: 'Fire coverage' },
  order: 15,
  component: FirePanel,
};
