import type { XlsxSheet, XlsxValue } from '../../analysis/xlsx-export.ts';
import type { Lang } from '../../layers/types.ts';
import { NO_TOWNSHIP, type IndicatorCardValue } from '../db/indicators.ts';
import { MESSAGES } from '../i18n/messages.ts';
import { num } from './sheet-util.ts';
import { issueText } from '../panels/db-format.ts';

const shown = (c: IndicatorCardValue, v: number | null): number | null => (v === null ? null : c.unit === 'share' ? num(v * 100, 2) : num(v, 2));

/**
 * The plan indicators as workbook sheets: the cards (value, unit, target, met, source) and one
 * row per township with every indicator as a column (header with its unit). Shares are in %.
 * The cards sheet ends with the card's notes (no data, not to be trusted, estimated), as the card shows them.
 *
 * @param cards - `runIndicators(...).cards`
 * @param lang - 'zh' or 'en'
 */
export function indicatorSheets(cards: readonly IndicatorCardValue[], lang: Lang): XlsxSheet[] {
  const m = MESSAGES[lang].exports;
  const x = m.indicators;
  const unit = (c: IndicatorCardValue) => x.units[c.unit] ?? '';
  const townships: string[] = [];
  const values = new Map<string, Map<string, number | null>>();
  for (const c of cards) {
    for (const t of c.byTownship) {
      if (!values.has(t.township)) {
        townships.push(t.township);
        values.set(t.township, new Map());
      }
      values.get(t.township)!.set(c.id, t.value);
    }
  }
  const withTownships = cards.filter((c) => c.byTownship.length > 0);
  const head = (c: IndicatorCardValue) => (unit(c) ? `${c.title[lang]}${MESSAGES[lang].common.inParens(unit(c))}` : c.title[lang]);
  return [
    {
      name: x.cardsSheet,
      header: x.cards,
      rows: cards.map((c) => [
        c.title[lang],
        shown(c, c.value),
        unit(c),
        // a share target in % without binary fractions (0.55 × 100 is 55.00000000000001)
        c.target ? `${c.target.op === '>=' ? '≥' : '≤'} ${c.unit === 'share' ? num(c.target.value * 100, 6) : c.target.value}` : null,
        c.met === null ? null : `${c.met ? m.yes : m.no}${c.issues.some((i) => i.kind === 'estimated') ? MESSAGES[lang].db.estimateMark : ''}`,
        c.source[lang],
        // why a figure has no data or is not to be trusted, and what was estimated (as on the card)
        c.issues.length > 0 ? c.issues.map((i) => issueText(i, c.unit, lang)).join(lang === 'zh' ? '；' : '; ') : null,
      ]),
    },
    {
      name: MESSAGES[lang].exports.fire.byTownshipSheet,
      header: [MESSAGES[lang].exports.fire.byGroup[0], ...withTownships.map(head)],
      rows: townships.map((t): XlsxValue[] => [t === NO_TOWNSHIP ? MESSAGES[lang].db.noTownship : t, ...withTownships.map((c) => shown(c, values.get(t)?.get(c.id) ?? null))]),
    },
  ];
}
