import { create } from 'zustand';
import type { PlotReviewResult } from '../../../analysis/plot-review';
import type { SitingTaskOutput } from '../../workers/tasks/site-facilities';

/** What the siting panel lets the user choose. */
export interface SitingChoices {
  facility: 'fire' | 'kindergarten';
  count: number;
  spacing: number;
  objective: 'households' | 'built-up';
  area: 'county' | 'built-up';
  /** Exact solver time limit, s. */
  timeLimit: number;
  /** Siting model (kindergartens: mclp or lscp). */
  model: 'mclp' | 'lscp' | 'backup' | 'mexclp';
  /** LSCP target, % of all households / built-up area / children. */
  share: number;
  /** Kindergartens: places per new site (0 = no limit). */
  capacity: number;
}

/**
 * State of the siting and plot-review panels: choices and last results, kept across tab
 * switches and cleared when another project is opened (`projectRevision`).
 */
export interface SitingState {
  projectRevision: number;
  choices: SitingChoices | null;
  siting: SitingTaskOutput | null;
  statedTotal: string | null;
  withFire: boolean;
  plots: PlotReviewResult | null;
  set(patch: Partial<Omit<SitingState, 'set' | 'forProject'>>): void;
  forProject(revision: number): void;
}

const initial = { projectRevision: -1, choices: null, siting: null, statedTotal: null, withFire: true, plots: null };

/** The siting / plot-review store. */
export const useSitingStore = create<SitingState>()((set, get) => ({
  ...initial,
  set: (patch) => set(patch),
  forProject: (revision) => {
    if (get().projectRevision !== revision) set({ ...initial, projectRevision: revision });
  },
}));
