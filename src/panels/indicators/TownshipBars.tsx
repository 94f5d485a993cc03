/**
 * Horizontal bars by township (hand-drawn SVG), with a dashed target line when the indicator has a
 * target. Labels are SVG text nodes, never HTML.
 */
export function TownshipBars(props: {
  data: { township: string; value: number | null }[];
  target?: number;
  format: (v: number | null) => string;
  width?: number;
  testId?: string;
}) {
  const width = props.width ?? 300;
  const rowH = 14;
  const labelW = 78;
  const valueW = 64;
  const plotW = width - labelW - valueW;
  const values = props.data.map((d) => d.value ?? 0);
  const max = Math.max(props.target ?? 0, ...values, 0) || 1;
  const height = props.data.length * rowH + 14;
  const x = (v: number) => labelW + (Math.max(0, v) / max) * plotW;
  return (
    <svg className="ind-chart" width={width} height={height} role="img" data-testid={props.testId}>
      {props.data.map((d, i) => {
        const y = i * rowH;
        const below = props.target !== undefined && d.value !== null && d.value < props.target;
        return (
          <g key={d.township}>
            <text x={labelW - 3} y={y + 10} textAnchor="end">
              {d.township.length > 6 ? `${d.township.slice(0, 6)}…` : d.township}
            </text>
            <rect x={labelW} y={y + 2} width={Math.max(0, x(d.value ?? 0) - labelW)} height={rowH - 4} fill={below ? '#ef9a9a' : '#90caf9'} />
            <text x={labelW + plotW + 3} y={y + 10}>
              {props.format(d.value)}
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
