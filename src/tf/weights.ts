import * as tf from '@tensorflow/tfjs';

/** One weight tensor read out of a model: plain data that can cross a worker boundary. */
export interface WeightArray {
  name: string;
  shape: number[];
  values: Float32Array;
}

/**
 * Reads every weight (trainable or not) of the model, in the model's weight order. The values are
 * copies: the CPU backend hands out its own storage, which must never be transferred or changed.
 */
export async function readWeights(model: tf.LayersModel): Promise<WeightArray[]> {
  return readVariables(model.weights);
}

/** Copies of these weight variables' current values, in order. */
export async function readVariables(variables: readonly tf.LayerVariable[]): Promise<WeightArray[]> {
  return Promise.all(
    variables.map(async (w) => {
      const tensor = w.read();
      return { name: w.name, shape: tensor.shape.slice(), values: new Float32Array(await tensor.data()) };
    }),
  );
}

/** The same, read synchronously (wasm and cpu backends). */
export function readVariablesSync(variables: readonly tf.LayerVariable[]): WeightArray[] {
  return variables.map((w) => {
    const tensor = w.read();
    return { name: w.name, shape: tensor.shape.slice(), values: new Float32Array(tensor.dataSync()) };
  });
}

/**
 * Holds copies of a model's weights as tensors. A clone shares storage with the variable until the
 * optimizer assigns a new value, so taking one costs almost nothing.
 */
export interface WeightCheckpoint {
  restoreInto(model: tf.LayersModel): void;
  dispose(): void;
}

export function checkpointWeights(model: tf.LayersModel): WeightCheckpoint {
  const copies = model.weights.map((w) => tf.keep(w.read().clone()));
  return {
    restoreInto(target) {
      // Tensors are immutable, so the variable may share the copy's storage; the next optimizer
      // update gives the variable new storage and leaves the copy as it was.
      target.weights.forEach((w, i) => {
        const copy = copies[i];
        if (copy) w.write(copy);
      });
    },
    dispose() {
      for (const t of copies) t.dispose();
    },
  };
}
