import type { LaneProblemLoss } from '../../../analysis/fire-lane-losses';
import { useEffect, useMemo, useRef, useState } from 'react';
import { flushSync } from 'react-dom';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { FIRE_MODE_PARAM, FIRE_PARAMS, SPEED_PARAMS, fireOptionsFromParams } from '../../../analysis/fire-params';
import type { ParamDef } from '../../../analysis/params';
import { useParamFields } from '../radii/param-fields';
import { fireResultSpec } from '../radii/result-keys';
import { resultKey, resultStatus } from '../../state/result-key';
import type { ColumnLayerData, I18nText, LayerData } from '../../../layers/types';
import { MESSAGES, useT, type Messages } from '../../i18n';
import { pair } from '../radii/i18n-pair';
import { effectiveProject, useAppStore } from '../../state/store';
import { hadRun, rememberRun } from '../../state/restore-runs';
import { withParams } from '../../state/params-slice';
import { scenarioUpdaters } from '../../state/scenario-slice';
import { activeScenario, countingFireStatus, CURRENT_ID, diffEdits } from '../../../analysis/scenarios';
import { expandFireOutput, type FireFigures, type FireTaskOutput } from '../../workers/tasks/fire-coverage';
import { firePrepareKey } from '../../../analysis/fire-coverage';
import { usePanelActive, type PanelDefinition } from '../registry';
import { aggregatedCircleStyle, COUNT_PROPERTY, withAggregate } from '../radii/aggregate-result';
import { FireSession, type FireLiveOutput, type FireRunReply } from './fire-session';
import { StationMarkers, whenMap } from './station-markers';
import { LatestWins } from './latest-wins';
import { addStation, hasEditedScenario, hiddenScenario, moveStation, removeStation, scenarioFeatures, scenarioOf, withAddedStations, withScenario, SCENARIO_KEY, type ScenarioStation } from './fire-scenario';
import { AnalysisWarnings, pctText, Figure, ParamInput, ParamProblems, Section, SortableTable, fmt, ErrorAlert, ExcelButton, downloadXlsx, StaleNote } from '../radii/ui';
import { fireSheets } from '../../export/analysis-sheets';
import { LAYERS } from '../../../layers/index';
import { heatingField } from '../../../layers/households';
import { enumLabel } from '../../export/sheet-util';
import { featureBounds } from '../../map/feature-bounds';
import { ReportButton } from '../../print/PrintButtons';
import { analysisContent } from '../../print/reports';
import { GeoExportButtons } from '../../export/GeoExportButtons';
import { CoverageCurveChart } from '../../print/CoverageCurveChart';
import { fireReachCurve } from './reach-curve';

type Fc = FeatureCollection<Geometry | null>;
/** What a full run puts on the map: the uncovered households with their grid cells, isochrones, districts. */
type MapData = { uncovered: Fc; isochrones: Fc; districts: Fc };
const EMPTY: Fc = { type: 'FeatureCollection', features: [] };
const STATUSES = ['existing', 'planned', 'proposed'] as const;
type Status = (typeof STATUSES)[number];
const NUMERIC_KEYS = ['threshold', 'turnout', 'traffic', 'lane-min-width', 'access-max', 'access-speed', 'cell'] as const;
const ISO_COLORS = ['step', ['get', 'minutes'], '#1a9850', 4, '#91cf60', 6, '#fee08b', 9, '#fc8d59', 11, '#d73027'];
const STATION_COLORS = ['match', ['get', 'status'], 'existing', '#b71c1c', 'planned', '#ef6c00', '#6a1b9a'];

function fcOf(l: LayerData | undefined): Fc {
  return l && l.kind === 'geojson' ? l.data : EMPTY;
}

const def = (key: string) => FIRE_PARAMS.find((d) => d.key === key) as ParamDef<number>;
const walkLegDef = FIRE_PARAMS.find((d) => d.key === 'walk-leg')!;

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
  const t = useT();
  const tf = t.fire;
  const base = useAppStore((s) => s.project.project);
  // The analysis sees the project under its active scenario (analysis/scenarios.ts).
  const project = effectiveProject(base);
  const selection = useAppStore((s) => s.selection);
  /** Selects a station of the fire-station layer and brings it into view (a what-if station has no feature there). */
  const findStation = (st: { id: string }) => {
    const focus = project ? featureBounds(project, LAYERS.fireStations, [st.id]) : null;
    if (focus) useAppStore.getState().setSelection({ layerId: 'fireStations', ids: [st.id], focus });
  };
  // The parameters live in the project's params (siting, plot review and the uncovered view read the same values).
  const fields = useParamFields(FIRE_PARAMS);
  const [before, setBefore] = useState<string[]>(['existing']);
  const [afterStatuses, setAfterStatuses] = useState<string[]>(['existing', 'planned', 'proposed']);
  // The what-if scenario lives in the project (params.fireScenario): saved with the work, and every
  // completed edit (add, move, drop, remove, reset) is one undo step. While a marker is dragged the
  // panel shows the dragged positions locally; the drop commits them.
  const scenario = useMemo(() => scenarioOf(project), [project?.params, project?.layers.fireStations]); // eslint-disable-line react-hooks/exhaustive-deps
  const committed = useMemo<Fc>(() => scenarioFeatures(scenario), [scenario]);
  // a saved what-if the active 方案's stations do not match (another 方案, or the layer changed): said, never hidden silently
  const hidden = useMemo(() => hiddenScenario(base), [base]);
  const [dragged, setDragged] = useState<Fc | null>(null);
  const stations = dragged ?? committed;
  const [busy, setBusy] = useState<{ stage?: string; fraction?: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [out, setOut] = useState<FireTaskOutput | null>(null);
  // the key of the inputs `out` was computed for: figures of other parameters or stations counted are stale, never exported as current
  const [outKey, setOutKey] = useState<string | null>(null);
  const lang = useAppStore((s) => s.ui.lang);
  const session = useRef<FireSession | null>(null);
  const runSeq = useRef(0);
  // The latest stations and result for the drag handlers (they outlive a render).
  const stationsRef = useRef<Fc>(EMPTY);
  stationsRef.current = stations;
  const outRef = useRef<FireTaskOutput | null>(null);
  outRef.current = out;
  /** Live recompute while dragging: the newest position waiting, whether one is in flight, the frame asked for. */
  const liveCount = useRef(0);
  const [liveRuns, setLiveRuns] = useState(0);
  /** Round trip of the last live recompute (worker compute + outlines + transfer), ms. */
  const [liveMs, setLiveMs] = useState<number | null>(null);
  /** Worker milliseconds of the last live recompute ("after" figures, outlines), for the benchmarks. */
  const [liveWorkerMs, setLiveWorkerMs] = useState<Record<string, number> | null>(null);
  /** The station being dragged (the worker keeps the other stations' times while it moves). */
  const draggedId = useRef<string | null>(null);
  /** Set while the figures come from a live run (districts cut at this many minutes); cleared by a full run. */
  const [liveCut, setLiveCut] = useState<number | null>(null);
  const [fullRuns, setFullRuns] = useState(0);
  /** True while the fire-lane problems' costs of the shown figures are computed. */
  const [lanesBusy, setLanesBusy] = useState(false);
  /** What the reach-by-minute chart shares out: households or the built-up area. */
  const [reachMeasure, setReachMeasure] = useState<'households' | 'builtUp'>('households');
  /** Worker milliseconds per step of the last full run (prepare 0 when the county was prepared already). */
  const [workerMs, setWorkerMs] = useState<Record<string, number> | null>(null);
  /**
   * The map layers of the last full run, kept while the worker's result for them stays the same
   * (its `revision`): a run with nothing changed keeps these objects, so the uncovered
   * households' Features are not rebuilt and the map is sent nothing new.
   */
  const shownRef = useRef<{ revision: string; households: LayerData | undefined; geo: FireTaskOutput['geo']; mapData: MapData | null } | null>(null);
  const markers = useRef<StationMarkers | null>(null);
  const liveRef = useRef<(edited: Fc) => Promise<void>>(async () => {});
  // Newest dragged position only, at most once per frame, one recompute in flight.
  const live = useRef<LatestWins<Fc> | null>(null);
  if (!live.current) live.current = new LatestWins<Fc>((edited) => liveRef.current(edited));
  const dragRef = useRef<(id: string, lngLat: [number, number]) => void>(() => {});
  const dropRef = useRef<(id: string, lngLat: [number, number]) => void>(() => {});

  useEffect(() => {
    const s = new FireSession();
    session.current = s;
    // the worker's code loads now, not when 计算 is pressed
    s.warm();
    return () => s.dispose();
  }, []);

  // Results come back after a reload: figures that were current for these inputs (data, scenario, params, what-if) are recomputed.
  useEffect(() => {
    const b = useAppStore.getState().project.project;
    if (b && !outRef.current && hadRun('fire', b, fireResultSpec(before, afterStatuses, SCENARIO_KEY))) void run(committed);
  }, [!!base]); // eslint-disable-line react-hooks/exhaustive-deps

  // Other data (a new project, an import, undo of one): the figures no longer apply.
  useEffect(() => {
    outRef.current = null;
    shownRef.current = null;
    setOut(null);
  }, [project?.layers]);

  // The committed scenario changed (an edit, its undo or redo): recompute when figures are shown.
  useEffect(() => {
    setDragged(null);
    stationsRef.current = committed;
    if (outRef.current) void run(committed);
  }, [committed]); // eslint-disable-line react-hooks/exhaustive-deps

  // The scenario's stations as draggable markers while the panel is the open tab.
  const active = usePanelActive();
  useEffect(() => {
    if (!active) return;
    const stop = whenMap((map) => {
      markers.current = new StationMarkers(map, { onDrag: (id, ll) => dragRef.current(id, ll), onDragEnd: (id, ll) => dropRef.current(id, ll) }, (f) => String(f.properties?.name ?? f.properties?.id ?? ''));
      markers.current.set(stationsRef.current);
    });
    return () => {
      stop();
      markers.current?.dispose();
      markers.current = null;
      live.current?.clear();
    };
  }, [active]); // eslint-disable-line react-hooks/exhaustive-deps

  useEffect(() => {
    markers.current?.set(stations);
  }, [stations]);

  // a station picked on the map (add / move) waits for a click only while this tab is open
  useEffect(() => {
    if (active) return;
    const mode = useAppStore.getState().ui.mapClickMode;
    if (mode?.id.startsWith('fire-')) useAppStore.getState().setMapClickMode(null);
  }, [active]);

  // The figures stay while another tab is open; the worker with the prepared county (≈ 170 MB on the
  // demo county) is given back — now, or when the run under way has ended (its `finally`): the next run
  // prepares again (issue #15's memory goal).
  const activeRef = useRef(active);
  activeRef.current = active;
  useEffect(() => {
    if (!active) session.current?.releaseIfIdle();
  }, [active]);

  // Project params, then the typed drafts; a refused value keeps the one before it and blocks the run.
  const resolved = fields.values;
  const fileProblems = fields.fileProblems;
  const refused = fileProblems.length > 0 || fields.fieldProblems.length > 0;
  const fieldValue = (k: string) => fields.value(k) as number;
  const paramInput = (d: ParamDef) => (
    <ParamInput
      key={d.key}
      def={d}
      value={fieldValue(d.key)}
      onChange={(v) => fields.draft(d.key, v)}
      onCommit={() => fields.commit([d.key])}
      onReset={() => fields.set(d.key, undefined)}
      testId={`fire-param-${d.key}`}
      problem={fields.fieldProblems.find((p) => p.key === d.key)}
    />
  );
  const noRoads = fcOf(project?.layers.roads).features.length === 0;

  async function run(edited: Fc = stations) {
    const ses = session.current;
    if (!project || !ses || refused) return;
    fields.commit();
    const atRun = useAppStore.getState().project.project;
    const runKey = atRun ? resultKey(atRun, fireResultSpec(before, afterStatuses, SCENARIO_KEY)) : null;
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
        // open fire-lane problems cut the engine network (lane-cut-distance)
        fireLanes: fcOf(project.layers.fireLanes),
      };
      // Prepared once per project and grid options; edits only recompute.
      const key = [projectKey(project.layers), noRoads, firePrepareKey(options)].join('|');
      const onProgress = (p: { stage?: string; fraction?: number }) => my === runSeq.current && setBusy(p);
      await ses.prepare(key, input, options, onProgress);
      const request = { options, stations: fcOf(project.layers.fireStations), after: { stations: edited, statuses: afterStatuses } };
      const held = shownRef.current?.households === project.layers.households ? shownRef.current : null;
      let reply: FireRunReply = await ses.compute(request, onProgress, held?.revision);
      if (my !== runSeq.current) return;
      // the layers held were dropped meanwhile (other data): ask for them
      if (!reply.geo && shownRef.current !== held) reply = await ses.compute(request, onProgress);
      if (my !== runSeq.current) return;
      let shown = shownRef.current;
      if (reply.geo || !shown) {
        // the worker sends the uncovered households as row indexes into these households
        const { geo } = expandFireOutput({ ...reply, geo: reply.geo! }, input.households);
        shown = { revision: reply.revision, households: project.layers.households, geo, mapData: null };
        shownRef.current = shown;
      }
      const { revision: _r, geo: _g, lanesPending, ...figures } = reply;
      const r: FireTaskOutput = { ...figures, geo: shown.geo };
      // The figures first (committed now), the map layers after the frame that shows them: a first
      // fire run makes MapLibre build its fill and line programs, which holds a frame for a second or more.
      flushSync(() => {
        setOut(r);
        setOutKey(runKey);
        setFullRuns((n) => n + 1);
        setWorkerMs({ ...ses.timingMs });
        setLiveCut(null);
      });
      const layers = shown;
      requestAnimationFrame(() =>
        setTimeout(() => {
          // a newer run, or other data (the figures were dropped), since
          if (my !== runSeq.current || !outRef.current) return;
          layers.mapData ??= { uncovered: withAggregate(layers.geo.uncovered as Fc), isochrones: layers.geo.isochrones as Fc, districts: layers.geo.districts as Fc };
          showOnMap(layers.mapData, r, edited);
        }),
      );
      const b = useAppStore.getState().project.project;
      if (b) rememberRun('fire', b, fireResultSpec(before, afterStatuses, SCENARIO_KEY));
      // The figures are shown; what each open fire-lane problem costs (a preparation each) follows.
      setLanesBusy(lanesPending);
      outRef.current = r;
      setBusy(null);
      if (lanesPending) {
        const lanes = await ses.lanes(request);
        if (my !== runSeq.current) return;
        // the worker gave way to a live recompute (a drag): its drop runs again and asks anew
        if (!lanes) return setLanesBusy(false);
        if (outRef.current !== r) return;
        const next = { ...r, lanes };
        outRef.current = next;
        setOut(next);
        setLanesBusy(false);
        setWorkerMs({ ...ses.timingMs });
      }
    } catch (e) {
      if (my === runSeq.current) setLanesBusy(false);
      if (my === runSeq.current && (e as Error).name !== 'AbortError') setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (my === runSeq.current) setBusy(null);
      if (my === runSeq.current && !activeRef.current) ses.releaseIfIdle();
    }
  }

  function moved(id: string, lngLat: [number, number]): Fc {
    const point = { type: 'Point' as const, coordinates: lngLat };
    return { type: 'FeatureCollection', features: stationsRef.current.features.map((f) => (f.properties?.id === id ? { ...f, geometry: point } : f)) };
  }

  /** A dragged station moved: keep the newest position, and recompute at most once per frame. */
  function dragTo(id: string, lngLat: [number, number]) {
    draggedId.current = id;
    const next = moved(id, lngLat);
    stationsRef.current = next;
    setDragged(next);
    live.current?.push(next);
  }

  /** The drop: forget any waiting position and run the full recompute (figures, outlines, households). */
  function dropAt(id: string, lngLat: [number, number]) {
    live.current?.clear();
    stationsRef.current = moved(id, lngLat);
    commit(moveStation(scenario, { id, lon: lngLat[0], lat: lngLat[1] }));
  }

  /** One live recompute of the edited scenario (skipped until a full run has prepared the county). */
  async function runLive(edited: Fc): Promise<void> {
    const ses = session.current;
    if (!ses?.ready || !outRef.current || !project || refused) return;
    const my = runSeq.current;
    const options = { ...fireOptionsFromParams(resolved), statuses: before };
    const t0 = performance.now();
    await ses
      .live({ options, after: { stations: edited, statuses: afterStatuses }, ...(draggedId.current !== null ? { movedId: draggedId.current } : {}) })
      .then((r) => {
        // a full run started since (a drop, a parameter change) supersedes this one
        if (my !== runSeq.current || !outRef.current) return;
        const next = { ...outRef.current, after: r.after };
        outRef.current = next;
        setOut(next);
        showOutlines(r, r.after.mode, r.after.thresholdMinutes);
        showStations(edited);
        liveCount.current++;
        setLiveRuns(liveCount.current);
        setLiveMs(Math.round(performance.now() - t0));
        setLiveWorkerMs(r.timingMs);
        setLiveCut(r.districtMaxMinutes);
      })
      .catch((e) => {
        if (my === runSeq.current && (e as Error).name !== 'AbortError') setError(e instanceof Error ? e.message : String(e));
      });
  }
  liveRef.current = runLive;
  dragRef.current = dragTo;
  dropRef.current = dropAt;

  function cancel() {
    runSeq.current++;
    session.current?.cancel();
    setBusy(null);
    setLanesBusy(false);
  }

  /** The key the fire layers carry: they leave the map when the project no longer matches it (src/state/result-key.ts). */
  function keyed() {
    const p = useAppStore.getState().project.project;
    const spec = fireResultSpec(before, afterStatuses, SCENARIO_KEY);
    // the group named: a run may end while another tab is open (the panel stays mounted, keepAlive)
    return p ? { group: 'fire', keyed: { spec, key: resultKey(p, spec) } } : { group: 'fire' };
  }

  /** The layers of a full run; unchanged data objects are not sent to the map again (map-controller compares them). */
  function showOnMap(data: MapData, r: FireTaskOutput, edited: Fc) {
    showUncovered(data.uncovered);
    showOutlines(data, r.after?.mode ?? r.before.mode, (r.after ?? r.before).thresholdMinutes);
    showStations(edited);
  }

  /** @param data - the uncovered households with their grid cells ({@link withAggregate}) */
  function showUncovered(data: Fc) {
    const { setResultLayer } = useAppStore.getState();
    setResultLayer({
      ...keyed(),
      id: 'fire-uncovered',
      title: pair((m) => m.fire.uncoveredTitle),
      data,
      // Below the households layer's point zoom: one circle per grid cell sized by its count; from it: the points.
      style: aggregatedCircleStyle('#d32f2f', { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 13, 2, 16, 4], 'circle-opacity': 0.7 }),
      legend: [{ label: pair((m) => m.fire.uncoveredLegend), color: '#d32f2f', shape: 'circle' }],
      visible: true,
      fields: [
        { name: 'id', label: pair((m) => m.fire.idField), type: 'string' },
        { name: 'village', label: pair((m) => m.fire.villageField), type: 'string' },
        { name: 'minutes', label: pair((m) => m.fire.arrivalField), type: 'number', unit: pair((m) => m.fire.minutesUnit) },
        { name: COUNT_PROPERTY, label: pair((m) => m.fire.cellHouseholdsField), type: 'number', unit: pair((m) => m.fire.householdsUnit) },
      ],
    });
  }

  function showOutlines(geo: { isochrones: Fc; districts: Fc } | Pick<FireLiveOutput, 'isochrones' | 'districts'>, mode: string, minutes: number) {
    const { setResultLayer } = useAppStore.getState();
    const note = (m: Messages) => (mode === 'straight-line' ? m.fire.straightLineNote : '');
    setResultLayer({
      ...keyed(),
      id: 'fire-isochrones',
      title: pair((m) => m.fire.isochronesTitle(note(m))),
      data: geo.isochrones as Fc,
      style: [{ type: 'fill', paint: { 'fill-color': ISO_COLORS as never, 'fill-opacity': 0.45 } }],
      legend: geo.isochrones.features.map((f) => {
        const minutes = Number(f.properties?.minutes);
        return { label: pair((m) => m.fire.isochroneLegend(minutes)), color: isoColor(minutes), shape: 'fill' as const };
      }),
      visible: true,
      fields: [
        { name: 'minutes', label: pair((m) => m.fire.minutesField), type: 'number' },
        { name: 'areaKm2', label: pair((m) => m.fire.areaField), type: 'number', unit: pair((m) => m.fire.km2Unit) },
      ],
    });
    setResultLayer({
      ...keyed(),
      id: 'fire-districts',
      title: pair((m) => m.fire.districtsTitle),
      data: geo.districts as Fc,
      style: [{ type: 'line', paint: { 'line-color': '#1a237e', 'line-width': 0.8, 'line-opacity': 0.6 } }],
      legend: [{ label: pair((m) => m.fire.districtsLegend), color: '#1a237e', shape: 'line' }],
      visible: true,
      fields: [
        { name: 'name', label: pair((m) => m.fire.stationField), type: 'string' },
        { name: 'areaKm2', label: pair((m) => m.fire.districtAreaField), type: 'number', unit: pair((m) => m.fire.km2Unit) },
        { name: 'limitKm2', label: pair((m) => m.fire.areaLimitField), type: 'number', unit: pair((m) => m.fire.km2Unit) },
        { name: 'households', label: pair((m) => m.fire.householdsWithinField(minutes)), type: 'number', unit: pair((m) => m.fire.householdsUnit) },
      ],
    });
  }

  function showStations(edited: Fc) {
    useAppStore.getState().setResultLayer({
      group: 'fire',
      id: 'fire-scenario-stations',
      title: pair((m) => m.fire.scenarioTitle),
      data: edited,
      style: [{ type: 'circle', paint: { 'circle-color': STATION_COLORS as never, 'circle-radius': 8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } }],
      legend: [
        { label: pair((m) => m.fire.existingLegend), color: '#b71c1c', shape: 'circle' },
        { label: pair((m) => m.fire.plannedLegend), color: '#ef6c00', shape: 'circle' },
        { label: pair((m) => m.fire.addedLegend), color: '#6a1b9a', shape: 'circle' },
      ],
      visible: true,
    });
  }

  /** One completed edit of the scenario into the project (null: back to the station layer); the recompute follows from the store. */
  function commit(next: ScenarioStation[] | null) {
    const p = effectiveProject(useAppStore.getState().project.project);
    if (!p) return;
    if (next === null && !hasEditedScenario(p)) return;
    // the what-if is a shared params entry, edited from the stations of the active scenario
    useAppStore.getState().setParams({ [SCENARIO_KEY]: next ? withScenario(p, next).params[SCENARIO_KEY] : undefined });
  }

  /**
   * Adopts the what-if stations into a scenario (the active one, or a new 方案A while 现状 is
   * active), counting proposed stations there, and clears the what-if: one undo step.
   */
  function adopt() {
    const s = useAppStore.getState();
    const b = s.project.project;
    const p = effectiveProject(b);
    if (!b || !p || !hasEditedScenario(p)) return;
    const edits = diffEdits('fireStations', fcOf(p.layers.fireStations), scenarioFeatures(scenarioOf(p)));
    const cleared = withParams(b, { [SCENARIO_KEY]: undefined });
    const statuses = String(p.params.statuses ?? FIRE_PARAMS.find((d) => d.key === 'statuses')!.value);
    const next = scenarioUpdaters.adopt(cleared, {
      edits,
      newName: activeScenario(b).id === CURRENT_ID ? t.scenarios.newName : undefined,
      change: (sc) => countingFireStatus(sc, 'proposed', statuses),
    });
    s.editProject(next);
  }

  function pick(kind: 'add' | 'move', id?: string) {
    const hint: I18nText = kind === 'add' ? pair((m) => m.fire.hintAdd) : pair((m) => m.fire.hintMove(String(id)));
    useAppStore.getState().setMapClickMode({
      id: `fire-${kind}`,
      cursor: 'crosshair',
      hint,
      onClick: ({ lng, lat }) => {
        useAppStore.getState().setMapClickMode(null);
        if (kind === 'add') commit(addStation(scenario, { lon: lng, lat, name: tf.newStationName }));
        else if (id !== undefined) commit(moveStation(scenario, { id, lon: lng, lat }));
      },
    });
  }

  function toggle(list: string[], code: string, set: (v: string[]) => void) {
    set(list.includes(code) ? list.filter((c) => c !== code) : [...list, code]);
  }

  const b = out?.before, a = out?.after;
  const reachCurve = b ? fireReachCurve(b, a ?? null, reachMeasure, lang) : null;
  const status = resultStatus(out && outKey !== null ? { key: outKey } : null, base ? resultKey(base, fireResultSpec(before, afterStatuses, SCENARIO_KEY)) : null);
  return (
    <div className="panel radii-panel" data-testid="fire-panel">
      <Section title={tf.parameters}>
        {NUMERIC_KEYS.map((k) => paramInput(def(k)))}
        <label className="param-check" title={walkLegDef.source[lang]}>
          <input
            type="checkbox"
            checked={resolved['walk-leg'] === true || resolved['walk-leg'] === 'true'}
            onChange={(e) => fields.set('walk-leg', e.target.checked ? true : undefined)}
            data-testid="fire-param-walk-leg"
          />{' '}
          {walkLegDef.label[lang]}
        </label>
        <fieldset className="param">
          <legend>{tf.stationsBefore}</legend>
          {STATUSES.map((s) => (
            <label key={s}>
              <input type="checkbox" checked={before.includes(s)} onChange={() => toggle(before, s, setBefore)} data-testid={`fire-before-${s}`} /> {tf.status[s]}
            </label>
          ))}
        </fieldset>
        <fieldset className="param">
          <legend>{tf.stationsAfter}</legend>
          {STATUSES.map((s) => (
            <label key={s}>
              <input type="checkbox" checked={afterStatuses.includes(s)} onChange={() => toggle(afterStatuses, s, setAfterStatuses)} data-testid={`fire-after-${s}`} /> {tf.status[s]}
            </label>
          ))}
        </fieldset>
        <details data-testid="fire-speeds">
          <summary>{tf.speeds}</summary>
          {SPEED_PARAMS.map((d) => paramInput(d))}
        </details>
        <ParamProblems problems={fileProblems} testId="fire-project-params" />
        {noRoads ? (
          <p className="error" data-testid="fire-straight-line">
            {tf.noRoads}
          </p>
        ) : null}
        <div className="button-row">
          <button type="button" onClick={() => void run()} disabled={!project || refused} data-testid="fire-run">
            {tf.run}
          </button>
          {busy ? (
            <button type="button" onClick={cancel} data-testid="fire-cancel">
              {tf.cancel}
            </button>
          ) : null}
        </div>
        {busy ? (
          <p className="note" data-testid="fire-progress">
            <progress value={busy.fraction ?? 0} max={1} /> {busy.stage ? (tf.stage[busy.stage as keyof typeof tf.stage] ?? busy.stage) : ''}
          </p>
        ) : null}
        <ErrorAlert error={error} />
      </Section>
      <Section title={tf.editTitle}>
        <p className="note">
          {tf.dragNote}
          {liveMs !== null ? ` ${tf.liveMs(liveMs)}` : ''}
        </p>
        {hidden ? (
          <div className="stale" role="status" data-testid="fire-whatif-hidden">
            <span>{tf.hiddenWhatIf(hidden.stations.length, hidden.added.map((x) => x.name || x.id), hidden.home?.name ?? null)}</span>
            {hidden.home ? (
              <button type="button" onClick={() => useAppStore.getState().scenarioAction('switch', { id: hidden.home!.id })} data-testid="fire-whatif-switch">
                {tf.hiddenSwitch(hidden.home.name)}
              </button>
            ) : null}
            {hidden.added.length > 0 ? (
              <button type="button" onClick={() => commit(withAddedStations(scenario, hidden.added))} data-testid="fire-whatif-keep-added">
                {tf.hiddenKeepAdded(hidden.added.length)}
              </button>
            ) : null}
            <button type="button" onClick={() => useAppStore.getState().setParams({ [SCENARIO_KEY]: undefined })} data-testid="fire-whatif-discard">
              {tf.hiddenDiscard}
            </button>
          </div>
        ) : null}
        <div className="button-row">
          <button type="button" onClick={() => pick('add')} disabled={!project} data-testid="fire-add-station">
            {tf.addStation}
          </button>
          <button type="button" onClick={() => commit(null)} disabled={!project} data-testid="fire-reset">
            {tf.reset}
          </button>
          <button type="button" onClick={adopt} disabled={!project || !hasEditedScenario(project)} data-testid="fire-adopt">
            {t.scenarios.adopt}
          </button>
        </div>
        <ul className="fire-stations" data-testid="fire-station-list">
          {stations.features.map((f) => {
            const p = (f.properties ?? {}) as Record<string, unknown>;
            const id = String(p.id ?? '');
            const ll = lonLatOf(f);
            return (
              <li key={id}>
                {String(p.name ?? id)} · {STATUSES.includes(p.status as Status) ? tf.status[p.status as Status] : String(p.status ?? '')} {ll ? `(${ll[0].toFixed(4)}, ${ll[1].toFixed(4)})` : ''}{' '}
                <button type="button" onClick={() => pick('move', id)} data-testid={`fire-move-${id}`}>
                  {tf.move}
                </button>{' '}
                <button type="button" onClick={() => commit(removeStation(scenario, { id }))} data-testid={`fire-remove-${id}`}>
                  {tf.remove}
                </button>
                {/* a station placed off every usable road changes no figure: said here, where it was placed */}
                {(a ?? b)?.stations.some((s) => s.id === id && s.offNetwork) ? (
                  <div className="error" data-testid={`fire-off-network-${id}`}>
                    {tf.offNetwork(fireOptionsFromParams(resolved).maxAccessMeters)}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      </Section>
      {b ? (
        <>
          <StaleNote status={status} onRecompute={() => void run(committed)} disabled={!!busy || refused} testId="fire" />
          <Section title={tf.figuresTitle}>
            <div className="button-row" data-result-status={status}>
              {/* the workbook's fire-lane sheet needs the lane losses that follow the figures: wait for them (a note says they are computing) */}
              <ExcelButton onClick={() => out && downloadXlsx(t.exports.fire.fileAt((out.after ?? out.before).thresholdMinutes), fireSheets(out.after ?? out.before, lang, out.geo.uncovered, out.lanes))} testId="fire-export-xlsx" disabled={(lanesBusy && !out?.lanes) || status !== 'current'} />
              <GeoExportButtons layerIds={['fire-isochrones', 'fire-districts', 'fire-uncovered']} file={t.exports.fire.fileAt((a ?? b).thresholdMinutes)} testId="fire-export" disabled={status !== 'current'} />
              <ReportButton
                testId="fire-print-report"
                disabled={status !== 'current'}
                request={() => {
                  const p = effectiveProject(useAppStore.getState().project.project);
                  if (!out || !p) return null;
                  const { before: fb, after: fa } = out;
                  const names = (l: 'zh' | 'en', list: string[]) => list.map((c) => MESSAGES[l].fire.status[c as Status] ?? c).join(l === 'zh' ? '、' : ', ');
                  return {
                    build: (l) => {
                      const tp = MESSAGES[l].print;
                      // the reach by minute, households and built-up area, after the figures
                      const charts = (['households', 'builtUp'] as const).flatMap((m) => fireReachCurve(fb, fa ?? null, m, l) ?? []);
                      const content = analysisContent({
                        kind: 'fire',
                        title: tp.fireTitle(p.name, (fa ?? fb).thresholdMinutes),
                        project: p,
                        lang: l,
                        sheets: fireSheets(fa ?? fb, l),
                        before: fa ? { sheets: fireSheets(fb, l), label: tp.before, afterLabel: tp.after } : undefined,
                        scenarioNote: fa ? tp.stationsCounted(names(l, before), names(l, afterStatuses)) : undefined,
                        defs: [...FIRE_PARAMS, FIRE_MODE_PARAM],
                      });
                      return { ...content, charts };
                    },
                  };
                }}
              />
            </div>
            <AnalysisWarnings warnings={[...b.warnings, ...(a?.warnings ?? [])].filter((w, i, all) => all.findIndex((x) => x.message.en === w.message.en) === i)} testId="fire-warnings" />
            {(a ?? b).mode === 'straight-line' ? <p className="error">{tf.straightLineMode}</p> : null}
            <div className="figures" data-testid="fire-figures" data-live-runs={liveRuns} data-live-ms={liveMs ?? ''} data-live-worker-ms={liveWorkerMs ? JSON.stringify({ after: Math.round(liveWorkerMs.after * 10) / 10, outlines: Math.round(liveWorkerMs.outlines * 10) / 10 }) : ''} data-runs={fullRuns} data-worker-ms={workerMs ? JSON.stringify(Object.fromEntries(Object.entries(workerMs).map(([k, v]) => [k, Math.round(v)]))) : ''}>
              <Figure
                label={tf.builtUpReached(b.thresholdMinutes)}
                value={`${pctText(b.coveredBuiltUpPct, t.radii.noData)} → ${pctText(a ? a.coveredBuiltUpPct : b.coveredBuiltUpPct, t.radii.noData)}`}
                target={tf.target(b.targetPct)}
                testId="fire-covered-pct"
              />
              <Figure
                label={tf.builtUpArea}
                value={`${fmt(b.coveredBuiltUpAreaKm2, 2)} → ${fmt(a?.coveredBuiltUpAreaKm2 ?? b.coveredBuiltUpAreaKm2, 2)} / ${fmt(b.builtUpAreaKm2, 2)} km²`}
              />
              <Figure
                label={tf.householdsReached}
                value={tf.households(`${b.households.covered.toLocaleString()} → ${(a ?? b).households.covered.toLocaleString()} / ${b.households.total.toLocaleString()}`)}
                testId="fire-households-covered"
              />
              <Figure label={tf.householdsNotReached} value={tf.households((a ?? b).households.uncovered.toLocaleString())} testId="fire-households-uncovered" />
            </div>
            {(a ?? b).network && (a ?? b).network!.components > 1 ? (
              <p className="note">
                {tf.networkPieces((a ?? b).network!.components)}
              </p>
            ) : null}
          </Section>
          {reachCurve ? (
            <Section title={tf.reachTitle}>
              <label>
                {tf.reachMeasure}{' '}
                <select value={reachMeasure} onChange={(e) => setReachMeasure(e.target.value as 'households' | 'builtUp')} data-testid="fire-reach-measure">
                  <option value="households">{tf.reachHouseholds}</option>
                  <option value="builtUp">{tf.reachBuiltUp}</option>
                </select>
              </label>
              <CoverageCurveChart curve={reachCurve} width={300} height={200} fluid caption={false} format={(v) => `${v}%`} testId="fire-reach-chart" />
            </Section>
          ) : null}
          {lanesBusy && !out?.lanes ? (
            <Section title={tf.lanesTitle}>
              <p className="note" data-testid="fire-lanes-busy">
                {tf.lanesBusy}
              </p>
            </Section>
          ) : null}
          {out?.lanes ? (
            <Section title={tf.lanesTitle}>
              <p className="note">{tf.lanesNote(Number(resolved['lane-cut-distance']))}</p>
              {out.lanes.length === 0 ? <p className="note">{tf.lanesNone}</p> : null}
              <SortableTable<LaneProblemLoss>
                testId="fire-lanes-table"
                wrapLabels
                rows={out.lanes}
                initial={{ key: 'households', desc: true }}
                columns={[
                  { key: 'id', label: tf.laneIdCol, value: (l) => l.id },
                  { key: 'name', label: tf.laneNameCol, value: (l) => l.name, wrap: true },
                  { key: 'problem', label: tf.laneProblemCol, value: (l) => tf.laneProblem[l.problem] ?? l.problem, wrap: true },
                  { key: 'roads', label: tf.laneRoadsCol, value: (l) => l.roads },
                  { key: 'households', label: tf.laneHouseholdsCol, value: (l) => l.households, format: (l) => l.households.toLocaleString() },
                  { key: 'builtUpKm2', label: tf.laneBuiltUpCol, value: (l) => l.builtUpKm2, format: (l) => fmt(l.builtUpKm2, 2) },
                ]}
              />
            </Section>
          ) : null}
          <Section title={tf.byBuiltUpTitle}>
            <SortableTable<FireFigures['byBuiltUp'][number]>
              testId="fire-builtup-table"
              rows={(a ?? b).byBuiltUp}
              initial={{ key: 'areaKm2', desc: true }}
              columns={[
                { key: 'name', label: tf.builtUpAreaCol, value: (g) => g.name },
                { key: 'areaKm2', label: tf.areaKm2Col, value: (g) => g.areaKm2, format: (g) => fmt(g.areaKm2, 2) },
                { key: 'coveredPct', label: tf.reachedPctCol, value: (g) => g.coveredPct, format: (g) => fmt(g.coveredPct) },
              ]}
            />
          </Section>
          <Section title={tf.districtsTableTitle}>
            {liveCut !== null ? (
              <p className="note" data-testid="fire-live-districts">
                {tf.liveDistricts(liveCut)}
              </p>
            ) : null}
            <SortableTable<FireFigures['stations'][number]>
              testId="fire-station-table"
              wrapLabels
              rows={(a ?? b).stations}
              initial={{ key: 'districtAreaKm2', desc: true }}
              onRowClick={findStation}
              activeRow={selection?.layerId === 'fireStations' && selection.ids.length === 1 ? (a ?? b).stations.find((s) => s.id === selection.ids[0]) ?? null : null}
              columns={[
                { key: 'name', label: tf.stationCol, value: (s) => s.name || s.id },
                { key: 'status', label: tf.statusCol, value: (s) => s.status, format: (s) => (STATUSES.includes(s.status as Status) ? tf.status[s.status as Status] : s.status), wrap: true },
                { key: 'turnoutMinutes', label: tf.turnoutCol, value: (s) => s.turnoutMinutes },
                { key: 'districtAreaKm2', label: tf.districtCol, value: (s) => s.districtAreaKm2, format: (s) => fmt(s.districtAreaKm2, 1) },
                { key: 'districtLimitKm2', label: tf.limitCol, value: (s) => s.districtLimitKm2 },
                { key: 'overLimit', label: tf.overCol, value: (s) => (s.overLimit ? 1 : 0), format: (s) => (s.overLimit ? '✗' : '✓') },
                { key: 'households', label: tf.inTimeCol, value: (s) => s.households, format: (s) => s.households.toLocaleString() },
              ]}
            />
          </Section>
          <Section title={tf.byTownshipTitle}>
            <SortableTable<FireFigures['byTownship'][number]>
              testId="fire-township-table"
              rows={(a ?? b).byTownship}
              initial={{ key: 'uncovered', desc: true }}
              columns={[
                { key: 'key', label: tf.townshipCol, value: (g) => g.key || '—' },
                { key: 'total', label: tf.householdsCol, value: (g) => g.total, format: (g) => g.total.toLocaleString() },
                { key: 'covered', label: tf.reachedCol, value: (g) => g.covered, format: (g) => g.covered.toLocaleString() },
                { key: 'uncovered', label: tf.notReachedCol, value: (g) => g.uncovered, format: (g) => g.uncovered.toLocaleString() },
              ]}
            />
          </Section>
          <Section title={tf.byHeatingTitle}>
            <SortableTable<FireFigures['byHeating'][number]>
              testId="fire-heating-table"
              rows={(a ?? b).byHeating}
              initial={{ key: 'uncovered', desc: true }}
              columns={[
                { key: 'key', label: tf.heatingCol, value: (g) => enumLabel(heatingField, g.key, lang) || '—' },
                { key: 'total', label: tf.householdsCol, value: (g) => g.total, format: (g) => g.total.toLocaleString() },
                { key: 'covered', label: tf.reachedCol, value: (g) => g.covered, format: (g) => g.covered.toLocaleString() },
                { key: 'uncovered', label: tf.notReachedCol, value: (g) => g.uncovered, format: (g) => g.uncovered.toLocaleString() },
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

function isoColor(m: number): string {
  return m < 4 ? '#1a9850' : m < 6 ? '#91cf60' : m < 9 ? '#fee08b' : m < 11 ? '#fc8d59' : '#d73027';
}

export const firePanel: PanelDefinition = {
  id: 'fire',
  title: pair((m) => m.fire.panelTitle),
  order: 15,
  component: FirePanel,
  // leaving the tab keeps the county prepared in the worker and the figures: coming back shows them, a rerun takes ~0.1 s
  keepAlive: true,
};
