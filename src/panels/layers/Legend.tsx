import type { LegendEntry } from '../../../layers/types';
import { useT, useText } from '../../i18n';

/** A swatch per legend entry, drawn from the layer definition's `legend`; an entry drawn only once zoomed in says so. */
export function Legend({ entries }: { entries: readonly LegendEntry[] }) {
  const tx = useText();
  const t = useT();
  if (entries.length === 0) return null;
  return (
    <ul className="legend">
      {entries.map((e, i) => (
        <li key={i}>
          <span className={`swatch swatch-${e.shape}`} style={{ background: e.color, borderColor: e.color }} />
          <span>{tx(e.label)}</span>
          {e.minzoom !== undefined ? (
            <span className="legend-zoom" title={t.common.legendZoomedInTitle(e.minzoom)}>
              {t.common.legendZoomedIn}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
