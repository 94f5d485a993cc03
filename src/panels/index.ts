import type { PanelDefinition } from './registry';
import { layersPanel } from './layers/LayersPanel';

/** Every side-bar panel. Add one import + one entry per panel. */
export const PANELS: PanelDefinition[] = [
  layersPanel,
];
