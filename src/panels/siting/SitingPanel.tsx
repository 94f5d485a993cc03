import { useEffect, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData, LayerData } from '../../../layers/types';
import { SITING_PARAMS, ignoredSitingParams, resolveSitingOptions, unreadSitingKeys } from '../../../analysis/siting-params';
import { ReportButton } from '../../print/PrintButtons';
import { GeoExportButtons } from '../../export/GeoExportButtons';
import { MESSAGES } from '../../i18n/messages';
import { analysisContent, sitingCurve, type SitingCurveInput } from '../../print/reports';
import { FIRE_PARAMS, fireOptionsFromParams } from '../../../analysis/fire-params';
import { checkParams, fromProject, resolveParams } from '../../../analysis/params';
import { KINDERGARTEN_PARAMS, resolveKindergartenOptions } from '../../../analysis/radii-params';
import { toCsv } from '../../../analysis/csv-export';
import { useT, useText } from '../../i18n';
import { effectiveProject, useAppStore } from '../../state/store';
import { runTask } from '../../workers/run-task';
import type { PanelDefinition } from '../registry';
import { pair } from '../radii/i18n-pair';
import { AnalysisWarnings, pctText, Figure, ParamInput, ParamProblems, RunProgress, Section, SortableTable, downloadText, fmt, ErrorAlert, DefaultNote, StaleNote, ExcelButton, KmlButton, downloadXlsx } from '../radii/ui';
import { sitingCurveSheet, sitingSheets } from '../../export/analysis-sheets';
import { useParamFields } from '../radii/param-fields';
import { sitingResultSpec } from '../radii/result-keys';
import { resultKey, resultStatus } from '../../state/result-key';
import { useCancellableRun } from '../radii/cancellable-run';
import type { SitingTaskInput, SitingTaskOutput } from '../../workers/tasks/site-facilities';
import { useSitingStore, type SitingFacility } from './siting-store';
import { hadRun, rememberRun } from '../../state/restore-runs';
import { CoverageCurveChart } from '../../print/CoverageCurveChart';
import { RULE_PARAMS } from '../../../analysis/rules/rules-params';
import type { SitingDistanceLayer } from '../../../analysis/siting-distances';
import { activeScenario, countingFireStatus, CURRENT_ID } from '../../../analysis/scenarios';
import { adoptionEdits } from './adopt-edits';

const PICK_COLOR = '#111111';
const REACH_COLOR = '#ab47bc';
const USER_SITE_COLOR = '#0277bd';

function fcOf(l: LayerData | undefined): FeatureCollection<Geometry | null> | null {
  return l && l.kind === 'geojson' ? l.data : null;
}
const def = (key: string) => SITING_PARAMS.find((d) => d.key === key)!;

/** The rulebook's siting distances as the project sets them (rules panel), else their defaults. */
function sitingDistances(params: Record<string, unknown> | undefined): { exitDistanceMeters: number; hazardDistanceMeters: number } {
  const v = resolveParams<Record<string, unknown>>(RULE_PARAMS.filter((d) => d.key === 'station-exit-distance' || d.key === 'station-hazard-distance'), fromProject(params));
  return { exitDistanceMeters: v['station-exit-distance'] as number, hazardDistanceMeters: v['station-hazard-distance'] as number };
}

/** One row of the by-township table: what one pick first reaches in one township. */
interface TownshipRow {
  key: string;
  rank: number;
  id: string;
  township: string;
  households: number;
  children: number;
  builtUpKm2: number;
}

interface PickRow {
  rank: number;
  id: string;
  township: string;
  added: number;
  second: number;
  cumulative: number;
  runnerUp: string;
  runnerUpLoss: number;
  lon: number;
  lat: number;
  /** Position of the pick in the picks layer (its feature index). */
  index: number;
}

/** The siting panel: best N new fire-station or kindergarten sites, each with the coverage it adds. */
function SitingPanel() {
  const tx = useText();
  const t = useT();
  const base = useAppStore((s) => s.project.project);
  const project = effectiveProject(base);
  const revision = useAppStore((s) => s.project.revision);
  const st = useSitingStore();
  useEffect(() => st.forProject(revision), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  // Results come back after a reload: picks that were current for these inputs (data, scenario, params, facility) are recomputed.
  useEffect(() => {
    if (!base || useSitingStore.getState().siting) return;
    const was = (['fire', 'kindergarten'] as const).find((f) => hadRun('siting', base, sitingResultSpec(f)));
    if (was === undefined) return;
    useSitingStore.getState().set({ facility: was });
    void run(was);
  }, [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const fields = useParamFields(SITING_PARAMS);
  const facility = st.facility;
  const area = fields.value('candidate-area') as string;
  const objective = fields.value('objective') as string;
  const model = fields.value('model') as 'mclp' | 'lscp' | 'backup' | 'mexclp';
  /** Kindergartens have MCLP and LSCP only: backup and MEXCLP fall back to MCLP. */
  const kgModel = model === 'lscp' ? 'lscp' : 'mclp';
  const currentKey = project ? resultKey(base!, sitingResultSpec(facility)) : null;
  const status = resultStatus(st.siting, currentKey);
  const result = st.siting?.result ?? null;
  const job = useCancellableRun();
  const busy = job.busy !== null;
  const [error, setError] = useState<string | null>(null);
  const fileProblems = [...fields.fileProblems, ...checkParams(facility === 'fire' ? FIRE_PARAMS : KINDERGARTEN_PARAMS, fromProject(project?.params)).problems];
  const refused = fileProblems.length > 0 || fields.fieldProblems.length > 0;
  /** A number field bound to the project's params (draft as typed, committed on blur / Enter). */
  const numberField = (k: string, id: string) => (
    <ParamInput
      key={k}
      def={def(k)}
      value={fields.value(k) as number}
      onChange={(v) => fields.draft(k, v)}
      onCommit={() => fields.commit([k])}
      onReset={() => fields.set(k, undefined)}
      testId={id}
    />
  );

  const curveTo = st.curveTo;
  const userSites = st.userSites;
  // The clicked candidate sites on the map (a plain layer: they are inputs, not a result).
  useEffect(() => {
    const s = useAppStore.getState();
    if (userSites.length === 0) {
      if (s.results.some((l) => l.id === 'siting-user-sites')) s.removeResultLayer('siting-user-sites');
      return;
    }
    s.setResultLayer({
      id: 'siting-user-sites',
      title: pair((m) => m.siting.userSitesTitle),
      data: { type: 'FeatureCollection', features: userSites.map((u) => ({ type: 'Feature', properties: { id: u.id }, geometry: { type: 'Point', coordinates: [u.lon, u.lat] } })) },
      style: [{ type: 'circle', paint: { 'circle-color': USER_SITE_COLOR, 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } }],
      legend: [{ label: pair((m) => m.siting.userSitesTitle), color: USER_SITE_COLOR, shape: 'circle' }],
      visible: true,
      fields: [{ name: 'id', label: pair((m) => m.siting.candidateField), type: 'string' }],
    });
  }, [userSites]);

  /** One click on the map adds a candidate site (named 点选1, 点选2 …). */
  function clickSite() {
    useAppStore.getState().setMapClickMode({
      id: 'siting-user-site',
      cursor: 'crosshair',
      hint: pair((m) => m.siting.userSitesHint),
      onClick: ({ lng, lat }) => {
        useAppStore.getState().setMapClickMode(null);
        const list = useSitingStore.getState().userSites;
        let k = list.length + 1;
        while (list.some((u) => u.id === t.siting.userSiteName(k))) k++;
        useSitingStore.getState().set({ userSites: [...list, { id: t.siting.userSiteName(k), lon: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6 }] });
      },
    });
  }

  async function run(facility: SitingFacility = useSitingStore.getState().facility) {
    fields.commit();
    const base = useAppStore.getState().project.project;
    const project = effectiveProject(base);
    if (!project) return;
    const key = resultKey(base!, sitingResultSpec(facility));
    const hh = project.layers.households;
    const households: ColumnLayerData =
      hh && hh.kind === 'columns' ? hh : { kind: 'columns', id: 'households', count: 0, lon: new Float64Array(0), lat: new Float64Array(0), ids: [], columns: {} };
    const layers = {
      roads: fcOf(project.layers.roads),
      builtUp: fcOf(project.layers.builtUp),
      townships: fcOf(project.layers.townships),
      households,
      fireStations: fcOf(project.layers.fireStations),
      kindergartens: fcOf(project.layers.kindergartens),
      fireLanes: fcOf(project.layers.fireLanes),
    };
    setError(null);
    try {
      const siting = resolveSitingOptions(fromProject(project.params));
      const common = { count: siting.count, candidateSpacingMeters: siting.candidateSpacingMeters, candidateArea: siting.candidateArea, maxSnapMeters: siting.maxSnapMeters, timeLimitSec: siting.timeLimitSec, share: siting.share };
      const kgModel = siting.model === 'lscp' ? 'lscp' : 'mclp';
      const input: SitingTaskInput =
        facility === 'fire'
          ? {
              facility: 'fire',
              layers,
              options: {
                ...fireOptionsFromParams(resolveParams<Record<string, unknown>>(FIRE_PARAMS, fromProject(project.params))),
                ...common,
                objective: siting.objective,
                model: siting.model,
                backupWeight: siting.backupWeight,
                callsPerYear: siting.callsPerYear,
                busyMinutesPerCall: siting.busyMinutesPerCall,
                // the curve (below) is solved after the plan, which is shown first
                curveTo: undefined,
                ...sitingDistances(project.params),
                userSites: userSites.length > 0 ? userSites : undefined,
              },
            }
          : {
              facility: 'kindergarten',
              layers,
              options: { ...resolveKindergartenOptions(fromProject(project.params)), ...common, model: kgModel, capacityPlaces: kgModel === 'mclp' && siting.capacityPlaces ? siting.capacityPlaces : undefined, userSites: userSites.length > 0 ? userSites : undefined },
            };
      // The coverage-vs-P curve (P = 1 … curveTo, each P solved to its proven bound) costs about
      // three times the plan itself: one run solves both on one preparation, and the worker sends the
      // plan ahead (a partial result) so it is on screen while the curve is solved.
      const wantCurve = input.facility === 'fire' && curveTo > 0 && siting.model !== 'lscp';
      const runInput: SitingTaskInput = input.facility === 'fire' && wantCurve ? { ...input, options: { ...input.options, curveTo } } : input;
      let shown: SitingTaskOutput | null = null;
      const showPlan = (out: SitingTaskOutput) => {
        shown = out;
        useSitingStore.getState().set({ siting: { result: out, key }, curvePending: wantCurve });
        rememberRun('siting', base!, sitingResultSpec(facility));
        const keyed = { spec: sitingResultSpec(facility), key };
        const s = useAppStore.getState();
        const geo = out.facility === 'fire' ? { picks: out.fire.geojson.picks, reach: out.fire.geojson.reachAfter } : { picks: out.kindergarten.geojson.picks, reach: out.kindergarten.geojson.circles };
        s.setResultLayer({
          id: 'siting-reach',
          title: out.facility === 'fire' ? pair((m) => m.siting.fireReachTitle) : pair((m) => m.siting.kindergartenReachTitle),
          data: geo.reach as FeatureCollection<Geometry | null>,
          style: [
            { type: 'fill', paint: { 'fill-color': REACH_COLOR, 'fill-opacity': 0.18 } },
            { type: 'line', paint: { 'line-color': REACH_COLOR, 'line-width': 1.2 } },
          ],
          legend: [{ label: out.facility === 'fire' ? pair((m) => m.siting.fireReachLegend) : pair((m) => m.siting.kindergartenReachLegend), color: REACH_COLOR, shape: 'fill' }],
          visible: true,
          keyed,
        });
        s.setResultLayer({
          id: 'siting-picks',
          title: pair((m) => m.siting.picksLayerTitle),
          data: geo.picks as FeatureCollection<Geometry | null>,
          style: [{ type: 'circle', paint: { 'circle-color': PICK_COLOR, 'circle-radius': 9, 'circle-stroke-color': '#ffd600', 'circle-stroke-width': 3 } }],
          legend: [{ label: pair((m) => m.siting.picksLegend), color: PICK_COLOR, shape: 'circle' }],
          visible: true,
          keyed,
          fields: [
            { name: 'rank', label: pair((m) => m.siting.rankField), type: 'number' },
            { name: 'id', label: pair((m) => m.siting.candidateField), type: 'string' },
            { name: 'township', label: pair((m) => m.siting.townshipField), type: 'string' },
            out.facility === 'fire'
              ? { name: 'addedHouseholds', label: pair((m) => m.siting.householdsAddedField), type: 'number' }
              : { name: 'addedChildren', label: pair((m) => m.siting.childrenAddedField), type: 'number' },
          ],
        });
      };
      let out: SitingTaskOutput | undefined;
      try {
        out = await job.start((signal, onProgress) =>
          runTask('siteFacilities', runInput, { signal, onProgress: (p) => (signal.aborted ? undefined : p.partial ? showPlan(p.partial as SitingTaskOutput) : onProgress(p)) }),
        );
      } finally {
        // cancelled or failed while the curve was solved: the plan stays, without its curve
        if (shown && out === undefined && useSitingStore.getState().siting?.result === shown) useSitingStore.getState().set({ curvePending: false });
      }
      if (out === undefined) return;
      // set by showPlan from the worker's partial result (TypeScript cannot see the callback assign it)
      const plan = shown as SitingTaskOutput | null;
      if (!plan) showPlan(out);
      else {
        const now = useSitingStore.getState();
        // a newer run or an edit took over: leave its state alone
        if (now.siting?.result !== plan) return;
        if (out.facility === 'fire' && plan.facility === 'fire' && out.fire.curve) now.set({ siting: { result: { ...plan, fire: { ...plan.fire, curve: out.fire.curve } }, key }, curvePending: false });
        else now.set({ curvePending: false });
      }
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  const rows: PickRow[] =
    result?.facility === 'fire'
      ? result.fire.picks.map((p, i) => ({ rank: p.rank, id: p.id, township: p.township, added: p.addedHouseholds, second: p.addedBuiltUpKm2, cumulative: p.cumulativeBuiltUpPct, runnerUp: p.runnerUp?.id ?? '', runnerUpLoss: p.runnerUp?.loss ?? NaN, lon: p.lon, lat: p.lat, index: i }))
      : result?.facility === 'kindergarten'
        ? result.kindergarten.picks.map((p, i) => ({ rank: p.rank, id: p.id, township: p.township, added: p.addedChildren, second: p.radiusM, cumulative: p.cumulativeChildrenCovered, runnerUp: p.runnerUp?.id ?? '', runnerUpLoss: p.runnerUp?.loss ?? NaN, lon: p.lon, lat: p.lat, index: i }))
        : [];
  const selection = useAppStore((s) => s.selection);
  const lang = useAppStore((s) => s.ui.lang);
  const activePick = selection?.layerId === 'siting-picks' && selection.ids.length === 1 ? rows.find((r) => String(r.index) === selection.ids[0]) ?? null : null;
  /** Selects a pick on the map and brings it into view. */
  const findPick = (r: PickRow) => useAppStore.getState().setSelection({ layerId: 'siting-picks', ids: [String(r.index)], focus: [r.lon, r.lat, r.lon, r.lat] });
  const fire = result?.facility === 'fire' ? result.fire : null;
  const kg = result?.facility === 'kindergarten' ? result.kindergarten : null;
  const proof = fire ? fire.proof : kg ? kg.proof : null;
  // project.json (or scenario) values the run did not read (share with mclp, capacity-places in fire siting …): said above the figures
  const scenarioNow = base ? activeScenario(base) : null;
  const sitingUse = fire || kg ? ({ facility: fire ? 'fire' : 'kindergarten', model: fire ? fire.model : kg!.model, candidateSource: 'grid', panel: true } as const) : null;
  const scenarioParams = scenarioNow ? { name: scenarioNow.name, params: scenarioNow.params } : null;
  const notUsed = sitingUse ? ignoredSitingParams(sitingUse, project?.params, scenarioParams) : [];
  /** The workbook's 说明 sheet lists what the plan was computed under: the model solved, not the values the run did not read. */
  const ran: Record<string, unknown> = sitingUse ? { ...Object.fromEntries(unreadSitingKeys(sitingUse, project?.params, scenarioParams).map((k) => [k, undefined])), model: sitingUse.model } : {};
  /** What the curve and the report are drawn from (the same chart in both). */
  const curveInput: SitingCurveInput | null = fire ? { facility: 'fire', picks: fire.picks, curve: fire.curve } : kg ? { facility: 'kindergarten', picks: kg.picks } : null;
  const chart = curveInput && curveInput.picks.length > 0 ? sitingCurve(curveInput, lang) : null;
  const townshipRows: TownshipRow[] = fire
    ? fire.picks.flatMap((p) => (p.byTownship ?? []).map((r) => ({ key: `${p.rank}-${r.township}`, rank: p.rank, id: p.id, township: r.township, households: r.households, children: r.children, builtUpKm2: r.builtUpKm2 })))
    : kg
      ? kg.picks.flatMap((p) => (p.byTownship ?? []).map((r) => ({ key: `${p.rank}-${r.township}`, rank: p.rank, id: p.id, township: r.township, households: r.households, children: r.children, builtUpKm2: NaN })))
      : [];
  const layerText = (l: SitingDistanceLayer) => ({ kindergartens: t.siting.layerKindergartens, schools: t.siting.layerSchools, hospitals: t.siting.layerHospitals, hazardous: t.siting.layerHazardous })[l];

  /**
   * Adopts the picks into a scenario (the active one, or a new 方案A while 现状 is active): new
   * fire stations (proposed, counted there) or public kindergartens, by the pick id. One undo step;
   * the layers as imported do not change.
   */
  function adopt() {
    const b = useAppStore.getState().project.project;
    if (!b || !result || status !== 'current') return;
    const edits = adoptionEdits(result, { station: t.siting.adoptedStation, kindergarten: t.siting.adoptedKindergarten });
    const statuses = String(effectiveProject(b)!.params.statuses ?? FIRE_PARAMS.find((d) => d.key === 'statuses')!.value);
    useAppStore.getState().scenarioAction('adopt', {
      edits,
      newName: activeScenario(b).id === CURRENT_ID ? t.scenarios.newName : undefined,
      change: result.facility === 'fire' ? (sc) => countingFireStatus(sc, 'proposed', statuses) : undefined,
    });
  }
  const statusText = proof ? (proof.status === 'optimal' ? t.siting.statusOptimal : proof.status === 'time-limit' ? t.siting.statusTimeLimit : t.siting.statusHeuristic) : '';
  const gapText = proof ? (Number.isFinite(proof.gap) ? `${fmt(100 * proof.gap, proof.gap === 0 ? 0 : 3)}%` : '—') : '';

  function downloadExcel() {
    const lang = useAppStore.getState().ui.lang;
    // the per-P curve (optimum, bound, greedy) as a second sheet when it was computed, as the CLI's site-curve.csv
    if (fire) downloadXlsx(t.exports.siting.fireFile, [...sitingSheets({ facility: 'fire', picks: fire.picks }, lang), ...(fire.curve?.length ? [sitingCurveSheet(fire.curve, lang)] : [])], ran);
    else if (kg) downloadXlsx(t.exports.siting.kindergartenFile, sitingSheets({ facility: 'kindergarten', picks: kg.picks }, lang), ran);
  }

  function download() {
    if (!result) return;
    const header = fire ? t.siting.csvFire : t.siting.csvKindergarten;
    const picks = fire ? fire.picks.map((p) => [p.rank, p.id, p.township, p.lon, p.lat, p.addedHouseholds, p.addedBuiltUpKm2, p.cumulativeBuiltUpPct]) : kg!.picks.map((p) => [p.rank, p.id, p.township, p.lon, p.lat, p.addedChildren, p.radiusM, p.cumulativeChildrenCovered]);
    downloadText(`siting-${result.facility}.csv`, toCsv(header, picks), 'text/csv;charset=utf-8');
  }

  return (
    <div className="panel radii-panel" data-testid="siting-panel">
      <Section title={t.siting.settingsTitle}>
        <label className="param param-choice">
          <span>{t.siting.facility}</span>
          <select value={facility} onChange={(e) => st.set({ facility: e.target.value as SitingFacility })} data-testid="siting-facility">
            <option value="fire">{t.siting.facilityFire}</option>
            <option value="kindergarten">{t.siting.facilityKindergarten}</option>
          </select>
        </label>
        <label className="param param-choice" title={tx(def('model').source)}>
          <span>{t.siting.model}</span>
          <select value={facility === 'fire' ? model : kgModel} onChange={(e) => fields.set('model', e.target.value)} data-testid="siting-model">
            <option value="mclp">{t.siting.modelMclp}</option>
            <option value="lscp">{t.siting.modelLscp}</option>
            {facility === 'fire' ? <option value="backup">{t.siting.modelBackup}</option> : null}
            {facility === 'fire' ? <option value="mexclp">{t.siting.modelMexclp}</option> : null}
          </select>
        </label>
        <DefaultNote def={def('model')} value={facility === 'fire' ? model : kgModel} onReset={() => fields.set('model', undefined)} testId="siting-model" label={(c) => ({ mclp: t.siting.modelMclp, lscp: t.siting.modelLscp, backup: t.siting.modelBackup, mexclp: t.siting.modelMexclp })[c] ?? c} />
        {model === 'lscp' ? numberField('share', 'siting-share') : numberField('count', 'siting-count')}
        {numberField('candidate-spacing', 'siting-spacing')}
        {facility === 'kindergarten' && kgModel === 'mclp' ? numberField('capacity-places', 'siting-capacity') : null}
        {numberField('time-limit', 'siting-time-limit')}
        <label className="param param-choice" title={tx(def('candidate-area').source)}>
          <span>{t.siting.candidateArea}</span>
          <select value={area} onChange={(e) => fields.set('candidate-area', e.target.value)} data-testid="siting-area">
            <option value="county">{t.siting.areaCounty}</option>
            <option value="built-up">{t.siting.areaBuiltUp}</option>
          </select>
        </label>
        <DefaultNote def={def('candidate-area')} value={area} onReset={() => fields.set('candidate-area', undefined)} testId="siting-area" label={(c) => ({ county: t.siting.areaCounty, 'built-up': t.siting.areaBuiltUp })[c] ?? c} />
        {facility === 'fire' ? (
          <label className="param param-choice" title={tx(def('objective').source)}>
            <span>{t.siting.objective}</span>
            <select value={objective} onChange={(e) => fields.set('objective', e.target.value)} data-testid="siting-objective">
              <option value="households">{t.siting.objectiveHouseholds}</option>
              <option value="built-up">{t.siting.objectiveBuiltUp}</option>
            </select>
          </label>
        ) : null}
        {facility === 'fire' ? <DefaultNote def={def('objective')} value={objective} onReset={() => fields.set('objective', undefined)} testId="siting-objective" label={(c) => ({ households: t.siting.objectiveHouseholds, 'built-up': t.siting.objectiveBuiltUp })[c] ?? c} /> : null}
        {facility === 'fire' && model !== 'lscp' ? (
          <label className="param">
            <span>{t.siting.curveTo}</span>
            <input
              type="number"
              min={0}
              max={30}
              step={1}
              value={curveTo}
              onChange={(e) => {
                const v = Math.round(Number(e.target.value));
                st.set({ curveTo: Number.isFinite(v) ? Math.max(0, Math.min(30, v)) : 0 });
              }}
              data-testid="siting-curve-to"
            />
          </label>
        ) : null}
        <div className="siting-user-sites" data-testid="siting-user-sites">
          <div className="button-row">
            <button type="button" onClick={clickSite} disabled={busy} data-testid="siting-user-site-add">
              {t.siting.userSitesAdd}
            </button>
            {userSites.length > 0 ? (
              <button type="button" onClick={() => st.set({ userSites: [] })} disabled={busy} data-testid="siting-user-site-clear">
                {t.siting.userSitesClear}
              </button>
            ) : null}
          </div>
          {userSites.length === 0 ? (
            <p className="note">{t.siting.userSitesNone}</p>
          ) : (
            <ul className="plain-list" data-testid="siting-user-site-list">
              {userSites.map((u) => (
                <li key={u.id}>
                  {u.id}
                  {t.common.inParens(`${u.lon.toFixed(5)}, ${u.lat.toFixed(5)}`)}{' '}
                  <button type="button" className="link" onClick={() => st.set({ userSites: userSites.filter((x) => x.id !== u.id) })} disabled={busy}>
                    {t.siting.userSitesRemove}
                  </button>
                </li>
              ))}
            </ul>
          )}
          {userSites.length > 0 ? <p className="note">{t.siting.userSitesNote}</p> : null}
        </div>
        <ParamProblems problems={fileProblems} testId="siting-project-params" />
        <button type="button" onClick={() => void run()} disabled={!project || busy || refused} data-testid="siting-run">
          {busy ? t.siting.computing : t.siting.run}
        </button>
        <RunProgress busy={job.busy} onCancel={job.cancel} testId="siting" />
        <ErrorAlert error={error} />
        <p className="note">
          {t.siting.method}
        </p>
      </Section>
      {result ? (
        <div className={status === 'stale' ? 'stale-figures' : undefined} data-result-status={status} data-testid="siting-results">
          <StaleNote status={status} onRecompute={() => void run()} disabled={busy || refused} testId="siting" />
          <Section title={t.siting.beforeAfterTitle}>
            <AnalysisWarnings warnings={[...notUsed, ...((fire ?? kg)?.warnings ?? [])]} testId="siting-warnings" />
            <div className="figures" data-testid="siting-figures">
              {fire ? (
                <>
                  <Figure label={t.siting.householdsReached} value={`${fire.before.householdsCovered.toLocaleString()} → ${fire.after.householdsCovered.toLocaleString()}`} testId="siting-households" />
                  <Figure
                    label={t.siting.builtUpReached}
                    value={`${pctText(fire.before.coveredBuiltUpPct, t.radii.noData)} → ${pctText(fire.after.coveredBuiltUpPct, t.radii.noData)}`}
                    target={t.siting.target(fire.targetPct)}
                    testId="siting-built-up"
                  />
                  <Figure label={t.siting.candidates} value={fire.candidateCount.toLocaleString()} testId="siting-candidates" />
                </>
              ) : kg ? (
                <>
                  <Figure label={t.siting.childrenWithin} value={`${fmt(kg.before.childrenCovered, 0)} → ${fmt(kg.after.childrenCovered, 0)} / ${fmt(kg.before.childrenTotal, 0)}`} testId="siting-children" />
                  <Figure label={t.siting.candidates} value={kg.candidateCount.toLocaleString()} testId="siting-candidates" />
                </>
              ) : null}
            </div>
            {proof ? (
              <div className="figures" data-testid="siting-proof">
                <Figure label={t.siting.status} value={statusText} testId="siting-status" />
                <Figure label={t.siting.gap} value={gapText} target={t.siting.gapNote} testId="siting-gap" />
                <Figure label={t.siting.greedyComparison} value={t.siting.greedyVs(proof.greedyObjective, proof.objective, fire ? fire.model === 'lscp' : kg!.model === 'lscp')} testId="siting-greedy" />
                <Figure label={t.siting.solver} value={t.siting.solverName(proof.solver)} testId="siting-solver" />
              </div>
            ) : null}
            {proof?.solverNote ? <p className="note">{t.siting.solverNote(proof.solverNote)}</p> : null}
            {kg?.capacity ? (
              <>
                <h4>{t.siting.capacityTitle}</h4>
                <div className="figures" data-testid="siting-capacity">
                  <Figure label={t.siting.capacityPlaces} value={fmt(kg.capacity.places, 0)} testId="siting-capacity-places" />
                  <Figure label={t.siting.capacityAssigned} value={fmt(kg.capacity.assigned, 0)} testId="siting-capacity-assigned" />
                  <Figure label={t.siting.capacityWithinReach} value={fmt(kg.capacity.withinReach, 0)} testId="siting-capacity-reach" />
                </div>
                <p className="note">{t.siting.capacityNote(kg.capacity.placesPerSite)}</p>
              </>
            ) : null}
          </Section>
          {chart ? (
            <Section title={chart.title}>
              {st.curvePending && busy ? <p className="note" data-testid="siting-curve-pending">{t.siting.curvePending(curveTo)}</p> : null}
              <div data-curve={fire?.curve?.length ? 'per-p' : 'picks'} data-testid="siting-curve-wrap">
                <CoverageCurveChart curve={chart} width={340} height={200} fluid caption={false} testId="siting-curve" />
              </div>
            </Section>
          ) : null}
          <Section title={t.siting.picksTitle}>
            <SortableTable<PickRow>
              testId="siting-table"
              wrapLabels
              rows={rows}
              initial={{ key: 'rank', desc: false }}
              onRowClick={findPick}
              activeRow={activePick}
              columns={[
                { key: 'rank', label: t.siting.rankCol, value: (r) => r.rank },
                { key: 'id', label: t.siting.siteCol, value: (r) => r.id },
                { key: 'township', label: t.siting.townshipCol, value: (r) => r.township || '—', wrap: true },
                fire
                  ? { key: 'added', label: t.siting.householdsAddedCol, value: (r) => r.added, format: (r) => fmt(r.added, 0) }
                  : { key: 'added', label: t.siting.childrenAddedCol, value: (r) => r.added, format: (r) => fmt(r.added, 0) },
                fire
                  ? { key: 'second', label: t.siting.builtUpKm2Col, value: (r) => r.second, format: (r) => fmt(r.second, 2) }
                  : { key: 'second', label: t.siting.radiusCol, value: (r) => r.second, format: (r) => fmt(r.second, 0) },
                fire
                  ? { key: 'cumulative', label: t.siting.cumulativePctCol, value: (r) => r.cumulative, format: (r) => fmt(r.cumulative, 1) }
                  : { key: 'cumulative', label: t.siting.cumulativeChildrenCol, value: (r) => r.cumulative, format: (r) => fmt(r.cumulative, 0) },
                { key: 'runnerUp', label: t.siting.runnerUpCol, value: (r) => r.runnerUp, format: (r) => (r.runnerUp ? `${r.runnerUp} (−${fmt(r.runnerUpLoss, fire ? 0 : 1)})` : '—'), wrap: true },
              ]}
            />
            <div className="button-row">
              <button type="button" onClick={download} disabled={status !== 'current'} title={t.exports.csvTitle} data-testid="siting-download">
                {t.exports.csvButton}
              </button>
              <ExcelButton onClick={downloadExcel} disabled={status !== 'current'} testId="siting-export-xlsx" />
              <button type="button" onClick={adopt} disabled={status !== 'current'} title={t.scenarios.adoptNote} data-testid="siting-adopt">
                {t.scenarios.adopt}
              </button>
              <KmlButton layerIds={['siting-picks', 'siting-reach']} file={fire ? t.exports.siting.fireFile : t.exports.siting.kindergartenFile} testId="siting-export-kml" />
              <GeoExportButtons layerIds={['siting-picks', 'siting-reach']} file={fire ? t.exports.siting.fireFile : t.exports.siting.kindergartenFile} testId="siting-export" />
              <ReportButton
                testId="siting-print-report"
                disabled={status !== 'current'}
                request={() => {
                  const p = effectiveProject(useAppStore.getState().project.project);
                  if (!p || !curveInput || (!fire && !kg)) return null;
                  const input = fire ? ({ facility: 'fire', picks: fire.picks } as const) : ({ facility: 'kindergarten', picks: kg!.picks } as const);
                  return { build: (l) => ({ ...analysisContent({ kind: 'siting', title: MESSAGES[l].print.sitingTitle(p.name), project: p, lang: l, sheets: sitingSheets(input, l), defs: SITING_PARAMS }), charts: curveInput.picks.length ? [sitingCurve(curveInput, l)] : [] }) };
                }}
              />
            </div>
            {kg ? (
              <p className="note">
                {t.siting.radiusNote}
              </p>
            ) : null}
          </Section>
          {townshipRows.length > 0 ? (
            <Section title={t.siting.byTownshipTitle}>
              <SortableTable<TownshipRow>
                testId="siting-by-township"
                rows={townshipRows}
                initial={{ key: 'rank', desc: false }}
                columns={[
                  { key: 'rank', label: t.siting.rankCol, value: (r) => r.rank },
                  { key: 'id', label: t.siting.siteCol, value: (r) => r.id },
                  { key: 'township', label: t.siting.coveredTownshipCol, value: (r) => r.township || '—' },
                  { key: 'households', label: t.siting.householdsAddedCol, value: (r) => r.households, format: (r) => fmt(r.households, 0) },
                  { key: 'children', label: t.siting.childrenCol, value: (r) => r.children, format: (r) => fmt(r.children, 0) },
                  ...(fire ? [{ key: 'builtUpKm2' as const, label: t.siting.builtUpKm2Col, value: (r: TownshipRow) => r.builtUpKm2, format: (r: TownshipRow) => fmt(r.builtUpKm2, 2) }] : []),
                ]}
              />
              <p className="note">{fire ? t.siting.byTownshipNote : t.siting.byTownshipNoteKindergarten}</p>
            </Section>
          ) : null}
          {fire && fire.distanceChecks ? (
            <Section title={t.siting.droppedTitle(fire.droppedCandidates.length)}>
              <ul className="plain-list" data-testid="siting-distance-checks">
                {fire.distanceChecks.map((c) => (
                  <li key={c.layer}>{t.siting.droppedRule(layerText(c.layer), c.minMeters, c.checked, c.dropped)}</li>
                ))}
              </ul>
              {fire.droppedCandidates.length > 0 ? (
                <ul className="plain-list" data-testid="siting-dropped">
                  {fire.droppedCandidates.map((d) => (
                    <li key={d.id}>{tx(d.message)}</li>
                  ))}
                </ul>
              ) : null}
              <p className="note">{t.siting.droppedSource}</p>
            </Section>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export const sitingPanel: PanelDefinition = {
  id: 'siting',
  title: pair((m) => m.siting.panelTitle),
  order: 45,
  component: SitingPanel,
};
