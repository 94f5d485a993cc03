import type { I18nText } from '../../layers/types';
import { useAppStore } from '../state/store';
import { MESSAGES, type Messages } from './messages';

export { MESSAGES, type Messages };

/**
 * The strings of the current UI language.
 * @example
 * const t = useT();
 * return <h2>{t.common.layers}</h2>;
 */
export function useT(): Messages {
  return MESSAGES[useAppStore((s) => s.ui.lang)];
}

/** Picks the current language from an {@link I18nText}: `const tx = useText(); tx(layer.title)`. */
export function useText(): (text: I18nText) => string {
  const lang = useAppStore((s) => s.ui.lang);
  return (text: I18nText) => text[lang];
}
