import { useEffect, useMemo, useRef, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import { SERVICES, SERVICE_LABELS, type ServiceId } from '../../../analysis/uncovered-households';
import { countUncovered, selectUncovered, uncoveredCsv, uncoveredGeoJson } from '../../../analysis/uncovered-export';
import { HYDRANT_PARAMS, KINDERGARTEN_PARAMS, UNCOVERED_PARAMS, resolveHydrantOptions, resolveKindergartenOptions, resolveUncoveredOptions } from '../../../analysis/radii-params';
import { FIRE_PARAMS } from '../../../analysis/fire-params';
import { checkParams, fromProject } from '../../../analysis/params';
import { useCancellableRun } from '../radii/cancellable-run';
import type { ColumnLayerData, LayerData } from '../../../layers/types';
import { heatingField, lowIncomeField } from '../../../layers/households';
import { useT, useText } from '../../i18n';
import { pair } from '../radii/i18n-pair';
import { aggregatedCircleStyle, COUNT_PROPERTY, withAggregate } from '../radii/aggregate-result';
import { effectiveProject, useAppStore } from '../../state/store';
import { runTask } from '../../workers/run-task';
import type { PanelDefinition } from '../registry';
import { AnalysisWarnings, ParamProblems, RunProgress, Section, SortableTable, downloadText, ErrorAlert, StaleNote, ExcelButton, downloadXlsx } from '../radii/ui';
import { uncoveredSheets } from '../../export/analysis-sheets';
import { uncoveredResultSpec } from '../radii/result-keys';
import { resultKey, resultStatus } from '../../state/result-key';
import { useRadiiStore, type UncoveredFilterUi } from '../radii/radii-store';
import { hadRun, rememberRun } from '../../state/restore-runs';
import { uncoveredByVillage, type UncoveredVillage } from './uncovered-villages';
import { GeoExportButtons } from '../../export/GeoExportButtons';

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
  const t = useT();
  const lang = useAppStore((s) => s.ui.lang);
  const tu = t.radii.uncovered;
  const base = useAppStore((s) => s.project.project);
  const project = effectiveProject(base);
  const hhLayer = project?.layers.households;
  const households = hhLayer && hhLayer.kind === 'columns' ? hhLayer : null;
  const revision = useAppStore((s) => s.project.revision);
  const st = useRadiiStore();
  useEffect(() => st.forProject(revision), [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const withFire = st.uncoveredWithFire;
  // Results come back after a reload: a result that was current for these inputs (data, scenario, params, with or without fire) is recomputed.
  useEffect(() => {
    if (!base || useRadiiStore.getState().uncovered) return;
    const was = [true, false].find((f) => hadRun('uncovered', base, uncoveredResultSpec(f)));
    if (was === undefined) return;
    useRadiiStore.getState().set({ uncoveredWithFire: was });
    void run(was);
  }, [revision]); // eslint-disable-line react-hooks/exhaustive-deps
  const setWithFire = (v: boolean) => st.set({ uncoveredWithFire: v });
  const currentKey = project ? resultKey(base!, uncoveredResultSpec(withFire)) : null;
  const status = resultStatus(st.uncovered, currentKey);
  // The filter, the table, the map highlight and the export work on a current result only.
  const stored = st.uncovered?.result ?? null;
  const result = status === 'current' ? stored : null;
  const { township, village, heating, lowIncome, services } = st.uncoveredFilter;
  const setFilter = (patch: Partial<UncoveredFilterUi>) => useRadiiStore.getState().set({ uncoveredFilter: { ...useRadiiStore.getState().uncoveredFilter, ...patch } });
  const setTownship = (v: string) => setFilter({ township: v });
  const setVillage = (v: string) => setFilter({ village: v });
  const setHeating = (v: string) => setFilter({ heating: v });
  const setLowIncome = (v: string) => setFilter({ lowIncome: v });
  const setServices = (f: (cur: ServiceId[]) => ServiceId[]) => setFilter({ services: f(useRadiiStore.getState().uncoveredFilter.services) });
  const job = useCancellableRun();
  const busy = job.busy ? t.radii.computing : null;
  const [error, setError] = useState<string | null>(null);
  const fileProblems = checkParams([...HYDRANT_PARAMS, ...KINDERGARTEN_PARAMS, ...UNCOVERED_PARAMS, ...(withFire ? FIRE_PARAMS : [])], fromProject(project?.params)).problems;
  // the townships the filter can pick: as the result found them (the column, else the polygon), else the column's
  const townships = useMemo(
    () => (result?.township ? [...new Set(result.township.dict)].sort((a, b) => a.localeCompare(b, 'zh')) : categories(households, 'township')),
    [households, result],
  );

  async function run(withFire = useRadiiStore.getState().uncoveredWithFire) {
    if (!project || !households) return;
    setError(null);
    try {
      const key = resultKey(base!, uncoveredResultSpec(withFire));
      const hydrant = resolveHydrantOptions(fromProject(project.params));
      const other = resolveUncoveredOptions(fromProject(project.params));
      const kindergarten = resolveKindergartenOptions(fromProject(project.params));
      const r = await job.start((signal, onProgress) => runTask(
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
            cranesAsHydrants: hydrant.cranesAsHydrants,
            kindergarten,
            coalRadiusMeters: other.coalRadiusMeters,
            maintenanceRadiusMeters: other.maintenanceRadiusMeters,
          },
          fire: withFire ? { roads: fcOf(project.layers.roads), stations: fcOf(project.layers.fireStations), params: project.params, fireLanes: fcOf(project.layers.fireLanes) } : null,
        },
        { signal, onProgress },
      ));
      if (r === undefined) return;
      useRadiiStore.getState().set({ uncovered: { result: r, key } });
      rememberRun('uncovered', base!, uncoveredResultSpec(withFire));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
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

  const villages = useMemo(() => (households && rows.length ? uncoveredByVillage(households, rows, result?.township) : []), [households, rows, result]);
  const selection = useAppStore((s) => s.selection);
  const activeVillage =
    selection?.layerId === 'households' ? villages.find((v) => v.ids.length === selection.ids.length && v.ids[0] === selection.ids[0]) ?? null : null;
  /** Selects a village's chosen households and brings them into view. */
  const findVillage = (v: UncoveredVillage) => useAppStore.getState().setSelection({ layerId: 'households', ids: v.ids, ...(v.bounds ? { focus: v.bounds } : {}) });

  function highlight() {
    if (!result || !households || !st.uncovered) return;
    useAppStore.getState().setResultLayer({
      keyed: { spec: uncoveredResultSpec(withFire), key: st.uncovered.key },
      id: 'uncovered-households',
      title: pair((m) => m.radii.uncovered.layerTitle),
      data: withAggregate(uncoveredGeoJson(households, result, rows)),
      // grid cells with counts below the households layer's point zoom, the points from it
      style: aggregatedCircleStyle(HIGHLIGHT, { 'circle-radius': 3.5, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 0.5 }),
      legend: [{ label: pair((m) => m.radii.uncovered.layerLegend), color: HIGHLIGHT, shape: 'circle' }],
      visible: true,
      fields: [
        { name: 'id', label: pair((m) => m.radii.householdId), type: 'string' },
        { name: 'township', label: pair((m) => m.radii.township), type: 'string' },
        { name: 'village', label: pair((m) => m.radii.village), type: 'string' },
        { name: 'heating', label: pair((m) => m.radii.heating), type: 'string' },
        { name: 'low_income', label: pair((m) => m.radii.lowIncome), type: 'string' },
        { name: 'uncovered', label: pair((m) => m.radii.uncovered.missedField), type: 'string' },
        { name: COUNT_PROPERTY, label: pair((m) => m.radii.uncovered.cellHouseholdsField), type: 'number', unit: pair((m) => m.radii.uncovered.householdsUnit) },
      ],
    });
  }

  // Once shown, the highlighted layer follows the filter, so its GeoJSON / Shapefile / KML export
  // (the buttons under the list) is always the list above, as the CSV and Excel are.
  const shown = useAppStore((s) => s.results.some((r) => r.id === 'uncovered-households'));
  const lastRows = useRef(rows);
  useEffect(() => {
    if (lastRows.current === rows) return;
    lastRows.current = rows;
    if (shown && status === 'current') highlight();
  }, [rows]); // eslint-disable-line react-hooks/exhaustive-deps

  const toggle = (s: ServiceId) => setServices((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));
  return (
    <div className="panel radii-panel" data-testid="uncovered-panel">
      <Section title={tu.byService}>
        <label className="check">
          <input type="checkbox" checked={withFire} onChange={(e) => setWithFire(e.target.checked)} data-testid="uncovered-with-fire" />
          <span>{tu.withFire}</span>
        </label>
        <ParamProblems problems={fileProblems} testId="uncovered-project-params" />
        <button type="button" onClick={() => void run()} disabled={!households || !!busy || fileProblems.length > 0} data-testid="uncovered-run">
          {busy ?? tu.run}
        </button>
        <RunProgress busy={job.busy} onCancel={job.cancel} testId="uncovered" />
        <ErrorAlert error={error} />
        <StaleNote status={status} onRecompute={() => void run()} disabled={!households || !!busy || fileProblems.length > 0} testId="uncovered" />
        {stored ? <AnalysisWarnings warnings={stored.warnings} testId="uncovered-warnings" /> : null}
        {stored ? (
          <table className={status === 'stale' ? 'data-table label-wrap stale-figures' : 'data-table label-wrap'} data-result-status={status} data-testid="uncovered-counts">
            <thead>
              <tr>
                <th>{tu.service}</th>
                <th>{tu.appliesTo}</th>
                <th>{tu.covered}</th>
                <th>{tu.uncovered}</th>
              </tr>
            </thead>
            <tbody>
              {SERVICES.map((s) => {
                const c = stored.services[s];
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
                        {tu.notComputed}
                        {withFire && s === 'fire' && c.note ? tu.notComputedWhy(c.note) : ''}
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
        <Section title={tu.filter}>
          <label className="param param-choice">
            <span>{t.radii.township}</span>
            <select value={township} onChange={(e) => setTownship(e.target.value)} data-testid="uncovered-township">
              <option value="">{t.radii.all}</option>
              {townships.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
          </label>
          <label className="param">
            <span>{t.radii.village}</span>
            <input value={village} onChange={(e) => setVillage(e.target.value)} data-testid="uncovered-village" />
          </label>
          <label className="param param-choice">
            <span>{t.radii.heating}</span>
            <select value={heating} onChange={(e) => setHeating(e.target.value)} data-testid="uncovered-heating">
              <option value="">{t.radii.all}</option>
              {HEATING.map((h) => (
                <option key={h.code} value={h.code}>
                  {tx(h.label)}
                </option>
              ))}
            </select>
          </label>
          <label className="param param-choice">
            <span>{t.radii.lowIncome}</span>
            <select value={lowIncome} onChange={(e) => setLowIncome(e.target.value)} data-testid="uncovered-low-income">
              <option value="">{t.radii.all}</option>
              <option value="any">{tu.anyLowIncome}</option>
              {LOW_INCOME.map((l) => (
                <option key={l.code} value={l.code}>
                  {tx(l.label)}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="services">
            <legend>{tu.missedBy}</legend>
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
                  <th>{tu.inFilter(inFilter.households.toLocaleString())}</th>
                  <th>{tu.applies}</th>
                  <th>{tu.uncovered}</th>
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
          <p data-testid="uncovered-selected">{tu.matching(rows.length.toLocaleString())}</p>
          <div className="button-row">
            <button type="button" onClick={highlight} data-testid="uncovered-highlight">
              {tu.highlight}
            </button>
            <button type="button" onClick={() => households && downloadText('uncovered-households.csv', uncoveredCsv(households, result, rows, lang), 'text/csv;charset=utf-8')} disabled={status !== 'current'} title={t.exports.csvTitle} data-testid="uncovered-csv">
              {t.exports.csvButton}
            </button>
            <ExcelButton onClick={() => households && downloadXlsx(t.exports.uncovered.file, uncoveredSheets(households, result, rows, lang, filter))} disabled={status !== 'current'} testId="uncovered-export-xlsx" />
            <GeoExportButtons layerIds={['uncovered-households']} file={t.exports.uncovered.file} testId="uncovered-export" />
          </div>
          {villages.length ? (
            <>
              <h4>{t.find.uncoveredByVillage}</h4>
              <SortableTable<UncoveredVillage>
                testId="uncovered-villages"
                rows={villages}
                initial={{ key: 'count', desc: true }}
                onRowClick={findVillage}
                activeRow={activeVillage}
                columns={[
                  { key: 'village', label: t.find.villageCol, value: (v) => v.village || t.find.blank },
                  { key: 'township', label: t.find.townshipCol, value: (v) => v.township || t.find.blank },
                  { key: 'count', label: t.find.householdsCol, value: (v) => v.count, format: (v) => v.count.toLocaleString() },
                ]}
              />
            </>
          ) : null}
        </Section>
      ) : null}
    </div>
  );
}

export const uncoveredPanel: PanelDefinition = {
  id: 'uncovered',
  title: pair((m) => m.radii.uncovered.panelTitle),
  order: 40,
  component: UncoveredPanel,
};
