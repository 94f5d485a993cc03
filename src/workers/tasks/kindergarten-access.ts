import type { FeatureCollection, Point } from 'geojson';
import { kindergartenAccess, type KindergartenAccessInput, type KindergartenAccessOptions, type KindergartenAccessResult } from '../../../analysis/kindergarten-access';
import { columnText } from '../../../analysis/household-columns';
import { householdTownshipsOf, townshipName, TOWNSHIP_SOURCE_NAMES } from '../../../analysis/household-townships';
import { assertOptions } from '../../../analysis/params';
import { KINDERGARTEN_OPTION_FIELDS, KINDERGARTEN_PARAMS } from '../../../analysis/radii-params';
import type { TaskFn } from '../protocol';

export type KindergartenTaskOutput = KindergartenAccessResult & {
  /** Households outside every kindergarten's radius, for the map. */
  uncoveredGeoJson: FeatureCollection<Point, { id: string; township: string | null; townshipSource: '' | 'field' | 'polygon'; village: string | null; children: number }>;
};

/** Worker task: kindergarten radii, places and 2SFCA (analysis/kindergarten-access.ts), plus the uncovered households as points. */
export const kindergartenAccessTask: TaskFn<{ input: KindergartenAccessInput; options: KindergartenAccessOptions }, KindergartenTaskOutput> = (
  { input, options },
  progress,
) => {
  assertOptions('kindergartenAccess', KINDERGARTEN_PARAMS, KINDERGARTEN_OPTION_FIELDS, options as Record<string, unknown>);
  progress({ stage: 'kindergarten-access' });
  const r = kindergartenAccess(input, options);
  const hh = input.households;
  // the township as the figures by township found it (its column, else the polygon it lies in)
  const tw = householdTownshipsOf(hh, input.townships);
  const features: KindergartenTaskOutput['uncoveredGeoJson']['features'] = [];
  for (let i = 0; i < hh.count; i++) {
    if (r.covered[i] || !Number.isFinite(hh.lon[i]) || !Number.isFinite(hh.lat[i])) continue;
    features.push({
      type: 'Feature',
      properties: {
        id: hh.ids[i],
        township: townshipName(tw, i) || null,
        townshipSource: tw ? TOWNSHIP_SOURCE_NAMES[tw.source[i]] : '',
        village: columnText(hh.columns.village, i),
        children: Math.round(r.children3to5[i] * 100) / 100,
      },
      geometry: { type: 'Point', coordinates: [hh.lon[i], hh.lat[i]] },
    });
  }
  return { ...r, uncoveredGeoJson: { type: 'FeatureCollection', features } };
};
