import type { FireCoverageGeoJson, FireCoverageInput, FirePrepareOptions } from '../../../analysis/fire-coverage';
import type { TaskProgress } from '../../workers/protocol';
import type { FireCompactOutput, FireFigures, FireTaskInput } from '../../workers/tasks/fire-coverage';

/**
 * A quick recompute while a station is dragged: the edited scenario only, no household points,
 * districts searched only as far as the largest isochrone (unless `districtMaxMinutes` is set).
 */
export interface FireLiveRun {
  options: FireTaskInput['options'];
  after: NonNullable<FireTaskInput['after']>;
}

/** What a live recompute returns: the "after" figures and the outlines for the map. */
export interface FireLiveOutput {
  after: FireFigures;
  isochrones: FireCoverageGeoJson['isochrones'];
  districts: FireCoverageGeoJson['districts'];
  /** Districts of a live run reach only this far (minutes); the full run covers the whole network. */
  districtMaxMinutes: number;
}

export type FireSessionRequest =
  | { id: number; type: 'prepare'; input: FireCoverageInput; options: FirePrepareOptions }
  | { id: number; type: 'compute'; run: Pick<FireTaskInput, 'options' | 'stations' | 'after'> }
  | { id: number; type: 'live'; run: FireLiveRun };

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

export type FireSessionReply =
  | { id: number; type: 'progress'; progress: TaskProgress }
  | { id: number; type: 'done'; output: FireCompactOutput | null }
  | { id: number; type: 'live'; output: FireLiveOutput }
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
  private pending = new Map<number, { resolve: (v: FireCompactOutput | FireLiveOutput | null) => void; reject: (e: Error) => void; onProgress?: (p: TaskProgress) => void }>();

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
        if (m.type === 'done' || m.type === 'live') p.resolve(m.output);
        else p.reject(new Error(m.message));
      }
    };
    w.onerror = (e) => this.fail(new Error(e.message || 'fire worker failed'));
    this.worker = w;
    return w;
  }

  private call(req: DistributiveOmit<FireSessionRequest, 'id'>, onProgress?: (p: TaskProgress) => void): Promise<FireCompactOutput | FireLiveOutput | null> {
    const id = ++this.seq;
    const w = this.ensure();
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
      w.postMessage({ ...req, id } as FireSessionRequest);
    });
  }

  /** Prepare the county unless it is already prepared with the same key (layers + options). */
  async prepare(key: string, input: FireCoverageInput, options: FirePrepareOptions, onProgress?: (p: TaskProgress) => void): Promise<void> {
    if (this.prepared === key && this.worker) return;
    this.prepared = null;
    await this.call({ type: 'prepare', input, options }, onProgress);
    this.prepared = key;
  }

  /** Run one scenario on the prepared county. */
  async compute(run: Pick<FireTaskInput, 'options' | 'stations' | 'after'>, onProgress?: (p: TaskProgress) => void): Promise<FireCompactOutput> {
    const out = await this.call({ type: 'compute', run }, onProgress);
    if (!out || !('before' in out)) throw new Error('fire session: no result');
    return out;
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

  dispose(): void {
    this.cancel();
  }
}
