import { useEffect, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData, LayerData } from '../../../layers/types';
import { SITING_PARAMS, resolveSitingOptions } from '../../../analysis/siting-params';
import { FIRE_PARAMS, fireOptionsFromParams } from '../../../analysis/fire-params';
import { resolveParams } from '../../../analysis/params';
import { resolveKindergartenOptions } from '../../../analysis/radii-params';
import { toCsv } from '../../../analysis/csv-export';
import { useText } from '../../i18n';
import { useAppStore } from '../../state/store';
import { runTask } from '../../workers/run-task';
import type { PanelDefinition } from '../registry';
import { Figure, ParamInput, Section, SortableTable, downloadText, fmt } from '../radii/ui';
import { useSitingStore, type SitingChoices } from './siting-store';

const PICK_COLOR = '#111111';
const REACH_COLOR = '#ab47bc';

function fcOf(l: LayerData | undefined): FeatureCollection<Geometry | null> | null {
  return l && l.kind === 'geojson' ? l.data : null;
}
const def = (key: string) => SITING_PARAMS.find((d) => d.key === key)!;

interface PickRow {
  rank: number;
  id: string;
  township: string;
  added: number;
  second: number;
  cumulative: number;
}

/** The siting panel: best N new fire-station or kindergarten sites, each with the coverage it adds. */
function SitingPanel() {
  const tx = useText();
  const project = useAppStore((s) => s.project.project);
  const revision = useAppStore((s) => s.project.revision);
  const st = useSitingStore();
  useEffect(() => st.forProject(revision), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const d = resolveSitingOptions(project?.params);
  const choices: SitingChoices = { facility: 'fire', count: d.count, spacing: d.candidateSpacingMeters, objective: d.objective, area: d.candidateArea, ...(st.choices ?? {}) };
  const choose = (patch: Partial<SitingChoices>) => st.set({ choices: { ...choices, ...patch } });
  const result = st.projectRevision === revision ? st.siting : null;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    if (!project) return;
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
    };
    const common = { count: choices.count, candidateSpacingMeters: choices.spacing, candidateArea: choices.area };
    setBusy(true);
    setError(null);
    try {
      const out =
        choices.facility === 'fire'
          ? await runTask('siteFacilities', {
              facility: 'fire',
              layers,
              options: { ...fireOptionsFromParams(resolveParams<Record<string, unknown>>(FIRE_PARAMS, project.params)), ...common, objective: choices.objective },
            })
          : await runTask('siteFacilities', { facility: 'kindergarten', layers, options: { ...resolveKindergartenOptions(project.params), ...common } });
      useSitingStore.getState().set({ siting: out });
      const s = useAppStore.getState();
      const geo = out.facility === 'fire' ? { picks: out.fire.geojson.picks, reach: out.fire.geojson.reachAfter } : { picks: out.kindergarten.geojson.picks, reach: out.kindergarten.geojson.circles };
      s.setResultLayer({
        id: 'siting-reach',
        title: out.facility === 'fire' ? { zh: '选址后5分钟可达范围', en: '5-minute reach with the new sites' } : { zh: '新幼儿园服务半径', en: 'Service radius of the new kindergartens' },
        data: geo.reach as FeatureCollection<Geometry | null>,
        style: [
          { type: 'fill', paint: { 'fill-color': REACH_COLOR, 'fill-opacity': 0.18 } },
          { type: 'line', paint: { 'line-color': REACH_COLOR, 'line-width': 1.2 } },
        ],
        legend: [{ label: out.facility === 'fire' ? { zh: '选址后5分钟可达', en: 'Reached in 5 min with the sites' } : { zh: '新园服务半径', en: 'New kindergarten radius' }, color: REACH_COLOR, shape: 'fill' }],
        visible: true,
      });
      s.setResultLayer({
        id: 'siting-picks',
        title: { zh: '建议选址', en: 'Proposed sites' },
        data: geo.picks as FeatureCollection<Geometry | null>,
        style: [{ type: 'circle', paint: { 'circle-color': PICK_COLOR, 'circle-radius': 9, 'circle-stroke-color': '#ffd600', 'circle-stroke-width': 3 } }],
        legend: [{ label: { zh: '建议选址', en: 'Proposed site' }, color: PICK_COLOR, shape: 'circle' }],
        visible: true,
        fields: [
          { name: 'rank', label: { zh: '序号', en: 'Rank' }, type: 'number' },
          { name: 'id', label: { zh: '候选点', en: 'Candidate' }, type: 'string' },
          { name: 'township', label: { zh: '乡镇', en: 'Township' }, type: 'string' },
          out.facility === 'fire'
            ? { name: 'addedHouseholds', label: { zh: '新增覆盖户数', en: 'Households added' }, type: 'number' }
            : { name: 'addedChildren', label: { zh: '新增覆盖3–5岁儿童', en: 'Children 3–5 added' }, type: 'number' },
        ],
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const rows: PickRow[] =
    result?.facility === 'fire'
      ? result.fire.picks.map((p) => ({ rank: p.rank, id: p.id, township: p.township, added: p.addedHouseholds, second: p.addedBuiltUpKm2, cumulative: p.cumulativeBuiltUpPct }))
      : result?.facility === 'kindergarten'
        ? result.kindergarten.picks.map((p) => ({ rank: p.rank, id: p.id, township: p.township, added: p.addedChildren, second: p.radiusM, cumulative: p.cumulativeChildrenCovered }))
        : [];
  const fire = result?.facility === 'fire' ? result.fire : null;
  const kg = result?.facility === 'kindergarten' ? result.kindergarten : null;

  function download() {
    if (!result) return;
    const header = fire ? ['序号', '候选点', '乡镇', '经度', '纬度', '新增覆盖户数', '新增建成区km²', '累计建成区覆盖率%'] : ['序号', '候选点', '乡镇', '经度', '纬度', '新增3–5岁儿童', '服务半径m', '累计覆盖儿童'];
    const picks = fire ? fire.picks.map((p) => [p.rank, p.id, p.township, p.lon, p.lat, p.addedHouseholds, p.addedBuiltUpKm2, p.cumulativeBuiltUpPct]) : kg!.picks.map((p) => [p.rank, p.id, p.township, p.lon, p.lat, p.addedChildren, p.radiusM, p.cumulativeChildrenCovered]);
    downloadText(`siting-${result.facility}.csv`, toCsv(header, picks), 'text/csv;charset=utf-8');
  }

  return (
    <div className="panel radii-panel" data-testid="siting-panel">
      <Section title={{ zh: '选址设置', en: 'Siting settings' }}>
        <label className="param">
          <span>{tx({ zh: '设施类型', en: 'Facility' })}</span>
          <select value={choices.facility} onChange={(e) => choose({ facility: e.target.value as SitingChoices['facility'] })} data-testid="siting-facility">
            <option value="fire">{tx({ zh: '消防救援站（路网5分钟）', en: 'Fire station (network, 5 min)' })}</option>
            <option value="kindergarten">{tx({ zh: '幼儿园（服务半径）', en: 'Kindergarten (service radius)' })}</option>
          </select>
        </label>
        <ParamInput def={def('count')} value={choices.count} onChange={(v) => choose({ count: Math.max(1, Math.round(v)) })} testId="siting-count" />
        <ParamInput def={def('candidate-spacing')} value={choices.spacing} onChange={(v) => choose({ spacing: v })} testId="siting-spacing" />
        <label className="param" title={tx(def('candidate-area').source)}>
          <span>{tx({ zh: '候选点范围', en: 'Candidates in' })}</span>
          <select value={choices.area} onChange={(e) => choose({ area: e.target.value as SitingChoices['area'] })} data-testid="siting-area">
            <option value="county">{tx({ zh: '全县', en: 'Whole county' })}</option>
            <option value="built-up">{tx({ zh: '建成区', en: 'Built-up areas' })}</option>
          </select>
        </label>
        {choices.facility === 'fire' ? (
          <label className="param" title={tx(def('objective').source)}>
            <span>{tx({ zh: '目标', en: 'Objective' })}</span>
            <select value={choices.objective} onChange={(e) => choose({ objective: e.target.value as SitingChoices['objective'] })} data-testid="siting-objective">
              <option value="households">{tx({ zh: '覆盖户数最多', en: 'Most households' })}</option>
              <option value="built-up">{tx({ zh: '建成区覆盖面积最大', en: 'Most built-up area' })}</option>
            </select>
          </label>
        ) : null}
        <button type="button" onClick={run} disabled={!project || busy} data-testid="siting-run">
          {busy ? tx({ zh: '计算中…', en: 'Computing…' }) : tx({ zh: '寻找最佳选址', en: 'Find the best sites' })}
        </button>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        <p className="note">
          {tx({
            zh: '贪心最大覆盖模型（MCLP）：逐个选出新增覆盖最多的候选点，结果至少达到最优解的63%（1−1/e），多数情况下即为最优；候选点为道路上的规则网格点。',
            en: 'Greedy maximal covering (MCLP): picks, one by one, the candidate adding the most; at least 63% (1 − 1/e) of the optimum, often the optimum. Candidates are grid points moved onto roads.',
          })}
        </p>
      </Section>
      {result ? (
        <>
          <Section title={{ zh: '选址前后', en: 'Before and after' }}>
            <div className="figures" data-testid="siting-figures">
              {fire ? (
                <>
                  <Figure label={{ zh: '5分钟可达户数', en: 'Households reached in 5 min' }} value={`${fire.before.householdsCovered.toLocaleString()} → ${fire.after.householdsCovered.toLocaleString()}`} testId="siting-households" />
                  <Figure
                    label={{ zh: '建成区5分钟覆盖率', en: 'Built-up reached in 5 min' }}
                    value={`${fmt(fire.before.coveredBuiltUpPct)}% → ${fmt(fire.after.coveredBuiltUpPct)}%`}
                    target={tx({ zh: `目标 ≥${fire.targetPct}%`, en: `target ≥ ${fire.targetPct}%` })}
                    testId="siting-built-up"
                  />
                  <Figure label={{ zh: '候选点', en: 'Candidates' }} value={fire.candidateCount.toLocaleString()} />
                </>
              ) : kg ? (
                <>
                  <Figure label={{ zh: '服务半径内3–5岁儿童', en: 'Children 3–5 within a radius' }} value={`${fmt(kg.before.childrenCovered, 0)} → ${fmt(kg.after.childrenCovered, 0)} / ${fmt(kg.before.childrenTotal, 0)}`} testId="siting-children" />
                  <Figure label={{ zh: '候选点', en: 'Candidates' }} value={kg.candidateCount.toLocaleString()} />
                </>
              ) : null}
            </div>
          </Section>
          <Section title={{ zh: '建议选址（按选出顺序）', en: 'Proposed sites (in the order picked)' }}>
            <SortableTable<PickRow>
              testId="siting-table"
              rows={rows}
              initial={{ key: 'rank', desc: false }}
              columns={[
                { key: 'rank', label: { zh: '序号', en: '#' }, value: (r) => r.rank },
                { key: 'id', label: { zh: '候选点', en: 'Site' }, value: (r) => r.id },
                { key: 'township', label: { zh: '乡镇', en: 'Township' }, value: (r) => r.township || '—' },
                fire
                  ? { key: 'added', label: { zh: '新增户数', en: 'Households +' }, value: (r) => r.added, format: (r) => fmt(r.added, 0) }
                  : { key: 'added', label: { zh: '新增儿童', en: 'Children +' }, value: (r) => r.added, format: (r) => fmt(r.added, 0) },
                fire
                  ? { key: 'second', label: { zh: '建成区km²', en: 'Built-up km²' }, value: (r) => r.second, format: (r) => fmt(r.second, 2) }
                  : { key: 'second', label: { zh: '半径m', en: 'Radius m' }, value: (r) => r.second, format: (r) => fmt(r.second, 0) },
                fire
                  ? { key: 'cumulative', label: { zh: '累计覆盖率%', en: 'Cum. %' }, value: (r) => r.cumulative, format: (r) => fmt(r.cumulative, 1) }
                  : { key: 'cumulative', label: { zh: '累计儿童', en: 'Cum. children' }, value: (r) => r.cumulative, format: (r) => fmt(r.cumulative, 0) },
              ]}
            />
            <div className="button-row">
              <button type="button" onClick={download} data-testid="siting-download">
                {tx({ zh: '下载CSV', en: 'Download CSV' })}
              </button>
            </div>
            {kg ? (
              <p className="note">
                {tx({
                  zh: '服务半径按选址所在位置取：县城建成区内用城镇半径，其他建成区用乡镇驻地半径，其余用村半径；紧邻县城建成区外的点因用村半径而可能覆盖城区，请结合实际审核。',
                  en: 'The radius follows where a site stands (county seat / other built-up / village); a site just outside the county seat takes the larger village radius and may reach into town — review such picks.',
                })}
              </p>
            ) : null}
          </Section>
        </>
      ) : null}
    </div>
  );
}

export const sitingPanel: PanelDefinition = {
  id: 'siting',
  title: { zh: '选址', en: 'Siting' },
  order: 45,
  component: SitingPanel,
};
