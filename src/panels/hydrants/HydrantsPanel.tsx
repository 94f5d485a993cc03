import { useEffect, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { HydrantGapsResult, RoadSummary, HydrantGap } from '../../../analysis/hydrant-gaps';
import { HYDRANT_PARAMS, resolveHydrantOptions } from '../../../analysis/radii-params';
import { toCsv } from '../../../analysis/csv-export';
import type { LayerData } from '../../../layers/types';
import { useText } from '../../i18n';
import { useAppStore } from '../../state/store';
import { runTask } from '../../workers/run-task';
import type { PanelDefinition } from '../registry';
import { Figure, ParamInput, Section, SortableTable, downloadText, fmt } from '../radii/ui';
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
  const project = useAppStore((s) => s.project.project);
  const report = useAppStore((s) => s.project.report);
  const revision = useAppStore((s) => s.project.revision);
  const st = useRadiiStore();
  useEffect(() => st.forProject(revision), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const defaults = resolveHydrantOptions(project?.params);
  const params = { radius: defaults.radiusMeters, spacing: defaults.spacingMeters, includePlanned: defaults.includePlanned, ...(st.hydrantParams ?? {}) } as {
    radius: number;
    spacing: number;
    includePlanned: boolean;
  };
  const { radius, spacing, includePlanned } = params;
  const setParam = (k: keyof typeof params, v: number | boolean) => st.set({ hydrantParams: { ...params, [k]: v } });
  const setRadius = (v: number) => setParam('radius', v);
  const setSpacing = (v: number) => setParam('spacing', v);
  const setIncludePlanned = (v: boolean) => setParam('includePlanned', v);
  const result = st.projectRevision === revision ? st.hydrantResult : null;
  const setResult = (r: HydrantGapsResult | null) => useRadiiStore.getState().set({ hydrantResult: r });
  const accepted = st.hydrantAccepted;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    if (!project) return;
    setBusy(true);
    setError(null);
    try {
      const options = { ...resolveHydrantOptions(project.params), radiusMeters: radius, spacingMeters: spacing, includePlanned };
      const r = await runTask('hydrantGaps', {
        input: { roads: fcOf(project.layers.roads), hydrants: fcOf(project.layers.hydrants), builtUp: fcOf(project.layers.builtUp) },
        options,
      });
      setResult(r);
      const { setResultLayer } = useAppStore.getState();
      setResultLayer({
        id: 'hydrant-gaps',
        title: { zh: '消火栓保护空白路段', en: 'Hydrant gaps' },
        data: r.gapsGeoJson,
        style: [{ type: 'line', paint: { 'line-color': GAP_COLOR, 'line-width': 4, 'line-opacity': 0.9 }, layout: { 'line-cap': 'round' } }],
        legend: [{ label: { zh: `距完好消火栓超过 ${r.radiusMeters} 米的路段`, en: `Road more than ${r.radiusMeters} m from a working hydrant` }, color: GAP_COLOR, shape: 'line' }],
        visible: true,
        fields: [
          { name: 'road', label: { zh: '道路', en: 'Road' }, type: 'string' },
          { name: 'fromM', label: { zh: '起点（米）', en: 'From (m)' }, type: 'number' },
          { name: 'toM', label: { zh: '终点（米）', en: 'To (m)' }, type: 'number' },
          { name: 'lengthM', label: { zh: '长度（米）', en: 'Length (m)' }, type: 'number' },
        ],
      });
      setResultLayer({
        id: 'hydrant-proposed',
        title: { zh: '建议新增消火栓', en: 'Proposed hydrants' },
        data: r.proposedGeoJson,
        style: [{ type: 'circle', paint: { 'circle-color': PROPOSED_COLOR, 'circle-radius': 5, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 } }],
        legend: [{ label: { zh: '建议新增消火栓', en: 'Proposed hydrant' }, color: PROPOSED_COLOR, shape: 'circle' }],
        visible: true,
        fields: [
          { name: 'id', label: { zh: '编号', en: 'ID' }, type: 'string' },
          { name: 'road', label: { zh: '道路', en: 'Road' }, type: 'string' },
          { name: 'atM', label: { zh: '位置（米）', en: 'At (m)' }, type: 'number' },
        ],
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  function accept() {
    if (!project || !report || !result) return;
    const { project: next, added } = acceptProposals(project, result.proposedGeoJson);
    const app = useAppStore.getState();
    app.setProject({ project: next, report });
    app.removeResultLayer('hydrant-proposed');
    // The project changed on purpose: keep the panels' state, but the other results are now stale.
    useRadiiStore.getState().set({
      projectRevision: useAppStore.getState().project.revision,
      hydrantAccepted: added,
      hydrantResult: null,
      hydrantParams: { ...params, includePlanned: true },
      uncoveredResult: null,
    });
  }

  function downloadGaps() {
    if (!result) return;
    const rows = result.gaps.map((g) => [g.road, g.roadIndex, Math.round(g.fromM * 10) / 10, Math.round(g.toM * 10) / 10, Math.round(g.lengthM * 10) / 10]);
    downloadText('hydrant-gaps.csv', toCsv(['道路 road', 'road_index', '起点 from_m', '终点 to_m', '长度 length_m'], rows), 'text/csv;charset=utf-8');
  }

  const unnamed = tx({ zh: '（未命名道路）', en: '(unnamed road)' });
  return (
    <div className="panel radii-panel" data-testid="hydrants-panel">
      <Section title={{ zh: '参数', en: 'Parameters' }}>
        <ParamInput def={def('hydrant-radius')} value={radius} onChange={setRadius} testId="hydrant-radius" />
        <ParamInput def={def('hydrant-spacing')} value={spacing} onChange={setSpacing} testId="hydrant-spacing" />
        <label className="check">
          <input type="checkbox" checked={includePlanned} onChange={(e) => setIncludePlanned(e.target.checked)} data-testid="hydrant-include-planned" />
          <span>{tx(def('include-planned').label)}</span>
        </label>
        <button type="button" onClick={run} disabled={!project || busy} data-testid="hydrant-run">
          {busy ? tx({ zh: '计算中…', en: 'Computing…' }) : tx({ zh: '分析消火栓覆盖', en: 'Analyse hydrant coverage' })}
        </button>
        {accepted !== null ? (
          <p className="note" data-testid="hydrant-accepted">
            {tx({ zh: `已将 ${accepted} 个建议消火栓作为“规划”加入消火栓图层；勾选“计入在建和规划”后重新分析即为规划建成后的覆盖。`, en: `${accepted} proposed hydrants added to the hydrant layer as planned; tick "count planned" and re-run for the coverage after the plan is built.` })}
          </p>
        ) : null}
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
      </Section>
      {result ? (
        <>
          <Section title={{ zh: '指标', en: 'Figures' }}>
            <div className="figures" data-testid="hydrant-figures">
              <Figure label={{ zh: '建成区道路覆盖率', en: 'Built-up road length covered' }} value={`${fmt(result.coveredRoadPct)}%`} target={tx({ zh: '目标 100%', en: 'target 100%' })} testId="hydrant-covered-pct" />
              <Figure label={{ zh: '道路总长 / 已覆盖', en: 'Road length / covered' }} value={`${fmt(result.roadLengthKm, 2)} / ${fmt(result.coveredRoadLengthKm, 2)} km`} />
              <Figure label={{ zh: '空白路段', en: 'Gaps' }} value={`${result.gapCount} · ${fmt(result.gapLengthKm, 2)} km`} testId="hydrant-gap-count" />
              <Figure
                label={{ zh: '消火栓完好率', en: 'Hydrants in working order' }}
                value={`${fmt(result.hydrants.workingPct)}% (${result.hydrants.working}/${result.hydrants.working + result.hydrants.broken})`}
                target={tx({ zh: '目标 100%', en: 'target 100%' })}
              />
              <Figure label={{ zh: '间距超限', en: 'Spacing violations' }} value={`${result.spacingViolations.length}（> ${result.spacingMeters} m）`} />
              <Figure label={{ zh: '建议新增消火栓', en: 'Proposed hydrants' }} value={String(result.proposedCount)} testId="hydrant-proposed-count" />
            </div>
            {result.scope === 'all-roads' ? <p className="note">{tx({ zh: '项目无建成区图层：按全部道路计算。', en: 'No built-up layer: all roads counted.' })}</p> : null}
            <p className="note">{tx({ zh: '保护半径按直线距离计；同名且首尾相接的道路合并计算。', en: 'The radius is a straight-line reach; same-name roads meeting end to end are joined.' })}</p>
            <div className="button-row">
              <button type="button" onClick={accept} disabled={result.proposedCount === 0} data-testid="hydrant-accept">
                {tx({ zh: '将建议消火栓纳入规划', en: 'Accept proposals into the plan' })}
              </button>
              <button type="button" onClick={downloadGaps} data-testid="hydrant-download">
                {tx({ zh: '导出空白路段 CSV', en: 'Export gaps (CSV)' })}
              </button>
            </div>
          </Section>
          <Section title={{ zh: '按道路', en: 'By road' }}>
            <SortableTable<RoadSummary>
              testId="hydrant-road-table"
              rows={result.byRoad}
              initial={{ key: 'gapLengthM', desc: true }}
              columns={[
                { key: 'road', label: { zh: '道路', en: 'Road' }, value: (r) => r.road || unnamed },
                { key: 'lengthM', label: { zh: '长度 m', en: 'Length m' }, value: (r) => r.lengthM, format: (r) => fmt(r.lengthM, 0) },
                { key: 'coveredPct', label: { zh: '覆盖 %', en: 'Covered %' }, value: (r) => r.coveredPct, format: (r) => fmt(r.coveredPct) },
                { key: 'gapCount', label: { zh: '空白段', en: 'Gaps' }, value: (r) => r.gapCount },
                { key: 'gapLengthM', label: { zh: '空白长度 m', en: 'Gap length m' }, value: (r) => r.gapLengthM, format: (r) => fmt(r.gapLengthM, 0) },
                { key: 'proposed', label: { zh: '建议新增', en: 'Proposed' }, value: (r) => r.proposed },
              ]}
            />
          </Section>
          <Section title={{ zh: '空白路段', en: 'Gaps' }}>
            <SortableTable<HydrantGap>
              testId="hydrant-gap-table"
              rows={result.gaps}
              initial={{ key: 'lengthM', desc: true }}
              limit={200}
              columns={[
                { key: 'road', label: { zh: '道路', en: 'Road' }, value: (g) => g.road || unnamed },
                { key: 'fromM', label: { zh: '起点 m', en: 'From m' }, value: (g) => g.fromM, format: (g) => fmt(g.fromM, 0) },
                { key: 'toM', label: { zh: '终点 m', en: 'To m' }, value: (g) => g.toM, format: (g) => fmt(g.toM, 0) },
                { key: 'lengthM', label: { zh: '长度 m', en: 'Length m' }, value: (g) => g.lengthM, format: (g) => fmt(g.lengthM, 0) },
              ]}
            />
          </Section>
          {result.wideRoads.length > 0 ? (
            <Section title={{ zh: '宽度超过60米的道路（需两侧布置）', en: 'Roads wider than 60 m (both sides needed)' }}>
              <ul>
                {result.wideRoads.map((w) => (
                  <li key={`${w.roadIndex}`}>
                    {w.road || unnamed} · {w.widthM} m · {tx({ zh: `左侧 ${w.left}、右侧 ${w.right}`, en: `left ${w.left}, right ${w.right}` })} · {w.bothSides ? '✓' : '✗'}
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
          {result.broken.length > 0 ? (
            <Section title={{ zh: '损坏的消火栓', en: 'Broken hydrants' }}>
              <ul data-testid="hydrant-broken">
                {result.broken.map((b) => (
                  <li key={b.id}>
                    {b.id} {b.road}
                  </li>
                ))}
              </ul>
            </Section>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

export const hydrantsPanel: PanelDefinition = {
  id: 'hydrants',
  title: { zh: '消火栓', en: 'Hydrants' },
  order: 20,
  component: HydrantsPanel,
};
