import { layoutCurve, type CoverageCurve } from './coverage-curve';

/**
 * A coverage-vs-P curve as SVG (siting: coverage after the first P picks): axes with round ticks,
 * the line and a labelled mark per P. Plain SVG text, so it prints and extracts as text in a PDF.
 */
export function CoverageCurveChart({ curve, width = 560, height = 240, format = String, testId }: { curve: CoverageCurve; width?: number; height?: number; format?: (v: number) => string; testId?: string }) {
  const d = layoutCurve(curve, width, height, format);
  const { plot } = d;
  return (
    <figure className="coverage-curve" data-testid={testId}>
      <figcaption>{curve.title}</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} width={width} height={height} role="img" aria-label={curve.title}>
        {d.yTicks.map((t, i) => (
          <g key={`y${i}`}>
            <line x1={plot.x} x2={plot.x + plot.w} y1={t.y} y2={t.y} stroke="#ddd" strokeWidth={0.6} />
            <text x={plot.x - 4} y={t.y + 3} fontSize={9} textAnchor="end">
              {t.label}
            </text>
          </g>
        ))}
        {d.xTicks.map((t, i) => (
          <text key={`x${i}`} x={t.x} y={plot.y + plot.h + 12} fontSize={9} textAnchor="middle">
            {t.label}
          </text>
        ))}
        <line x1={plot.x} x2={plot.x} y1={plot.y} y2={plot.y + plot.h} stroke="#333" strokeWidth={0.8} />
        <line x1={plot.x} x2={plot.x + plot.w} y1={plot.y + plot.h} y2={plot.y + plot.h} stroke="#333" strokeWidth={0.8} />
        <polyline points={d.points.map((q) => `${q.x.toFixed(1)},${q.y.toFixed(1)}`).join(' ')} fill="none" stroke="#c62828" strokeWidth={1.6} />
        {d.points.map((q) => (
          <circle key={q.p} cx={q.x} cy={q.y} r={2.6} fill="#c62828">
            <title>{`P = ${q.p}: ${format(q.value)}`}</title>
          </circle>
        ))}
        <text x={plot.x + plot.w / 2} y={height - 4} fontSize={10} textAnchor="middle">
          {curve.xLabel}
        </text>
        <text x={10} y={plot.y + plot.h / 2} fontSize={10} textAnchor="middle" transform={`rotate(-90 10 ${plot.y + plot.h / 2})`}>
          {curve.yLabel}
        </text>
      </svg>
    </figure>
  );
}
