import { describe, expect, it } from 'vitest';
import { readEngineOptions } from '../../../src/app/urlOptions';

describe('readEngineOptions', () => {
  it('defaults to the automatic backend in a worker', () => {
    expect(readEngineOptions('')).toEqual({ backend: 'auto', thread: 'worker' });
  });
  it('reads a backend and the main-thread override', () => {
    expect(readEngineOptions('?backend=cpu&thread=main')).toEqual({ backend: 'cpu', thread: 'main' });
  });
  it('ignores values it does not know', () => {
    expect(readEngineOptions('?backend=quantum&thread=elsewhere')).toEqual({ backend: 'auto', thread: 'worker' });
  });
});
