/**
 * Generic undo/redo over immutable values (the network spec, or a document around it). A history
 * is itself an immutable value: every function returns a new history, or the same one when
 * there is nothing to do, so a store can keep it in state and compare by reference.
 */

/**
 * A past or future state and the name of the edit between it and its neighbour toward the
 * present: for a past entry the edit that led away from it, for a future entry the edit that
 * leads to it.
 */
export interface HistoryEntry<T> {
  readonly value: T;
  /** e.g. 'Add Conv2D': what undoing or redoing this step does. */
  readonly label: string;
}

export interface History<T> {
  /** Oldest first; the last entry is the state just before `present`. */
  readonly past: readonly HistoryEntry<T>[];
  readonly present: T;
  /** Nearest first; the first entry is the state redo returns to. */
  readonly future: readonly HistoryEntry<T>[];
  /**
   * The coalesce key of the push that made `present`, while nothing else has happened since
   * (undo and redo reset it); null otherwise.
   */
  readonly coalesceKey: string | null;
}

export interface PushOptions {
  /** Most past entries kept; the oldest are dropped beyond it. Default 100. */
  limit?: number;
  /**
   * Pushes with the same key in a row become one undo step: typing "128" into a number box is
   * three edits but one step. The key should name one editing session of one field (e.g. layer
   * id + field), so that a later, separate edit of the same field is its own step.
   */
  coalesceKey?: string | undefined;
}

export const DEFAULT_HISTORY_LIMIT = 100;

/** A history with `present` and nothing to undo or redo. */
export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], coalesceKey: null };
}

/**
 * Records `next` as the new present after an edit called `label`, and clears the redo list.
 * Returns `history` itself when `next === history.present` (a no-op edit). When the previous
 * push had the same `coalesceKey` and nothing was undone since, `next` replaces the present
 * without a new undo step (and the step takes the new label). `options` may be the limit alone.
 */
export function pushHistory<T>(history: History<T>, next: T, label: string, options: PushOptions | number = {}): History<T> {
  if (next === history.present) return history;
  const { limit = DEFAULT_HISTORY_LIMIT, coalesceKey } = typeof options === 'number' ? { limit: options } : options;
  const key = coalesceKey ?? null;
  const previous = history.past[history.past.length - 1];
  if (key !== null && key === history.coalesceKey && previous !== undefined) {
    return { past: [...history.past.slice(0, -1), { value: previous.value, label }], present: next, future: [], coalesceKey: key };
  }
  const past = [...history.past, { value: history.present, label }];
  const keep = Math.max(0, Math.floor(limit));
  return { past: past.slice(Math.max(0, past.length - keep)), present: next, future: [], coalesceKey: key };
}

/** The state before the last edit, with that edit moved to the redo list; unchanged when nothing to undo. */
export function undo<T>(history: History<T>): History<T> {
  const previous = history.past[history.past.length - 1];
  if (previous === undefined) return history;
  return {
    past: history.past.slice(0, -1),
    present: previous.value,
    future: [{ value: history.present, label: previous.label }, ...history.future],
    coalesceKey: null,
  };
}

/** The state after the next undone edit; unchanged when nothing to redo. */
export function redo<T>(history: History<T>): History<T> {
  const next = history.future[0];
  if (next === undefined) return history;
  return {
    past: [...history.past, { value: history.present, label: next.label }],
    present: next.value,
    future: history.future.slice(1),
    coalesceKey: null,
  };
}

/** The name of the edit undo would reverse, e.g. 'Add Conv2D'; null when there is none. */
export function undoLabel<T>(history: History<T>): string | null {
  return history.past[history.past.length - 1]?.label ?? null;
}

/** The name of the edit redo would repeat; null when there is none. */
export function redoLabel<T>(history: History<T>): string | null {
  return history.future[0]?.label ?? null;
}
