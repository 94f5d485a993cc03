import type { FacilityEdit } from '../../../analysis/scenarios';
import type { FireSitePick } from '../../../analysis/site-fire-stations';
import type { KindergartenSitePick } from '../../../analysis/site-kindergartens';

/** The picks of a siting, as the panel holds them. */
export type SitingPicks = { facility: 'fire'; fire: { picks: readonly FireSitePick[] } } | { facility: 'kindergarten'; kindergarten: { picks: readonly KindergartenSitePick[] } };

/**
 * The scenario edits that adopt the picks (采纳为方案): new proposed level-1 fire stations, or public
 * kindergartens, by the pick id (`SITE-<id>`), each standing on the pick's lon/lat as sited — every
 * digit of the float64, so fire on the scenario reaches what the siting counted (session 20).
 *
 * @param result - the siting result
 * @param names - the adopted facility's name by rank (the panel's language)
 * @example adoptionEdits({ facility: 'fire', fire: { picks } }, { station: (r) => `选址站${r}`, kindergarten: (r) => `选址园${r}` })
 */
export function adoptionEdits(result: SitingPicks, names: { station: (rank: number) => string; kindergarten: (rank: number) => string }): FacilityEdit[] {
  return result.facility === 'fire'
    ? result.fire.picks.map((p) => ({ op: 'add', layer: 'fireStations', id: `SITE-${p.id}`, lon: p.lon, lat: p.lat, properties: { name: names.station(p.rank), status: 'proposed', level: 'level1' } }))
    : result.kindergarten.picks.map((p) => ({ op: 'add', layer: 'kindergartens', id: `SITE-${p.id}`, lon: p.lon, lat: p.lat, properties: { name: names.kindergarten(p.rank), ownership: 'public', township: p.township } }));
}
