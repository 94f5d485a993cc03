import type { XY } from './geometry.ts';
import { SEAT_RECT } from './layout.ts';
import { SEAT_X, SEAT_Y } from './roads.ts';
import type { Feat } from './facilities.ts';

/** A line in local metres with its properties (barriers). */
export interface LineFeat {
  coords: XY[];
  properties: Record<string, string | number | boolean | null>;
}

const rect = (x0: number, y0: number, x1: number, y1: number): XY[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
];

/**
 * Official districts of the two seat stations (invented for the demo; the seeds give none): FS-01
 * the county seat south of 恒山路 and its southern edge, FS-02 (planned) the seat north of 恒山路
 * and its northern edge. Both are larger than a 一级站's 7 km²: the seat (15.8 km²) has two stations.
 */
export function fireDistricts(): Feat[] {
  const { x0, x1, y0, y1 } = SEAT_RECT;
  return [
    { geometry: { type: 'Polygon', rings: [rect(x0, y0 - 1200, x1, SEAT_Y.恒山路)] }, properties: { station: 'FS-01', name: '恒州路站辖区（演示）', level: 'level1', location: 'urban' } },
    { geometry: { type: 'Polygon', rings: [rect(x0, SEAT_Y.恒山路, x1, y1 + 1200)] }, properties: { station: 'FS-02', name: '第二站辖区（规划，演示）', level: 'level1', location: 'urban' } },
  ];
}

/**
 * Barriers (invented for the demo): an expressway east of the seat, a trunk railway across the
 * southern edge of FS-01's district, a river north of the seat.
 */
export function barriers(): LineFeat[] {
  return [
    { coords: [[3600, -12000], [3700, 0], [3600, 12000]], properties: { name: '高速公路（演示）', kind: 'expressway' } },
    { coords: [[-9000, -2500], [0, -2400], [9000, -2300]], properties: { name: '铁路干线（演示）', kind: 'railway' } },
    { coords: [[-9000, 4200], [-3000, 3900], [3000, 4100], [9000, 3800]], properties: { name: '河流（演示）', kind: 'river' } },
  ];
}

/**
 * The fire-lane ledger (invented for the demo; the fire plan asks for one): two open problems (恒山西路,
 * 东环路 south) and two fixed. The open ones lie where today's 5-minute figures do not depend on
 * them, so the demo's published figures stay as they were; FL-01 (复兴街, fixed) would cost 168
 * households if it were open (docs/fire.md).
 */
export function fireLanes(): Feat[] {
  const p = (xy: XY, properties: Feat['properties']): Feat => ({ geometry: { type: 'Point', xy }, properties });
  return [
    p([SEAT_X.复兴街, -900], { id: 'FL-01', name: '复兴街（南段）', problem: 'blocked', status: 'fixed', date: '2024-03-12', township: '恒州镇' }),
    p([-2800, 0], { id: 'FL-02', name: '恒山西路', problem: 'narrow', status: 'open', date: '2024-05-20', township: '恒州镇' }),
    p([SEAT_X.朝阳街, 900], { id: 'FL-03', name: '朝阳街（北段）', problem: 'dead_end', status: 'fixed', date: '2023-11-02', township: '恒州镇' }),
    p([SEAT_X.东环路, -900], { id: 'FL-04', name: '东环路（南段）', problem: 'blocked', status: 'open', date: '2024-08-15', township: '恒州镇' }),
  ];
}
