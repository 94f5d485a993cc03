import { describe, expect, test } from 'vitest';
import type { Project, ValidationReport } from '../../layers/types';
import { emptyHistory, MAX_HISTORY, recordEdit, redoEdit, stepsSince, undoEdit, type ProjectSnapshot } from '../../src/state/history-slice';

function createSnapshot(name: string): ProjectSnapshot {
  const project = { name, params: {}, layers: {} } as unknown as Project;
  const report: ValidationReport = { issues: [], counts: {} };
  return { project, report };
}

describe('history slice', () => {
  test('edit, undo, redo walk back and forth over the same snapshot objects', () => {
    const a = createSnapshot('a');
    const b = createSnapshot('b');
    const c = createSnapshot('c');
    // a → b → c: two edits
    let h = recordEdit(emptyHistory(), { before: a });
    h = recordEdit(h, { before: b });
    const u1 = undoEdit(h, { current: c })!;
    expect(u1.restore).toBe(b); // same object, not a copy
    const u2 = undoEdit(u1.history, { current: b })!;
    expect(u2.restore).toBe(a);
    expect(undoEdit(u2.history, { current: a })).toBeNull();
    const r1 = redoEdit(u2.history, { current: a })!;
    expect(r1.restore).toBe(b);
    const r2 = redoEdit(r1.history, { current: b })!;
    expect(r2.restore).toBe(c);
    expect(redoEdit(r2.history, { current: c })).toBeNull();
  });

  test('a new edit after an undo clears the redo stack', () => {
    const a = createSnapshot('a');
    const b = createSnapshot('b');
    const u = undoEdit(recordEdit(emptyHistory(), { before: a }), { current: b })!;
    expect(u.history.future).toEqual([b]);
    const h = recordEdit(u.history, { before: a });
    expect(h.future).toEqual([]);
    expect(h.past).toEqual([a]);
  });

  test(`only the last ${MAX_HISTORY} edits are kept`, () => {
    let h = emptyHistory();
    const snaps = Array.from({ length: MAX_HISTORY + 5 }, (_, i) => createSnapshot(String(i)));
    for (const s of snaps) h = recordEdit(h, { before: s });
    expect(h.past.length).toBe(MAX_HISTORY);
    expect(h.past[0]).toBe(snaps[5]); // the 5 oldest dropped
  });

  test('updaters do not mutate their input', () => {
    const a = createSnapshot('a');
    const h0 = recordEdit(emptyHistory(), { before: a });
    const frozen = { past: [...h0.past], future: [...h0.future] };
    undoEdit(h0, { current: createSnapshot('b') });
    recordEdit(h0, { before: createSnapshot('c') });
    expect(h0).toEqual(frozen);
  });

  test('stepsSince: the changes since a tab became read-only, not the saved edits before (the question of 在此页接管, session 18)', () => {
    const [x, a, b, c] = ['x', 'a', 'b', 'c'].map(createSnapshot);
    // x → a as the owner (saved), read-only from a, then a → b → c
    const owner = recordEdit(emptyHistory(), { before: x });
    const h = recordEdit(recordEdit(owner, { before: a }), { before: b });
    expect(stepsSince(h, { current: c.project, from: a.project })).toBe(2);
    // nothing since: 0, whatever the history holds (was: its length)
    expect(stepsSince(owner, { current: a.project, from: a.project })).toBe(0);
    // an undo back to where it was: 0; an undo past it (a saved edit undone): 1
    const back = undoEdit(recordEdit(owner, { before: a }), { current: b })!;
    expect(stepsSince(back.history, { current: a.project, from: a.project })).toBe(0);
    const past = undoEdit(owner, { current: a })!;
    expect(stepsSince(past.history, { current: x.project, from: a.project })).toBe(1);
    // no longer in the history (cleared, or more than MAX_HISTORY steps): every step it holds, at least 1
    expect(stepsSince(h, { current: c.project, from: createSnapshot('gone').project })).toBe(3);
    expect(stepsSince(emptyHistory(), { current: c.project, from: a.project })).toBe(1);
  });
});
