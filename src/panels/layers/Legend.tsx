import type { LegendEntry } from '../../../layers/types';
import { useText } from '../../i18n';

/** A swatch per legend entry, drawn from the layer definition's `legend`. */
export function Legend({ entries }: { entries: readonly LegendEntry[] }) {
  const tx = useText();
  if (entries.length === 0) return null;
  return (
    <ul className="legend">
      {entries.map((e, i) => (
        <li key={i}>
          <span className={`swatch swatch-${e.shape}`} style={{ background: e.color, borderColor: e.color }} />
          <span>{tx(e.label)}</span>
        </li>
      ))}
    </ul>
  );
}
