/**
 * Which demand each candidate site covers, in compressed sparse row form: candidate `c` covers
 * the demand indices `demand[offset[c]] … demand[offset[c + 1] - 1]` (each at most once).
 */
export interface SparseCoverage {
  candidateCount: number;
  demandCount: number;
  /** Length candidateCount + 1, non-decreasing, offset[0] = 0. */
  offset: Int32Array;
  demand: Int32Array;
}

/** Check a coverage structure; throws naming the first problem. */
export function checkCoverage(coverage: SparseCoverage, who = 'coverage'): void {
  if (!coverage || !(coverage.offset instanceof Int32Array) || !(coverage.demand instanceof Int32Array)) {
    throw new Error(`${who}: offset and demand must be Int32Arrays`);
  }
  const { candidateCount: m, demandCount: n, offset, demand } = coverage;
  if (!Number.isInteger(m) || m < 0 || !Number.isInteger(n) || n < 0) throw new Error(`${who}: candidateCount and demandCount must be integers ≥ 0`);
  if (offset.length !== m + 1 || offset[0] !== 0 || offset[m] !== demand.length) throw new Error(`${who}: offset must have candidateCount + 1 entries from 0 to demand.length`);
  for (let c = 0; c < m; c++) if (offset[c + 1] < offset[c]) throw new Error(`${who}: offset must not decrease (candidate ${c})`);
  for (let k = 0; k < demand.length; k++) {
    const d = demand[k];
    if (d < 0 || d >= n) throw new Error(`${who}: demand index ${d} out of range 0…${n - 1}`);
  }
}
