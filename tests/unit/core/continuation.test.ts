import { describe, expect, it } from 'vitest';
import { continuationOf } from '../../../src/core/training/training';

describe('continuationOf: where a run that continues picks up', () => {
  const trained = { epoch: 0, batch: 40, batchesPerEpoch: 1719, step: 41 };
  it('goes on with the next batch of the same epoch', () => {
    expect(continuationOf(trained, 1719, 3)).toEqual({ epoch: 0, batch: 41, step: 41 });
  });
  it('starts the next epoch after the last batch of an epoch', () => {
    expect(continuationOf({ ...trained, batch: 1718, step: 1719 }, 1719, 3)).toEqual({ epoch: 1, batch: 0, step: 1719 });
  });
  it('has nothing left after the last epoch, until Epochs is raised', () => {
    const done = { epoch: 2, batch: 1718, batchesPerEpoch: 1719, step: 5157 };
    expect(continuationOf(done, 1719, 3)).toBeNull();
    expect(continuationOf(done, 1719, 4)).toEqual({ epoch: 3, batch: 0, step: 5157 });
  });
  it('goes on from the next epoch when the batch size changed (batch positions do not carry over)', () => {
    expect(continuationOf(trained, 860, 3)).toEqual({ epoch: 1, batch: 0, step: 41 });
  });
});
