import * as tf from '@tensorflow/tfjs';
import type { LayersArtifacts } from '../core/export/layersModelFile';

/**
 * The model in tfjs's own Layers format, as `model.save` writes it: the Keras topology, the weight
 * specs in the model's order, and the weights as one buffer. The page wraps them into model.json
 * and a .bin file.
 */
export async function saveLayersArtifacts(model: tf.LayersModel): Promise<LayersArtifacts> {
  let saved: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  const artifacts = saved as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs || !artifacts.weightData) throw new Error('tfjs did not save the model.');
  const weightData = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
  return { modelTopology: artifacts.modelTopology, weightSpecs: artifacts.weightSpecs.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })), weightData };
}
