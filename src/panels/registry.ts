import { createContext, useContext, type ComponentType } from 'react';
import type { I18nText } from '../../layers/types';

/**
 * A side-bar panel (a tab). To add one: write `src/panels/<name>/<Name>Panel.tsx`, export a
 * `PanelDefinition` from it, and add one import + one entry to `PANELS` in `src/panels/index.ts`.
 * The component reads and writes the app store (`useAppStore`), runs analyses with `runTask`
 * (src/workers/run-task.ts), draws results with `setResultLayer`, and takes map clicks with
 * `setMapClickMode`. Strings come from `useT()` (src/i18n).
 */
export interface PanelDefinition {
  /** Stable id, also used as the tab's test id `panel-tab-${id}`. */
  id: string;
  /** Tab label. */
  title: I18nText;
  /** Tabs are sorted by this; the layers panel is 0. */
  order: number;
  component: ComponentType;
  /**
   * Stays mounted (hidden) once opened, so leaving the tab and coming back keeps what it holds:
   * the fire panel's prepared network in its worker and its figures, the rule check's results.
   * Such a panel does what only the open tab should do (draggable markers, map clicks) only while
   * {@link usePanelActive} is true.
   */
  keepAlive?: boolean;
}

const PanelActive = createContext(true);
/** Provides {@link usePanelActive} to a panel (the side bar). */
export const PanelActiveProvider = PanelActive.Provider;
/** Whether the panel is the open tab (false while a {@link PanelDefinition.keepAlive} panel waits hidden). */
export function usePanelActive(): boolean {
  return useContext(PanelActive);
}

/** The panels sorted by `order` (stable for equal orders). */
export function sortPanels(panels: readonly PanelDefinition[]): PanelDefinition[] {
  const ids = new Set<string>();
  for (const p of panels) {
    if (ids.has(p.id)) throw new Error(`duplicate panel id ${p.id}`);
    ids.add(p.id);
  }
  return [...panels].sort((a, b) => a.order - b.order);
}

const TITLES = new Map<string, I18nText>();

/** Makes the panels' titles known by id (src/panels/index.ts, once), for what names a panel elsewhere. */
export function registerPanelTitles(panels: readonly PanelDefinition[]): void {
  for (const p of panels) TITLES.set(p.id, p.title);
}

/** A panel's tab title by id, or null when no such panel is registered. */
export function panelTitle(id: string): I18nText | null {
  return TITLES.get(id) ?? null;
}
