/**
 * Runs an async job for the newest value only, at most once per frame and never two at a time:
 * values pushed before the next frame, or while a run is in flight, replace each other, and the
 * newest one runs when the frame comes (or, after an in-flight run, at the frame after it ends).
 * Used to send a dragged station's position to the fire worker.
 * @example
 * const live = new LatestWins((pos) => session.live(pos).then(show));
 * marker.on('drag', () => live.push(marker.getLngLat()));
 * marker.on('dragend', () => { live.clear(); fullRun(); });
 */
export class LatestWins<T> {
  private pending: { value: T } | null = null;
  private inFlight = false;
  private frame: unknown = null;
  private readonly schedule: (cb: () => void) => unknown;
  private readonly unschedule: (handle: unknown) => void;

  /**
   * @param run - the job; its rejection is swallowed (handle errors inside it)
   * @param schedule - frame scheduler (default requestAnimationFrame)
   * @param unschedule - cancels a scheduled frame (default cancelAnimationFrame)
   */
  constructor(
    private readonly run: (value: T) => Promise<unknown>,
    schedule?: (cb: () => void) => unknown,
    unschedule?: (handle: unknown) => void,
  ) {
    this.schedule = schedule ?? ((cb) => requestAnimationFrame(cb));
    this.unschedule = unschedule ?? ((h) => cancelAnimationFrame(h as number));
  }

  /** Offers a new value; it replaces any value still waiting. */
  push(value: T): void {
    this.pending = { value };
    this.ask();
  }

  /** Forgets the waiting value and the frame asked for (a run in flight still finishes). */
  clear(): void {
    this.pending = null;
    if (this.frame !== null) this.unschedule(this.frame);
    this.frame = null;
  }

  /** True while a run is in flight. */
  get running(): boolean {
    return this.inFlight;
  }

  private ask(): void {
    if (this.frame === null && !this.inFlight) this.frame = this.schedule(() => this.pump());
  }

  private pump(): void {
    this.frame = null;
    if (this.inFlight || !this.pending) return;
    const { value } = this.pending;
    this.pending = null;
    this.inFlight = true;
    this.run(value)
      .catch(() => {})
      .finally(() => {
        this.inFlight = false;
        if (this.pending) this.ask();
      });
  }
}
