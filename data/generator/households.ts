import { Rng } from './prng.ts';
import { SEAT_RECT, type Layout } from './layout.ts';

export const HEATING = ['gas', 'electric', 'clean_coal', 'other'] as const;
export const LOW_INCOME = ['', '特困', '低保', '其他低收入'] as const;
export const GRADE = ['', 'C', 'D'] as const;

/** Household columns in local metres; codes index HEATING / LOW_INCOME / GRADE; NaN = empty. */
export interface Households {
  count: number;
  x: Float64Array;
  y: Float64Array;
  settlement: Int32Array;
  persons: Uint8Array;
  heating: Uint8Array;
  children: Uint8Array;
  lowIncome: Uint8Array;
  grade: Uint8Array;
  floorArea: Float64Array;
  coal: Float64Array;
  /** 0 false, 1 true, 255 empty. */
  coAlarm: Uint8Array;
}

const PERSONS_WEIGHTS = [0, 0.11, 0.24, 0.22, 0.21, 0.13, 0.06, 0.03];

/**
 * Household points with their attributes, settlement by settlement: villages clustered in their
 * disk, the county seat spread over its blocks. Heating follows the settlement's type (双代
 * villages mostly gas/electric with clean-coal exception households; mountain villages clean coal;
 * towns a mix with some "other").
 */
export function buildHouseholds(rng: Rng, layout: Layout): Households {
  const count = layout.settlements.reduce((a, s) => a + s.households, 0);
  const h: Households = {
    count,
    x: new Float64Array(count),
    y: new Float64Array(count),
    settlement: new Int32Array(count),
    persons: new Uint8Array(count),
    heating: new Uint8Array(count),
    children: new Uint8Array(count),
    lowIncome: new Uint8Array(count),
    grade: new Uint8Array(count),
    floorArea: new Float64Array(count).fill(NaN),
    coal: new Float64Array(count).fill(NaN),
    coAlarm: new Uint8Array(count).fill(255),
  };
  let i = 0;
  for (const s of layout.settlements) {
    const heatW: Record<string, number[]> = {
      gas: [0.93, 0.01, 0.05, 0.01],
      electric: [0.01, 0.93, 0.05, 0.01],
      mixed: [0.55, 0.39, 0.05, 0.01],
      clean_coal: [0, 0, 0.97, 0.03],
      town: [0.6, 0.1, 0.02, 0.28],
    };
    const weights = heatW[s.heating];
    for (let k = 0; k < s.households; k++, i++) {
      if (s.kind === 'seat') {
        h.x[i] = rng.range(SEAT_RECT.x0 + 40, SEAT_RECT.x1 - 40);
        h.y[i] = rng.range(SEAT_RECT.y0 + 40, SEAT_RECT.y1 - 40);
      } else {
        const rr = s.r * Math.sqrt(rng.next());
        const a = rng.range(0, 2 * Math.PI);
        h.x[i] = s.cx + rr * Math.cos(a);
        h.y[i] = s.cy + rr * Math.sin(a);
      }
      h.settlement[i] = s.index;
      const persons = rng.pick(PERSONS_WEIGHTS);
      h.persons[i] = persons;
      const heating = rng.pick(weights);
      h.heating[i] = heating;
      const c = rng.next();
      h.children[i] = c < 0.092 ? 1 : c < 0.099 ? 2 : 0;
      const li = rng.next();
      const low = li < 0.005 ? 1 : li < 0.025 ? 2 : li < 0.035 ? 3 : 0;
      h.lowIncome[i] = low;
      if (s.kind === 'village' && rng.chance(low ? 0.08 : 0.0015)) {
        h.grade[i] = rng.chance(0.35) ? 2 : 1;
        h.floorArea[i] = floorArea(rng, persons);
      }
      if (HEATING[heating] === 'clean_coal') {
        h.coal[i] = rng.chance(0.05) ? Math.round(rng.range(2.1, 3.5) * 10) / 10 : Math.round(rng.range(1, 2) * 10) / 10;
        const a = rng.next();
        h.coAlarm[i] = a < 0.95 ? 1 : a < 0.985 ? 0 : 255;
      }
    }
  }
  return h;
}

/**
 * Planned floor area for a graded house: mostly by the rule of seed 000 (1–3 persons ≤ 60 m²,
 * 1 person ≥ 30 m²; more than 3 persons 13–18 m² per person), about 6% breaking it.
 */
function floorArea(rng: Rng, persons: number): number {
  const breaks = rng.chance(0.06);
  let a: number;
  if (persons <= 3) a = breaks ? rng.range(62, 80) : rng.range(persons === 1 ? 30 : 40, 60);
  else a = persons * (breaks ? (rng.chance(0.5) ? rng.range(19, 22) : rng.range(10, 12.5)) : rng.range(13, 18));
  return Math.round(a * 10) / 10;
}
