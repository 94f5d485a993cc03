import { describe, expect, test } from 'vitest';
import type { Project, ValidationReport } from '../../layers/types';
import { emptyHistory, MAX_HISTORY, recordEdit, redoEdit, undoEdit, type ProjectSnapshot } from '../../src/state/history-slice';

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
});
