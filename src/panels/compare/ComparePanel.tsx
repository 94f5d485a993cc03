import { useEffect, useMemo, useState } from 'react';
import type { LayerData, Project } from '../../../layers/types';
import { applyScenario, scenarioLabel, scenariosOf, type Scenario } from '../../../analysis/scenarios';
import { compareFigures, type ScenarioFigures } from '../../../analysis/scenario-figures';
import { scenarioIndicators, type ScenarioIndicators } from '../../../analysis/scenario-indicators';
import { useT } from '../../i18n';
import { useAppStore } from '../../state/store';
import { persistentKey } from '../../state/result-key';
import { cachedFigures, cacheFigures } from '../../state/figures-cache';
import { runTask } from '../../workers/run-task';
import { pair } from '../radii/i18n-pair';
import { SCENARIO_FIGURES_RESULT } from '../radii/result-keys';
import { useCancellableRun } from '../radii/cancellable-run';
import { ErrorAlert, ExcelButton, RunProgress, Section, downloadXlsx, fmt } from '../radii/ui';
import { compareSheets, ROW_DIGITS } from '../../export/compare-sheets';
import type { PanelDefinition } from '../registry';
import { useSwipeStore } from '../../map/swipe-store';

/** The figures of a scenario when cached under its current key (data, scenario content, params), else null. */
function figuresOf(project: Project, id: string): ScenarioFigures | null {
  return cachedFigures(persistentKey(project, SCENARIO_FIGURES_RESULT, id)) ?? null;
}

/** The indicator rows: shares shown in %, their difference in percentage points. */
const INDICATOR_ROWS: { key: keyof ScenarioIndicators; share: boolean; digits: number }[] = [
  { key: 'kindergartens', share: false, digits: 0 },
  { key: 'capacity', share: false, digits: 0 },
  { key: 'enrolled', share: false, digits: 0 },
  { key: 'grossEnrolment', share: true, digits: 1 },
  { key: 'inclusiveShare', share: true, digits: 1 },
  { key: 'publicShare', share: true, digits: 1 },
  { key: 'townsWithoutMaintenance', share: false, digits: 0 },
];

function signed(v: number | null, digits: number): string {
  if (v === null) return '—';
  return `${v > 0 ? '+' : ''}${fmt(v, digits)}`;
}

/** The compare view: two scenarios, their headline figures side by side with the difference, by township, to Excel. */
function ComparePanel() {
  const t = useT().scenarios;
  const project = useAppStore((s) => s.project.project);
  const lang = useAppStore((s) => s.ui.lang);
  const label = (s: Pick<Scenario, 'id' | 'name'>) => scenarioLabel(s, lang);
  const set = project ? scenariosOf(project) : null;
  const [pick, setPick] = useState<{ a?: string; b?: string }>({});
  const ids = set?.list.map((s) => s.id) ?? [];
  const aId = pick.a && ids.includes(pick.a) ? pick.a : ids[0];
  const bId = pick.b && ids.includes(pick.b) ? pick.b : (set && set.active !== aId ? set.active : ids[1]);
  const a = set?.list.find((s) => s.id === aId);
  const b = set?.list.find((s) => s.id === bId);
  const [, setRuns] = useState(0);
  // the swipe map: the active scenario left, the other one of the pair right
  const swipeId = useSwipeStore((s) => s.scenarioId);
  const other = set ? [b, a].find((s) => s && s.id !== set.active) ?? null : null;
  const swipeRight = set?.list.find((s) => s.id === swipeId) ?? null;
  const activeScenario = set?.list.find((s) => s.id === set.active);
  const activeName = activeScenario ? label(activeScenario) : '';
  // keep the swipe view on the pair chosen here (and off when its scenario is deleted)
  useEffect(() => {
    const want = other?.id ?? null;
    if (swipeId !== null && swipeId !== want) useSwipeStore.getState().set({ scenarioId: want });
  }, [swipeId, other?.id]);
  useEffect(() => () => useSwipeStore.getState().set({ scenarioId: null }), []);
  const job = useCancellableRun();
  const [error, setError] = useState<string | null>(null);
  const fa = project && a ? figuresOf(project, a.id) : null;
  const fb = project && b ? figuresOf(project, b.id) : null;
  const cmp = fa && fb ? compareFigures(fa, fb) : null;
  // The scenario-dependent indicator cards: computed at once from each scenario's facilities (no database).
  const indicators = useMemo(
    () => (project && a && b ? [scenarioIndicators(applyScenario(project, a)), scenarioIndicators(applyScenario(project, b))] : null),
    [project, a, b],
  );

  async function run() {
    const p = useAppStore.getState().project.project;
    if (!p || !a || !b) return;
    setError(null);
    const todo = [a, b].filter((s, i, all) => all.findIndex((x) => x.id === s.id) === i && !figuresOf(p, s.id));
    if (todo.length === 0) return;
    const keys = todo.map((s) => persistentKey(p, SCENARIO_FIGURES_RESULT, s.id));
    const effective = todo.map((s) => applyScenario(p, s));
    const pickLayer = (e: Project, id: 'fireStations' | 'hydrants' | 'kindergartens'): LayerData | undefined => e.layers[id];
    try {
      const out = await job.start((signal, onProgress) =>
        runTask(
          'scenarioFigures',
          {
            shared: { roads: p.layers.roads, builtUp: p.layers.builtUp, townships: p.layers.townships, households: p.layers.households, fireLanes: p.layers.fireLanes },
            scenarios: effective.map((e) => ({ params: e.params, fireStations: pickLayer(e, 'fireStations'), hydrants: pickLayer(e, 'hydrants'), kindergartens: pickLayer(e, 'kindergartens') })),
          },
          { signal, onProgress },
        ),
      );
      if (!out) return;
      out.figures.forEach((f, i) => cacheFigures(keys[i], f));
      setRuns((n) => n + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  function exportXlsx() {
    if (!project || !a || !b || !cmp) return;
    downloadXlsx(`${t.compareTitle}-${label(a)}-${label(b)}`, compareSheets(useAppStore.getState().ui.lang, a, b, project, cmp));
  }

  const select = (value: string | undefined, which: 'a' | 'b') => (
    <select value={value ?? ''} onChange={(e) => setPick({ ...pick, [which]: e.target.value })} data-testid={`compare-${which}`}>
      {set?.list.map((s) => (
        <option key={s.id} value={s.id}>
          {label(s)}
        </option>
      ))}
    </select>
  );

  return (
    <div className="radii-panel" data-testid="compare-panel">
      <Section title={t.compareTitle}>
        <div className="button-row">
          <label>
            {t.compareA} {select(aId, 'a')}
          </label>
          <label>
            {t.compareB} {select(bId, 'b')}
          </label>
        </div>
        <p className="note">{t.compareNote}</p>
        <button type="button" onClick={() => void run()} disabled={!project || !a || !b || job.busy !== null || !!cmp} data-testid="compare-run">
          {t.compareRun}
        </button>
        <button
          type="button"
          onClick={() => useSwipeStore.getState().set({ scenarioId: swipeId ? null : other?.id ?? null })}
          disabled={!other && !swipeId}
          title={other ? undefined : t.swipeNeedsOther}
          aria-pressed={swipeId !== null}
          data-testid="compare-swipe"
        >
          {swipeId ? t.swipeOff : t.swipeOn}
        </button>
        {swipeRight ? <p className="note" data-testid="compare-swipe-note">{t.swipeNote(activeName, label(swipeRight))}</p> : null}
        <RunProgress busy={job.busy} onCancel={job.cancel} testId="compare" />
        <ErrorAlert error={error} />
      </Section>
      {indicators && a && b ? (
        <Section title={t.indicatorsTitle}>
          <table className="data-table label-wrap" data-testid="compare-indicators">
            <thead>
              <tr>
                <th>{t.figure}</th>
                <th>{label(a)}</th>
                <th>{label(b)}</th>
                <th>{t.difference}</th>
              </tr>
            </thead>
            <tbody>
              {INDICATOR_ROWS.filter((r) => indicators[0][r.key] !== null || indicators[1][r.key] !== null).map((r) => {
                const scale = r.share ? 100 : 1;
                const va = indicators[0][r.key] === null ? null : indicators[0][r.key]! * scale;
                const vb = indicators[1][r.key] === null ? null : indicators[1][r.key]! * scale;
                const diff = va === null || vb === null ? null : vb - va;
                return (
                  <tr key={r.key} data-testid={`compare-ind-${r.key}`}>
                    <td>
                      {t.ind[r.key as keyof typeof t.ind]}
                      {r.key === 'grossEnrolment' && indicators.some((x) => (x.childrenEstimatedHouseholds ?? 0) > 0) ? t.estimateMark : ''}
                    </td>
                    <td data-value={indicators[0][r.key] ?? ''}>{va === null ? '—' : fmt(va, r.digits)}</td>
                    <td data-value={indicators[1][r.key] ?? ''}>{vb === null ? '—' : fmt(vb, r.digits)}</td>
                    <td data-value={diff ?? ''}>{signed(diff, r.digits)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="note">{t.indicatorsNote}</p>
          {indicators.some((x) => (x.childrenEstimatedHouseholds ?? 0) > 0) ? (
            <p className="note" data-testid="compare-estimate-note">
              {t.childrenEstimated(Math.max(...indicators.map((x) => x.childrenEstimatedHouseholds ?? 0)), indicators[0].childShare)}
            </p>
          ) : null}
        </Section>
      ) : null}
      {cmp && a && b ? (
        <Section title={`${label(a)} → ${label(b)}`}>
          <table className="data-table label-wrap" data-testid="compare-table">
            <thead>
              <tr>
                <th>{t.figure}</th>
                <th>{label(a)}</th>
                <th>{label(b)}</th>
                <th>{t.difference}</th>
              </tr>
            </thead>
            <tbody>
              {cmp.rows.map((r) => (
                <tr key={r.key} data-testid={`compare-row-${r.key}`}>
                  <td>{t[r.key]}</td>
                  <td data-value={r.a ?? ''}>{r.a === null ? '—' : fmt(r.a, ROW_DIGITS[r.key])}</td>
                  <td data-value={r.b ?? ''}>{r.b === null ? '—' : fmt(r.b, ROW_DIGITS[r.key])}</td>
                  <td data-value={r.diff ?? ''}>{signed(r.diff, ROW_DIGITS[r.key])}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h4>{t.byTownship}</h4>
          <table className="data-table" data-testid="compare-townships">
            <thead>
              <tr>
                <th>{t.township}</th>
                <th>{label(a)}</th>
                <th>{label(b)}</th>
                <th>{t.difference}</th>
              </tr>
            </thead>
            <tbody>
              {cmp.townships.map((r) => (
                <tr key={r.township}>
                  <td>{r.township}</td>
                  <td>{fmt(r.a, 0)}</td>
                  <td>{fmt(r.b, 0)}</td>
                  <td>{signed(r.diff, 0)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ExcelButton onClick={exportXlsx} testId="compare-xlsx" />
        </Section>
      ) : null}
    </div>
  );
}

export const comparePanel: PanelDefinition = {
  id: 'compare',
  title: pair((m) => m.scenarios.compare),
  order: 48,
  component: ComparePanel,
};
