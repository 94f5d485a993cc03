import type { I18nText } from '../../../layers/types';
import { MESSAGES, type Messages } from '../../i18n';

/**
 * An {@link I18nText} pair taken from the language files, for what the store keeps in both
 * languages (result-layer titles, legend and field labels, panel titles): the text itself lives
 * only in src/i18n/zh/*.ts and src/i18n/en/*.ts.
 * @example
 * pair((m) => m.fire.uncoveredTitle)      // { zh: '消防未覆盖农户', en: 'Households not reached by fire service' }
 * pair((m) => m.fire.isochroneLegend(5))  // { zh: '5 分钟内', en: 'within 5 min' }
 */
export function pair(pick: (m: Messages) => string): I18nText {
  return { zh: pick(MESSAGES.zh), en: pick(MESSAGES.en) };
}
