import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPlayer } from '../../../src/ui/inside/convolution/player';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the animation player', () => {
  it('steps, seeks and clamps to the positions there are', () => {
    const player = createPlayer();
    player.setCount(6);
    player.step(1);
    player.step(1);
    expect(player.getState().position).toBe(2);
    player.step(-5);
    expect(player.getState().position).toBe(0);
    player.seek(99);
    expect(player.getState().position).toBe(5);
    // A smaller layer keeps the position only where it still fits.
    player.setCount(3);
    expect(player.getState().position).toBe(2);
  });

  it('plays at its speed, one position per tick, stops at the end, and starts over from the end', () => {
    const player = createPlayer({ speed: 10 });
    const seen: number[] = [];
    player.subscribe(() => seen.push(player.getState().position));
    player.setCount(4);
    player.play();
    vi.advanceTimersByTime(99);
    expect(player.getState().position).toBe(0);
    vi.advanceTimersByTime(1);
    expect(player.getState().position).toBe(1);
    vi.advanceTimersByTime(1000);
    expect(player.getState()).toMatchObject({ position: 3, playing: false });
    expect(seen.filter((p, i) => p !== seen[i - 1])).toEqual([0, 1, 2, 3]);
    player.play();
    expect(player.getState()).toMatchObject({ position: 0, playing: true });
    player.pause();
    vi.advanceTimersByTime(1000);
    expect(player.getState()).toMatchObject({ position: 0, playing: false });
    player.destroy();
  });

  it('a step by hand stops playing', () => {
    const player = createPlayer({ speed: 5 });
    player.setCount(10);
    player.play();
    vi.advanceTimersByTime(200);
    player.step(1);
    expect(player.getState()).toMatchObject({ position: 2, playing: false });
    vi.advanceTimersByTime(2000);
    expect(player.getState().position).toBe(2);
  });
});
