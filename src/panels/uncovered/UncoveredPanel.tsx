import { useEffect, useMemo, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import { SERVICES, SERVICE_LABELS, type ServiceId, type UncoveredHouseholdsResult } from '../../../analysis/uncovered-households';
import { countUncovered, selectUncovered, uncoveredCsv, uncoveredGeoJson } from '../../../analysis/uncovered-export';
import { resolveHydrantOptions, resolveKindergartenOptions, resolveUncoveredOptions } from '../../../analysis/radii-params';
import type { ColumnLayerData, LayerData } from '../../../layers/types';
import { heatingField, lowIncomeField } from '../../../layers/households';
import { useText } from '../../i18n';
import { useAppStore } from '../../state/store';
import { runTask } from '../../workers/run-task';
import type { PanelDefinition } from '../registry';
import { Section, downloadText } from '../radii/ui';
import { useRadiiStore, type UncoveredFilterUi } from '../radii/radii-store';

const HIGHLIGHT = '#d01c8b';
const HEATING = heatingField.values ?? [];
const LOW_INCOME = lowIncomeField.values ?? [];

function fcOf(l: LayerData | undefined): FeatureCollection<Geometry | null> | null {
  return l && l.kind === 'geojson' ? l.data : null;
}

function categories(hh: ColumnLayerData | null, col: string): string[] {
  const c = hh?.columns[col];
  if (!c) return [];
  if (c.type === 'category') return [...c.dict].sort((a, b) => a.localeCompare(b, 'zh'));
  if (c.type === 'string') return [...new Set(c.values.filter((v): v is string => !!v))].sort((a, b) => a.localeCompare(b, 'zh'));
  return [];
}

/** Households against every service: counts, filters, highlight on the map, CSV / GeoJSON export. */
function UncoveredPanel() {
  const tx = useText();
  const project = useAppStore((s) => s.project.project);
  const hhLayer = project?.layers.households;
  const households = hhLayer && hhLayer.kind === 'columns' ? hhLayer : null;
  const revision = useAppStore((s) => s.project.revision);
  const st = useRadiiStore();
  useEffect(() => st.forProject(revision), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const withFire = st.uncoveredWithFire;
  const setWithFire = (v: boolean) => st.set({ uncoveredWithFire: v });
  const result = st.projectRevision === revision ? st.uncoveredResult : null;
  const setResult = (r: UncoveredHouseholdsResult | null) => useRadiiStore.getState().set({ uncoveredResult: r });
  const { township, village, heating, lowIncome, services } = st.uncoveredFilter;
  const setFilter = (patch: Partial<UncoveredFilterUi>) => useRadiiStore.getState().set({ uncoveredFilter: { ...useRadiiStore.getState().uncoveredFilter, ...patch } });
  const setTownship = (v: string) => setFilter({ township: v });
  const setVillage = (v: string) => setFilter({ village: v });
  const setHeating = (v: string) => setFilter({ heating: v });
  const setLowIncome = (v: string) => setFilter({ lowIncome: v });
  const setServices = (f: (cur: ServiceId[]) => ServiceId[]) => setFilter({ services: f(useRadiiStore.getState().uncoveredFilter.services) });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const townships = useMemo(() => categories(households, 'township'), [households]);

  async function run() {
    if (!project || !households) return;
    setBusy(tx({ zh: '计算中…', en: 'Computing…' }));
    setError(null);
    try {
      const hydrant = resolveHydrantOptions(project.params);
      const other = resolveUncoveredOptions(project.params);
      const r = await runTask(
        'uncoveredHouseholds',
        {
          input: {
            households,
            hydrants: fcOf(project.layers.hydrants),
            kindergartens: fcOf(project.layers.kindergartens),
            servicePoints: fcOf(project.layers.servicePoints),
            builtUp: fcOf(project.layers.builtUp),
            townships: fcOf(project.layers.townships),
          },
          options: {
            hydrantRadiusMeters: hydrant.radiusMeters,
            includePlannedHydrants: hydrant.includePlanned,
            kindergarten: resolveKindergartenOptions(project.params),
            coalRadiusMeters: other.coalRadiusMeters,
            maintenanceRadiusMeters: other.maintenanceRadiusMeters,
          },
          fire: withFire ? { roads: fcOf(project.layers.roads), stations: fcOf(project.layers.fireStations), params: project.params } : null,
        },
        { onProgress: (p) => p.stage && setBusy(p.stage) },
      );
      setResult(r);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  }

  const filter = { township: township || undefined, village: village.trim() || undefined, heating: heating || undefined, lowIncome: lowIncome || undefined, services };
  const rows = useMemo(
    () => (result && households && result.total === households.count && services.length > 0 ? selectUncovered(households, result, filter) : new Uint32Array(0)),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [result, households, township, village, heating, lowIncome, services.join(',')],
  );

  const inFilter = useMemo(
    () => (result && households && result.total === households.count ? countUncovered(households, result, filter) : null),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [result, households, township, village, heating, lowIncome],
  );

  function highlight() {
    if (!result || !households) return;
    useAppStore.getState().setResultLayer({
      id: 'uncovered-households',
      title: { zh: '未覆盖农户（筛选结果）', en: 'Uncovered households (filtered)' },
      data: uncoveredGeoJson(households, result, rows),
      style: [{ type: 'circle', paint: { 'circle-color': HIGHLIGHT, 'circle-radius': 3.5, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 0.5 } }],
      legend: [{ label: { zh: '未被所选服务覆盖的农户', en: 'Household missed by a chosen service' }, color: HIGHLIGHT, shape: 'circle' }],
      visible: true,
      fields: [
        { name: 'id', label: { zh: '户编号', en: 'Household' }, type: 'string' },
        { name: 'township', label: { zh: '乡镇', en: 'Township' }, type: 'string' },
        { name: 'village', label: { zh: '村', en: 'Village' }, type: 'string' },
        { name: 'heating', label: { zh: '取暖方式', en: 'Heating' }, type: 'string' },
        { name: 'low_income', label: { zh: '低收入类别', en: 'Low income' }, type: 'string' },
        { name: 'uncovered', label: { zh: '未覆盖服务', en: 'Missed services' }, type: 'string' },
      ],
    });
  }

  const toggle = (s: ServiceId) => setServices((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));
  return (
    <div className="panel radii-panel" data-testid="uncovered-panel">
      <Section title={{ zh: '各项服务覆盖', en: 'Coverage by service' }}>
        <label className="check">
          <input type="checkbox" checked={withFire} onChange={(e) => setWithFire(e.target.checked)} data-testid="uncovered-with-fire" />
          <span>{tx({ zh: '包括消防5分钟可达（较慢）', en: 'Include fire 5-minute reach (slower)' })}</span>
        </label>
        <button type="button" onClick={run} disabled={!households || !!busy} data-testid="uncovered-run">
          {busy ?? tx({ zh: '分析未覆盖农户', en: 'Analyse uncovered households' })}
        </button>
        {error ? (
          <p className="error" role="alert">
            {error}
          </p>
        ) : null}
        {result ? (
          <table className="data-table" data-testid="uncovered-counts">
            <thead>
              <tr>
                <th>{tx({ zh: '服务', en: 'Service' })}</th>
                <th>{tx({ zh: '适用农户', en: 'Applies to' })}</th>
                <th>{tx({ zh: '已覆盖', en: 'Covered' })}</th>
                <th>{tx({ zh: '未覆盖', en: 'Uncovered' })}</th>
              </tr>
            </thead>
            <tbody>
              {SERVICES.map((s) => {
                const c = result.services[s];
                return (
                  <tr key={s} data-testid={`uncovered-count-${s}`}>
                    <td title={tx(c.appliesTo)}>{tx(SERVICE_LABELS[s])}</td>
                    {c.computed ? (
                      <>
                        <td>{c.applicable.toLocaleString()}</td>
                        <td>{c.covered.toLocaleString()}</td>
                        <td>{c.uncovered.toLocaleString()}</td>
                      </>
                    ) : (
                      <td colSpan={3} title={c.note ?? ''}>
                        {tx({ zh: '未计算', en: 'not computed' })}
                        {withFire && s === 'fire' && c.note ? `：${c.note}` : ''}
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        ) : null}
      </Section>
      {result ? (
        <Section title={{ zh: '筛选', en: 'Filter' }}>
          <label className="param">
            <span>{tx({ zh: '乡镇', en: 'Township' })}</span>
            <select value={township} onChange={(e) => setTownship(e.target.value)} data-testid="uncovered-township">
              <option value="">{tx({ zh: '全部', en: 'All' })}</option>
              {townships.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label className="param">
            <span>{tx({ zh: '村', en: 'Village' })}</span>
            <input value={village} onChange={(e) => setVillage(e.target.value)} data-testid="uncovered-village" />
          </label>
          <label className="param">
            <span>{tx({ zh: '取暖方式', en: 'Heating' })}</span>
            <select value={heating} onChange={(e) => setHeating(e.target.value)} data-testid="uncovered-heating">
              <option value="">{tx({ zh: '全部', en: 'All' })}</option>
              {HEATING.map((h) => (
                <option key={h.code} value={h.code}>
                  {tx(h.label)}
                </option>
              ))}
            </select>
          </label>
          <label className="param">
            <span>{tx({ zh: '低收入类别', en: 'Low income' })}</span>
            <select value={lowIncome} onChange={(e) => setLowIncome(e.target.value)} data-testid="uncovered-low-income">
              <option value="">{tx({ zh: '全部', en: 'All' })}</option>
              <option value="any">{tx({ zh: '任一低收入类别', en: 'Any category' })}</option>
              {LOW_INCOME.map((l) => (
                <option key={l.code} value={l.code}>
                  {tx(l.label)}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="services">
            <legend>{tx({ zh: '未被以下任一服务覆盖', en: 'Missed by any of' })}</legend>
            {SERVICES.map((s) => (
              <label key={s}>
                <input type="checkbox" checked={services.includes(s)} onChange={() => toggle(s)} data-testid={`uncovered-service-${s}`} />
                {tx(SERVICE_LABELS[s])}
              </label>
            ))}
          </fieldset>
          {inFilter && (township || village.trim() || heating || lowIncome) ? (
            <table className="data-table" data-testid="uncovered-filter-counts">
              <thead>
                <tr>
                  <th>{tx({ zh: `筛选范围内（${inFilter.households.toLocaleString()} 户）`, en: `In the filter (${inFilter.households.toLocaleString()})` })}</th>
                  <th>{tx({ zh: '适用', en: 'Applies' })}</th>
                  <th>{tx({ zh: '未覆盖', en: 'Uncovered' })}</th>
                </tr>
              </thead>
              <tbody>
                {SERVICES.filter((s) => result.services[s].computed).map((s) => (
                  <tr key={s}>
                    <td>{tx(SERVICE_LABELS[s])}</td>
                    <td>{inFilter.services[s].applicable.toLocaleString()}</td>
                    <td>{inFilter.services[s].uncovered.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <p data-testid="uncovered-selected">{tx({ zh: `符合条件的农户：${rows.length.toLocaleString()} 户`, en: `Matching households: ${rows.length.toLocaleString()}` })}</p>
          <div className="button-row">
            <button type="button" onClick={highlight} data-testid="uncovered-highlight">
              {tx({ zh: '在地图上突出显示', en: 'Highlight on the map' })}
            </button>
            <button type="button" onClick={() => households && downloadText('uncovered-households.csv', uncoveredCsv(households, result, rows), 'text/csv;charset=utf-8')} data-testid="uncovered-csv">
              CSV
            </button>
            <button
              type="button"
              onClick={() => households && downloadText('uncovered-households.geojson', JSON.stringify(uncoveredGeoJson(households, result, rows)), 'application/geo+json')}
              data-testid="uncovered-geojson"
            >
              GeoJSON
            </button>
          </div>
        </Section>
      ) : null}
    </div>
  );
}

export const uncoveredPanel: PanelDefinition = {
  id: 'uncovered',
  title: { zh: '未覆盖农户', en: 'Uncovered' },
  order: 40,
  component: UncoveredPanel,
};
