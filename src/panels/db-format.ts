import type { Lang } from '../../layers/types';
import { MESSAGES } from '../i18n';

/** Format an indicator value by unit (share, yuan, tonnes, households), in the UI language. */
export function formatIndicator(value: number | null, unit: string, lang: Lang): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const m = MESSAGES[lang].db;
  const loc = lang === 'zh' ? 'zh-CN' : 'en';
  switch (unit) {
    case 'share':
      return m.percent((value * 100).toFixed(1));
    case 'yuan':
      return m.yuan10k((value / 10000).toLocaleString(loc, { maximumFractionDigits: 2 }));
    case 'tonnes':
      return m.tonnes(value.toLocaleString(loc, { maximumFractionDigits: 1 }));
    case 'households':
      return m.households(value.toLocaleString(loc));
    default:
      return value.toLocaleString(loc, { maximumFractionDigits: 2 });
  }
}

/** A short number for chart labels: shares as %, yuan in 10⁴ (万), everything else plain. */
export function formatCompact(value: number | null, unit: string, lang: Lang): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const m = MESSAGES[lang].db;
  if (unit === 'share') return m.percent((value * 100).toFixed(1));
  if (unit === 'yuan') return m.compactYuan10k((value / 10000).toLocaleString('en', { maximumFractionDigits: 1 }));
  return value.toLocaleString('en', { maximumFractionDigits: 1 });
}
