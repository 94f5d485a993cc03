import { barriers } from './barriers.ts';
import { builtUp } from './built-up.ts';
import { dualConversionAreas } from './dual-conversion-areas.ts';
import { fireDistricts } from './fire-districts.ts';
import { fireLanes } from './fire-lanes.ts';
import { fireStations } from './fire-stations.ts';
import { households } from './households.ts';
import { hydrants } from './hydrants.ts';
import { kindergartens } from './kindergartens.ts';
import { reservePlots } from './reserve-plots.ts';
import { roads } from './roads.ts';
import { servicePoints } from './service-points.ts';
import { townships } from './townships.ts';
import type { LayerDefinition, LayerId } from './types.ts';

/** Every layer of the data contract, by id. The only place layers are listed. */
export const LAYERS = {
  townships,
  builtUp,
  roads,
  fireStations,
  hydrants,
  kindergartens,
  households,
  reservePlots,
  dualConversionAreas,
  servicePoints,
  fireDistricts,
  barriers,
  fireLanes,
} satisfies Record<LayerId, LayerDefinition>;

/** The layers in draw order (lowest `order` first, i.e. drawn at the bottom). */
export const LAYER_LIST: readonly LayerDefinition[] = Object.values(LAYERS).sort((a, b) => a.order - b.order);

/** All layer ids, in draw order. */
export const LAYER_IDS: readonly LayerId[] = LAYER_LIST.map((d) => d.id);

export type { LayerDefinition, LayerId } from './types.ts';
