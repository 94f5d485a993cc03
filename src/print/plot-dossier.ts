import type { PlotIssue, PlotReviewResult } from '../../analysis/plot-review';
import type { ParamDef } from '../../analysis/params';
import { PLOT_PARAMS } from '../../analysis/plot-params';
import { FIRE_PARAMS } from '../../analysis/fire-params';
import { KINDERGARTEN_PARAMS } from '../../analysis/radii-params';
import { plotUseField } from '../../layers/reserve-plots';
import type { Lang } from '../../layers/types';
import { MESSAGES } from '../i18n/messages';
import { enumLabel } from '../export/sheet-util';
import { PAPER_MM, fitScale, mercatorCenter, type Orientation, type Paper } from './print-layout';
import { cellText, paramLines } from './report';

/** One finding on a plot's page: its level, its words, and the rule (parameter and source) it applies. */
export interface DossierFinding {
  severity: PlotIssue['severity'];
  level: string;
  text: string;
  rule: string;
}

/** One page of the reserve-plot dossier: the plot's map, its area check and its findings. */
export interface DossierPage {
  id: string;
  heading: string;
  /** The plot's extent [west, south, east, north]. */
  bounds: [number, number, number, number];
  /** The plot's rings (lon/lat), outlined over its map. */
  rings: [number, number][][];
  /** The area check: [label, value]. */
  facts: [string, string][];
  findings: DossierFinding[];
}

/** Which parameters a finding applies (by the finding's code); findings not listed are data checks. */
const RULES: Readonly<Record<string, { defs: readonly ParamDef[]; keys: string[] }>> = {
  'area-mismatch': { defs: PLOT_PARAMS, keys: ['area-tolerance'] },
  'parcel-area-mismatch': { defs: PLOT_PARAMS, keys: ['area-tolerance'] },
  'parcels-sum-mismatch': { defs: PLOT_PARAMS, keys: ['area-tolerance'] },
  'total-mismatch': { defs: PLOT_PARAMS, keys: ['stated-total'] },
  'total-ok': { defs: PLOT_PARAMS, keys: ['stated-total'] },
  'station-near-school': { defs: PLOT_PARAMS, keys: ['station-school-min'] },
  'station-near-industry': { defs: PLOT_PARAMS, keys: ['station-hazard-min'] },
  'outside-fire-reach': { defs: FIRE_PARAMS, keys: ['threshold'] },
  'no-kindergarten-in-reach': { defs: KINDERGARTEN_PARAMS, keys: ['kg-radius-urban', 'kg-radius-township', 'kg-radius-village'] },
};

/**
 * The rule a finding applies, as printed: each parameter with its value and source
 * ("图上面积与申报面积允许偏差 2 %：审查设置…"), or the data-consistency check.
 *
 * @param code - the finding's code (PlotIssue.code)
 * @param params - project.json `params` (the values used)
 * @param lang - 'zh' or 'en'
 */
export function findingRule(code: string, params: Readonly<Record<string, unknown>> | undefined, lang: Lang): string {
  const r = RULES[code];
  if (!r) return MESSAGES[lang].print.dossierRuleData;
  const lines = paramLines(r.defs, params, lang).filter((l) => r.keys.includes(l.key));
  const colon = lang === 'zh' ? '：' : ': ';
  return lines.map((l) => `${l.label} ${l.value}${colon}${l.source}`).join(lang === 'zh' ? '；' : '; ');
}

function ringsOf(g: unknown): [number, number][][] {
  const geom = g as { type?: string; coordinates?: unknown } | null;
  if (!geom?.coordinates) return [];
  const polys = geom.type === 'Polygon' ? [geom.coordinates as number[][][]] : geom.type === 'MultiPolygon' ? (geom.coordinates as number[][][][]) : [];
  const out: [number, number][][] = [];
  for (const poly of polys) for (const ring of poly) out.push(ring.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1])).map((p) => [p[0], p[1]] as [number, number]));
  return out.filter((r) => r.length > 0);
}

/**
 * The dossier of a plot review: one page per plot, in the review's order, each with the plot's
 * outline and extent (for its own map), the area check (declared vs drawn 亩, difference and the
 * allowed difference, parcels) and every finding with the rule it applies.
 *
 * @param r - a reviewPlots result
 * @param params - project.json `params` (for the rules' values)
 * @param lang - 'zh' or 'en'
 */
export function plotDossier(r: PlotReviewResult, params: Readonly<Record<string, unknown>> | undefined, lang: Lang): DossierPage[] {
  const tp = MESSAGES[lang].print;
  const f = tp.dossierFact;
  const sev = MESSAGES[lang].exports.plots.severity as Record<string, string>;
  const tolerance = paramLines(PLOT_PARAMS, params, lang).find((l) => l.key === 'area-tolerance');
  const tolPct = Number(String(tolerance?.value ?? '').replace(/[^\d.]/g, ''));
  const n = (v: number | null | undefined, d: number) => (v === null || v === undefined || !Number.isFinite(v) ? '—' : cellText(Math.round(v * 10 ** d) / 10 ** d, lang));
  return r.rows.map((row, i) => {
    const rings = ringsOf(r.geojson.features[row.index]?.geometry);
    let b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ring of rings) for (const [x, y] of ring) b = [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)];
    if (!Number.isFinite(b[0])) b = [0, 0, 0, 0];
    const verdict = row.diffPct === null ? tp.dossierVerdict.none : Math.abs(row.diffPct) > tolPct ? tp.dossierVerdict.over : tp.dossierVerdict.ok;
    const facts: [string, string][] = [
      [f.id, row.id],
      [f.name, row.name || '—'],
      [f.township, row.township || '—'],
      [f.use, enumLabel(plotUseField, row.use, lang) || '—'],
      [f.declared, n(row.declaredMu, 2)],
      [f.drawn, n(row.areaMu, 2)],
      [f.drawnM2, n(row.areaM2, 0)],
      [f.diff, n(row.diffMu, 2)],
      [f.diffPct, n(row.diffPct, 2)],
      [f.tolerance, Number.isFinite(tolPct) ? cellText(tolPct, lang) : '—'],
      [f.verdict, verdict],
    ];
    if (row.parts.length > 1) facts.push([f.parts, row.parts.map((p) => cellText(p.areaMu, lang)).join(' + ')]);
    return {
      id: row.id,
      heading: `${tp.dossierPage(i + 1, r.rows.length)}　${row.id}${row.name ? ` ${row.name}` : ''}`,
      bounds: b,
      rings,
      facts,
      findings: row.issues.map((x) => ({ severity: x.severity, level: sev[x.severity] ?? x.severity, text: x.message[lang], rule: findingRule(x.code, params, lang) })),
    };
  });
}

/** The map frame of a dossier page (mm): beside the tables on landscape paper, above them on portrait. */
export function dossierMapMm(paper: Paper, orientation: Orientation): [number, number] {
  const size = PAPER_MM[paper];
  const [pw, ph] = orientation === 'landscape' ? [size[1], size[0]] : [size[0], size[1]];
  const cw = pw - 20;
  const ch = ph - 20 - 12 - 7;
  return orientation === 'landscape' ? [Math.round(cw * 0.5), ch] : [cw, Math.round(ch * 0.5)];
}

/** Centre and scale of a plot's map: the plot fits its frame (at least 1:500). */
export function dossierCamera(bounds: readonly [number, number, number, number], frameMm: readonly [number, number]): { center: [number, number]; scale: number } {
  return { center: mercatorCenter(bounds), scale: fitScale(bounds, frameMm) };
}

/**
 * The plot's rings in the map image's CSS pixels (Web Mercator, 512 px world at zoom 0), to draw
 * its outline over the map: [x, y] from the frame's top-left corner.
 */
export function ringsToFrame(rings: readonly (readonly [number, number])[][], center: readonly [number, number], zoom: number, cssSize: readonly [number, number]): [number, number][][] {
  const world = 512 * 2 ** zoom;
  const mx = (lon: number) => ((lon + 180) / 360) * world;
  const my = (lat: number) => ((1 - Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360)) / Math.PI) / 2) * world;
  const cx = mx(center[0]);
  const cy = my(center[1]);
  return rings.map((r) => r.map(([lon, lat]) => [mx(lon) - cx + cssSize[0] / 2, my(lat) - cy + cssSize[1] / 2] as [number, number]));
}
