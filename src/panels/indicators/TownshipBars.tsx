import type { IndicatorStatus } from '../../db/indicator-status';

const FILL: Record<IndicatorStatus, string> = { ok: '#90caf9', fail: '#ef9a9a', implausible: '#ffb74d', 'no-data': '#cfd8dc' };

/**
 * Horizontal bars by township (hand-drawn SVG), with a dashed target line when the indicator has a
 * target. A bar's colour is its status (blue ok, red misses the target, orange implausible); a
 * township without data has no bar and says so. Labels are SVG text nodes, never HTML.
 */
export function TownshipBars(props: {
  data: { township: string; value: number | null; status: IndicatorStatus }[];
  target?: number;
  format: (v: number | null) => string;
  /** Label of a township without data. */
  noData: string;
  /** Largest value that may set the scale (the top of the plausible range). */
  cap?: number;
  width?: number;
  testId?: string;
}) {
  const width = props.width ?? 300;
  const rowH = 14;
  const labelW = 78;
  const valueW = 64;
  const plotW = width - labelW - valueW;
  // an absurd value (621300 %) sets the scale at most to `cap`; its bar runs to the edge
  const values = props.data.map((d) => (d.status === 'no-data' ? 0 : Math.min(d.value ?? 0, props.cap ?? Infinity)));
  const max = Math.max(props.target ?? 0, ...values, 0) || 1;
  const height = props.data.length * rowH + 14;
  const x = (v: number) => labelW + (Math.min(max, Math.max(0, v)) / max) * plotW;
  return (
    <svg className="ind-chart" width={width} height={height} role="img" data-testid={props.testId}>
      {props.data.map((d, i) => {
        const y = i * rowH;
        const value = d.status === 'no-data' ? null : d.value;
        return (
          <g key={d.township} data-status={d.status}>
            <text x={labelW - 3} y={y + 10} textAnchor="end">
              {d.township.length > 6 ? `${d.township.slice(0, 6)}…` : d.township}
            </text>
            <rect x={labelW} y={y + 2} width={Math.max(0, x(value ?? 0) - labelW)} height={rowH - 4} fill={FILL[d.status]} />
            <text x={labelW + plotW + 3} y={y + 10}>
              {value === null ? props.noData : `${d.status === 'implausible' ? '⚠ ' : ''}${props.format(value)}`}
            </text>
          </g>
        );
      })}
      {props.target !== undefined ? (
        <g>
          <line x1={x(props.target)} x2={x(props.target)} y1={0} y2={height - 12} stroke="#c62828" strokeDasharray="3 2" />
          <text x={x(props.target)} y={height - 2} textAnchor="middle" fill="#c62828">
            {props.format(props.target)}
          </text>
        </g>
      ) : null}
    </svg>
  );
}
