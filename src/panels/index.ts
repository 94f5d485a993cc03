import { registerPanelTitles, type PanelDefinition } from './registry';
import { layersPanel } from './layers/LayersPanel';
import { firePanel } from './fire/FirePanel';
import { hydrantsPanel } from './hydrants/HydrantsPanel';
import { kindergartensPanel } from './kindergartens/KindergartensPanel';
import { uncoveredPanel } from './uncovered/UncoveredPanel';
import { sitingPanel } from './siting/SitingPanel';
import { plotsPanel } from './plots/PlotsPanel';
import { rulesPanel } from './rules/RulesPanel';
import { comparePanel } from './compare/ComparePanel';
import { indicatorsPanel } from './indicators/IndicatorsPanel';
import { tablesPanel } from './tables/TablesPanel';
import { sqlPanel } from './sql/SqlPanel';

/** Every side-bar panel. Add one import + one entry per panel. */
export const PANELS: PanelDefinition[] = [
  layersPanel,
  firePanel,
  hydrantsPanel,
  kindergartensPanel,
  uncoveredPanel,
  sitingPanel,
  plotsPanel,
  rulesPanel,
  comparePanel,
  indicatorsPanel,
  tablesPanel,
  sqlPanel,
];

registerPanelTitles(PANELS);
