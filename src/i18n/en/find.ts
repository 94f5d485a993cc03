import type zh from '../zh/find';

/** Finding things on the map: search box, measure tool. */
const find: typeof zh = {
  searchLabel: 'Search the map',
  searchPlaceholder: 'Search: facility, road, village, township, plot ID or coordinates',
  noMatch: 'Nothing found',
  position: (lon: string, lat: string) => `Position ${lon}, ${lat}`,
  lonLat: 'Longitude/latitude',
  gk: (cm: number) => `CGCS2000 Gauss-Krüger (central meridian ${cm}°)`,
  features: (n: number) => `${n} features`,
  measure: 'Measure',
  measureDistance: 'Distance',
  measureArea: 'Area',
  measureHintLine: 'Distance: click the map to add points',
  measureHintArea: 'Area: click the map to add corners',
  measureClear: 'Clear measurement',
  distance: (text: string) => `Distance ${text}`,
  area: (m2: string, mu: string) => `Area ${m2} m² (${mu} mu)`,
  metres: (v: string) => `${v} m`,
  kilometres: (v: string) => `${v} km`,
  uncoveredByVillage: 'By village (click a row to see it on the map)',
  villageCol: 'Village',
  townshipCol: 'Township',
  householdsCol: 'Households',
  blank: '(blank)',
};
export default find;
