import { useEffect, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { TownshipRow, VillageRow } from '../../../analysis/kindergarten-access';
import { KINDERGARTEN_PARAMS, resolveKindergartenOptions } from '../../../analysis/radii-params';

/** Where the child-share estimate comes from (the parameter's own source). */
const CHILD_SHARE_SOURCE = KINDERGARTEN_PARAMS.find((d) => d.key === 'child-share')!.source;
import { ReportButton } from '../../print/PrintButtons';
import { analysisContent } from '../../print/reports';
import { MESSAGES } from '../../i18n/messages';
import type { ColumnLayerData, LayerData } from '../../../layers/types';
import { useT, useText } from '../../i18n';
import { pair } from '../radii/i18n-pair';
import { effectiveProject, useAppStore } from '../../state/store';
import { hadRun, rememberRun } from '../../state/restore-runs';
import { runTask } from '../../workers/run-task';
import { useRadiiStore } from '../radii/radii-store';
import type { PanelDefinition } from '../registry';
import { AnalysisWarnings, Figure, ParamInput, ParamProblems, RunProgress, Section, SortableTable, fmt, ErrorAlert, StaleNote, ExcelButton, downloadXlsx } from '../radii/ui';
import { kindergartenSheets } from '../../export/analysis-sheets';
import { useParamFields } from '../radii/param-fields';
import { KINDERGARTEN_RESULT } from '../radii/result-keys';
import { resultKey, resultStatus } from '../../state/result-key';
import { useCancellableRun } from '../radii/cancellable-run';
import { fromProject } from '../../../analysis/params';
import { GeoExportButtons } from '../../export/GeoExportButtons';
import { aggregatedCircleStyle, COUNT_PROPERTY, withAggregate } from '../radii/aggregate-result';

const UNCOVERED_COLOR = '#e66101';

function fcOf(l: LayerData | undefined): FeatureCollection<Geometry | null> | null {
  return l && l.kind === 'geojson' ? l.data : null;
}

const def = (key: string) => KINDERGARTEN_PARAMS.find((d) => d.key === key)!;

/** The kindergarten panel: radii per area, places against children, 2SFCA per village, shares. */
function KindergartensPanel() {
  const t = useT();
  const tk = t.radii.kindergartens;
  const base = useAppStore((s) => s.project.project);
  const project = effectiveProject(base);
  const revision = useAppStore((s) => s.project.revision);
  const st = useRadiiStore();
  useEffect(() => st.forProject(revision), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  // Results come back after a reload: a result that was current for these inputs (data, scenario, params) is recomputed.
  useEffect(() => {
    if (base && !useRadiiStore.getState().kg && hadRun('kindergartens', base, KINDERGARTEN_RESULT)) void run();
  }, [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const fields = useParamFields(KINDERGARTEN_PARAMS);
  const tx = useText();
  const currentKey = project ? resultKey(base!, KINDERGARTEN_RESULT) : null;
  const status = resultStatus(st.kg, currentKey);
  const result = st.kg?.result ?? null;
  const lang = useAppStore((s) => s.ui.lang);
  function downloadExcel() {
    const hh = project?.layers.households;
    if (result && hh && hh.kind === 'columns' && hh.count === result.covered.length) downloadXlsx(t.exports.kindergartens.file, kindergartenSheets(result, hh, lang, fcOf(project?.layers.townships)));
  }
  const job = useCancellableRun();
  const busy = job.busy !== null;
  const [error, setError] = useState<string | null>(null);
  const refused = fields.fileProblems.length > 0 || fields.fieldProblems.length > 0;

  async function run() {
    fields.commit();
    const base = useAppStore.getState().project.project;
    const project = effectiveProject(base);
    if (!project) return;
    const hh = project.layers.households;
    const households: ColumnLayerData =
      hh && hh.kind === 'columns' ? hh : { kind: 'columns', id: 'households', count: 0, lon: new Float64Array(0), lat: new Float64Array(0), ids: [], columns: {} };
    setError(null);
    try {
      const options = resolveKindergartenOptions(fromProject(project.params));
      const key = resultKey(base!, KINDERGARTEN_RESULT);
      const input = {
        households,
        kindergartens: fcOf(project.layers.kindergartens) ?? { type: 'FeatureCollection' as const, features: [] },
        builtUp: fcOf(project.layers.builtUp),
        townships: fcOf(project.layers.townships),
      };
      const r = await job.start((signal, onProgress) => runTask('kindergartenAccess', { input, options }, { signal, onProgress }));
      if (r === undefined) return;
      useRadiiStore.getState().set({ kg: { result: r, key } });
      rememberRun('kindergartens', base!, KINDERGARTEN_RESULT);
      useAppStore.getState().setResultLayer({
        id: 'kindergarten-uncovered',
        title: pair((m) => m.radii.kindergartens.uncoveredTitle),
        // grid cells with counts below the households layer's point zoom, the points from it (the
        // demo's 45,965 points as plain GeoJSON held about 250 MB in MapLibre's worker)
        data: withAggregate(r.uncoveredGeoJson),
        style: aggregatedCircleStyle(UNCOVERED_COLOR, { 'circle-radius': 2.5, 'circle-opacity': 0.8 }),
        legend: [{ label: pair((m) => m.radii.kindergartens.uncoveredLegend), color: UNCOVERED_COLOR, shape: 'circle' }],
        visible: true,
        keyed: { spec: KINDERGARTEN_RESULT, key },
        fields: [
          { name: 'id', label: pair((m) => m.radii.householdId), type: 'string' },
          { name: 'township', label: pair((m) => m.radii.township), type: 'string' },
          { name: 'village', label: pair((m) => m.radii.village), type: 'string' },
          { name: 'children', label: pair((m) => m.radii.kindergartens.childrenField), type: 'number' },
          { name: COUNT_PROPERTY, label: pair((m) => m.radii.uncovered.cellHouseholdsField), type: 'number', unit: pair((m) => m.radii.uncovered.householdsUnit) },
        ],
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  const pct = (v: number | null) => (v === null ? '–' : `${fmt(v)}%`);
  // the figures that include children estimated as persons × child-share are marked 估算
  const estimate = result && result.children.estimatedHouseholds > 0 ? tk.estimateMark : '';
  return (
    <div className="panel radii-panel" data-testid="kindergartens-panel">
      <Section title={tk.radii}>
        {(['kg-radius-urban', 'kg-radius-township', 'kg-radius-village', 'child-share'] as const).map((k) => (
          <ParamInput
            key={k}
            def={def(k)}
            value={fields.value(k) as number}
            onChange={(v) => fields.draft(k, v)}
            onCommit={() => fields.commit([k])}
            onReset={() => fields.set(k, undefined)}
            testId={k === 'child-share' ? 'kg-child-share' : k}
          />
        ))}
        <ParamProblems problems={fields.fileProblems} testId="kg-project-params" />
        <button type="button" onClick={run} disabled={!project || busy || refused} data-testid="kg-run">
          {busy ? t.radii.computing : tk.run}
        </button>
        <RunProgress busy={job.busy} onCancel={job.cancel} testId="kg" />
        <ErrorAlert error={error} />
      </Section>
      {result ? (
        <div className={status === 'stale' ? 'stale-figures' : undefined} data-result-status={status} data-testid="kg-results">
          <StaleNote status={status} onRecompute={run} disabled={busy || refused} testId="kg" />
          <Section title={t.radii.figures}>
            {/* children estimated from persons × child-share: the figures that include them say so */}
            <div className="button-row">
              <ExcelButton onClick={downloadExcel} disabled={status !== 'current'} testId="kg-export-xlsx" />
              <GeoExportButtons layerIds={['kindergarten-uncovered']} file={t.exports.kindergartens.file} testId="kg-export" />
              <ReportButton
                testId="kg-print-report"
                disabled={status !== 'current'}
                request={() => {
                  const p = useAppStore.getState().project.project;
                  const hh = p?.layers.households;
                  if (!result || !p || !hh || hh.kind !== 'columns' || hh.count !== result.covered.length) return null;
                  const r = result;
                  return {
                    build: (l) =>
                      analysisContent({
                        kind: 'kindergartens',
                        title: MESSAGES[l].print.kindergartensTitle(p.name),
                        project: p,
                        lang: l,
                        sheets: kindergartenSheets(r, hh, l, fcOf(p.layers.townships)),
                        skip: [MESSAGES[l].exports.kindergartens.uncoveredSheet],
                        defs: KINDERGARTEN_PARAMS,
                      }),
                  };
                }}
              />
            </div>
            <AnalysisWarnings warnings={result.warnings} testId="kg-warnings" />
            <div className="figures" data-testid="kg-figures" data-estimate={estimate ? 'true' : undefined}>
              <Figure label={tk.withinRadius} value={`${result.households.covered.toLocaleString()} / ${result.households.total.toLocaleString()}`} />
              <Figure label={tk.outside} value={result.households.uncovered.toLocaleString()} testId="kg-uncovered-households" />
              <Figure label={tk.childrenOutside} testId="kg-children" value={`${fmt(result.children.total, 0)}${t.common.inParens(fmt(result.children.uncovered, 0))}${estimate}`} />
              <Figure label={tk.placesPerChildren} value={`${fmt(result.seats, 0)} / ${fmt(result.children.total, 0)}`} />
              <Figure label={tk.grossEnrolment} value={`${result.children.missingHouseholds > 0 || result.enrolledMissing > 0 ? '⚠ ' : ''}${pct(result.grossEnrolmentPct)}${estimate}`} target={tk.target85} testId="kg-gross-enrolment" />
              <Figure label={tk.publicShare} value={`${result.enrolledMissing > 0 ? '⚠ ' : ''}${pct(result.publicSharePct)}`} target={tk.target50} testId="kg-public-share" />
              <Figure label={tk.inclusive} value={`${result.enrolledMissing > 0 ? '⚠ ' : ''}${pct(result.inclusiveSharePct)}`} target={tk.target80} />
            </div>
            {result.children.estimatedHouseholds > 0 ? (
              <p className="note" data-testid="kg-estimate-note">
                {tk.estimated(result.children.estimatedHouseholds, result.households.total, result.children.childShare, tx(CHILD_SHARE_SOURCE))}
              </p>
            ) : null}
            {result.enrolledMissing > 0 ? (
              <p className="note" role="alert" data-testid="kg-enrolled-missing-note">
                {tk.enrolledMissing(result.enrolledMissing, result.kindergartens.length)}
              </p>
            ) : null}
            {result.children.missingHouseholds > 0 ? (
              <p className="note" role="alert" data-testid="kg-missing-children-note">
                {tk.missingChildren(result.children.missingHouseholds)}
              </p>
            ) : null}
            <p className="note">
              {tk.radiusRule(result.urbanBuiltUp ?? '—', result.shareBasis === 'enrolled')}
            </p>
          </Section>
          <Section title={tk.byTownship}>
            <SortableTable<TownshipRow>
              testId="kg-township-table"
              rows={result.byTownship}
              initial={{ key: 'seatsPerChild', desc: false }}
              columns={[
                { key: 'township', label: t.radii.township, value: (r) => r.township || '—' },
                { key: 'children', label: tk.childrenCol, value: (r) => r.children, format: (r) => fmt(r.children, 0) },
                { key: 'seats', label: tk.placesCol, value: (r) => r.seats, format: (r) => fmt(r.seats, 0) },
                { key: 'seatsPerChild', label: tk.placesPerChildCol, value: (r) => r.seatsPerChild ?? -1, format: (r) => fmt(r.seatsPerChild, 2) },
                { key: 'uncoveredChildren', label: tk.outsideCol, value: (r) => r.uncoveredChildren, format: (r) => fmt(r.uncoveredChildren, 0) },
              ]}
            />
            {result.townshipSource.polygon > 0 ? (
              <p className="note" data-testid="kg-township-source-note">
                {tk.townshipByPolygon(result.townshipSource.polygon, result.townshipSource.none)}
              </p>
            ) : null}
          </Section>
          <Section title={tk.byVillage}>
            <SortableTable<VillageRow>
              testId="kg-village-table"
              rows={result.byVillage}
              initial={{ key: 'access', desc: false }}
              limit={150}
              columns={[
                { key: 'township', label: t.radii.township, value: (r) => r.township || '—' },
                { key: 'village', label: t.radii.village, value: (r) => r.village || '—' },
                { key: 'children', label: tk.childrenCol, value: (r) => r.children, format: (r) => fmt(r.children, 0) },
                { key: 'access', label: tk.accessCol, value: (r) => r.access ?? -1, format: (r) => fmt(r.access, 2) },
              ]}
            />
          </Section>
        </div>
      ) : null}
    </div>
  );
}

export const kindergartensPanel: PanelDefinition = {
  id: 'kindergartens',
  title: pair((m) => m.radii.kindergartens.panelTitle),
  order: 30,
  component: KindergartensPanel,
};
