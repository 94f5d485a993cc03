import { useEffect, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { RoadSummary, HydrantGap } from '../../../analysis/hydrant-gaps';
import { HYDRANT_PARAMS, resolveHydrantOptions } from '../../../analysis/radii-params';
import { toCsv } from '../../../analysis/csv-export';
import type { LayerData } from '../../../layers/types';
import { useT, useText } from '../../i18n';
import { pair } from '../radii/i18n-pair';
import { useAppStore } from '../../state/store';
import { runTask } from '../../workers/run-task';
import type { PanelDefinition } from '../registry';
import { AnalysisWarnings, pctText, Figure, ParamInput, ParamProblems, RunProgress, Section, SortableTable, downloadText, fmt, ErrorAlert, DefaultNote, StaleNote } from '../radii/ui';
import { useParamFields } from '../radii/param-fields';
import { HYDRANT_RESULT } from '../radii/result-keys';
import { resultKey, resultStatus } from '../../state/result-key';
import { withParams } from '../../state/params-slice';
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
  const project = useAppStore((s) => s.project.project);
  const report = useAppStore((s) => s.project.report);
  const revision = useAppStore((s) => s.project.revision);
  const st = useRadiiStore();
  useEffect(() => st.forProject(revision), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const fields = useParamFields(HYDRANT_PARAMS);
  const radius = fields.value('hydrant-radius') as number;
  const spacing = fields.value('hydrant-spacing') as number;
  const includePlanned = fields.value('include-planned') === true;
  const currentKey = project ? resultKey(project, HYDRANT_RESULT) : null;
  const status = resultStatus(st.hydrant, currentKey);
  const result = st.hydrant?.result ?? null;
  const accepted = st.hydrantAccepted;
  const job = useCancellableRun();
  const busy = job.busy !== null;
  const [error, setError] = useState<string | null>(null);
  const refused = fields.fileProblems.length > 0 || fields.fieldProblems.length > 0;

  async function run() {
    fields.commit();
    // the project as it is after the commit (the parameters live in its params)
    const project = useAppStore.getState().project.project;
    if (!project) return;
    setError(null);
    try {
      const options = resolveHydrantOptions(fromProject(project.params));
      const key = resultKey(project, HYDRANT_RESULT);
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
    // One undo step: the proposals join the hydrant layer as planned, and the analysis counts
    // planned hydrants from now on. Results that read the hydrants go stale by their keys.
    useAppStore.getState().setProject({ project: withParams(withAdded, { 'include-planned': true }), report });
    useRadiiStore.getState().set({ projectRevision: useAppStore.getState().project.revision, hydrantAccepted: added });
  }

  function downloadGaps() {
    if (!result) return;
    const rows = result.gaps.map((g) => [g.road, g.roadIndex, Math.round(g.fromM * 10) / 10, Math.round(g.toM * 10) / 10, Math.round(g.lengthM * 10) / 10]);
    downloadText('hydrant-gaps.csv', toCsv(['道路 road', 'road_index', '起点 from_m', '终点 to_m', '长度 length_m'], rows), 'text/csv;charset=utf-8');
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
              <Figure label={th.gaps} value={`${result.gapCount} · ${fmt(result.gapLengthKm, 2)} km`} testId="hydrant-gap-count" />
              <Figure
                label={th.working}
                value={`${pctText(result.hydrants.workingPct, t.radii.noData)} (${result.hydrants.working}/${result.hydrants.working + result.hydrants.broken})`}
                target={th.target100}
              />
              <Figure label={th.spacing} value={`${result.spacingViolations.length}（> ${result.spacingMeters} m）`} />
              <Figure label={th.proposed} value={String(result.proposedCount)} testId="hydrant-proposed-count" />
            </div>
            {result.scope === 'all-roads' ? <p className="note">{th.allRoads}</p> : null}
            <p className="note">{th.method}</p>
            <div className="button-row">
              <button type="button" onClick={accept} disabled={result.proposedCount === 0 || status !== 'current'} data-testid="hydrant-accept">
                {th.accept}
              </button>
              <button type="button" onClick={downloadGaps} data-testid="hydrant-download">
                {th.exportGaps}
              </button>
            </div>
          </Section>
          <Section title={th.byRoad}>
            <SortableTable<RoadSummary>
              testId="hydrant-road-table"
              rows={result.byRoad}
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
            <SortableTable<HydrantGap>
              testId="hydrant-gap-table"
              rows={result.gaps}
              initial={{ key: 'lengthM', desc: true }}
              limit={200}
              columns={[
                { key: 'road', label: th.roadCol, value: (g) => g.road || unnamed },
                { key: 'fromM', label: th.fromMCol, value: (g) => g.fromM, format: (g) => fmt(g.fromM, 0) },
                { key: 'toM', label: th.toMCol, value: (g) => g.toM, format: (g) => fmt(g.toM, 0) },
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
