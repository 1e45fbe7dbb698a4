import * as tf from '@tensorflow/tfjs';
import { receptiveFieldCentres, type CellCentres } from '../core/math/receptiveField';
import type { LayerKind, NetworkSpec } from '../core/spec/spec';
import type { BuiltModel } from './buildModel';

/** Why the network gives one class for one image: what it outputs, and which pixels and places drive that class's score. */
export interface Explanation {
  classIndex: number;
  /** The model's output for this image: the class probabilities (10 for MNIST). */
  probabilities: Float32Array;
  /** |d score / d pixel| per input pixel (the largest over input channels), [h, w] row-major, >= 0, not normalised (Simonyan et al. 2014). */
  saliency: Float32Array;
  /**
   * Grad-CAM (Selvaraju et al. 2017) on the last conv, depthwise or separable conv layer: ReLU(sum_k alpha_k A_k)
   * with A that layer's output (after its activation) and alpha_k the mean over positions of d score / d A_k;
   * sampled bilinearly at each input pixel's place in the map ([h, w] row-major), >= 0, not normalised.
   * Null when the network has no conv layer.
   */
  gradCam: Float32Array | null;
  /** Spec index of the layer Grad-CAM looked at; null without one. */
  gradCamLayerIndex: number | null;
}

export interface Explainer {
  /**
   * One forward and one backward pass for one image ([h, w, c] values) and one class; synchronous
   * (it reads the result with dataSync), typed arrays out, no tensors left. The score is the class's
   * pre-softmax logit when the network ends in a softmax (a Dense with softmax, or an Activation
   * softmax layer, either perhaps followed by Dropout), else the model's output for the class.
   * Throws a RangeError for a wrong pixel count or class index.
   */
  explain(pixels: Float32Array, classIndex: number): Explanation;
}

const CONV_KINDS: readonly LayerKind[] = ['conv2d', 'depthwiseConv2d', 'separableConv2d'];

const isSoftmax = (layer: tf.layers.Layer, className: string): boolean =>
  layer.getClassName() === className && layer.getConfig().activation === 'softmax';

/** Applies layers in order at inference (dropout passes values through, batch norm uses its moving statistics). */
const applyAll = (layers: readonly tf.layers.Layer[], x: tf.Tensor): tf.Tensor => layers.reduce((t, layer) => layer.apply(t, { training: false }) as tf.Tensor, x);

/** How the score is read off the network: the layers before the softmax, the logits from their output, and what follows the softmax. */
interface ScoreHead {
  /** tfjs layers from the start of the model up to (not including) the softmax step, or all of them. */
  body: tf.layers.Layer[];
  /** Logits (or, without a softmax, the output) from body's output. */
  logits(x: tf.Tensor): tf.Tensor;
  /** The model's output from the logits. */
  output(logits: tf.Tensor): tf.Tensor;
}

/** Finds the softmax at the end of the model (past any Dropout, the identity at inference) and splits the model around it. */
function scoreHead(layers: tf.layers.Layer[]): ScoreHead {
  let end = layers.length - 1;
  while (end >= 0 && layers[end]?.getClassName() === 'Dropout') end -= 1;
  const last = layers[end];
  const tail = layers.slice(end + 1);
  if (last && isSoftmax(last, 'Dense')) {
    const [kernel, bias] = last.weights;
    if (!kernel) throw new Error(`Layer ${last.name} has no kernel.`);
    return {
      body: layers.slice(0, end),
      // The weights are read at each call, so a model that trains is explained with its current ones.
      logits: (x) => {
        const z = tf.matMul(x.reshape([x.shape[0] ?? 1, -1]), kernel.read());
        return bias ? z.add(bias.read()) : z;
      },
      output: (logits) => applyAll(tail, tf.softmax(logits)),
    };
  }
  if (last && isSoftmax(last, 'Activation')) {
    return { body: layers.slice(0, end), logits: (x) => x, output: (logits) => applyAll(tail, tf.softmax(logits)) };
  }
  return { body: layers, logits: (x) => x, output: (x) => x };
}

/** For each of n input positions, the two map cells to blend and the weight of the second: position i sits at map coordinate (i - start) / jump, clamped to [0, m - 1]. */
function axisSamples(n: number, m: number, start: number, jump: number): { lo: Int32Array; hi: Int32Array; t: Float32Array } {
  const lo = new Int32Array(n);
  const hi = new Int32Array(n);
  const t = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.min(Math.max((i - start) / jump, 0), m - 1);
    lo[i] = Math.floor(u);
    hi[i] = Math.min(lo[i]! + 1, m - 1);
    t[i] = u - lo[i]!;
  }
  return { lo, hi, t };
}

/**
 * A sampler from an [mh, mw] map to the [h, w] input: each input pixel takes the map bilinearly at
 * its own place, given by where the map cells' receptive fields are centred (so a 'valid' conv's
 * map lands on the part of the image it sees, not stretched over all of it).
 */
function mapToInput([h, w]: readonly [number, number], [mh, mw]: readonly [number, number], centres: CellCentres): (map: Float32Array) => Float32Array {
  const rows = axisSamples(h, mh, centres.start[0], centres.jump[0]);
  const cols = axisSamples(w, mw, centres.start[1], centres.jump[1]);
  return (map) => {
    const out = new Float32Array(h * w);
    for (let y = 0; y < h; y++) {
      const [r0, r1, ty] = [rows.lo[y]! * mw, rows.hi[y]! * mw, rows.t[y]!];
      for (let x = 0; x < w; x++) {
        const [c0, c1, tx] = [cols.lo[x]!, cols.hi[x]!, cols.t[x]!];
        const top = map[r0 + c0]! + (map[r0 + c1]! - map[r0 + c0]!) * tx;
        const bottom = map[r1 + c0]! + (map[r1 + c1]! - map[r1 + c0]!) * tx;
        out[y * w + x] = top + (bottom - top) * ty;
      }
    }
    return out;
  };
}

/** The Grad-CAM set-up: where the map is taken, its size and how it lands on the input. */
interface CamSite {
  specIndex: number;
  /** Count of tfjs layers (from the model's start) up to and including the map's. */
  split: number;
  shape: [number, number, number];
  toInput: (map: Float32Array) => Float32Array;
}

function camSite(built: BuiltModel, spec: NetworkSpec, body: readonly tf.layers.Layer[]): CamSite | null {
  let specIndex = spec.layers.length - 1;
  while (specIndex >= 0 && !CONV_KINDS.includes(spec.layers[specIndex]!.kind)) specIndex -= 1;
  const mapLayer = built.layersBySpecIndex[specIndex]?.at(-1);
  if (specIndex < 0 || !mapLayer) return null;
  const split = body.indexOf(mapLayer) + 1;
  const centres = receptiveFieldCentres(spec)[specIndex];
  const [, mh, mw, k] = mapLayer.outputShape as number[];
  if (split === 0 || !centres || !mh || !mw || !k) throw new Error(`Layer ${specIndex + 1} has no feature map to explain.`);
  return { specIndex, split, shape: [mh, mw, k], toInput: mapToInput([spec.inputShape[0], spec.inputShape[1]], [mh, mw], centres) };
}

/**
 * An explainer for one built model and the spec it was built from (built once: the layer lists, the
 * cam's sampling). It shares the model's layers and weights, owns no tensors, and is dropped, never
 * disposed. The backward pass needs src/tf/gradients' registerConvGradients (backend.ts calls it) on wasm
 * and for dilated convs.
 */
export function createExplainer(built: BuiltModel, spec: NetworkSpec): Explainer {
  const head = scoreHead(built.layersBySpecIndex.flat());
  const site = camSite(built, spec, head.body);
  const before = site ? head.body.slice(0, site.split) : head.body;
  const after = site ? head.body.slice(site.split) : [];
  const [h, w, c] = spec.inputShape;
  const classes = (built.model.outputShape as number[]).at(-1) ?? 0;

  return {
    explain(pixels, classIndex) {
      if (pixels.length !== h * w * c) throw new RangeError(`Expected ${h * w * c} pixel values, got ${pixels.length}.`);
      if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= classes) throw new RangeError(`Class ${classIndex} is not one of 0..${classes - 1}.`);
      const kept: tf.Tensor[] = [];
      try {
        const flat = tf.tidy(() => {
          const x = tf.tensor4d(pixels, [1, h, w, c]);
          // score(x, z) with the map A + z in place of A: d score / d z at z = 0 is d score / d A, so one
          // backward pass gives both gradients.
          const score = (input: tf.Tensor, zero?: tf.Tensor): tf.Scalar => {
            const map = zero ? applyAll(before, input).add(zero) : applyAll(before, input);
            const logits = head.logits(applyAll(after, map));
            kept.push(tf.keep(head.output(logits)), tf.keep(map));
            return logits.slice([0, classIndex], [1, 1]).reshape([]);
          };
          const inputs = site ? [x, tf.zeros([1, ...site.shape])] : [x];
          const { grads } = tf.valueAndGrads((...args: tf.Tensor[]) => score(args[0]!, args[1]))(inputs);
          const [output, map] = kept;
          const saliency = grads[0]!.abs().max(-1).reshape([-1]);
          const parts = [output!.reshape([-1]), saliency];
          if (site && grads[1]) {
            const alpha = grads[1].mean([0, 1, 2]);
            parts.push(map!.mul(alpha).sum(-1).relu().reshape([-1]));
          }
          return tf.concat(parts);
        });
        const values = flat.dataSync<'float32'>();
        flat.dispose();
        const saliency = values.slice(classes, classes + h * w);
        return {
          classIndex,
          probabilities: values.slice(0, classes),
          saliency,
          gradCam: site ? site.toInput(values.subarray(classes + h * w)) : null,
          gradCamLayerIndex: site?.specIndex ?? null,
        };
      } finally {
        tf.dispose(kept);
      }
    },
  };
}
