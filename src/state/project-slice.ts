import type { Project, ValidationReport } from '../../layers/types';

/** The loaded project, its validation report, and the loading status. */
export interface ProjectState {
  project: Project | null;
  report: ValidationReport | null;
  status: 'idle' | 'loading' | 'ready' | 'error';
  /** Progress stage while loading, or the error message. */
  message: string | null;
  /** Increments on every successful load, so views can tell a new project from the same one. */
  revision: number;
}

/** Nothing loaded yet. */
export function emptyProjectState(): ProjectState {
  return { project: null, report: null, status: 'idle', message: null, revision: 0 };
}

/** Marks a load in progress; the current project stays shown until the new one is ready. */
export function projectLoading(state: ProjectState, p: { message: string | null }): ProjectState {
  return { ...state, status: 'loading', message: p.message };
}

/** Stores a loaded project and its report. */
export function projectLoaded(state: ProjectState, p: { project: Project; report: ValidationReport }): ProjectState {
  return { project: p.project, report: p.report, status: 'ready', message: null, revision: state.revision + 1 };
}

/**
 * Replaces the open project by an edit of it that keeps every layer (e.g. a params entry such as
 * the fire what-if scenario): the report and the revision stay, so views keyed on the revision
 * (map sources, the database) are not reloaded. The history and the saving still see a new project.
 */
export function projectEdited(state: ProjectState, p: { project: Project }): ProjectState {
  if (!state.project) return state;
  return { ...state, project: p.project };
}

/** Records a failed load; the previous project (if any) is kept unchanged. */
export function projectFailed(state: ProjectState, p: { message: string }): ProjectState {
  return { ...state, status: 'error', message: p.message };
}
