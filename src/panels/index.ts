import type { PanelDefinition } from './registry';
import { layersPanel } from './layers/LayersPanel';
import { hydrantsPanel } from './hydrants/HydrantsPanel';
import { kindergartensPanel } from './kindergartens/KindergartensPanel';
import { uncoveredPanel } from './uncovered/UncoveredPanel';

/** Every side-bar panel. Add one import + one entry per panel. */
export const PANELS: PanelDefinition[] = [
  layersPanel,
  hydrantsPanel,
  kindergartensPanel,
  uncoveredPanel,
];
