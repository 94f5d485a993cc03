import './plots.css';
import { useEffect, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerData } from '../../../layers/types';
import type { PlotReviewRow } from '../../../analysis/plot-review';
import { PLOT_PARAMS, resolvePlotOptions } from '../../../analysis/plot-params';
import { ReportButton } from '../../print/PrintButtons';
import { GeoExportButtons } from '../../export/GeoExportButtons';
import { analysisContent } from '../../print/reports';
import { plotDossier } from '../../print/plot-dossier';
import { FIRE_PARAMS, fireOptionsFromParams } from '../../../analysis/fire-params';
import { checkParam, checkParams, fromProject, resolveParams } from '../../../analysis/params';
import { KINDERGARTEN_PARAMS, resolveKindergartenOptions } from '../../../analysis/radii-params';
import { toCsv } from '../../../analysis/csv-export';
import { plotUseField } from '../../../layers/reserve-plots';
import { enumLabel } from '../../export/sheet-util';
import { plotSheets } from '../../export/plot-sheets';
import { MESSAGES, useT, useText } from '../../i18n';
import { effectiveProject, useAppStore } from '../../state/store';
import { runTask } from '../../workers/run-task';
import type { PanelDefinition } from '../registry';
import { pair } from '../radii/i18n-pair';
import { Figure, ParamProblems, RunProgress, Section, SortableTable, downloadText, downloadXlsx, ExcelButton, KmlButton, fmt, ErrorAlert, StaleNote } from '../radii/ui';
import { plotsResultSpec } from '../radii/result-keys';
import { resultKey, resultStatus } from '../../state/result-key';
import { useCancellableRun } from '../radii/cancellable-run';
import { useSitingStore } from '../siting/siting-store';
import { hadRun, rememberRun } from '../../state/restore-runs';
import { geometryExtent } from '../../../analysis/geo';
import { PLOT_DECISIONS, plotDecisionEdits, plotDecisionOf, type PlotDecision } from '../../../analysis/plot-decisions';
import { activeScenario, countingFireStatus, CURRENT_ID, scenarioLabel } from '../../../analysis/scenarios';

const REVIEW_COLORS = { ok: '#2e7d32', warning: '#f9a825', error: '#c62828' };

function fcOf(l: LayerData | undefined): FeatureCollection<Geometry | null> | null {
  return l && l.kind === 'geojson' ? l.data : null;
}

/** The reserve-plot review panel: drawn against declared 亩, totals, township, conflicts, coverage. */
function PlotsPanel() {
  const tx = useText();
  const t = useT();
  const lang = useAppStore((s) => s.ui.lang);
  const useName = (use: string) => enumLabel(plotUseField, use, lang);
  const base = useAppStore((s) => s.project.project);
  const project = effectiveProject(base);
  const revision = useAppStore((s) => s.project.revision);
  const st = useSitingStore();
  useEffect(() => st.forProject(revision), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  // Results come back after a reload: a review that was current for these inputs (data, scenario, params, with or without fire) is recomputed.
  useEffect(() => {
    if (!base || useSitingStore.getState().plots) return;
    const was = [true, false].find((f) => hadRun('plots', base, plotsResultSpec(f)));
    if (was === undefined) return;
    useSitingStore.getState().set({ withFire: was });
    void run(was);
  }, [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const fromFile = checkParams(PLOT_PARAMS, fromProject(project?.params));
  const defaults = resolvePlotOptions(fromFile.values);
  // The stated total lives in the project's params ('stated-total'); the text typed is a draft until blur/Enter.
  const statedTotal = st.statedTotal ?? (defaults.statedTotalMu !== undefined ? String(defaults.statedTotalMu) : '');
  const currentKey = project ? resultKey(base!, plotsResultSpec(st.withFire)) : null;
  const status = resultStatus(st.plots, currentKey);
  const result = st.plots?.result ?? null;
  const job = useCancellableRun();
  const busy = job.busy !== null;
  const [error, setError] = useState<string | null>(null);
  const statedDef = PLOT_PARAMS.find((d) => d.key === 'stated-total')!;
  const statedCheck = statedTotal.trim() === '' ? null : checkParam(statedDef, statedTotal, { kind: 'panel' });
  const fileProblems = [
    ...fromFile.problems,
    ...checkParams(KINDERGARTEN_PARAMS, fromProject(project?.params)).problems,
    ...(st.withFire ? checkParams(FIRE_PARAMS, fromProject(project?.params)).problems : []),
  ];
  const refused = fileProblems.length > 0 || (statedCheck !== null && !statedCheck.ok);
  const selection = useAppStore((s) => s.selection);
  // the row of a plot picked on the map (review layer: by position; plot layer: by id) or from this table
  const activeRow = !result || !selection || selection.ids.length !== 1
    ? null
    : selection.layerId === 'plot-review'
      ? result.rows[Number(selection.ids[0])] ?? null
      : selection.layerId === 'reservePlots'
        ? result.rows.find((r) => r.id === selection.ids[0]) ?? null
        : null;

  /** Selects a plot's review feature and brings it into view. */
  function findPlot(r: PlotReviewRow): void {
    if (!result) return;
    const i = result.rows.indexOf(r);
    const b = geometryExtent([result.geojson.features[i]?.geometry ?? null]);
    useAppStore.getState().setSelection({ layerId: 'plot-review', ids: [String(i)], ...(b ? { focus: b } : {}) });
  }

  /** Commits the typed stated total (empty: back to the default, none); a refused entry stays a draft. */
  function commitStated(): void {
    const draft = useSitingStore.getState().statedTotal;
    if (draft === null) return;
    if (draft.trim() === '') useAppStore.getState().setParams({ 'stated-total': undefined });
    else {
      const r = checkParam(statedDef, draft, { kind: 'panel' });
      if (!r.ok) return;
      useAppStore.getState().setParams({ 'stated-total': r.value });
    }
    useSitingStore.getState().set({ statedTotal: null });
  }

  async function run(withFire = useSitingStore.getState().withFire) {
    commitStated();
    const base = useAppStore.getState().project.project;
    const project = effectiveProject(base);
    if (!project) return;
    const key = resultKey(base!, plotsResultSpec(withFire));
    const plots = fcOf(project.layers.reservePlots);
    if (!plots || plots.features.length === 0) {
      setError(t.plots.noPlots);
      return;
    }
    const roads = fcOf(project.layers.roads);
    const hh = project.layers.households;
    setError(null);
    try {
      const options = resolvePlotOptions(fromProject(project.params));
      const kg = resolveKindergartenOptions(fromProject(project.params));
      const r = await job.start((signal, onProgress) => runTask('plotReview', {
        input: {
          plots,
          townships: fcOf(project.layers.townships),
          builtUp: fcOf(project.layers.builtUp),
          dualConversionAreas: fcOf(project.layers.dualConversionAreas),
          fireStations: fcOf(project.layers.fireStations),
          kindergartens: fcOf(project.layers.kindergartens),
        },
        options: {
          ...options,
          kindergartenRadiusMeters: { urban: kg.radiusUrbanMeters, township: kg.radiusTownshipMeters, village: kg.radiusVillageMeters },
        },
        fire:
          withFire && roads && roads.features.length > 0
            ? { roads, households: hh && hh.kind === 'columns' ? hh : null, fireLanes: fcOf(project.layers.fireLanes), options: fireOptionsFromParams(resolveParams<Record<string, unknown>>(FIRE_PARAMS, fromProject(project.params))) }
            : undefined,
      }, { signal, onProgress }));
      if (r === undefined) return;
      useSitingStore.getState().set({ plots: { result: r, key } });
      rememberRun('plots', base!, plotsResultSpec(withFire));
      useAppStore.getState().setResultLayer({
        id: 'plot-review',
        title: pair((m) => m.plots.layerTitle),
        // `findings` keys each plot to its findings in both languages (an enum field, so the popup shows words, not codes).
        data: { ...r.geojson, features: r.geojson.features.map((f, i) => ({ ...f, properties: { ...f.properties, findings: String(i) } })) },
        style: [
          { type: 'fill', paint: { 'fill-color': ['match', ['get', 'review'], 'error', REVIEW_COLORS.error, 'warning', REVIEW_COLORS.warning, REVIEW_COLORS.ok] as never, 'fill-opacity': 0.35 } },
          { type: 'line', paint: { 'line-color': ['match', ['get', 'review'], 'error', REVIEW_COLORS.error, 'warning', REVIEW_COLORS.warning, REVIEW_COLORS.ok] as never, 'line-width': 2 } },
        ],
        legend: [
          { label: pair((m) => m.plots.okLegend), color: REVIEW_COLORS.ok, shape: 'fill' },
          { label: pair((m) => m.plots.warningLegend), color: REVIEW_COLORS.warning, shape: 'fill' },
          { label: pair((m) => m.plots.errorLegend), color: REVIEW_COLORS.error, shape: 'fill' },
        ],
        visible: true,
        keyed: { spec: plotsResultSpec(withFire), key },
        fields: [
          { name: 'id', label: pair((m) => m.plots.idField), type: 'string' },
          { name: 'name', label: pair((m) => m.plots.nameField), type: 'string' },
          { name: 'use', label: plotUseField.label, type: 'enum', values: plotUseField.values },
          { name: 'declared_mu', label: pair((m) => m.plots.declaredField), type: 'number', unit: pair((m) => m.plots.muUnit) },
          { name: 'area_mu', label: pair((m) => m.plots.drawnField), type: 'number', unit: pair((m) => m.plots.muUnit) },
          { name: 'diff_pct', label: pair((m) => m.plots.diffField), type: 'number', unit: pair((m) => m.plots.percentUnit) },
          {
            name: 'findings',
            label: pair((m) => m.plots.issuesField),
            type: 'enum',
            values: r.rows.map((x, i) => {
              const flagged = x.issues.filter((q) => q.severity !== 'info');
              const words = (lang: 'zh' | 'en') => (flagged.length ? flagged.map((q) => q.message[lang]).join(MESSAGES[lang].plots.findingSeparator) : MESSAGES[lang].plots.okLegend);
              return { code: String(i), label: { zh: words('zh'), en: words('en') } };
            }),
          },
        ],
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  function download() {
    if (!result) return;
    const rows = result.rows.map((x) => [x.id, x.name, x.township, useName(x.use), x.declaredMu, x.areaMu, x.diffPct, x.parts.map((p) => p.areaMu).join(' + '), x.townshipsFound.join(t.plots.listSeparator), x.issues.map((i) => tx(i.message)).join(t.plots.findingSeparator)]);
    downloadText('plot-review.csv', toCsv(t.plots.csv, rows), 'text/csv;charset=utf-8');
  }

  function downloadExcel() {
    if (result) downloadXlsx(t.exports.plots.file, plotSheets(result, lang));
  }

  /**
   * Takes a decision for a plot into a scenario (the active one, or a new 方案A while 现状 is
   * active): a proposed fire station (then counted there) or a public kindergarten at the plot,
   * or none (保留). One undo step; the layers as imported do not change.
   */
  function decide(r: PlotReviewRow, next: PlotDecision): void {
    const b = useAppStore.getState().project.project;
    if (!b) return;
    const sc = activeScenario(b);
    const current = plotDecisionOf(sc, r.id);
    const feature = fcOf(b.layers.reservePlots)?.features.find((f) => String(f.properties?.id ?? f.id ?? '') === r.id);
    if (!feature) {
      setError(t.plots.decisionNoPlot(r.id));
      return;
    }
    const label = r.name || r.id;
    const edits = plotDecisionEdits({ id: r.id, name: label, township: r.township, geometry: feature.geometry }, current, next, {
      fireStation: () => t.plots.plotStationName(label),
      kindergarten: () => t.plots.plotKindergartenName(label),
    });
    if (edits.length === 0) return;
    setError(null);
    if (next === 'keep') {
      useAppStore.getState().scenarioAction('edit', { edits });
      return;
    }
    const statuses = String(effectiveProject(b)!.params.statuses ?? FIRE_PARAMS.find((d) => d.key === 'statuses')!.value);
    useAppStore.getState().scenarioAction('adopt', {
      edits,
      newName: sc.id === CURRENT_ID ? t.scenarios.newName : undefined,
      change: next === 'fireStation' ? (s) => countingFireStatus(s, 'proposed', statuses) : undefined,
    });
  }
  const scenario = base ? activeScenario(base) : null;
  const decisionName: Record<PlotDecision, string> = { keep: t.plots.decisionKeep, fireStation: t.plots.decisionFireStation, kindergarten: t.plots.decisionKindergarten };

  const flagged = (r: PlotReviewRow) => r.issues.filter((i) => i.severity !== 'info');
  return (
    <div className="panel radii-panel" data-testid="plots-panel">
      <Section title={t.plots.reviewTitle}>
        <label className="param" title={tx(statedDef.source)}>
          <span>{tx(statedDef.label)}</span>
          <input
            value={statedTotal}
            onChange={(e) => st.set({ statedTotal: e.target.value })}
            onBlur={commitStated}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commitStated();
            }}
            inputMode="decimal"
            data-testid="plots-stated-total"
          />
          <span className="param-unit">{t.plots.muUnit}</span>
          {statedCheck && !statedCheck.ok ? (
            <small className="param-error error" role="alert" data-testid="plots-stated-total-error">
              {tx(statedCheck.problem.message)}
            </small>
          ) : null}
          <small className="param-source">{tx(statedDef.source)}</small>
        </label>
        <label className="check">
          <input type="checkbox" checked={st.withFire} onChange={(e) => st.set({ withFire: e.target.checked })} data-testid="plots-with-fire" />
          {t.plots.withFire}
        </label>
        <ParamProblems problems={fileProblems} testId="plots-project-params" />
        <button type="button" onClick={() => void run()} disabled={!project || busy || refused} data-testid="plots-run">
          {busy ? t.plots.reviewing : t.plots.run}
        </button>
        <RunProgress busy={job.busy} onCancel={job.cancel} testId="plots" />
        <ErrorAlert error={error} />
      </Section>
      {result ? (
        <div className={status === 'stale' ? 'stale-figures' : undefined} data-result-status={status} data-testid="plots-results">
          <StaleNote status={status} onRecompute={() => void run()} disabled={busy || refused} testId="plots" />
          <Section title={t.plots.totalsTitle}>
            <div className="figures" data-testid="plots-figures">
              <Figure label={t.plots.plotCount} value={String(result.totals.plots)} />
              <Figure label={t.plots.declaredDrawn} value={`${fmt(result.totals.declaredMu, 2)} / ${fmt(result.totals.areaMu, 2)}`} testId="plots-total-mu" />
              <Figure label={t.plots.errorsWarnings} value={`${result.counts.error} / ${result.counts.warning}`} testId="plots-counts" />
              {result.totals.statedTotalMu !== null ? (
                <Figure label={t.plots.statedTotal} value={t.plots.statedValue(fmt(result.totals.statedTotalMu, 2), result.totals.statedDiffMu === 0 ? null : fmt(result.totals.statedDiffMu, 2))} testId="plots-stated" />
              ) : null}
            </div>
            {result.documentIssues.map((i, k) => (
              <p key={k} className={i.severity === 'error' ? 'error' : 'note'}>
                {tx(i.message)}
              </p>
            ))}
          </Section>
          <Section title={t.plots.plotByPlotTitle}>
            <SortableTable<PlotReviewRow>
              testId="plots-table"
              wrapLabels
              rows={result.rows}
              initial={{ key: 'index', desc: false }}
              onRowClick={findPlot}
              activeRow={activeRow}
              columns={[
                { key: 'index', label: t.plots.idCol, value: (r) => r.index, format: (r) => r.id },
                { key: 'use', label: t.plots.useCol, value: (r) => r.use, format: (r) => useName(r.use), wrap: true },
                { key: 'declaredMu', label: t.plots.declaredCol, value: (r) => r.declaredMu ?? -1, format: (r) => fmt(r.declaredMu, 2) },
                { key: 'areaMu', label: t.plots.drawnCol, value: (r) => r.areaMu, format: (r) => fmt(r.areaMu, 2) },
                { key: 'diffPct', label: t.plots.diffCol, value: (r) => r.diffPct ?? 0, format: (r) => fmt(r.diffPct, 2) },
                { key: 'flags', label: t.plots.flagsCol, value: (r) => flagged(r).length },
              ]}
            />
          </Section>
          <Section title={t.plots.findingsTitle}>
            {scenario ? <p className="note" data-testid="plot-decision-note">{t.plots.decisionNote(scenarioLabel(scenario, lang))}</p> : null}
            <ul className="plot-findings" data-testid="plots-findings">
              {result.rows.map((r) => (
                <li key={r.index}>
                  <strong>{r.id}</strong> {r.name}
                  {t.plots.plotPlace(r.township, r.parts.length > 1 ? t.plots.parcels(r.parts.length, r.parts.map((p) => p.areaMu).join(' + ')) : t.plots.areaMu(fmt(r.areaMu, 2)))}
                  {scenario ? (
                    <label className="plot-decision">
                      <span>{t.plots.decision}</span>
                      <select value={plotDecisionOf(scenario, r.id)} onChange={(e) => decide(r, e.target.value as PlotDecision)} data-testid={`plot-decision-${r.id}`}>
                        {PLOT_DECISIONS.map((d) => (
                          <option key={d} value={d}>
                            {decisionName[d]}
                          </option>
                        ))}
                      </select>
                    </label>
                  ) : null}
                  <ul>
                    {r.issues.map((i, k) => (
                      <li key={k} className={i.severity === 'info' ? 'note' : i.severity === 'error' ? 'error' : 'warning'}>
                        {tx(i.message)}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
            <div className="button-row">
              <button type="button" onClick={download} disabled={status !== 'current'} title={t.exports.csvTitle} data-testid="plots-download">
                {t.exports.csvButton}
              </button>
              <ExcelButton onClick={downloadExcel} disabled={status !== 'current'} testId="plots-export-xlsx" />
              <KmlButton layerIds={['plot-review']} file={t.exports.plots.file} testId="plots-export-kml" />
              <GeoExportButtons layerIds={['plot-review']} file={t.exports.plots.file} testId="plots-export" />
              <ReportButton
                testId="plots-print-report"
                disabled={status !== 'current'}
                request={() => {
                  const p = effectiveProject(useAppStore.getState().project.project);
                  if (!result || !p) return null;
                  const r = result;
                  // the dossier: the map sheet as cover, then one page per plot (its map, area check, findings with their rule)
                  return { build: (l) => ({ ...analysisContent({ kind: 'plots', title: MESSAGES[l].print.plotsTitle(p.name), project: p, lang: l, sheets: plotSheets(r, l), defs: PLOT_PARAMS }), tables: [], pages: plotDossier(r, p.params, l) }) };
                }}
              />
            </div>
          </Section>
        </div>
      ) : null}
    </div>
  );
}

export const plotsPanel: PanelDefinition = {
  id: 'plots',
  title: pair((m) => m.plots.panelTitle),
  order: 47,
  component: PlotsPanel,
};
