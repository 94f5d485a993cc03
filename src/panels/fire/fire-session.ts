import type { FireCoverageGeoJson, FireCoverageInput, FirePrepareOptions } from '../../../analysis/fire-coverage';
import type { TaskProgress } from '../../workers/protocol';
import type { LaneProblemLoss } from '../../../analysis/fire-lane-losses';
import type { FireCompactOutput, FireFigures, FireTaskInput } from '../../workers/tasks/fire-coverage';

/**
 * A quick recompute while a station is dragged: the edited scenario only, no household points,
 * districts searched only as far as the largest isochrone (unless `districtMaxMinutes` is set).
 */
export interface FireLiveRun {
  options: FireTaskInput['options'];
  after: NonNullable<FireTaskInput['after']>;
  /** `id` of the station being dragged: the worker keeps the other stations' times between steps. */
  movedId?: string;
}

/** What a live recompute returns: the "after" figures and the outlines for the map. */
export interface FireLiveOutput {
  after: FireFigures;
  isochrones: FireCoverageGeoJson['isochrones'];
  districts: FireCoverageGeoJson['districts'];
  /** Districts of a live run reach only this far (minutes); the full run covers the whole network. */
  districtMaxMinutes: number;
  /** Worker milliseconds of this step: the "after" figures and the outlines. */
  timingMs: { after: number; outlines: number };
}

/**
 * What a full run returns: the figures, and the map layers unless the caller said it holds the
 * layers of this `revision` already (then `geo` is null: nothing changed for the map).
 */
export interface FireRunReply extends Omit<FireCompactOutput, 'geo'> {
  geo: FireCompactOutput['geo'] | null;
  /** Names the map layers of the shown scenario within this worker (equal revisions, equal layers). */
  revision: string;
  /** True when the county has open fire-lane problems whose cost is not in `lanes` yet: ask {@link FireSession.lanes}. */
  lanesPending: boolean;
}

export type FireSessionRequest =
  | { id: number; type: 'prepare'; input: FireCoverageInput; options: FirePrepareOptions }
  | { id: number; type: 'compute'; run: Pick<FireTaskInput, 'options' | 'stations' | 'after'>; have?: string }
  | { id: number; type: 'live'; run: FireLiveRun }
  | { id: number; type: 'lanes'; run: Pick<FireTaskInput, 'options' | 'stations'> };

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export type FireSessionReply =
  | { id: number; type: 'progress'; progress: TaskProgress }
  | { id: number; type: 'done'; output: FireRunReply | null; timingMs?: Record<string, number> }
  | { id: number; type: 'live'; output: FireLiveOutput }
  | { id: number; type: 'lanes'; lanes: LaneProblemLoss[] | null; timingMs?: Record<string, number> }
  | { id: number; type: 'error'; message: string };

/**
 * The fire panel's worker session: prepares the county once in a long-lived worker, then answers
 * each what-if scenario quickly. `cancel()` terminates the worker (and with it the preparation);
 * the next call starts a new one.
 */
export class FireSession {
  private worker: Worker | null = null;
  private seq = 0;
  private prepared: string | null = null;
  /** The id of the last preparation or run: replies to older requests leave {@link timingMs} alone. */
  private timingSince = 0;
  /** Worker milliseconds per step of the last preparation and of the last full run. */
  timingMs: Record<string, number> = {};
  private pending = new Map<number, { resolve: (v: FireRunReply | FireLiveOutput | LaneProblemLoss[] | null) => void; reject: (e: Error) => void; onProgress?: (p: TaskProgress) => void }>();

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./fire.worker.ts', import.meta.url), { type: 'module', name: 'fire-session' });
    w.onmessage = (e: MessageEvent<FireSessionReply>) => {
      const m = e.data;
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.type === 'progress') p.onProgress?.(m.progress);
      else {
        this.pending.delete(m.id);
        // a reply to a request older than the last preparation or run (fire-lane losses still
        // computing when the next run was asked for) must not add its time to the newer run's
        if ((m.type === 'done' || m.type === 'lanes') && m.timingMs && m.id >= this.timingSince) Object.assign(this.timingMs, m.timingMs);
        if (m.type === 'done' || m.type === 'live') p.resolve(m.output);
        else if (m.type === 'lanes') p.resolve(m.lanes);
        else p.reject(new Error(m.message));
      }
    };
    w.onerror = (e) => this.fail(new Error(e.message || 'fire worker failed'));
    this.worker = w;
    return w;
  }

  private call(req: DistributiveOmit<FireSessionRequest, 'id'>, onProgress?: (p: TaskProgress) => void): Promise<FireRunReply | FireLiveOutput | LaneProblemLoss[] | null> {
    const id = ++this.seq;
    const w = this.ensure();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      w.postMessage({ ...req, id } as FireSessionRequest);
    });
  }

  /** Prepare the county unless it is already prepared with the same key (layers + options). */
  async prepare(key: string, input: FireCoverageInput, options: FirePrepareOptions, onProgress?: (p: TaskProgress) => void): Promise<void> {
    if (this.prepared === key && this.worker) {
      this.timingMs = { prepare: 0 };
      return;
    }
    this.prepared = null;
    this.timingMs = {};
    this.timingSince = this.seq + 1;
    await this.call({ type: 'prepare', input, options }, onProgress);
    this.prepared = key;
  }

  /**
   * Run one scenario on the prepared county (from the worker's cache when nothing changed).
   * @param have - the revision of the map layers the caller holds: when the run gives the same, `geo` comes back null
   */
  async compute(run: Pick<FireTaskInput, 'options' | 'stations' | 'after'>, onProgress?: (p: TaskProgress) => void, have?: string): Promise<FireRunReply> {
    for (const k of ['before', 'after', 'layers', 'lanes']) delete this.timingMs[k];
    this.timingSince = this.seq + 1;
    const out = await this.call({ type: 'compute', run, have }, onProgress);
    if (!out || !('before' in out)) throw new Error('fire session: no result');
    return out;
  }

  /**
   * What fixing each open fire-lane problem alone would add ("before" stations; one preparation per
   * problem, slow). Null when a newer request came first (the worker gave way to it).
   */
  async lanes(run: Pick<FireTaskInput, 'options' | 'stations'>): Promise<LaneProblemLoss[] | null> {
    const out = await this.call({ type: 'lanes', run });
    if (out !== null && !Array.isArray(out)) throw new Error('fire session: no result');
    return out;
  }

  /** Starts the worker (its code loads while the user sets the panel up; nothing is computed). */
  warm(): void {
    this.ensure();
  }

  /** True when a county is prepared (a live recompute can run). */
  get ready(): boolean {
    return this.prepared !== null && this.worker !== null;
  }

  /**
   * Recompute only the edited scenario, for a station being dragged (figures of "after",
   * isochrones and districts; the uncovered household points are left out). The worker answers
   * requests in order, so callers keep at most one in flight and send only the newest position.
   */
  async live(run: FireLiveRun): Promise<FireLiveOutput> {
    const out = await this.call({ type: 'live', run });
    if (!out || !('isochrones' in out)) throw new Error('fire session: no result');
    return out;
  }

  private fail(err: Error): void {
    this.worker?.terminate();
    this.worker = null;
    this.prepared = null;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  /** Stop whatever runs (the preparation is lost); pending calls reject with an AbortError. */
  cancel(): void {
    this.fail(new DOMException('fire computation cancelled', 'AbortError') as unknown as Error);
  }

  /**
   * Stops the worker when nothing is asked of it, giving back the prepared county's memory (the
   * next call starts a new worker and prepares again). False when a call is pending: left running.
   */
  releaseIfIdle(): boolean {
    if (this.pending.size > 0) return false;
    this.worker?.terminate();
    this.worker = null;
    this.prepared = null;
    return true;
  }

  dispose(): void {
    this.cancel();
  }
}
