import { LAYER_LIST } from '../../layers/index';
import { isOsmPbfName, matchLayerFile, OSM_PBF_LAYERS } from '../../layers/load/index';
import type { LayerId, LayerLoadCounts, Project, ValidationIssue, ValidationReport } from '../../layers/types';
import { projectJsonFindings } from '../../layers/load/project-findings';
import { LEDGER_FILE_PREFIX } from '../../layers/load/ledger/folder-ledgers';
import { projectParamProblems, scenarioParamProblems } from '../../analysis/project-params';
import type { ParamDef } from '../../analysis/params';

/**
 * What an import will do. `merge`: the files are named after contract layers and replace only
 * those layers of the current project. `replace`: a project.json, a folder, or no open project:
 * the loaded project replaces the current one.
 */
export interface ImportPlan {
  mode: 'merge' | 'replace';
  /** Layers that files were given for (in registry order). */
  layers: LayerId[];
  /** File names that are neither a contract layer file nor project.json. */
  unknown: string[];
}

/** A loader result: the project and its validation report. */
export interface Loaded {
  project: Project;
  report: ValidationReport;
}

function baseName(name: string): string {
  const parts = name.replace(/\\/g, '/').split('/');
  return parts[parts.length - 1].toLowerCase();
}

const JUNK = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|desktop\.ini$|\._)/i;

/**
 * Decides how picked files are imported.
 * @param names - the picked files' names (a relative path when a folder was picked)
 * @param hasProject - whether a project is open now
 * @returns the plan: replace when a project.json or a folder path is among the names or nothing is open, merge by layer otherwise
 * @example planImport(['hydrants.geojson'], true) // { mode: 'merge', layers: ['hydrants'], unknown: [] }
 */
export function planImport(names: readonly string[], hasProject: boolean): ImportPlan {
  const found = new Set<LayerId>();
  const unknown: string[] = [];
  let folder = false;
  const projectJson = names.some((n) => baseName(n) === 'project.json');
  for (const n of names) {
    if (JUNK.test(n.replace(/\\/g, '/'))) continue;
    if (/[\\/]/.test(n)) folder = true;
    if (baseName(n) === 'project.json') continue;
    const m = matchLayerFile(n);
    if (m) found.add(m.def.id);
    else if (isOsmPbfName(n)) OSM_PBF_LAYERS.forEach((id) => found.add(id));
    // an imported ledger 导出项目 wrote beside project.json: the loader reads it (project.json `tables`) or notes it as left out
    else if (projectJson && baseName(n).startsWith(LEDGER_FILE_PREFIX) && baseName(n).endsWith('.csv')) continue;
    else unknown.push(n);
  }
  const layers = LAYER_LIST.filter((d) => found.has(d.id)).map((d) => d.id);
  return { mode: projectJson || folder || !hasProject ? 'replace' : 'merge', layers, unknown };
}

/** The layer a file name belongs to, or null. */
export function layerOfFile(name: string): LayerId | null {
  return matchLayerFile(name)?.def.id ?? null;
}

/** True when the report has errors or warnings (info alone does not need the user). */
export function needsReview(report: ValidationReport): boolean {
  return report.issues.some((i) => i.severity === 'error' || i.severity === 'warning');
}

/**
 * The layers of a load that are worth applying: something was loaded (or kept unlocated), or the
 * file was read without error and is simply empty. A file that could not be read, or whose every
 * feature was rejected, is not applied, so it never wipes the layer it was meant for.
 */
export function usableLayers(plan: ImportPlan, loaded: ValidationReport): LayerId[] {
  return plan.layers.filter((id) => {
    const c: LayerLoadCounts | undefined = loaded.counts[id];
    if (!c) return false;
    if (c.loaded + c.unlocated > 0) return true;
    const failed = loaded.issues.some((i) => i.severity === 'error' && layerOfFile(i.file) === id);
    return c.read === 0 && !failed;
  });
}

/**
 * The project after a merge import: the given layers taken from the loaded project, every other
 * layer, name and parameter kept (by reference). The report drops the replaced layers' old issues
 * and counts and takes the new ones. Pure: neither input is changed.
 * @param current - the open project and its report
 * @param loaded - the loader's result for the imported files
 * @param layers - the layers to take from `loaded`
 */
export function mergeImport(current: Loaded, loaded: Loaded, layers: readonly LayerId[]): Loaded {
  if (layers.length === 0) return current;
  const take = new Set<LayerId>(layers);
  const project: Project = { ...current.project, layers: { ...current.project.layers } };
  for (const id of take) project.layers[id] = loaded.project.layers[id];
  const ofTaken = (i: ValidationIssue) => {
    const l = layerOfFile(i.file);
    return l !== null && take.has(l);
  };
  const counts = { ...current.report.counts };
  for (const id of take) {
    const c = loaded.report.counts[id];
    if (c) counts[id] = c;
    else delete counts[id];
  }
  const report: ValidationReport = {
    issues: [...current.report.issues.filter((i) => !ofTaken(i)), ...loaded.report.issues.filter(ofTaken)],
    counts,
  };
  return { project, report };
}

/**
 * What project.json would hold that does nothing once the import is applied ({@link projectJsonFindings}:
 * params keys nothing reads, scenario edits of facilities the data does not hold), to be shown
 * before it is applied. Replace: the loaded project's params values the analyses refuse (errors,
 * as the layers panel lists them) and every finding. Merge (params unchanged): the findings the
 * merged project would have and the open one has not — e.g. the edits of a scenario that name
 * stations a fire-station file imported again no longer holds.
 * @param current - the open project (merge), or null
 * @param loaded - the loader's result
 * @param layers - the layers a merge would take (usableLayers)
 * @param extra - parameters read outside analysis/ (INDICATOR_PARAMS)
 */
export function importFindings(mode: ImportPlan['mode'], current: Project | null, loaded: Loaded, layers: readonly LayerId[], extra: readonly ParamDef[]): ValidationIssue[] {
  if (mode === 'replace' || !current) {
    // values the analyses would refuse (the project's params and each scenario's), then what does nothing
    const p = loaded.project;
    const scenarioIndex = (name: string) => p.scenarios?.list.findIndex((sc) => sc.name === name) ?? -1;
    const refused: ValidationIssue[] = [...projectParamProblems(p.params, extra), ...scenarioParamProblems(p.scenarios, extra)].map((q) => ({
      severity: 'error',
      code: 'param-refused',
      file: 'project.json',
      field: q.origin.kind === 'scenario' ? `scenarios.list[${scenarioIndex(q.origin.scenario)}].params.${q.key}` : `params.${q.key}`,
      message: q.message,
    }));
    return [...refused, ...projectJsonFindings(p, extra)];
  }
  if (layers.length === 0) return [];
  const after: Project = { ...current, layers: { ...current.layers } };
  for (const id of layers) after.layers[id] = loaded.project.layers[id];
  const key = (i: ValidationIssue) => `${i.code}\u0000${i.field ?? ''}\u0000${i.message.en}`;
  const before = new Set(projectJsonFindings(current, extra).map(key));
  return projectJsonFindings(after, extra).filter((i) => !before.has(key(i)));
}

/** A file whose coordinates the loader could not place, and what the user is asked. */
export interface CrsQuestion {
  file: string;
  kind: 'crs' | 'swap';
  /** The EPSG code the loader's message suggests, e.g. 'EPSG:4527', or ''. */
  suggested: string;
}

/** The coordinate questions of a report: projected metres (which CRS?) or swapped lat/lon. */
export function crsQuestions(report: ValidationReport): CrsQuestion[] {
  const out: CrsQuestion[] = [];
  for (const i of report.issues) {
    if (out.some((q) => q.file === i.file)) continue;
    if (i.code === 'projected-coordinates') {
      const m = /EPSG:(\d{4,5})/.exec(i.message.en);
      out.push({ file: i.file, kind: 'crs', suggested: m ? `EPSG:${m[1]}` : '' });
    } else if (i.code === 'swapped-coordinates') {
      out.push({ file: i.file, kind: 'swap', suggested: '' });
    }
  }
  return out;
}

/** The contract's layer file names, for the message about unknown names. */
export function contractFileNames(): string[] {
  return ['project.json', ...LAYER_LIST.flatMap((d) => (d.csv ? [`${d.file}.geojson`, `${d.file}.csv`] : [`${d.file}.geojson`]))];
}
