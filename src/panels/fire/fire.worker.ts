/// <reference lib="webworker" />
import { computeFireCoverage, fireCoverageGeoJson, prepareFireCoverage, type FireCoverageResult, type PreparedFireCoverage } from '../../../analysis/fire-coverage';
import { compactTransferables, runFireScenario, type FireFigures } from '../../workers/tasks/fire-coverage';
import { assertFireOptions } from '../../../analysis/fire-params';
import type { FireSessionReply, FireSessionRequest } from './fire-session';

// A long-lived worker for the fire panel: it keeps the prepared county (graph, grid, snapped
// households), so a what-if edit costs one search and linear passes, not a new preparation.
const scope = self as unknown as DedicatedWorkerGlobalScope;
let prep: PreparedFireCoverage | null = null;

/** The figures of a result without its per-cell / per-household arrays (not needed on the main thread). */
function figures(r: FireCoverageResult): FireFigures {
  const { cellTimeSec: _a, cellStation: _b, householdTimeSec: _c, householdStation: _d, ...rest } = r;
  return rest;
}

function post(m: FireSessionReply, transfer: Transferable[] = []): void {
  scope.postMessage(m, transfer);
}

scope.onmessage = (e: MessageEvent<FireSessionRequest>) => {
  const m = e.data;
  try {
    if (m.type === 'prepare') {
      assertFireOptions('fireCoverage', m.options as Record<string, unknown>);
      post({ id: m.id, type: 'progress', progress: { stage: 'prepare', fraction: 0.05 } });
      prep = prepareFireCoverage(m.input, m.options);
      post({ id: m.id, type: 'done', output: null });
    } else if (m.type === 'live') {
      // While a station is dragged: only the edited scenario, and only the outlines (the ~185k
      // uncovered household points are left to the full run at the end of the drag).
      if (!prep) throw new Error('fire session: prepare first');
      // Districts are searched only as far as the largest isochrone (instead of the whole
      // network): on the demo county that cuts a recompute from ~180 to ~45 ms. The drop's full
      // run gives the whole-network districts again.
      const { options, after } = m.run;
      const districtMaxMinutes = options.districtMaxMinutes ?? Math.max(options.thresholdMinutes ?? 5, ...(options.breaksMinutes ?? [10]));
      const r = computeFireCoverage(prep, after.stations, { ...options, districtMaxMinutes, statuses: after.statuses });
      const geo = fireCoverageGeoJson(prep, r, options.breaksMinutes, { uncovered: false });
      post({ id: m.id, type: 'live', output: { after: figures(r), isochrones: geo.isochrones, districts: geo.districts, districtMaxMinutes } });
    } else {
      if (!prep) throw new Error('fire session: prepare first');
      assertFireOptions('fireCoverage', m.run.options as Record<string, unknown>);
      const output = runFireScenario(prep, m.run, (progress) => post({ id: m.id, type: 'progress', progress }));
      post({ id: m.id, type: 'done', output }, compactTransferables(output));
    }
  } catch (err) {
    post({ id: m.id, type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
