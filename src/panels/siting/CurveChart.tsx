import type { SitingCurvePoint } from '../../../analysis/site-fire-stations';
import { useT } from '../../i18n';

const W = 340;
const H = 200;
const M = { left: 40, right: 12, top: 12, bottom: 34 };

/**
 * The coverage-vs-P curve as a small SVG chart (no chart library): the optimum for each P
 * (solid), its proven bound (dashed) and greedy (dotted), in % of the objective's measure.
 * Each point carries a title with the three figures.
 */
export function CurveChart({ curve, testId }: { curve: SitingCurvePoint[]; testId?: string }) {
  const t = useT();
  if (curve.length === 0) return null;
  const maxP = curve[curve.length - 1].p;
  const values = curve.flatMap((c) => [c.coveredPct, c.boundPct, c.greedyPct]).filter(Number.isFinite);
  const lo = Math.max(0, Math.floor(Math.min(...values) / 10) * 10);
  const hi = Math.min(100, Math.ceil(Math.max(...values) / 10) * 10);
  const span = Math.max(10, hi - lo);
  const x = (p: number) => M.left + ((W - M.left - M.right) * (maxP === 1 ? 0.5 : (p - 1) / (maxP - 1)));
  const y = (v: number) => M.top + (H - M.top - M.bottom) * (1 - (v - lo) / span);
  const path = (pick: (c: SitingCurvePoint) => number) => curve.map((c, i) => `${i === 0 ? 'M' : 'L'}${x(c.p).toFixed(1)},${y(pick(c)).toFixed(1)}`).join(' ');
  const yTicks: number[] = [];
  const step = span > 40 ? 20 : 10;
  for (let v = lo; v <= lo + span + 1e-9; v += step) yTicks.push(v);
  const xTicks = curve.map((c) => c.p).filter((p) => maxP <= 12 || p % 5 === 0 || p === 1);
  return (
    <figure className="siting-curve" style={{ margin: 0 }} data-testid={testId}>
      <svg viewBox={`0 0 ${W} ${H}`} width="100%" style={{ maxWidth: W, height: 'auto', display: 'block' }} role="img" aria-label={t.siting.curveTitle}>
        <rect x={M.left} y={M.top} width={W - M.left - M.right} height={H - M.top - M.bottom} fill="#fafafa" stroke="#ccc" />
        {yTicks.map((v) => (
          <g key={`y${v}`}>
            <line x1={M.left} x2={W - M.right} y1={y(v)} y2={y(v)} stroke="#e3e3e3" />
            <text x={M.left - 4} y={y(v) + 4} fontSize="10" textAnchor="end" fill="#555">
              {v}
            </text>
          </g>
        ))}
        {xTicks.map((p) => (
          <text key={`x${p}`} x={x(p)} y={H - M.bottom + 13} fontSize="10" textAnchor="middle" fill="#555">
            {p}
          </text>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 4} fontSize="10" textAnchor="middle" fill="#333">
          {t.siting.curveAxisP}
        </text>
        <text x={10} y={(M.top + H - M.bottom) / 2} fontSize="10" textAnchor="middle" fill="#333" transform={`rotate(-90 10 ${(M.top + H - M.bottom) / 2})`}>
          {t.siting.curveAxisPct}
        </text>
        <path d={path((c) => c.boundPct)} fill="none" stroke="#7b1fa2" strokeWidth={1.5} strokeDasharray="5 3" data-series="bound" />
        <path d={path((c) => c.greedyPct)} fill="none" stroke="#888" strokeWidth={1.5} strokeDasharray="1.5 2.5" data-series="greedy" />
        <path d={path((c) => c.coveredPct)} fill="none" stroke="#c62828" strokeWidth={2} data-series="optimum" />
        {curve.map((c) => (
          <circle key={c.p} cx={x(c.p)} cy={y(c.coveredPct)} r={3} fill="#c62828" data-p={c.p} data-pct={c.coveredPct}>
            <title>{t.siting.curvePoint(c.p, c.coveredPct, c.boundPct, c.greedyPct)}</title>
          </circle>
        ))}
        <g fontSize="10" transform={`translate(${M.left + 8}, ${M.top + 12})`}>
          <line x1={0} x2={16} y1={-3} y2={-3} stroke="#c62828" strokeWidth={2} />
          <text x={20} y={0}>{t.siting.curveOptimum}</text>
          <line x1={52} x2={68} y1={-3} y2={-3} stroke="#7b1fa2" strokeWidth={1.5} strokeDasharray="5 3" />
          <text x={72} y={0}>{t.siting.curveBound}</text>
          <line x1={104} x2={120} y1={-3} y2={-3} stroke="#888" strokeWidth={1.5} strokeDasharray="1.5 2.5" />
          <text x={124} y={0}>{t.siting.curveGreedy}</text>
        </g>
      </svg>
      <figcaption className="note">{t.siting.curveNote}</figcaption>
    </figure>
  );
}
