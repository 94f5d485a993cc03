/// <reference lib="webworker" />
import type { FeatureCollection, Geometry } from 'geojson';
import { computeFireCoverage, fireCoverageGeoJson, FireMovedStationRecompute, prepareFireCoverage, type FireCoverageInput, type FireCoverageResult, type FirePrepareOptions, type FireRunOptions, type PreparedFireCoverage } from '../../../analysis/fire-coverage';
import { fireLaneLossSteps, type LaneProblemLoss } from '../../../analysis/fire-lane-losses';
import { compactTransferables, FireScenarioCache, type FireFigures } from '../../workers/tasks/fire-coverage';
import { assertFireOptions } from '../../../analysis/fire-params';
import type { FireSessionReply, FireSessionRequest } from './fire-session';

// A long-lived worker for the fire panel: it keeps the prepared county (graph, grid, snapped
// households), so a what-if edit costs one search and linear passes, not a new preparation.
const scope = self as unknown as DedicatedWorkerGlobalScope;
let prep: PreparedFireCoverage | null = null;
// The input and options of the preparation, for the fire-lane losses (each open problem's derived from it).
let prepared: { input: FireCoverageInput; options: FirePrepareOptions } | null = null;
let lanesCache: { key: string; lanes: LaneProblemLoss[] } | null = null;
// The last results and map layers of this preparation (a repeated run with nothing changed reuses them).
let scenarios: FireScenarioCache | null = null;
// The other stations' times while one station is dragged (live steps search from the moved one alone).
let dragging: FireMovedStationRecompute | null = null;
/** Bumped by every request: a fire-lane computation in progress gives way to any newer request. */
let generation = 0;

function lanesKey(run: { options: FireRunOptions & FirePrepareOptions; stations: FeatureCollection<Geometry | null> }): string {
  return JSON.stringify([run.options, run.stations]);
}

/**
 * What each open fire-lane problem costs the "before" stations (the road graph rebuilt per problem):
 * computed a problem at a time, giving way to newer requests between problems (then `done` gets
 * null); cached while stations and options stay.
 */
function laneLosses(run: { options: FireRunOptions & FirePrepareOptions; stations: FeatureCollection<Geometry | null> }, done: (lanes: LaneProblemLoss[] | null) => void, fail: (err: unknown) => void): void {
  if (!prep || !prepared || prep.laneCuts.length === 0) return done([]);
  const key = lanesKey(run);
  if (lanesCache?.key === key) return done(lanesCache.lanes);
  const my = generation;
  const mine = prep;
  const options = { ...prepared.options, ...run.options };
  const steps = fireLaneLossSteps(prepared.input, run.stations, options, { prep, result: computeFireCoverage(prep, run.stations, options) });
  const step = () => {
    if (my !== generation || prep !== mine) return done(null);
    let r: ReturnType<typeof steps.next>;
    try {
      r = steps.next();
    } catch (err) {
      return fail(err);
    }
    if (!r.done) {
      setTimeout(step, 0);
      return;
    }
    lanesCache = { key, lanes: r.value.losses };
    done(r.value.losses);
  };
  step();
}

/** The figures of a result without its per-cell / per-household arrays (not needed on the main thread). */
function figures(r: FireCoverageResult): FireFigures {
  const { cellTimeSec: _a, cellStation: _b, householdTimeSec: _c, householdStation: _d, ...rest } = r;
  return rest;
}

function post(m: FireSessionReply, transfer: Transferable[] = [], timingMs?: Record<string, number>): void {
  scope.postMessage(timingMs && m.type === 'lanes' ? { ...m, timingMs } : m, transfer);
}

scope.onmessage = (e: MessageEvent<FireSessionRequest>) => {
  const m = e.data;
  generation++;
  try {
    if (m.type === 'prepare') {
      assertFireOptions('fireCoverage', m.options as Record<string, unknown>);
      post({ id: m.id, type: 'progress', progress: { stage: 'prepare', fraction: 0.05 } });
      const t0 = performance.now();
      prep = null;
      scenarios = null;
      dragging = null;
      prep = prepareFireCoverage(m.input, m.options);
      prepared = { input: m.input, options: m.options };
      lanesCache = null;
      scenarios = new FireScenarioCache(prep);
      dragging = new FireMovedStationRecompute(prep);
      post({ id: m.id, type: 'done', output: null, timingMs: { prepare: performance.now() - t0 } });
    } else if (m.type === 'live') {
      // While a station is dragged: only the edited scenario, and only the outlines (the ~185k
      // uncovered household points are left to the full run at the end of the drag).
      if (!prep) throw new Error('fire session: prepare first');
      // Districts are searched only as far as the largest isochrone (instead of the whole
      // network): on the demo county that cuts a recompute from ~180 to ~45 ms. The drop's full
      // run gives the whole-network districts again.
      const { options, after, movedId } = m.run;
      const districtMaxMinutes = options.districtMaxMinutes ?? Math.max(options.thresholdMinutes ?? 5, ...(options.breaksMinutes ?? [10]));
      const liveOptions = { ...options, districtMaxMinutes, statuses: after.statuses };
      const t0 = performance.now();
      // the figures equal a full recompute's (test/analysis/fire-moved-station.test.ts)
      const r = movedId !== undefined && dragging ? dragging.compute(after.stations, liveOptions, movedId).result : computeFireCoverage(prep, after.stations, liveOptions);
      const t1 = performance.now();
      const geo = fireCoverageGeoJson(prep, r, options.breaksMinutes, { uncovered: false });
      const timingMs = { after: t1 - t0, outlines: performance.now() - t1 };
      post({ id: m.id, type: 'live', output: { after: figures(r), isochrones: geo.isochrones, districts: geo.districts, districtMaxMinutes, timingMs } });
    } else if (m.type === 'compute') {
      if (!prep) throw new Error('fire session: prepare first');
      assertFireOptions('fireCoverage', m.run.options as Record<string, unknown>);
      const { output, revision, timingMs } = scenarios!.run(m.run, (progress) => post({ id: m.id, type: 'progress', progress }));
      // What the open fire-lane problems cost comes with the figures when known for these inputs,
      // else in a 'lanes' request the panel sends after showing the figures.
      const lanes = prep.laneCuts.length > 0 && lanesCache?.key === lanesKey(m.run) ? lanesCache.lanes : undefined;
      const lanesPending = prep.laneCuts.length > 0 && !lanes;
      const reply = { ...output, revision, lanesPending, ...(lanes ? { lanes } : {}) };
      // The caller already holds these map layers: send the figures only.
      if (m.have === revision) post({ id: m.id, type: 'done', output: { ...reply, geo: null }, timingMs });
      else post({ id: m.id, type: 'done', output: reply, timingMs }, compactTransferables(output));
    } else if (m.type === 'lanes') {
      if (!prep) throw new Error('fire session: prepare first');
      const t0 = performance.now();
      laneLosses(
        m.run,
        (lanes) => post({ id: m.id, type: 'lanes', lanes }, [], lanes ? { lanes: performance.now() - t0 } : undefined),
        (err) => post({ id: m.id, type: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
    }
  } catch (err) {
    post({ id: m.id, type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
