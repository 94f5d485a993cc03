import { create } from 'zustand';

/**
 * The swipe view of the compare tab: the map shows the active scenario left of a divider and
 * `scenarioId` right of it (null: off). `split` is the divider's place, 0…1 of the map's width.
 * A view choice, not part of the work (not saved, no undo step).
 */
export interface SwipeState {
  scenarioId: string | null;
  split: number;
  set(patch: Partial<Pick<SwipeState, 'scenarioId' | 'split'>>): void;
}

/** The swipe view's store. */
export const useSwipeStore = create<SwipeState>()((set) => ({
  scenarioId: null,
  split: 0.5,
  set: (patch) => set(patch),
}));

/** The divider's place for a pointer at `x` in a map `width` wide, kept 5 % off either edge. */
export function splitAt(x: number, width: number): number {
  if (!(width > 0)) return 0.5;
  return Math.min(0.95, Math.max(0.05, x / width));
}
