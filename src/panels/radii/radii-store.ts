import { create } from 'zustand';
import type { HydrantGapsResult } from '../../../analysis/hydrant-gaps';
import type { UncoveredHouseholdsResult, ServiceId } from '../../../analysis/uncovered-households';
import { SERVICES } from '../../../analysis/uncovered-households';
import type { KindergartenTaskOutput } from '../../workers/tasks/kindergarten-access';
import type { KeyedResult } from '../../state/result-key';

/** The uncovered-households filter as the panel holds it (empty string = no filter). */
export interface UncoveredFilterUi {
  township: string;
  village: string;
  heating: string;
  lowIncome: string;
  services: ServiceId[];
}

/**
 * State of the hydrant, kindergarten and uncovered-household panels: the last results, each with
 * the key (data, params, edits) it was computed for (see src/state/result-key.ts), kept while the
 * user switches tabs. A result whose key no longer matches the project is shown as stale, never as
 * current. Parameters are not here: they live in the project's `params`.
 */
export interface RadiiState {
  projectRevision: number;
  hydrant: KeyedResult<HydrantGapsResult> | null;
  hydrantAccepted: number | null;
  kg: KeyedResult<KindergartenTaskOutput> | null;
  uncoveredWithFire: boolean;
  uncovered: KeyedResult<UncoveredHouseholdsResult> | null;
  uncoveredFilter: UncoveredFilterUi;
  set(patch: Partial<Omit<RadiiState, 'set' | 'forProject'>>): void;
  /** A new project revision (an open, an import, an undo): forgets the view choices; results stay, keyed. */
  forProject(revision: number): void;
}

const initial = {
  projectRevision: -1,
  hydrant: null,
  hydrantAccepted: null,
  kg: null,
  uncoveredWithFire: true,
  uncovered: null,
  uncoveredFilter: { township: '', village: '', heating: '', lowIncome: '', services: [...SERVICES] },
};

/** The radii panels' store (results and choices survive tab switches). */
export const useRadiiStore = create<RadiiState>()((set, get) => ({
  ...initial,
  set: (patch) => set(patch),
  forProject: (revision) => {
    const s = get();
    if (s.projectRevision !== revision) set({ ...initial, hydrant: s.hydrant, kg: s.kg, uncovered: s.uncovered, uncoveredWithFire: s.uncoveredWithFire, projectRevision: revision });
  },
}));
