// The peers bench's table: one row per figure, ours against the peer's.

/** One line of the table: a figure, ours, the peer's, their difference, the objects that differ, times. */
export interface PeerRow {
  county: string;
  figure: string;
  ours: string | number;
  peer: string | number;
  diff: string;
  differing?: string;
  oursMs?: number;
  peerMs?: number;
}
export const rows: PeerRow[] = [];

export function timed<T>(fn: () => T): { value: T; ms: number } {
  const t0 = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t0 };
}

/** Two id sets: the counts, and the first few ids in only one of them. */
export function compareSets(county: string, figure: string, ours: Iterable<string>, peer: Iterable<string>, oursMs?: number, peerMs?: number): void {
  const a = new Set(ours);
  const b = new Set(peer);
  const onlyOurs = [...a].filter((x) => !b.has(x));
  const onlyPeer = [...b].filter((x) => !a.has(x));
  const differing = onlyOurs.length + onlyPeer.length === 0 ? '' : `only ours ${onlyOurs.length} [${onlyOurs.slice(0, 5).join(' ')}]; only peer ${onlyPeer.length} [${onlyPeer.slice(0, 5).join(' ')}]`;
  rows.push({ county, figure, ours: a.size, peer: b.size, diff: String(a.size - b.size), differing, oursMs, peerMs });
}

export function compareNumbers(county: string, figure: string, ours: number, peer: number, digits: number, oursMs?: number, peerMs?: number, differing?: string): void {
  const d = ours - peer;
  rows.push({ county, figure, ours: ours.toFixed(digits), peer: peer.toFixed(digits), diff: `${d >= 0 ? '+' : ''}${d.toFixed(digits)}${peer !== 0 ? ` (${((d / peer) * 100).toFixed(3)} %)` : ''}`, differing, oursMs, peerMs });
}

