/**
 * Steps through the output positions of a sliding window: where the animation is, whether it plays,
 * how fast. Plain TypeScript with a subscribe() for React's useSyncExternalStore; playing advances on
 * a timer, one position per tick, and stops at the last position.
 */
export interface PlayerState {
  /** Index of the current output position, 0 .. count - 1 (row-major). */
  position: number;
  count: number;
  playing: boolean;
  /** Positions a second while playing. */
  speed: number;
}

export interface Player {
  getState(): PlayerState;
  subscribe(listener: () => void): () => void;
  /** A new number of positions (another layer or shape); keeps the position when it still fits. */
  setCount(count: number): void;
  seek(position: number): void;
  /** Moves by `delta` positions, clamped; stops playing. */
  step(delta: number): void;
  /** Plays from the current position, or from the start when at the end. */
  play(): void;
  pause(): void;
  setSpeed(positionsPerSecond: number): void;
  destroy(): void;
}

export const PLAYER_SPEEDS = [1, 2, 5, 10, 25] as const;
export const DEFAULT_PLAYER_SPEED = 5;

export function createPlayer(initial: Partial<PlayerState> = {}): Player {
  let state: PlayerState = { position: 0, count: 1, playing: false, speed: DEFAULT_PLAYER_SPEED, ...initial };
  let timer: ReturnType<typeof setTimeout> | null = null;
  const listeners = new Set<() => void>();

  const set = (next: Partial<PlayerState>) => {
    const merged = { ...state, ...next };
    if (merged.position === state.position && merged.count === state.count && merged.playing === state.playing && merged.speed === state.speed) return;
    state = merged;
    listeners.forEach((listener) => listener());
  };
  const clamp = (position: number) => Math.min(Math.max(0, Math.round(position)), Math.max(0, state.count - 1));
  const stopTimer = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  const tick = () => {
    timer = null;
    if (!state.playing) return;
    const next = state.position + 1;
    if (next >= state.count) {
      set({ playing: false });
      return;
    }
    set({ position: next });
    timer = setTimeout(tick, 1000 / state.speed);
  };

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setCount(count) {
      const safe = Math.max(1, Math.floor(count));
      set({ count: safe, position: Math.min(state.position, safe - 1) });
    },
    seek(position) {
      set({ position: clamp(position) });
    },
    step(delta) {
      stopTimer();
      set({ playing: false, position: clamp(state.position + delta) });
    },
    play() {
      stopTimer();
      set({ playing: true, position: state.position >= state.count - 1 ? 0 : state.position });
      timer = setTimeout(tick, 1000 / state.speed);
    },
    pause() {
      stopTimer();
      set({ playing: false });
    },
    setSpeed(speed) {
      set({ speed: Math.max(0.1, speed) });
      if (state.playing) {
        stopTimer();
        timer = setTimeout(tick, 1000 / state.speed);
      }
    },
    destroy() {
      stopTimer();
      listeners.clear();
    },
  };
}
