import { useEffect, useRef, useState } from 'react';
import { computeIndicators, useDbSession } from '../../db/db-session';
import { INDICATOR_PARAMS } from '../../db/policy';
import type { I18nText } from '../../../layers/types';
import { browserSqlSource } from '../../db/sql-source-browser';
import { useAppStore } from '../../state/store';
import { useT, useText } from '../../i18n';
import { NO_TOWNSHIP, townshipsAboveNote, type IndicatorCardValue } from '../../db/indicators';
import { formatCompact, formatIndicator, issueText } from '../db-format';
import { pair } from '../radii/i18n-pair';
import type { PanelDefinition } from '../registry';
import { DbStatus } from '../tables/DbStatus';
import { startDbSync } from '../db-app';
import { LedgerImport } from './LedgerImport';
import { TownshipBars } from './TownshipBars';
import { rowsToPoints } from '../sql/result-to-map';
import { ExcelButton, downloadXlsx } from '../radii/ui';
import { downloadSheetCsv } from '../../export/sheet-csv';
import { indicatorSheets } from '../../export/indicator-sheets';
import { MESSAGES } from '../../i18n';
import '../db-panels.css';
import { useParamFields } from '../radii/param-fields';
import { DefaultNote, StaleNote } from '../radii/ui';


function IndicatorsPanel() {
  // DuckDB (a 33 MB WebAssembly download) starts the first time a tab that needs SQL opens, not with the app.
  useEffect(startDbSync, []);
  const tx = useText();
  const t = useT().db;
  const lang = useAppStore((s) => s.ui.lang);
  const session = useDbSession();
  const setResultLayer = useAppStore((s) => s.setResultLayer);
  // The parameters live in the project's params (saved with the work, one undo step per change).
  const fields = useParamFields(INDICATOR_PARAMS);
  const params = Object.fromEntries(INDICATOR_PARAMS.map((d) => [d.key, Number(fields.values[d.key])]));
  const [active, setActive] = useState('gross_enrolment');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // only the last computation asked for says how it went: an earlier one failing later does not
  // leave its error over the cards of the one after it
  const latest = useRef(0);
  const compute = async (p: Record<string, number>) => {
    const mine = ++latest.current;
    setBusy(true);
    setError(null);
    try {
      await computeIndicators(browserSqlSource, p);
    } catch (e) {
      if (mine === latest.current) setError(e instanceof Error ? e.message : String(e));
    } finally {
      if (mine === latest.current) setBusy(false);
    }
  };

  // Recompute when tables change (project loaded, ledger imported), not on every visit of the tab.
  useEffect(() => {
    if (session.status !== 'ready' || session.indicatorsVersion === session.version) return;
    void compute(params);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [session.status, session.version]);

  if (session.status !== 'ready') return <DbStatus />;
  const res = session.indicators;
  // a field out of its declared range: named next to the field, and no computation with it
  const refused: Record<string, I18nText | undefined> = {};
  for (const p of [...fields.fileProblems, ...fields.fieldProblems]) refused[p.key] = p.message;
  const recompute = () => {
    fields.commit();
    void compute(params);
  };
  const card = res?.cards.find((c) => c.id === active) ?? res?.cards[0];
  // computed on tables that have changed since (SQL console, import): no verdict until recomputed
  const stale = res !== null && session.indicatorsVersion !== session.version;
  // figures computed with other parameters than the project's current ones, or on tables changed since, are stale, never shown as current
  const status = !res ? 'none' : !stale && INDICATOR_PARAMS.every((d) => session.indicatorParams[d.key] === params[d.key]) ? 'current' : 'stale';
  const verdict = (c: IndicatorCardValue) => {
    if (stale) return null;
    // no data: the value itself says 无数据
    if (c.status === 'no-data') return null;
    if (c.status === 'implausible') return <span className="ind-implausible">{t.implausible}</span>;
    if (c.met === null) return null;
    return (
      <span className={c.met ? 'ind-met' : 'ind-notmet'}>
        {c.met ? t.met : t.notMet}
        {c.issues.some((i) => i.kind === 'estimated') ? t.estimateMark : ''}
      </span>
    );
  };
  return (
    <div data-testid="indicators-panel">
      {INDICATOR_PARAMS.map((d) => (
        <div className="db-row" key={d.key}>
          <label title={tx(d.source)}>
            {d.key === 'coal-price' ? t.coalPrice : d.key === 'stove-county-yuan' ? t.stoveCounty : t.childShare}{' '}
            <input
              type="number"
              min={d.min}
              max={d.max}
              value={Number.isFinite(fields.value(d.key) as number) ? String(fields.value(d.key)) : ''}
              onChange={(e) => fields.draft(d.key, e.target.value.trim() === '' ? Number.NaN : Number(e.target.value))}
              onBlur={() => fields.commit([d.key])}
              onKeyDown={(e) => {
                if (e.key === 'Enter') fields.commit([d.key]);
              }}
              step="any"
              style={{ width: 80 }}
              aria-invalid={refused[d.key] !== undefined}
              data-testid={`param-${d.key}`}
            />
          </label>
          <DefaultNote def={d} value={fields.value(d.key)} onReset={() => fields.set(d.key, undefined)} testId={`param-${d.key}`} />
          {refused[d.key] ? (
            <div className="db-error" role="alert" data-testid={`param-${d.key}-error`}>
              {tx(refused[d.key]!)}
            </div>
          ) : null}
        </div>
      ))}
      <div className="db-row">
        <button type="button" onClick={recompute} disabled={busy || Object.keys(refused).length > 0} data-testid="indicators-compute">
          {t.compute}
        </button>
        <ExcelButton onClick={() => res && downloadXlsx(MESSAGES[lang].exports.indicators.file, indicatorSheets(res.cards, lang))} disabled={status !== 'current'} testId="indicators-export-xlsx" />
        <button type="button" onClick={() => res && downloadSheetCsv(MESSAGES[lang].exports.indicators.file, indicatorSheets(res.cards, lang)[0])} disabled={status !== 'current'} title={MESSAGES[lang].exports.csvTitle} data-testid="indicators-export-csv">
          {MESSAGES[lang].exports.csvButton}
        </button>
      </div>
      {error ? <div className="db-error" data-testid="indicators-error">{error}</div> : null}
      <StaleNote status={status} onRecompute={recompute} disabled={busy || Object.keys(refused).length > 0} testId="indicators" />
      {res ? (
        <div className={status === 'stale' ? 'stale-figures' : undefined} data-result-status={status} data-testid="indicators-results">
          {stale ? (
            <div className="ind-stale" data-testid="indicators-stale">
              {t.stale}
            </div>
          ) : null}
          <div className={`ind-cards${stale ? ' stale' : ''}`}>
            {res.cards.map((c) => (
              <button
                type="button"
                key={c.id}
                className={`ind-card${card?.id === c.id ? ' active' : ''}`}
                onClick={() => setActive(c.id)}
                data-testid={`card-${c.id}`}
                data-value={c.value ?? ''}
                data-status={c.status}
                data-stale={stale ? 'true' : undefined}
              >
                <div className="ind-title">{tx(c.title)}</div>
                <div className="ind-value">
                  {c.status === 'no-data' ? t.noData : formatIndicator(c.value, c.unit, lang)}
                  {c.status !== 'no-data' && c.issues.some((i) => i.kind === 'estimated') ? (
                    <span className="ind-estimate" data-testid={`card-estimate-${c.id}`}>
                      {t.estimate}
                    </span>
                  ) : null}
                </div>
                {c.target ? (
                  <div className="ind-target">
                    {t.target} {c.target.op === '>=' ? '≥' : '≤'} {formatIndicator(c.target.value, c.unit, lang)} {verdict(c)}
                  </div>
                ) : c.status === 'implausible' ? (
                  <div className="ind-target">{verdict(c)}</div>
                ) : null}
                {c.issues.length > 0 ? (
                  <ul className="ind-issues" data-testid={`card-issues-${c.id}`}>
                    {c.issues.map((issue, i) => (
                      <li key={i} className={issue.kind === 'estimated' ? 'ind-note' : undefined}>
                        {issueText(issue, c.unit, lang)}
                      </li>
                    ))}
                  </ul>
                ) : null}
                <div className="ind-source">{tx(c.source)}</div>
              </button>
            ))}
          </div>
          {card && card.byTownship.some((b) => b.status !== 'no-data') ? (
            <>
              <h4>
                {t.byTownship(tx(card.title))}
              </h4>
              {card.mapQuery && res.queries[card.mapQuery]?.length ? (
                <div className="db-row">
                  <button
                    type="button"
                    data-testid="indicator-show-on-map"
                    onClick={() => {
                      const rows = res.queries[card.mapQuery!];
                      setResultLayer({
                        id: `indicator-${card.mapQuery}`,
                        title: card.title,
                        data: rowsToPoints(rows, { lon: 'lon', lat: 'lat' }),
                        style: [{ type: 'circle', paint: { 'circle-color': '#6a1b9a', 'circle-radius': 5, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 } }],
                        legend: [{ label: card.title, color: '#6a1b9a', shape: 'circle' }],
                        visible: true,
                      });
                    }}
                  >
                    {t.showOnMapCount(res.queries[card.mapQuery].length.toLocaleString())}
                  </button>
                </div>
              ) : null}
              <TownshipBars
                data={card.byTownship.map((d) => (d.township === NO_TOWNSHIP ? { ...d, township: t.noTownship } : d))}
                target={card.target?.op === '>=' ? card.target.value : undefined}
                format={(v) => formatCompact(v, card.unit, lang)}
                noData={t.noData}
                cap={card.plausible?.max}
                testId="indicator-chart"
              />
              {card.aboveNote && townshipsAboveNote(card).length > 0 ? (
                <p className="ind-note" data-testid="indicator-above-note">
                  {townshipsAboveNote(card)
                    .map((b) => `${b.township === NO_TOWNSHIP ? t.noTownship : b.township} ${formatIndicator(b.value, card.unit, lang)}`)
                    .join(MESSAGES[lang].common.listSep)}
                  {MESSAGES[lang].common.colon}
                  {tx(card.aboveNote.text)}
                </p>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
      <LedgerImport />
    </div>
  );
}

/** Indicator cards (value, target, source) with by-township bars, coal price input and ledger import. */
export const indicatorsPanel: PanelDefinition = { id: 'indicators', title: pair((m) => m.db.indicatorsTab), order: 50, component: IndicatorsPanel };
