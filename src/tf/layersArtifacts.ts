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
  return { modelTopology: withDepthMultipliers(artifacts.modelTopology, model), weightSpecs: artifacts.weightSpecs.map((w) => ({ name: w.name, shape: [...w.shape], dtype: w.dtype })), weightData };
}

/**
 * tfjs-layers 4.22's SeparableConv2D.getConfig leaves out depthMultiplier, so tf.loadLayersModel
 * rebuilds such a layer with a multiplier of 1 and refuses its weights: put it back (as
 * depth_multiplier, the saved JSON's spelling).
 */
function withDepthMultipliers(topology: unknown, model: tf.LayersModel): unknown {
  const entries = (topology as { config?: { layers?: { class_name?: string; config?: Record<string, unknown> }[] } }).config?.layers ?? [];
  for (const entry of entries) {
    const layer = model.layers.find((l) => l.name === entry.config?.name);
    if (entry.class_name === 'SeparableConv2D' && entry.config && layer) entry.config.depth_multiplier = (layer as unknown as { depthMultiplier: number }).depthMultiplier;
  }
  return topology;
}
