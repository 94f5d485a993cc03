/**
 * Rounds the parts of a total to `decimals` places so that they add up to the total rounded the
 * same way (largest remainder): each part is first rounded down, then the parts that lost most
 * get one unit of the last place until the sum is the rounded total. Every part is its value
 * rounded down or up, never further, and its plain rounding wherever the total allows. Non-finite
 * parts stay as they are and are left out of the sum.
 *
 * Why: a table whose rows are rounded one by one may not add up to its rounded 合计 row (the
 * demo's province subsidy by township: rows 720.90 万元, total 720.91).
 *
 * @param parts - the unrounded parts (e.g. yuan ÷ 10,000 per township)
 * @param total - their unrounded total (the 合计 / county row), usually the sum of the parts
 * @param decimals - places to keep (2 for 万元)
 * @returns the rounded parts, in order
 * @example roundToTotal([0.333, 0.333, 0.334], 1, 1) // [0.3, 0.3, 0.4]
 */
export function roundToTotal(parts: readonly number[], total: number, decimals: number): number[] {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 12) throw new Error('roundToTotal: decimals must be an integer 0–12');
  const k = 10 ** decimals;
  const out = parts.map((v) => (Number.isFinite(v) ? Math.floor(v * k + 1e-9) : v));
  if (!Number.isFinite(total)) return parts.map((v) => (Number.isFinite(v) ? Math.round(v * k) / k : v));
  let missing = Math.round(total * k) - out.reduce((a, v) => (Number.isFinite(v) ? a + v : a), 0);
  const order = parts
    .map((v, i) => ({ i, rem: Number.isFinite(v) ? v * k - out[i] : -Infinity }))
    .filter((x) => x.rem > -Infinity)
    .sort((a, b) => b.rem - a.rem || a.i - b.i);
  // one unit to the largest remainders (or, if the total is below the parts' floors, one off the smallest)
  for (let j = 0; missing > 0 && j < order.length; j++, missing--) out[order[j].i] += 1;
  for (let j = order.length - 1; missing < 0 && j >= 0; j--, missing++) out[order[j].i] -= 1;
  return out.map((v) => (Number.isFinite(v) ? v / k : v));
}
