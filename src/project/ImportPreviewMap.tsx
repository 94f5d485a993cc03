import { useMemo } from 'react';
import { previewPositions, type ForeignLayer, type ImportTarget } from '../../layers/load/foreign/index';
import type { Project } from '../../layers/types';
import { projectBounds } from '../map/bounds';
import { useT } from '../i18n';

const W = 260;
const H = 180;
const PAD = 8;

/**
 * The import dialog's map preview of one foreign layer: where its features would land with the
 * current decisions (CRS, offset conversion), drawn over the open project's extent, so that data in
 * the wrong zone or datum shows as far from the county before anything is imported. Plain SVG in an
 * equirectangular view (longitudes scaled by cos latitude); the distance between the two extents is
 * given in km when they do not overlap.
 */
export function ImportPreviewMap({ layer, target, project }: { layer: ForeignLayer; target: ImportTarget; project: Project | null }) {
  const t = useT().foreign;
  const features = useMemo(() => previewPositions(layer, target), [layer, target]);
  const county = useMemo(() => (project ? projectBounds(project) : null), [project]);
  if (features.length === 0) return null;
  const data: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const f of features)
    for (const [x, y] of f) {
      if (x < data[0]) data[0] = x;
      if (y < data[1]) data[1] = y;
      if (x > data[2]) data[2] = x;
      if (y > data[3]) data[3] = y;
    }
  const all = county ? [Math.min(data[0], county[0]), Math.min(data[1], county[1]), Math.max(data[2], county[2]), Math.max(data[3], county[3])] : data;
  const k = Math.cos((((all[1] + all[3]) / 2) * Math.PI) / 180);
  const spanX = Math.max((all[2] - all[0]) * k, 1e-6);
  const spanY = Math.max(all[3] - all[1], 1e-6);
  const s = Math.min((W - 2 * PAD) / spanX, (H - 2 * PAD) / spanY);
  const x = (lon: number) => PAD + (lon - all[0]) * k * s;
  const y = (lat: number) => H - PAD - (lat - all[1]) * s;
  // the gap between the two boxes, km (0 when they overlap)
  let gapKm = 0;
  if (county) {
    const dx = Math.max(0, county[0] - data[2], data[0] - county[2]) * k * 111.32;
    const dy = Math.max(0, county[1] - data[3], data[1] - county[3]) * 111.32;
    gapKm = Math.hypot(dx, dy);
  }
  return (
    <figure className="import-preview-map" data-testid="foreign-map-preview" data-gap-km={gapKm.toFixed(1)}>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={t.mapPreview}>
        <rect x={0} y={0} width={W} height={H} fill="#fafafa" stroke="#ccc" />
        {county ? (
          <rect x={x(county[0])} y={y(county[3])} width={Math.max(1, x(county[2]) - x(county[0]))} height={Math.max(1, y(county[1]) - y(county[3]))} fill="#e3f2fd" stroke="#1565c0" strokeDasharray="4 2" />
        ) : null}
        {features.map((f, i) =>
          f.length === 1 ? (
            <circle key={i} cx={x(f[0][0])} cy={y(f[0][1])} r={1.8} fill="#c62828" />
          ) : (
            <polyline key={i} points={f.map(([a, b]) => `${x(a).toFixed(1)},${y(b).toFixed(1)}`).join(' ')} fill="none" stroke="#c62828" strokeWidth={1} />
          ),
        )}
      </svg>
      <figcaption className="note">
        {county ? t.mapPreviewLegend : t.mapPreviewNoProject}
        {gapKm >= 1 ? <strong className="import-warning"> {t.mapPreviewFar(Math.round(gapKm))}</strong> : null}
      </figcaption>
    </figure>
  );
}
