/**
 * The page's own inference copy of the network, loaded on demand (a separate chunk, so tfjs stays
 * off the first paint). Where the engine runs in a worker, the page starts its own backend; where
 * the engine already runs on the page's thread, the copy shares that thread's backend.
 */
import { initInferenceBackend } from '../tf/backend';
import { InferenceModel } from './inferenceModel';

export type { InferenceModel };

export async function startInference(ownBackend: boolean): Promise<InferenceModel> {
  if (ownBackend) await initInferenceBackend();
  return new InferenceModel();
}
