import { describe, expect, test } from 'vitest';
import { LatestWins } from '../../src/panels/fire/latest-wins';

/** A hand-driven frame clock and jobs that finish when told. */
function harness() {
  const frames: (() => void)[] = [];
  const ran: number[] = [];
  const finish: (() => void)[] = [];
  const lw = new LatestWins<number>(
    (v) => {
      ran.push(v);
      return new Promise<void>((ok) => finish.push(ok));
    },
    (cb) => frames.push(cb) - 1,
    (h) => {
      frames[h as number] = () => {};
    },
  );
  const tick = () => frames.splice(0).forEach((f) => f());
  const settle = () => new Promise((ok) => setTimeout(ok, 0));
  return { lw, frames, ran, finish, tick, settle };
}

describe('LatestWins: newest value, once per frame, one in flight', () => {
  test('three pushes before a frame run once, with the last value', () => {
    const h = harness();
    h.lw.push(1);
    h.lw.push(2);
    h.lw.push(3);
    expect(h.frames.length).toBe(1); // one frame asked for, not three
    h.tick();
    expect(h.ran).toEqual([3]);
    expect(h.lw.running).toBe(true);
  });

  test('pushes while a run is in flight wait; only the newest runs after it ends', async () => {
    const h = harness();
    h.lw.push(1);
    h.tick(); // runs 1
    h.lw.push(2);
    h.lw.push(3);
    expect(h.frames.length).toBe(0); // nothing is scheduled while 1 is in flight
    h.tick();
    expect(h.ran).toEqual([1]);
    h.finish[0]();
    await h.settle();
    expect(h.frames.length).toBe(1); // the end of 1 asks for a frame for the waiting value
    h.tick();
    expect(h.ran).toEqual([1, 3]); // 2 was replaced by 3 and never ran
    h.finish[1]();
    await h.settle();
    expect(h.frames.length).toBe(0);
    expect(h.lw.running).toBe(false);
  });

  test('clear() drops the waiting value and the frame (the drop runs its own full recompute)', async () => {
    const h = harness();
    h.lw.push(1);
    h.lw.clear();
    h.tick();
    expect(h.ran).toEqual([]);
    h.lw.push(2);
    h.tick();
    h.lw.push(3);
    h.lw.clear();
    h.finish[0]();
    await h.settle();
    h.tick();
    expect(h.ran).toEqual([2]);
  });

  test('a failed run does not stop later ones', async () => {
    const frames: (() => void)[] = [];
    const ran: number[] = [];
    const lw = new LatestWins<number>(
      async (v) => {
        ran.push(v);
        throw new Error('worker failed');
      },
      (cb) => frames.push(cb),
      () => {},
    );
    lw.push(1);
    frames.splice(0).forEach((f) => f());
    lw.push(2);
    await new Promise((ok) => setTimeout(ok, 0));
    frames.splice(0).forEach((f) => f());
    expect(ran).toEqual([1, 2]);
  });
});
