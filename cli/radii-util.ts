import type { FeatureCollection, Geometry } from 'geojson';
import type { ColumnLayerData, LayerData, Project, ValidationReport } from '../layers/types.ts';
import type { ParamDef } from '../analysis/params.ts';
import { loadProjectDir } from './load-project-dir.ts';

type FC = FeatureCollection<Geometry | null, Record<string, unknown>>;

/** A GeoJSON layer's FeatureCollection, or undefined when the layer is missing or columnar. */
export function fcOf(l: LayerData | undefined): FC | undefined {
  return l && l.kind === 'geojson' ? (l.data as FC) : undefined;
}

/** The households layer, or an empty one. */
export function householdsOf(project: Project): ColumnLayerData {
  const h = project.layers.households;
  if (h && h.kind === 'columns') return h;
  return { kind: 'columns', id: 'households', count: 0, lon: new Float64Array(0), lat: new Float64Array(0), ids: [], columns: {} };
}

/** Load a project folder and report load errors on stderr (the analysis still runs on the valid part). */
export async function loadForAnalysis(dir: string, who: string): Promise<{ project: Project; report: ValidationReport; loadErrors: number }> {
  const { project, report } = await loadProjectDir(dir);
  const loadErrors = report.issues.filter((i) => i.severity === 'error').length;
  if (loadErrors > 0) console.error(`${who}: ${loadErrors} load error(s) in ${dir}; run \`npm run analyze -- validate --data ${dir}\` for the list`);
  return { project, report, loadErrors };
}

/** Throw on an option that no parameter list knows. */
export function checkOptions(who: string, options: Record<string, string>, defs: readonly ParamDef[], extra: string[] = []): void {
  const known = new Set([...defs.map((d) => d.key), ...extra]);
  for (const k of Object.keys(options)) {
    if (!known.has(k)) throw new Error(`${who}: unknown option --${k}. Options: ${[...known].join(', ')}`);
  }
}

/** The parameters as written to the output: value used, default, unit, source. */
export function paramsOut(defs: readonly ParamDef[], ...overrides: (Record<string, unknown> | undefined)[]) {
  return defs.map((d) => {
    let value: unknown = d.value;
    for (const o of overrides) if (o && o[d.key] !== undefined) value = o[d.key];
    return { key: d.key, value, default: d.value, unit: d.unit, source: d.source, confirm: d.confirm ?? false };
  });
}

export const round = (v: number, d = 1) => (Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : v);
