import type { LegendEntry } from '../../../layers/types';
import { useT, useText } from '../../i18n';

/**
 * A swatch per legend entry, drawn from the layer definition's `legend`. Entries drawn only once
 * zoomed in (`minzoom`: village roads, tracks …) follow the others under a line that says so.
 */
export function Legend({ entries }: { entries: readonly LegendEntry[] }) {
  const tx = useText();
  const t = useT();
  if (entries.length === 0) return null;
  const always = entries.filter((e) => e.minzoom === undefined);
  const zoomed = entries.filter((e) => e.minzoom !== undefined);
  const item = (e: LegendEntry, i: number) => (
    <li key={i} title={e.minzoom !== undefined ? t.common.legendZoomedInTitle(e.minzoom) : undefined}>
      <span className={`swatch swatch-${e.shape}`} style={{ background: e.color, borderColor: e.color }} />
      <span>{tx(e.label)}</span>
    </li>
  );
  return (
    <ul className="legend">
      {always.map(item)}
      {zoomed.length ? (
        <li className="legend-zoom" key="zoom">
          {t.common.legendZoomedIn}
        </li>
      ) : null}
      {zoomed.map((e, i) => item(e, always.length + i))}
    </ul>
  );
}
