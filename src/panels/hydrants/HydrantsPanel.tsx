import { useEffect, useMemo, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { RoadSummary } from '../../../analysis/hydrant-gaps';
import { hydrantGapPlaces, villageCentres, type HydrantGapRow } from '../../../analysis/hydrant-gap-places';
import { hydrantSheets } from '../../export/hydrant-sheets';
import { HYDRANT_PARAMS, resolveHydrantOptions } from '../../../analysis/radii-params';
import { ReportButton } from '../../print/PrintButtons';
import { GeoExportButtons } from '../../export/GeoExportButtons';
import { analysisContent } from '../../print/reports';
import { MESSAGES } from '../../i18n/messages';
import { toCsv } from '../../../analysis/csv-export';
import type { LayerData } from '../../../layers/types';
import { useT, useText } from '../../i18n';
import { pair } from '../radii/i18n-pair';
import { effectiveProject, useAppStore } from '../../state/store';
import { hadRun, rememberRun } from '../../state/restore-runs';
import { activeScenario, CURRENT_ID, diffEdits, withScenarioParams } from '../../../analysis/scenarios';
import { runTask } from '../../workers/run-task';
import type { PanelDefinition } from '../registry';
import { AnalysisWarnings, pctText, Figure, ParamInput, ParamProblems, RunProgress, Section, SortableTable, downloadText, downloadXlsx, ExcelButton, KmlButton, fmt, ErrorAlert, DefaultNote, StaleNote } from '../radii/ui';
import { useParamFields } from '../radii/param-fields';
import { HYDRANT_RESULT } from '../radii/result-keys';
import { resultKey, resultStatus } from '../../state/result-key';
import { useCancellableRun } from '../radii/cancellable-run';
import { fromProject } from '../../../analysis/params';
import { acceptProposals } from './accept-proposals';
import { useRadiiStore } from '../radii/radii-store';

const GAP_COLOR = '#d7191c';
const PROPOSED_COLOR = '#7b3294';

function fcOf(l: LayerData | undefined): FeatureCollection<Geometry | null> {
  return l && l.kind === 'geojson' ? l.data : { type: 'FeatureCollection', features: [] };
}

const def = (key: string) => HYDRANT_PARAMS.find((d) => d.key === key)!;

/** The hydrant panel: gaps along built-up roads, spacing, proposals the brigade can accept into the plan. */
function HydrantsPanel() {
  const tx = useText();
  const t = useT();
  const th = t.radii.hydrants;
  const base = useAppStore((s) => s.project.project);
  const project = effectiveProject(base);
  const report = useAppStore((s) => s.project.report);
  const revision = useAppStore((s) => s.project.revision);
  const st = useRadiiStore();
  useEffect(() => st.forProject(revision), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  // Results come back after a reload: a result that was current for these inputs (data, scenario, params) is recomputed.
  useEffect(() => {
    if (base && !useRadiiStore.getState().hydrant && hadRun('hydrants', base, HYDRANT_RESULT)) void run();
  }, [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const fields = useParamFields(HYDRANT_PARAMS);
  const includePlanned = fields.value('include-planned') === true;
  const cranesAsHydrants = fields.value('cranes-as-hydrants') === true;
  const currentKey = project ? resultKey(base!, HYDRANT_RESULT) : null;
  const status = resultStatus(st.hydrant, currentKey);
  const result = st.hydrant?.result ?? null;
  const lang = useAppStore((s) => s.ui.lang);
  const selection = useAppStore((s) => s.selection);
  // Where each gap is (township, lon/lat, an unnamed road by its surroundings), for the table, the map and the exports.
  const gapRows = useMemo(() => {
    if (!result || !project) return [];
    const hh = project.layers.households;
    return hydrantGapPlaces(result.gapsGeoJson, {
      townships: fcOf(project.layers.townships),
      roads: fcOf(project.layers.roads),
      villages: hh && hh.kind === 'columns' ? villageCentres(hh, fcOf(project.layers.townships)) : [],
    }).map((g, index) => ({ ...g, index }));
  }, [result, project]);
  const activeGap = selection?.layerId === 'hydrant-gaps' && selection.ids.length === 1 ? gapRows[Number(selection.ids[0])] ?? null : null;
  const accepted = st.hydrantAccepted;
  const job = useCancellableRun();
  const busy = job.busy !== null;
  const [error, setError] = useState<string | null>(null);
  const refused = fields.fileProblems.length > 0 || fields.fieldProblems.length > 0;

  async function run() {
    fields.commit();
    // the project as it is after the commit (the parameters live in its params)
    const base = useAppStore.getState().project.project;
    const project = effectiveProject(base);
    if (!project) return;
    setError(null);
    try {
      const options = resolveHydrantOptions(fromProject(project.params));
      const key = resultKey(base!, HYDRANT_RESULT);
      const r = await job.start((signal, onProgress) =>
        runTask(
          'hydrantGaps',
          {
            input: { roads: fcOf(project.layers.roads), hydrants: fcOf(project.layers.hydrants), builtUp: fcOf(project.layers.builtUp) },
            options,
          },
          { signal, onProgress },
        ),
      );
      if (r === undefined) return;
      useRadiiStore.getState().set({ hydrant: { result: r, key } });
      rememberRun('hydrants', base!, HYDRANT_RESULT);
      const { setResultLayer } = useAppStore.getState();
      const keyed = { spec: HYDRANT_RESULT, key };
      setResultLayer({
        id: 'hydrant-gaps',
        title: pair((m) => m.radii.hydrants.gapsTitle),
        data: r.gapsGeoJson,
        style: [{ type: 'line', paint: { 'line-color': GAP_COLOR, 'line-width': 4, 'line-opacity': 0.9 }, layout: { 'line-cap': 'round' } }],
        legend: [{ label: pair((m) => m.radii.hydrants.gapsLegend(r.radiusMeters)), color: GAP_COLOR, shape: 'line' }],
        visible: true,
        keyed,
        fields: [
          { name: 'road', label: pair((m) => m.radii.hydrants.roadField), type: 'string' },
          { name: 'fromM', label: pair((m) => m.radii.hydrants.fromField), type: 'number' },
          { name: 'toM', label: pair((m) => m.radii.hydrants.toField), type: 'number' },
          { name: 'lengthM', label: pair((m) => m.radii.hydrants.lengthField), type: 'number' },
        ],
      });
      setResultLayer({
        id: 'hydrant-proposed',
        title: pair((m) => m.radii.hydrants.proposedTitle),
        data: r.proposedGeoJson,
        style: [{ type: 'circle', paint: { 'circle-color': PROPOSED_COLOR, 'circle-radius': 5, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } }],
        legend: [{ label: pair((m) => m.radii.hydrants.proposedLegend), color: PROPOSED_COLOR, shape: 'circle' }],
        visible: true,
        keyed,
        fields: [
          { name: 'id', label: pair((m) => m.radii.hydrants.idField), type: 'string' },
          { name: 'road', label: pair((m) => m.radii.hydrants.roadField), type: 'string' },
          { name: 'atM', label: pair((m) => m.radii.hydrants.atField), type: 'number' },
        ],
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  function accept() {
    if (!project || !report || !result || status !== 'current') return;
    const { project: withAdded, added } = acceptProposals(project, result.proposedGeoJson);
    // One undo step: the proposals are adopted into a scenario as planned hydrants (the active one,
    // or a new 方案A while 现状 is active), which counts planned hydrants from now on. The layers
    // as imported do not change; results that read the hydrants go stale by their keys.
    const edits = diffEdits('hydrants', fcOf(project.layers.hydrants), fcOf(withAdded.layers.hydrants));
    useAppStore.getState().scenarioAction('adopt', {
      edits,
      newName: base && activeScenario(base).id === CURRENT_ID ? t.scenarios.newName : undefined,
      change: (sc) => withScenarioParams(sc, { 'include-planned': true }),
    });
    useRadiiStore.getState().set({ projectRevision: useAppStore.getState().project.revision, hydrantAccepted: added });
  }

  function downloadGaps() {
    if (!result) return;
    const r1 = (v: number) => Math.round(v * 10) / 10;
    const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
    const rows = gapRows.map((g) => [g.road || unnamed, g.township, g.where[lang], r6(g.fromLon), r6(g.fromLat), r6(g.toLon), r6(g.toLat), r1(g.fromM), r1(g.toM), r1(g.lengthM), g.roadIndex]);
    downloadText('hydrant-gaps.csv', toCsv(t.exports.hydrants.gapsCsv, rows), 'text/csv;charset=utf-8');
  }

  function downloadExcel() {
    if (!result) return;
    downloadXlsx(t.exports.hydrants.file, hydrantSheets(result, gapRows, lang));
  }

  /** Select a gap on the map and bring it into view. */
  function findGap(g: HydrantGapRow & { index: number }) {
    const lons = [g.fromLon, g.toLon, g.midLon];
    const lats = [g.fromLat, g.toLat, g.midLat];
    useAppStore.getState().setSelection({ layerId: 'hydrant-gaps', ids: [String(g.index)], focus: [Math.min(...lons), Math.min(...lats), Math.max(...lons), Math.max(...lats)] });
  }

  const unnamed = th.unnamedRoad;
  return (
    <div className="panel radii-panel" data-testid="hydrants-panel">
      <Section title={t.radii.parameters}>
        {(['hydrant-radius', 'hydrant-spacing'] as const).map((k) => (
          <ParamInput
            key={k}
            def={def(k)}
            value={fields.value(k) as number}
            onChange={(v) => fields.draft(k, v)}
            onCommit={() => fields.commit([k])}
            onReset={() => fields.set(k, undefined)}
            testId={k}
          />
        ))}
        <label className="check">
          <input type="checkbox" checked={includePlanned} onChange={(e) => fields.set('include-planned', e.target.checked)} data-testid="hydrant-include-planned" />
          <span>{tx(def('include-planned').label)}</span>
        </label>
        <DefaultNote def={def('include-planned')} value={includePlanned} onReset={() => fields.set('include-planned', undefined)} testId="hydrant-include-planned" />
        <label className="check">
          <input type="checkbox" checked={cranesAsHydrants} onChange={(e) => fields.set('cranes-as-hydrants', e.target.checked)} data-testid="hydrant-cranes-as-hydrants" />
          <span>{tx(def('cranes-as-hydrants').label)}</span>
        </label>
        <DefaultNote def={def('cranes-as-hydrants')} value={cranesAsHydrants} onReset={() => fields.set('cranes-as-hydrants', undefined)} testId="hydrant-cranes-as-hydrants" />
        <ParamProblems problems={fields.fileProblems} testId="hydrant-project-params" />
        <button type="button" onClick={run} disabled={!project || busy || refused} data-testid="hydrant-run">
          {busy ? t.radii.computing : th.run}
        </button>
        <RunProgress busy={job.busy} onCancel={job.cancel} testId="hydrant" />
        {accepted !== null ? (
          <p className="note" data-testid="hydrant-accepted">
            {th.accepted(accepted)}
          </p>
        ) : null}
        <ErrorAlert error={error} />
      </Section>
      {result ? (
        <>
          <StaleNote status={status} onRecompute={run} disabled={busy || refused} testId="hydrant" />
          <div className={status === 'stale' ? 'stale-figures' : undefined} data-result-status={status} data-testid="hydrant-results">
          <Section title={t.radii.figures}>
            <AnalysisWarnings warnings={result.warnings} testId="hydrant-warnings" />
            <div className="figures" data-testid="hydrant-figures">
              <Figure label={th.coveredPct} value={pctText(result.coveredRoadPct, t.radii.noData)} target={th.target100} testId="hydrant-covered-pct" />
              <Figure label={th.roadLength} value={`${fmt(result.roadLengthKm, 2)} / ${fmt(result.coveredRoadLengthKm, 2)} km`} />
              <Figure label={th.gaps} value={`${fmt(result.gapCount, 0)} · ${fmt(result.gapLengthKm, 2)} km`} testId="hydrant-gap-count" />
              <Figure
                label={th.working}
                value={`${pctText(result.hydrants.workingPct, t.radii.noData)} (${result.hydrants.working}/${result.hydrants.working + result.hydrants.broken})`}
                target={th.target100}
              />
              <Figure label={th.spacing} value={`${fmt(result.spacingViolations.length, 0)} (> ${result.spacingMeters} m)`} />
              <Figure label={th.proposed} value={fmt(result.proposedCount, 0)} testId="hydrant-proposed-count" />
            </div>
            {result.scope === 'all-roads' ? <p className="note">{th.allRoads}</p> : null}
            <p className="note">{th.method}</p>
            <div className="button-row">
              <button type="button" onClick={accept} disabled={result.proposedCount === 0 || status !== 'current'} data-testid="hydrant-accept">
                {th.accept}
              </button>
              <button type="button" onClick={downloadGaps} disabled={status !== 'current'} title={t.exports.csvTitle} data-testid="hydrant-download">
                {th.exportGaps}
              </button>
              <ExcelButton onClick={downloadExcel} disabled={status !== 'current'} testId="hydrant-export-xlsx" />
              <KmlButton layerIds={['hydrant-gaps', 'hydrant-proposed']} file={t.exports.hydrants.file} testId="hydrant-export-kml" />
              <GeoExportButtons layerIds={['hydrant-gaps', 'hydrant-proposed']} file={t.exports.hydrants.file} testId="hydrant-export" />
              <ReportButton
                testId="hydrant-print-report"
                disabled={status !== 'current'}
                request={() => {
                  const p = effectiveProject(useAppStore.getState().project.project);
                  if (!result || !p) return null;
                  const r = result;
                  const rows = gapRows;
                  return { build: (l) => analysisContent({ kind: 'hydrants', title: MESSAGES[l].print.hydrantsTitle(p.name), project: p, lang: l, sheets: hydrantSheets(r, rows, l), defs: HYDRANT_PARAMS }) };
                }}
              />
            </div>
          </Section>
          <Section title={th.byRoad}>
            <SortableTable<RoadSummary>
              testId="hydrant-road-table"
              rows={result.byRoad}
              wrapLabels
              initial={{ key: 'gapLengthM', desc: true }}
              columns={[
                { key: 'road', label: th.roadCol, value: (r) => r.road || unnamed },
                { key: 'lengthM', label: th.lengthMCol, value: (r) => r.lengthM, format: (r) => fmt(r.lengthM, 0) },
                { key: 'coveredPct', label: th.coveredPctCol, value: (r) => r.coveredPct, format: (r) => fmt(r.coveredPct) },
                { key: 'gapCount', label: th.gapCountCol, value: (r) => r.gapCount },
                { key: 'gapLengthM', label: th.gapLengthCol, value: (r) => r.gapLengthM, format: (r) => fmt(r.gapLengthM, 0) },
                { key: 'proposed', label: th.proposedCol, value: (r) => r.proposed },
              ]}
            />
          </Section>
          <Section title={th.gaps}>
            <p className="note">{th.findGapHint}</p>
            <SortableTable<HydrantGapRow & { index: number }>
              testId="hydrant-gap-table"
              rows={gapRows}
              wrapLabels
              initial={{ key: 'lengthM', desc: true }}
              limit={200}
              onRowClick={findGap}
              activeRow={activeGap}
              columns={[
                { key: 'road', label: th.roadCol, value: (g) => g.road || unnamed },
                { key: 'township', label: th.townshipCol, value: (g) => g.township },
                { key: 'near', label: th.nearCol, value: (g) => (g.road ? '' : [g.nearestRoad, g.nearestVillage].filter(Boolean).join(' · ')), wrap: true },
                { key: 'lengthM', label: th.lengthMCol, value: (g) => g.lengthM, format: (g) => fmt(g.lengthM, 0) },
              ]}
            />
          </Section>
          {result.wideRoads.length > 0 ? (
            <Section title={th.wideRoads}>
              <ul>
                {result.wideRoads.map((w) => (
                  <li key={`${w.roadIndex}`}>
                    {w.road || unnamed} · {w.widthM} m · {th.sides(w.left, w.right)} · {w.bothSides ? '✓' : '✗'}
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          {result.broken.length > 0 ? (
            <Section title={th.broken}>
              <ul data-testid="hydrant-broken">
                {result.broken.map((b) => (
                  <li key={b.id}>
                    {b.id} {b.road}
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          </div>
        </>
      ) : null}
    </div>
  );
}

export const hydrantsPanel: PanelDefinition = {
  id: 'hydrants',
  title: pair((m) => m.radii.hydrants.panelTitle),
  order: 20,
  component: HydrantsPanel,
};
