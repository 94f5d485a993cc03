import { useEffect, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import type { TownshipRow, VillageRow } from '../../../analysis/kindergarten-access';
import { KINDERGARTEN_PARAMS, resolveKindergartenOptions } from '../../../analysis/radii-params';
import type { ColumnLayerData, LayerData } from '../../../layers/types';
import { useText } from '../../i18n';
import { useAppStore } from '../../state/store';
import { runTask } from '../../workers/run-task';
import { useRadiiStore } from '../radii/radii-store';
import type { PanelDefinition } from '../registry';
import { Figure, ParamInput, Section, SortableTable, fmt } from '../radii/ui';

const UNCOVERED_COLOR = '#e66101';

function fcOf(l: LayerData | undefined): FeatureCollection<Geometry | null> | null {
  return l && l.kind === 'geojson' ? l.data : null;
}

const def = (key: string) => KINDERGARTEN_PARAMS.find((d) => d.key === key)!;

/** The kindergarten panel: radii per area, places against children, 2SFCA per village, shares. */
function KindergartensPanel() {
  const tx = useText();
  const project = useAppStore((s) => s.project.project);
  const revision = useAppStore((s) => s.project.revision);
  const st = useRadiiStore();
  useEffect(() => st.forProject(revision), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const defaults = resolveKindergartenOptions(project?.params);
  const params = {
    urban: defaults.radiusUrbanMeters,
    township: defaults.radiusTownshipMeters,
    village: defaults.radiusVillageMeters,
    share: defaults.childShare,
    ...(st.kgParams ?? {}),
  };
  const { urban, township, village, share } = params;
  const setParam = (k: keyof typeof params) => (v: number) => st.set({ kgParams: { ...params, [k]: v } });
  const setUrban = setParam('urban');
  const setTownship = setParam('township');
  const setVillage = setParam('village');
  const setShare = setParam('share');
  const result = st.projectRevision === revision ? st.kgResult : null;
  const setResult = (r: typeof result) => useRadiiStore.getState().set({ kgResult: r });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function run() {
    if (!project) return;
    const hh = project.layers.households;
    const households: ColumnLayerData =
      hh && hh.kind === 'columns' ? hh : { kind: 'columns', id: 'households', count: 0, lon: new Float64Array(0), lat: new Float64Array(0), ids: [], columns: {} };
    setBusy(true);
    setError(null);
    try {
      const r = await runTask('kindergartenAccess', {
        input: {
          households,
          kindergartens: fcOf(project.layers.kindergartens) ?? { type: 'FeatureCollection', features: [] },
          builtUp: fcOf(project.layers.builtUp),
          townships: fcOf(project.layers.townships),
        },
        options: { radiusUrbanMeters: urban, radiusTownshipMeters: township, radiusVillageMeters: village, childShare: share },
      });
      setResult(r);
      useAppStore.getState().setResultLayer({
        id: 'kindergarten-uncovered',
        title: { zh: '幼儿园服务半径外的农户', en: 'Households outside every kindergarten radius' },
        data: r.uncoveredGeoJson,
        style: [{ type: 'circle', paint: { 'circle-color': UNCOVERED_COLOR, 'circle-radius': 2.5, 'circle-opacity': 0.8 } }],
        legend: [{ label: { zh: '服务半径外的农户', en: 'Household outside the radii' }, color: UNCOVERED_COLOR, shape: 'circle' }],
        visible: true,
        fields: [
          { name: 'id', label: { zh: '户编号', en: 'Household' }, type: 'string' },
          { name: 'township', label: { zh: '乡镇', en: 'Township' }, type: 'string' },
          { name: 'village', label: { zh: '村', en: 'Village' }, type: 'string' },
          { name: 'children', label: { zh: '3–5岁儿童', en: 'Children 3–5' }, type: 'number' },
        ],
      });
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }

  const pct = (v: number | null) => (v === null ? '–' : `${fmt(v)}%`);
  return (
    <div className="panel radii-panel" data-testid="kindergartens-panel">
      <Section title={{ zh: '服务半径', en: 'Service radii' }}>
        <ParamInput def={def('kg-radius-urban')} value={urban} onChange={setUrban} testId="kg-radius-urban" />
        <ParamInput def={def('kg-radius-township')} value={township} onChange={setTownship} testId="kg-radius-township" />
        <ParamInput def={def('kg-radius-village')} value={village} onChange={setVillage} testId="kg-radius-village" />
        <ParamInput def={def('child-share')} value={share} onChange={setShare} testId="kg-child-share" />
        <button type="button" onClick={run} disabled={!project || busy} data-testid="kg-run">
          {busy ? tx({ zh: '计算中…', en: 'Computing…' }) : tx({ zh: '分析幼儿园覆盖', en: 'Analyse kindergartens' })}
        </button>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
      </Section>
      {result ? (
        <>
          <Section title={{ zh: '指标', en: 'Figures' }}>
            <div className="figures" data-testid="kg-figures">
              <Figure label={{ zh: '半径内农户', en: 'Households within a radius' }} value={`${result.households.covered.toLocaleString()} / ${result.households.total.toLocaleString()}`} />
              <Figure label={{ zh: '半径外农户', en: 'Households outside' }} value={result.households.uncovered.toLocaleString()} testId="kg-uncovered-households" />
              <Figure label={{ zh: '3–5岁儿童（半径外）', en: 'Children 3–5 (outside)' }} value={`${fmt(result.children.total, 0)}（${fmt(result.children.uncovered, 0)}）`} />
              <Figure label={{ zh: '学位 / 儿童', en: 'Places / children' }} value={`${fmt(result.seats, 0)} / ${fmt(result.children.total, 0)}`} />
              <Figure label={{ zh: '毛入园率', en: 'Gross enrolment' }} value={pct(result.grossEnrolmentPct)} target={tx({ zh: '目标 ≥85%', en: 'target ≥ 85%' })} />
              <Figure label={{ zh: '公办园在园幼儿占比', en: 'Children in public kindergartens' }} value={pct(result.publicSharePct)} target={tx({ zh: '目标 ≥50%', en: 'target ≥ 50%' })} testId="kg-public-share" />
              <Figure label={{ zh: '普惠性幼儿园覆盖率', en: 'Inclusive coverage' }} value={pct(result.inclusiveSharePct)} target={tx({ zh: '目标 ≥80%', en: 'target ≥ 80%' })} />
            </div>
            {result.children.estimatedHouseholds > 0 ? (
              <p className="note">
                {tx({
                  zh: `${result.children.estimatedHouseholds} 户缺少3–5岁儿童数，按人口 × ${share} 估算。`,
                  en: `${result.children.estimatedHouseholds} households lack children_3_5: estimated as persons × ${share}.`,
                })}
              </p>
            ) : null}
            <p className="note">
              {tx({
                zh: `县城建成区（${result.urbanBuiltUp ?? '—'}）内的幼儿园用城镇半径，其他建成区用乡镇驻地半径，其余用村半径。占比按${result.shareBasis === 'enrolled' ? '在园幼儿' : '学位'}计算。`,
                en: `Kindergartens in the county seat (${result.urbanBuiltUp ?? '—'}) take the urban radius, in other built-up areas the township radius, elsewhere the village radius. Shares are of ${result.shareBasis === 'enrolled' ? 'enrolled children' : 'places'}.`,
              })}
            </p>
          </Section>
          <Section title={{ zh: '按乡镇：学位与儿童', en: 'Places against children by township' }}>
            <SortableTable<TownshipRow>
              testId="kg-township-table"
              rows={result.byTownship}
              initial={{ key: 'seatsPerChild', desc: false }}
              columns={[
                { key: 'township', label: { zh: '乡镇', en: 'Township' }, value: (r) => r.township || '—' },
                { key: 'children', label: { zh: '儿童', en: 'Children' }, value: (r) => r.children, format: (r) => fmt(r.children, 0) },
                { key: 'seats', label: { zh: '学位', en: 'Places' }, value: (r) => r.seats, format: (r) => fmt(r.seats, 0) },
                { key: 'seatsPerChild', label: { zh: '学位/儿童', en: 'Places/child' }, value: (r) => r.seatsPerChild ?? -1, format: (r) => fmt(r.seatsPerChild, 2) },
                { key: 'uncoveredChildren', label: { zh: '半径外儿童', en: 'Outside' }, value: (r) => r.uncoveredChildren, format: (r) => fmt(r.uncoveredChildren, 0) },
              ]}
            />
          </Section>
          <Section title={{ zh: '按村：可达性（2SFCA，学位/儿童）', en: 'Accessibility by village (2SFCA, places per child)' }}>
            <SortableTable<VillageRow>
              testId="kg-village-table"
              rows={result.byVillage}
              initial={{ key: 'access', desc: false }}
              limit={150}
              columns={[
                { key: 'township', label: { zh: '乡镇', en: 'Township' }, value: (r) => r.township || '—' },
                { key: 'village', label: { zh: '村', en: 'Village' }, value: (r) => r.village || '—' },
                { key: 'children', label: { zh: '儿童', en: 'Children' }, value: (r) => r.children, format: (r) => fmt(r.children, 0) },
                { key: 'access', label: { zh: '可达性', en: 'Access' }, value: (r) => r.access ?? -1, format: (r) => fmt(r.access, 2) },
              ]}
            />
          </Section>
        </>
      ) : null}
    </div>
  );
}

export const kindergartensPanel: PanelDefinition = {
  id: 'kindergartens',
  title: { zh: '幼儿园', en: 'Kindergartens' },
  order: 30,
  component: KindergartensPanel,
};
