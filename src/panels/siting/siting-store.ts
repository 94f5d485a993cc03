import { create } from 'zustand';
import type { PlotReviewResult } from '../../../analysis/plot-review';
import type { SitingTaskOutput } from '../../workers/tasks/site-facilities';
import type { KeyedResult } from '../../state/result-key';

/** The kind of facility the siting panel places (its parameters live in the project's params). */
export type SitingFacility = 'fire' | 'kindergarten';

/**
 * State of the siting and plot-review panels: choices and last results, kept across tab
 * switches. Each result carries the key it was computed for (src/state/result-key.ts) and stays,
 * shown as stale, when the project changes.
 */
export interface SitingState {
  projectRevision: number;
  facility: SitingFacility;
  siting: KeyedResult<SitingTaskOutput> | null;
  withFire: boolean;
  plots: KeyedResult<PlotReviewResult> | null;
  /** The stated total typed but not yet committed to the project's params (null: none). */
  statedTotal: string | null;
  /** Fire: also solve P = 1 … curveTo for the coverage-vs-P curve (0: no curve). */
  curveTo: number;
  /** Fire: the plan is shown and its coverage-vs-P curve is still being solved (a second run). */
  curvePending: boolean;
  /** Candidate sites clicked on the map (kept with the panel, not in the project). */
  userSites: { id: string; lon: number; lat: number }[];
  set(patch: Partial<Omit<SitingState, 'set' | 'forProject'>>): void;
  forProject(revision: number): void;
}

/** Curve by default to P = 10 (the figures go to 10). */
const CURVE_TO = 10;
const initial = { projectRevision: -1, facility: 'fire' as SitingFacility, siting: null, statedTotal: null, withFire: true, plots: null, curveTo: CURVE_TO, curvePending: false, userSites: [] as { id: string; lon: number; lat: number }[] };

/** The siting / plot-review store. */
export const useSitingStore = create<SitingState>()((set, get) => ({
  ...initial,
  set: (patch) => set(patch),
  forProject: (revision) => {
    const s = get();
    if (s.projectRevision !== revision) set({ ...initial, facility: s.facility, siting: s.siting, plots: s.plots, withFire: s.withFire, curveTo: s.curveTo, userSites: s.userSites, projectRevision: revision });
  },
}));
