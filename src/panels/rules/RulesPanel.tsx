import './rules.css';
import { useEffect, useState } from 'react';
import { checkParams, fromProject } from '../../../analysis/params';
import { FIRE_PARAMS, fireOptionsFromParams } from '../../../analysis/fire-params';
import { ALL_RULE_PARAMS } from '../../../analysis/rules/run-rules';
import { rulesInputOf, type RuleGroup, type RuleResult } from '../../../analysis/rules/rule';
import { RULE_GROUP_LABEL, clauseArticleText, clauseSourceText, objectText, rulesSheets } from '../../../analysis/rules/rules-sheets';
import { useT } from '../../i18n';
import { effectiveProject, useAppStore } from '../../state/store';
import { runTask } from '../../workers/run-task';
import type { PanelDefinition } from '../registry';
import { pair } from '../radii/i18n-pair';
import { useCancellableRun } from '../radii/cancellable-run';
import { ErrorAlert, ExcelButton, ParamProblems, RunProgress, downloadXlsx } from '../radii/ui';
import { whenMap } from '../fire/station-markers';

const GROUPS: RuleGroup[] = ['fire', 'planners', 'resources'];
const MARK = { pass: '✓', fail: '✗', na: '—' } as const;

/** One rule: mark, id, title, clause; expands to its failing objects (a click on one moves the map there). */
function RuleRow({ r }: { r: RuleResult }) {
  const t = useT();
  const lang = useAppStore((s) => s.ui.lang);
  const [open, setOpen] = useState(false);
  const canOpen = r.objects.length > 0 || !!r.table;
  return (
    <li className={`rule rule-${r.status}`} data-testid={`rule-${r.id}`} data-status={r.status}>
      <button type="button" className="rule-head" onClick={() => canOpen && setOpen(!open)} aria-expanded={canOpen ? open : undefined} data-testid={`rule-${r.id}-toggle`}>
        <span className="rule-mark" aria-label={r.status}>
          {MARK[r.status]}
        </span>{' '}
        <span className="rule-id">{r.id}</span> {r.title[lang]}
      </button>
      <div className="rule-clause" data-testid={`rule-${r.id}-clause`}>
        {clauseSourceText(r.clause.source, lang)} {clauseArticleText(r.clause.article, lang)}
        {r.clause.secondary && (
          <span className="rule-secondary" title={t.rules.secondaryTitle}>
            {' '}
            [{t.rules.secondary}]
          </span>
        )}
        {t.common.colon}
        {r.clause.text[lang]}
      </div>
      <div className="rule-summary">{r.summary[lang]}</div>
      {open && r.table && (
        <div className="rule-table" data-testid={`rule-${r.id}-table`}>
          <div className="note">{r.table.title[lang]}</div>
          <table>
            <thead>
              <tr>
                {r.table.header.map((h, i) => (
                  <th key={i}>{h[lang]}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {r.table.rows.map((row, i) => (
                <tr key={i}>
                  {row.map((v, j) => (
                    <td key={j}>{v === null ? '—' : typeof v === 'number' ? v.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en') : v}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && r.objects.length > 0 && (
        <div className="rule-objects" data-testid={`rule-${r.id}-objects`}>
          <div className="note">{t.rules.objects(r.objectCount, r.objects.length)}</div>
          <ul>
            {r.objects.map((o, i) => (
              <li key={`${o.id}-${i}`}>
                {o.lon !== undefined && o.lat !== undefined ? (
                  <button type="button" className="link" title={t.rules.focus} onClick={() => whenMap((m) => m.easeTo({ center: [o.lon!, o.lat!], zoom: Math.max(m.getZoom(), 15) }))}>
                    {objectText(o.id, lang)}
                  </button>
                ) : (
                  <b>{objectText(o.id, lang)}</b>
                )}{' '}
                {o.name && o.name !== o.id ? `${objectText(o.name, lang)}${t.common.colon}` : t.common.colon}
                {o.why[lang]}
              </li>
            ))}
          </ul>
        </div>
      )}
    </li>
  );
}

/**
 * The 规范检查 panel: every rule of the rulebook (analysis/rules/) grouped by user — fire brigade,
 * planners, resource bureau — with ✓/✗/—, its id and clause, expandable to the failing objects.
 * Runs in the analysis worker (the fire rules need the network coverage).
 */
function RulesPanel() {
  const t = useT();
  const lang = useAppStore((s) => s.ui.lang);
  // the rules check the project under its active scenario, like every other analysis
  const project = effectiveProject(useAppStore((s) => s.project.project));
  const [results, setResults] = useState<RuleResult[] | null>(null);
  // a result of another project, scenario or parameter set is never shown as current
  useEffect(() => setResults(null), [project]);
  const [error, setError] = useState<string | null>(null);
  const job = useCancellableRun();
  const ruleParams = checkParams(ALL_RULE_PARAMS, fromProject(project?.params));
  const fireParams = checkParams(FIRE_PARAMS, fromProject(project?.params));
  const problems = [...ruleParams.problems, ...fireParams.problems.filter((p) => !ruleParams.problems.some((q) => q.key === p.key))];

  async function run() {
    if (!project) return;
    setError(null);
    const input = rulesInputOf(project.layers, project.region);

    try {
      const fireOptions = fireOptionsFromParams({ ...fireParams.values, mode: project.params.mode }, { kind: 'project' });
      const out = await job.start((signal, onProgress) => runTask('rules', { input, values: ruleParams.values, fireOptions }, { signal, onProgress }));
      if (out !== undefined) setResults(out);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  }

  const count = (s: RuleResult['status']) => results?.filter((r) => r.status === s).length ?? 0;
  return (
    <div className="rules-panel" data-testid="rules-panel">
      <h2>{t.rules.panelTitle}</h2>
      <p className="note">{t.rules.intro}</p>
      {!project && <p className="note">{t.rules.noProject}</p>}
      <ParamProblems problems={problems} testId="rules" />
      <p>
        <button type="button" onClick={run} disabled={!project || job.busy !== null || problems.length > 0} data-testid="rules-run">
          {results ? t.rules.rerun : t.rules.run}
        </button>{' '}
        {results && <ExcelButton onClick={() => downloadXlsx(lang === 'zh' ? '规范检查.xlsx' : 'rule-check.xlsx', rulesSheets(results, lang))} testId="rules-excel" />}
      </p>
      <RunProgress busy={job.busy} onCancel={job.cancel} testId="rules" stage={t.rules.stage} />
      <ErrorAlert error={error} />
      {results && (
        <>
          <p className="rules-counts" data-testid="rules-counts">
            {t.rules.counts(count('pass'), count('fail'), count('na'))}
          </p>
          {GROUPS.map((g) => {
            const rs = results.filter((r) => r.group === g);
            if (rs.length === 0) return null;
            return (
              <section className="panel-section" key={g} data-testid={`rules-group-${g}`}>
                <h3>{RULE_GROUP_LABEL[g][lang]}</h3>
                <ul className="rules-list">
                  {rs.map((r) => (
                    <RuleRow key={r.id} r={r} />
                  ))}
                </ul>
              </section>
            );
          })}
        </>
      )}
    </div>
  );
}

export const rulesPanel: PanelDefinition = {
  id: 'rules',
  title: pair((m) => m.rules.panelTitle),
  order: 48,
  component: RulesPanel,
  // the results stay when another tab is opened (they are dropped when the project changes)
  keepAlive: true,
};
