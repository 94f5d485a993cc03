// (f) CRS: our converters (layers/load/foreign/stated-crs.ts) against PROJ's cs2cs on a grid of
// points in each system. The projected sample points are made by cs2cs itself (forward from the
// system's own geographic CRS), then turned back to lon/lat by ours and by cs2cs; the difference
// is in metres on the ground. Beijing 1954 and Xi'an 1980 are compared with their own geographic
// CRS (EPSG:4214, 4610): neither we nor PROJ (no grid or parameters installed) shift the datum.
import { spawnSync } from 'node:child_process';
import { crsFromCode, crsTransform } from '../../../layers/load/foreign/stated-crs.ts';
import { rows, timed } from './table.ts';

interface System { code: number; geo: number; label: string; cm: number; northFirst: boolean }

const SYSTEMS: System[] = [
  { code: 4547, geo: 4490, label: 'CGCS2000 3° GK, CM 114°E (EPSG:4547)', cm: 114, northFirst: true },
  { code: 4526, geo: 4490, label: 'CGCS2000 3° GK zone 38, prefixed easting (EPSG:4526)', cm: 114, northFirst: true },
  { code: 2383, geo: 4610, label: "Xi'an 1980 3° GK, CM 114°E (EPSG:2383)", cm: 114, northFirst: true },
  { code: 2362, geo: 4610, label: "Xi'an 1980 3° GK zone 38 (EPSG:2362)", cm: 114, northFirst: true },
  { code: 2435, geo: 4214, label: 'Beijing 1954 3° GK, CM 114°E (EPSG:2435)', cm: 114, northFirst: true },
  { code: 3857, geo: 4326, label: 'Web Mercator (EPSG:3857)', cm: 114, northFirst: false },
];

function cs2cs(from: string, to: string, lines: string[]): number[][] {
  const r = spawnSync('cs2cs', ['-f', '%.9f', from, to], { input: lines.join('\n') + '\n', encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cs2cs ${from} ${to}: ${r.stderr}`);
  return r.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
}

/** Metres between two lon/lat points (local plane: fine at the millimetre-to-metre level compared here). */
function metres(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const k = Math.PI / 180;
  const dy = (lat2 - lat1) * k * 6_371_000;
  const dx = (lon2 - lon1) * k * 6_371_000 * Math.cos(((lat1 + lat2) / 2) * k);
  return Math.hypot(dx, dy);
}

export function crsSection(): void {
  for (const s of SYSTEMS) {
    // 21 × 21 points: 1.45° either side of the central meridian, 18°N–53°N
    const pts: [number, number][] = [];
    for (let i = 0; i <= 20; i++) for (let j = 0; j <= 20; j++) pts.push([s.cm - 1.45 + (2.9 * i) / 20, 18 + (35 * j) / 20]);
    const proj = cs2cs(`EPSG:${s.geo}`, `EPSG:${s.code}`, pts.map(([lon, lat]) => `${lat} ${lon}`));
    const xy = proj.map((p) => (s.northFirst ? [p[1], p[0]] : [p[0], p[1]]));
    const peer = timed(() => cs2cs(`EPSG:${s.code}`, `EPSG:${s.geo}`, xy.map(([x, y]) => (s.northFirst ? `${y} ${x}` : `${x} ${y}`))));
    const crs = crsFromCode(`EPSG:${s.code}`);
    const t = crs ? crsTransform(crs) : null;
    if (!t?.transform) {
      rows.push({ county: 'CRS', figure: `f. ${s.label}`, ours: 'not supported', peer: 'converted', diff: '' });
      continue;
    }
    const fn = t.transform;
    const ours = timed(() => xy.map(([x, y]) => fn(x, y)));
    let max = 0;
    let worst = '';
    ours.value.forEach(([lon, lat], k) => {
      const [plat, plon] = peer.value[k];
      const d = metres(lon, lat, plon, plat);
      if (d > max) {
        max = d;
        worst = `${pts[k][0].toFixed(2)}°E ${pts[k][1].toFixed(2)}°N`;
      }
    });
    rows.push({ county: 'CRS', figure: `f. ${s.label}: max difference, m (${pts.length} points)`, ours: 'ours', peer: 'cs2cs', diff: max.toFixed(4), differing: max > 0.001 ? `worst at ${worst}` : '', oursMs: ours.ms, peerMs: peer.ms });
  }
}
