import { describe, expect, it } from 'vitest';
import { createHistory, DEFAULT_HISTORY_LIMIT, pushHistory, redo, redoLabel, undo, undoLabel, type History } from '../../../src/core/editing/history';

/** Pushes each value with the label 'set <value>'. */
function pushAll<T>(history: History<T>, values: readonly T[]): History<T> {
  return values.reduce((h, value) => pushHistory(h, value, `set ${String(value)}`), history);
}

const values = <T>(entries: readonly { value: T }[]): T[] => entries.map((entry) => entry.value);

describe('history', () => {
  it('starts with nothing to undo or redo', () => {
    const h = createHistory('a');
    expect(h).toEqual({ past: [], present: 'a', future: [], coalesceKey: null });
    expect(undoLabel(h)).toBeNull();
    expect(redoLabel(h)).toBeNull();
    expect(undo(h)).toBe(h);
    expect(redo(h)).toBe(h);
  });

  it('undoes and redoes a sequence of edits, with the labels of the edits', () => {
    const h = pushAll(createHistory('a'), ['b', 'c', 'd']);
    expect(h.present).toBe('d');
    expect(values(h.past)).toEqual(['a', 'b', 'c']);
    expect(undoLabel(h)).toBe('set d');

    const once = undo(h);
    expect(once.present).toBe('c');
    expect(undoLabel(once)).toBe('set c');
    expect(redoLabel(once)).toBe('set d');
    const thrice = undo(undo(once));
    expect(thrice.present).toBe('a');
    expect(undoLabel(thrice)).toBeNull();
    expect(values(thrice.future)).toEqual(['b', 'c', 'd']);
    expect(thrice.future.map((e) => e.label)).toEqual(['set b', 'set c', 'set d']);
    expect(undo(thrice)).toBe(thrice);

    const back = redo(redo(redo(thrice)));
    expect(back.present).toBe('d');
    expect(back.past).toEqual(h.past);
    expect(redo(back)).toBe(back);
  });

  it('returns the history itself for a no-op push', () => {
    const value = { n: 1 };
    const h = createHistory(value);
    expect(pushHistory(h, value, 'nothing')).toBe(h);
    // Equal but not the same object counts as an edit: edits return the same object for no-ops.
    expect(pushHistory(h, { n: 1 }, 'copy')).not.toBe(h);
  });

  it('clears the redo list on a new edit', () => {
    const h = undo(undo(pushAll(createHistory('a'), ['b', 'c'])));
    expect(h.future).toHaveLength(2);
    const next = pushHistory(h, 'x', 'set x');
    expect(next.future).toEqual([]);
    expect(values(next.past)).toEqual(['a']);
    expect(redoLabel(next)).toBeNull();
  });

  it('drops the oldest entries beyond the limit', () => {
    const many = Array.from({ length: DEFAULT_HISTORY_LIMIT + 20 }, (_, i) => i + 1);
    const h = pushAll(createHistory(0), many);
    expect(h.past).toHaveLength(DEFAULT_HISTORY_LIMIT);
    expect(h.past[0]?.value).toBe(20);
    const small = [1, 2, 3, 4].reduce((acc, v) => pushHistory(acc, v, `set ${v}`, { limit: 2 }), createHistory(0));
    expect(values(small.past)).toEqual([2, 3]);
    expect([1, 2].reduce((acc, v) => pushHistory(acc, v, 'set', 1), createHistory(0)).past).toHaveLength(1);
    expect(pushHistory(createHistory(0), 1, 'set', { limit: 0 }).past).toEqual([]);
  });

  it('coalesces pushes with the same key in a row into one undo step', () => {
    // Typing "128" into a box that held 64: three edits, one step.
    let h = createHistory(64);
    for (const typed of [1, 12, 128]) h = pushHistory(h, typed, 'Change Filters of Conv2D', { coalesceKey: 'L1:filters' });
    expect(h.present).toBe(128);
    expect(h.past).toEqual([{ value: 64, label: 'Change Filters of Conv2D' }]);
    expect(undo(h).present).toBe(64);
    expect(redo(undo(h)).present).toBe(128);
  });

  it('does not coalesce across a different key, a push without a key, or an undo', () => {
    const typed = (h: History<number>, v: number, key?: string) => pushHistory(h, v, `set ${v}`, { coalesceKey: key });
    let h = typed(typed(createHistory(0), 1, 'k'), 2, 'other');
    expect(values(h.past)).toEqual([0, 1]);
    h = typed(typed(h, 3), 4, 'other');
    expect(values(h.past)).toEqual([0, 1, 2, 3]);

    const afterUndo = typed(undo(typed(typed(createHistory(0), 1, 'k'), 2, 'k')), 5, 'k');
    // 0 -> 2 was one step; undo went back to 0; typing again is a new step, not merged into an old one.
    expect(values(afterUndo.past)).toEqual([0]);
    expect(afterUndo.present).toBe(5);
    expect(undo(afterUndo).present).toBe(0);
    expect(undo(redo(undo(typed(typed(createHistory(0), 1, 'k'), 2, 'k')))).present).toBe(0);
  });

  it('takes the label of the latest coalesced push, and a no-op push keeps the chain', () => {
    let h = pushHistory(createHistory('a'), 'b', 'first', { coalesceKey: 'k' });
    h = pushHistory(h, 'b', 'ignored', { coalesceKey: 'k' });
    h = pushHistory(h, 'c', 'second', { coalesceKey: 'k' });
    expect(h.past).toEqual([{ value: 'a', label: 'second' }]);
  });

  it('a coalesced first push after the limit stays within the limit', () => {
    let h = createHistory(0);
    for (let i = 1; i <= 5; i += 1) h = pushHistory(h, i, 'set', { limit: 3, coalesceKey: i > 3 ? 'k' : undefined });
    expect(values(h.past)).toEqual([1, 2, 3]);
    expect(h.present).toBe(5);
  });
});
