import type { I18nText } from '../types.ts';

/**
 * A county's 行政区划代码 (GB/T 2260) as typed by a user: full-width digits become ASCII and spaces
 * go; the empty string means "none". Returns the code, or a problem (zh + en) when it is not six
 * digits starting 1–8 (the provinces' first digits).
 * @example regionCode('１３０６３４') // { code: '130634' }
 * @example regionCode('13063') // { problem: { zh: '行政区划代码应为 6 位数字 …', … } }
 */
export function regionCode(text: string): { code: string } | { problem: I18nText } {
  const s = text.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\s+/g, '');
  if (s === '') return { code: '' };
  if (/^[1-8]\d{5}$/.test(s)) return { code: s };
  const shown = s.length > 20 ? `${s.slice(0, 20)}…` : s;
  return {
    problem: {
      zh: `行政区划代码应为 6 位数字（GB/T 2260，如曲阳县 130634），或留空；“${shown}”不是`,
      en: `A region code is 6 digits (GB/T 2260, e.g. 130634 for Quyang County), or empty; "${shown}" is not one`,
    },
  };
}
