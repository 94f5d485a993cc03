import { layoutCurve, type CoverageCurve, type CurveSeriesKind } from './coverage-curve';

/** How each series is drawn: the optimum solid, its bound dashed, greedy dotted, the picks solid. */
const STYLE: Record<CurveSeriesKind, { stroke: string; width: number; dash?: string }> = {
  optimum: { stroke: '#c62828', width: 2 },
  bound: { stroke: '#7b1fa2', width: 1.5, dash: '5 3' },
  greedy: { stroke: '#888', width: 1.5, dash: '1.5 2.5' },
  picks: { stroke: '#c62828', width: 1.8 },
  // the fire reach curve: before the scenario grey dashed, after it red
  before: { stroke: '#777', width: 1.5, dash: '4 3' },
  after: { stroke: '#c62828', width: 2 },
};

/**
 * The coverage-vs-P chart as plain SVG (no chart library), the same in the siting panel and the
 * siting report: axes with round ticks, one line per series (optimum, proven bound, greedy; or the
 * picks' cumulative coverage), a legend when there is more than one series, and a mark per P on
 * the main series carrying `data-p`, `data-value` and a title with that P's figures. Plain SVG
 * text, so it prints and extracts as text in a PDF.
 */
export function CoverageCurveChart({ curve, width = 560, height = 240, format = String, testId, fluid = false, caption = true }: { curve: CoverageCurve; width?: number; height?: number; format?: (v: number) => string; testId?: string; fluid?: boolean; caption?: boolean }) {
  const d = layoutCurve(curve, width, height, format);
  const { plot } = d;
  const legend = curve.series.length > 1 ? curve.series : [];
  return (
    <figure className="coverage-curve" style={{ margin: 0 }} data-testid={testId}>
      {caption && curve.title ? <figcaption>{curve.title}</figcaption> : null}
      <svg
        viewBox={`0 0 ${width} ${height}`}
        {...(fluid ? { width: '100%', style: { maxWidth: width, height: 'auto', display: 'block' } } : { width, height })}
        role="img"
        aria-label={curve.title}
      >
        <rect x={plot.x} y={plot.y} width={plot.w} height={plot.h} fill="#fafafa" stroke="#ccc" strokeWidth={0.6} />
        {d.yTicks.map((t, i) => (
          <g key={`y${i}`}>
            <line x1={plot.x} x2={plot.x + plot.w} y1={t.y} y2={t.y} stroke="#ddd" strokeWidth={0.6} />
            <text x={plot.x - 4} y={t.y + 3} fontSize={9} textAnchor="end" fill="#555">
              {t.label}
            </text>
          </g>
        ))}
        {d.xTicks.map((t, i) => (
          <text key={`x${i}`} x={t.x} y={plot.y + plot.h + 12} fontSize={9} textAnchor="middle" fill="#555">
            {t.label}
          </text>
        ))}
        {d.lines.map((l) => {
          const s = STYLE[l.kind];
          return <polyline key={l.kind} points={l.points.map((q) => `${q.x.toFixed(1)},${q.y.toFixed(1)}`).join(' ')} fill="none" stroke={s.stroke} strokeWidth={s.width} strokeDasharray={s.dash} data-series={l.kind} />;
        })}
        {d.marks.map((q, i) => (
          <circle key={`${q.p}-${i}`} cx={q.x} cy={q.y} r={2.8} fill="#c62828" data-p={q.p} data-value={q.value} data-pct={curve.percent ? q.value : undefined}>
            <title>{q.title}</title>
          </circle>
        ))}
        {legend.length ? (
          <g fontSize={9} transform={`translate(${plot.x + 8}, ${plot.y + 12})`} data-testid={testId ? `${testId}-legend` : undefined}>
            {legend.map((s, i) => {
              const st = STYLE[s.kind];
              const x = i * 64;
              return (
                <g key={s.kind}>
                  <line x1={x} x2={x + 16} y1={-3} y2={-3} stroke={st.stroke} strokeWidth={st.width} strokeDasharray={st.dash} />
                  <text x={x + 20} y={0}>
                    {s.label}
                  </text>
                </g>
              );
            })}
          </g>
        ) : null}
        <text x={plot.x + plot.w / 2} y={height - 4} fontSize={10} textAnchor="middle" fill="#333">
          {curve.xLabel}
        </text>
        <text x={10} y={plot.y + plot.h / 2} fontSize={10} textAnchor="middle" fill="#333" transform={`rotate(-90 10 ${plot.y + plot.h / 2})`}>
          {curve.yLabel}
        </text>
      </svg>
      {curve.note ? <p className="note">{curve.note}</p> : null}
    </figure>
  );
}
