// (d) Fire: pgr_drivingDistance / pgr_withPointsDD on the engine network — not built yet (session 15
// ran out of time); the row says so instead of a figure. See docs/peers.md, "Left".
import { rows } from './table.ts';

export function fireSection(county: string): void {
  rows.push({ county, figure: 'd. fire 5-min reach (pgRouting)', ours: '—', peer: 'not run', diff: 'not built yet (docs/peers.md)' });
}
