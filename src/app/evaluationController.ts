/**
 * "Evaluate": the model on every test image of its dataset, in the engine (a worker: the page never waits),
 * with progress; the matrix and per-class figures are the core's. Runs by itself when training
 * ends, so the honest number is there without asking; the test set is otherwise used only when
 * the user asks.
 */
import * as Comlink from 'comlink';
import { confusionMatrix, predictedClasses } from '../core/training/evaluation';
import type { EngineHandle } from '../engine/client';
import type { AppStore } from '../store/appStore';
import { errorMessage } from '../core/spec/describeValue';

export interface EvaluationController {
  evaluate(): Promise<void>;
  /** Test images by index, scaled to [0, 1], one after another (height x width x channels values each). */
  images(indices: readonly number[]): Promise<Float32Array>;
}

export function createEvaluationController(store: AppStore, handle: Promise<EngineHandle>): EvaluationController {
  const evaluate = async () => {
    const { setEvaluation, evaluation } = store.getState();
    if (evaluation.running) return;
    setEvaluation({ running: true, progress: 0, message: null });
    try {
      const engine = await handle;
      const onProgress = (progress: number) => store.getState().setEvaluation({ progress });
      const snapshot = store.getState();
      const result = await engine.api.evaluateTest(engine.thread === 'worker' ? Comlink.proxy(onProgress) : onProgress);
      if (!result) throw new Error('There is no network to evaluate yet.');
      const { predicted, confidence } = predictedClasses(result);
      const counts = confusionMatrix(result.labels, predicted, result.classes);
      store.getState().setEvaluation({
        running: false,
        progress: 1,
        result: { networkVersion: snapshot.engineNetworkVersion, step: snapshot.progress.step, count: result.count, loss: result.loss, accuracy: result.accuracy, classes: result.classes, labels: result.labels, predicted, confidence, probabilities: result.probabilities, counts },
      });
    } catch (error) {
      store.getState().setEvaluation({ running: false, message: errorMessage(error) });
    }
  };
  store.subscribe((state, previous) => {
    if (state.engineState === 'done' && previous.engineState !== 'done') void evaluate();
    // Another model (a new network, another dataset, a loaded save): the figures were another's.
    const result = state.evaluation.result;
    if (state.engineNetworkVersion !== previous.engineNetworkVersion && result && result.networkVersion !== state.engineNetworkVersion) {
      state.setEvaluation({ result: null, progress: 0, message: null });
    }
  });
  const images = async (indices: readonly number[]) => (await handle).api.testImages(indices);
  return { evaluate, images };
}
