import './plots.css';
import { useEffect, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { LayerData } from '../../../layers/types';
import type { PlotReviewRow } from '../../../analysis/plot-review';
import { PLOT_PARAMS, resolvePlotOptions } from '../../../analysis/plot-params';
import { FIRE_PARAMS, fireOptionsFromParams } from '../../../analysis/fire-params';
import { resolveParams } from '../../../analysis/params';
import { resolveKindergartenOptions } from '../../../analysis/radii-params';
import { toCsv } from '../../../analysis/csv-export';
import { useText } from '../../i18n';
import { useAppStore } from '../../state/store';
import { runTask } from '../../workers/run-task';
import type { PanelDefinition } from '../registry';
import { Figure, Section, SortableTable, downloadText, fmt } from '../radii/ui';
import { useSitingStore } from '../siting/siting-store';

const REVIEW_COLORS = { ok: '#2e7d32', warning: '#f9a825', error: '#c62828' };

function fcOf(l: LayerData | undefined): FeatureCollection<Geometry | null> | null {
  return l && l.kind === 'geojson' ? l.data : null;
}

const USE: Record<string, { zh: string; en: string }> = {
  residential: { zh: '居住', en: 'Residential' },
  commercial: { zh: '商业', en: 'Commercial' },
  education: { zh: '教育', en: 'Education' },
  industrial: { zh: '工业', en: 'Industrial' },
  public: { zh: '公共设施', en: 'Public' },
  other: { zh: '其他', en: 'Other' },
};

/** The reserve-plot review panel: drawn against declared 亩, totals, township, conflicts, coverage. */
function PlotsPanel() {
  const tx = useText();
  const project = useAppStore((s) => s.project.project);
  const revision = useAppStore((s) => s.project.revision);
  const st = useSitingStore();
  useEffect(() => st.forProject(revision), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const defaults = resolvePlotOptions(project?.params);
  const statedTotal = st.statedTotal ?? (defaults.statedTotalMu !== undefined ? String(defaults.statedTotalMu) : '');
  const result = st.projectRevision === revision ? st.plots : null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const statedDef = PLOT_PARAMS.find((d) => d.key === 'stated-total')!;

  async function run() {
    if (!project) return;
    const plots = fcOf(project.layers.reservePlots);
    if (!plots || plots.features.length === 0) {
      setError(tx({ zh: '项目中没有储备地块（reserve_plots）', en: 'The project has no reserve plots (reserve_plots)' }));
      return;
    }
    const stated = Number(statedTotal);
    const kg = resolveKindergartenOptions(project.params);
    const roads = fcOf(project.layers.roads);
    const hh = project.layers.households;
    setBusy(true);
    setError(null);
    try {
      const r = await runTask('plotReview', {
        input: {
          plots,
          townships: fcOf(project.layers.townships),
          builtUp: fcOf(project.layers.builtUp),
          dualConversionAreas: fcOf(project.layers.dualConversionAreas),
          fireStations: fcOf(project.layers.fireStations),
          kindergartens: fcOf(project.layers.kindergartens),
        },
        options: {
          ...defaults,
          statedTotalMu: statedTotal.trim() !== '' && stated > 0 ? stated : undefined,
          kindergartenRadiusMeters: { urban: kg.radiusUrbanMeters, township: kg.radiusTownshipMeters, village: kg.radiusVillageMeters },
        },
        fire:
          st.withFire && roads && roads.features.length > 0
            ? { roads, households: hh && hh.kind === 'columns' ? hh : null, options: fireOptionsFromParams(resolveParams<Record<string, unknown>>(FIRE_PARAMS, project.params)) }
            : undefined,
      });
      useSitingStore.getState().set({ plots: r });
      useAppStore.getState().setResultLayer({
        id: 'plot-review',
        title: { zh: '储备地块审查', en: 'Reserve plot review' },
        data: r.geojson,
        style: [
          { type: 'fill', paint: { 'fill-color': ['match', ['get', 'review'], 'error', REVIEW_COLORS.error, 'warning', REVIEW_COLORS.warning, REVIEW_COLORS.ok] as never, 'fill-opacity': 0.35 } },
          { type: 'line', paint: { 'line-color': ['match', ['get', 'review'], 'error', REVIEW_COLORS.error, 'warning', REVIEW_COLORS.warning, REVIEW_COLORS.ok] as never, 'line-width': 2 } },
        ],
        legend: [
          { label: { zh: '无问题', en: 'No finding' }, color: REVIEW_COLORS.ok, shape: 'fill' },
          { label: { zh: '警告', en: 'Warning' }, color: REVIEW_COLORS.warning, shape: 'fill' },
          { label: { zh: '错误', en: 'Error' }, color: REVIEW_COLORS.error, shape: 'fill' },
        ],
        visible: true,
        fields: [
          { name: 'id', label: { zh: '编号', en: 'Id' }, type: 'string' },
          { name: 'name', label: { zh: '名称', en: 'Name' }, type: 'string' },
          { name: 'declared_mu', label: { zh: '申报面积', en: 'Declared' }, type: 'number', unit: { zh: '亩', en: 'mu' } },
          { name: 'area_mu', label: { zh: '图上面积', en: 'Drawn' }, type: 'number', unit: { zh: '亩', en: 'mu' } },
          { name: 'diff_pct', label: { zh: '差异', en: 'Difference' }, type: 'number', unit: { zh: '%', en: '%' } },
          { name: 'issues', label: { zh: '问题', en: 'Findings' }, type: 'string' },
        ],
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  function download() {
    if (!result) return;
    const rows = result.rows.map((x) => [x.id, x.name, x.township, x.use, x.declaredMu, x.areaMu, x.diffPct, x.parts.map((p) => p.areaMu).join(' + '), x.townshipsFound.join('、'), x.issues.map((i) => tx(i.message)).join('；')]);
    downloadText('plot-review.csv', toCsv(['编号', '名称', '乡镇', '用途', '申报亩', '图上亩', '差异%', '各地块亩', '图上所在乡镇', '审查意见'], rows), 'text/csv;charset=utf-8');
  }

  const flagged = (r: PlotReviewRow) => r.issues.filter((i) => i.severity !== 'info');
  return (
    <div className="panel radii-panel" data-testid="plots-panel">
      <Section title={{ zh: '储备地块审查', en: 'Reserve plot review' }}>
        <label className="param" title={tx(statedDef.source)}>
          <span>{tx(statedDef.label)}</span>
          <input value={statedTotal} onChange={(e) => st.set({ statedTotal: e.target.value })} inputMode="decimal" data-testid="plots-stated-total" />
          <span className="param-unit">亩</span>
          <small className="param-source">{tx(statedDef.source)}</small>
        </label>
        <label className="check">
          <input type="checkbox" checked={st.withFire} onChange={(e) => st.set({ withFire: e.target.checked })} data-testid="plots-with-fire" />
          {tx({ zh: '同时核查消防5分钟可达（路网计算，约数秒）', en: 'Also check the fire 5-minute reach (network, a few seconds)' })}
        </label>
        <button type="button" onClick={run} disabled={!project || busy} data-testid="plots-run">
          {busy ? tx({ zh: '审查中…', en: 'Reviewing…' }) : tx({ zh: '审查地块', en: 'Review the plots' })}
        </button>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
      </Section>
      {result ? (
        <>
          <Section title={{ zh: '汇总', en: 'Totals' }}>
            <div className="figures" data-testid="plots-figures">
              <Figure label={{ zh: '地块数', en: 'Plots' }} value={String(result.totals.plots)} />
              <Figure label={{ zh: '申报 / 图上面积（亩）', en: 'Declared / drawn (mu)' }} value={`${fmt(result.totals.declaredMu, 2)} / ${fmt(result.totals.areaMu, 2)}`} testId="plots-total-mu" />
              <Figure label={{ zh: '错误 / 警告', en: 'Errors / warnings' }} value={`${result.counts.error} / ${result.counts.warning}`} testId="plots-counts" />
              {result.totals.statedTotalMu !== null ? (
                <Figure label={{ zh: '文件总计（亩）', en: 'Stated total (mu)' }} value={`${fmt(result.totals.statedTotalMu, 2)}（${result.totals.statedDiffMu === 0 ? tx({ zh: '一致', en: 'matches' }) : fmt(result.totals.statedDiffMu, 2)}）`} testId="plots-stated" />
              ) : null}
            </div>
            {result.documentIssues.map((i, k) => (
              <p key={k} className={i.severity === 'error' ? 'error' : 'note'}>
                {tx(i.message)}
              </p>
            ))}
          </Section>
          <Section title={{ zh: '逐块审查', en: 'Plot by plot' }}>
            <SortableTable<PlotReviewRow>
              testId="plots-table"
              rows={result.rows}
              initial={{ key: 'index', desc: false }}
              columns={[
                { key: 'index', label: { zh: '编号', en: 'Id' }, value: (r) => r.index, format: (r) => r.id },
                { key: 'use', label: { zh: '用途', en: 'Use' }, value: (r) => r.use, format: (r) => tx(USE[r.use] ?? { zh: r.use, en: r.use }) },
                { key: 'declaredMu', label: { zh: '申报亩', en: 'Declared' }, value: (r) => r.declaredMu ?? -1, format: (r) => fmt(r.declaredMu, 2) },
                { key: 'areaMu', label: { zh: '图上亩', en: 'Drawn' }, value: (r) => r.areaMu, format: (r) => fmt(r.areaMu, 2) },
                { key: 'diffPct', label: { zh: '差异%', en: 'Diff %' }, value: (r) => r.diffPct ?? 0, format: (r) => fmt(r.diffPct, 2) },
                { key: 'flags', label: { zh: '问题', en: 'Flags' }, value: (r) => flagged(r).length },
              ]}
            />
          </Section>
          <Section title={{ zh: '审查意见', en: 'Findings' }}>
            <ul className="plot-findings" data-testid="plots-findings">
              {result.rows.map((r) => (
                <li key={r.index}>
                  <strong>{r.id}</strong> {r.name}（{r.township}，{r.parts.length > 1 ? tx({ zh: `${r.parts.length}块：${r.parts.map((p) => p.areaMu).join(' + ')} 亩`, en: `${r.parts.length} parcels: ${r.parts.map((p) => p.areaMu).join(' + ')} mu` }) : `${fmt(r.areaMu, 2)} 亩`}）
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
              <button type="button" onClick={download} data-testid="plots-download">
                {tx({ zh: '下载CSV', en: 'Download CSV' })}
              </button>
            </div>
          </Section>
        </>
      ) : null}
    </div>
  );
}

export const plotsPanel: PanelDefinition = {
  id: 'plots',
  title: { zh: '储备地块', en: 'Reserve plots' },
  order: 47,
  component: PlotsPanel,
};
