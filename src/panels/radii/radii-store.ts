import { create } from 'zustand';
import type { HydrantGapsResult } from '../../../analysis/hydrant-gaps';
import type { UncoveredHouseholdsResult, ServiceId } from '../../../analysis/uncovered-households';
import { SERVICES } from '../../../analysis/uncovered-households';
import type { KindergartenTaskOutput } from '../../workers/tasks/kindergarten-access';

/** The uncovered-households filter as the panel holds it (empty string = no filter). */
export interface UncoveredFilterUi {
  township: string;
  village: string;
  heating: string;
  lowIncome: string;
  services: ServiceId[];
}

/**
 * State of the hydrant, kindergarten and uncovered-household panels: the parameters the user set
 * and the last results, kept while the user switches tabs. `projectRevision` ties results to the
 * project they were computed for (a new project clears them).
 */
export interface RadiiState {
  projectRevision: number;
  hydrantParams: Record<string, number | boolean> | null;
  hydrantResult: HydrantGapsResult | null;
  hydrantAccepted: number | null;
  kgParams: Record<string, number> | null;
  kgResult: KindergartenTaskOutput | null;
  uncoveredWithFire: boolean;
  uncoveredResult: UncoveredHouseholdsResult | null;
  uncoveredFilter: UncoveredFilterUi;
  set(patch: Partial<Omit<RadiiState, 'set' | 'forProject'>>): void;
  /** Clears results when the project revision changed (a new project was opened). */
  forProject(revision: number): void;
}

const initial = {
  projectRevision: -1,
  hydrantParams: null,
  hydrantResult: null,
  hydrantAccepted: null,
  kgParams: null,
  kgResult: null,
  uncoveredWithFire: true,
  uncoveredResult: null,
  uncoveredFilter: { township: '', village: '', heating: '', lowIncome: '', services: [...SERVICES] },
};

/** The radii panels' store (results and choices survive tab switches). */
export const useRadiiStore = create<RadiiState>()((set, get) => ({
  ...initial,
  set: (patch) => set(patch),
  forProject: (revision) => {
    if (get().projectRevision !== revision) set({ ...initial, projectRevision: revision });
  },
}));
