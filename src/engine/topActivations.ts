import { createBatchBuffers, type ImageDataset } from '../data';
import { channelMaxima } from '../tf/inspection';
import { yieldToEventLoop } from './eventLoop';
import type { InspectableNetwork } from './inspectableNetwork';
import type { TopActivation } from './protocol';

const BATCH_SIZE = 100;

export interface TopActivationQuery {
  layerIndex: number;
  channel: number;
  /** The first this many test images are searched: a fixed sample, so answers are comparable. */
  sampleSize: number;
  count: number;
}

/**
 * The test images of the sample on which one channel responds most, strongest first. Works in
 * batches and yields between them, so training and other requests are not held up for long.
 */
export async function findTopActivations(
  network: InspectableNetwork,
  data: ImageDataset,
  query: TopActivationQuery,
  onProgress?: (fraction: number) => void,
): Promise<TopActivation[]> {
  const { inputShape } = network.spec;
  const mapShape = network.built.layersBySpecIndex[query.layerIndex]?.at(-1)?.outputShape as (number | null)[] | undefined;
  const mapWidth = mapShape && mapShape.length === 4 ? (mapShape[2] ?? 1) : 1;
  const sampleSize = Math.min(query.sampleSize, data.testCount);
  const buffers = createBatchBuffers(BATCH_SIZE, inputShape[0] * inputShape[1] * inputShape[2], data.classes);
  const values = new Float32Array(sampleSize);
  const positions = new Int32Array(sampleSize);
  let done = 0;
  for (const batch of data.testBatches(BATCH_SIZE, buffers)) {
    const size = Math.min(batch.size, sampleSize - done);
    if (size <= 0) break;
    const maxima = await channelMaxima(network.built, query.layerIndex, query.channel, batch.xs, size, inputShape);
    values.set(maxima.values.subarray(0, size), done);
    positions.set(maxima.positions.subarray(0, size), done);
    done += size;
    onProgress?.(done / sampleSize);
    await yieldToEventLoop();
  }
  const order = Array.from(values.keys()).sort((a, b) => (values[b] ?? 0) - (values[a] ?? 0));
  return order.slice(0, query.count).map((testIndex) => {
    const { pixels, label } = data.getTestImage(testIndex);
    const position = positions[testIndex] ?? 0;
    return { testIndex, label, value: values[testIndex] ?? 0, position: [Math.floor(position / mapWidth), position % mapWidth], pixels };
  });
}
