/**
 * Shape inference, parameter and MAC counts, and validation of a whole network, in one pass.
 * The input is treated as untrusted: a spec from a malformed import may hold anything.
 */
import { appendClassifierLabel, checkClassifier } from './classifierCheck';
import type { DatasetDescription } from '../dataset/description';
import { datasetIdOf, datasetOfSpec } from '../dataset/specDataset';
import { describeValue } from '../spec/describeValue';
import { formatCount } from '../spec/format';
import { readInputShape } from '../spec/inputShape';
import { analyzeLayer, type ShapeSource } from './analyzeLayer';
import type { Problem } from './problems';
import type { LayerSpec, TensorShape } from '../spec/spec';
import type { LayerAnalysis, NetworkAnalysis } from './analysisTypes';

export type { Problem, QuickFix } from './problems';
export type { LayerAnalysis, NetworkAnalysis } from './analysisTypes';

/** Above this many parameters the browser struggles to train (memory and time). */
export const PARAM_WARNING_THRESHOLD = 50_000_000;

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function networkError(message: string, extra: Partial<Problem> = {}): Problem {
  return { severity: 'error', layerIndex: null, message, ...extra };
}

/** For a network whose dataset this page does not know: judged as a classifier of ten classes. */
const DEFAULT_CLASSES = { count: 10, noun: 'class' };

/** "28 × 28 × 1" */
const shapeText = (shape: readonly number[]) => shape.join(' × ');

/**
 * Whether the network fits its dataset's images; null when there is nothing to say. A spec that
 * names a dataset this page lacks cannot train, so that is an error of its own.
 */
function datasetProblem(spec: Readonly<Record<string, unknown>>, dataset: DatasetDescription | null, input: readonly number[] | null): Problem | null {
  if (dataset === null) {
    return networkError(
      `This network was made for the dataset "${datasetIdOf(spec)}", which this page does not have. Choose a dataset for it in Dataset; its layers stay as they are.`,
      { field: 'dataset' },
    );
  }
  if (input === null || input.every((n, i) => n === dataset.inputShape[i])) return null;
  const wanted = shapeText(dataset.inputShape);
  return networkError(`The network takes ${shapeText(input)} inputs, but ${dataset.name}'s images are ${wanted}. Set the input to ${wanted}.`, {
    field: 'inputShape',
    fix: { type: 'setInputShape', shape: [...dataset.inputShape], label: `Use ${wanted} inputs` },
  });
}

function analyzeUntrusted(spec: unknown, given: DatasetDescription | null | undefined): NetworkAnalysis {
  const problems: Problem[] = [];
  const layers: LayerAnalysis[] = [];
  const sanitized: LayerSpec[] = [];
  if (!isRecord(spec)) {
    problems.push(networkError(`This is not a network description: expected an object with an input shape and a list of layers, but it is ${describeValue(spec)}.`));
    return summarize(layers, problems, null);
  }

  const input = readInputShape(spec.inputShape);
  if (!input.ok) problems.push(networkError(input.message, { field: 'inputShape' }));
  const rawLayers = spec.layers;
  if (!Array.isArray(rawLayers)) {
    problems.push(networkError(`The network has no list of layers (its layers are ${describeValue(rawLayers)}).`, { field: 'layers' }));
    return summarize(layers, problems, null);
  }
  const inputShape = input.ok ? [...input.shape] : null;
  // Fit to the data is judged only against a dataset the caller names: the page's, the engine's.
  if (given !== undefined) {
    const unfit = datasetProblem(spec, given, inputShape);
    if (unfit) problems.push(unfit);
  }
  const dataset = given === undefined ? datasetOfSpec(spec) : given;
  const classes = dataset?.classNames.length ?? DEFAULT_CLASSES.count;
  const target = { count: classes, noun: dataset?.classNoun ?? DEFAULT_CLASSES.noun };
  if (rawLayers.length === 0) {
    const what = target.noun;
    problems.push(
      networkError(`The network has no layers yet. Add layers that end with a Dense layer of ${classes} units and softmax, which gives ${classes} probabilities, one per ${what}.`, {
        fix: { type: 'appendClassifier', classes, label: appendClassifierLabel(inputShape, classes) },
      }),
    );
    return summarize(layers, problems, inputShape);
  }

  let shape: TensorShape | null = inputShape;
  let flattenedBy: ShapeSource | null = null;
  const firstUseOfId = new Map<string, ShapeSource>();
  for (let index = 0; index < rawLayers.length; index += 1) {
    const result = analyzeLayer(rawLayers[index] as unknown, index, shape, flattenedBy, firstUseOfId);
    layers.push(result.analysis);
    problems.push(...result.problems);
    if (result.layer) sanitized.push(result.layer);
    flattenedBy = result.flattenedBy ?? flattenedBy;
    shape = result.analysis.outputShape;
  }

  const output = shape;
  // Only judge the ending once every layer is understood; otherwise the earlier error explains it.
  // Nor against a dataset unknown here (a user's own, when only the spec is given, as a saved
  // model's weight layout asks): its classes are not known, and the layers alone fix the weights.
  const classesKnown = dataset !== null;
  if (output !== null && sanitized.length === layers.length && classesKnown) problems.push(...checkClassifier(sanitized, output, target));
  return summarize(layers, problems, output);
}

function summarize(layers: LayerAnalysis[], problems: Problem[], outputShape: TensorShape | null): NetworkAnalysis {
  const totalParams = layers.reduce((sum, layer) => sum + layer.params, 0);
  if (totalParams > PARAM_WARNING_THRESHOLD) {
    problems.push({
      severity: 'warning',
      layerIndex: null,
      message:
        `This network has ${formatCount(totalParams)} parameters. Above 50 million the browser will struggle to train it (very slow, or out of memory). ` +
        'Use fewer filters or units, or more pooling before the Dense layers.',
    });
  }
  return {
    layers,
    problems,
    outputShape,
    totalParams,
    trainableParams: layers.reduce((sum, layer) => sum + layer.trainableParams, 0),
    totalMacs: layers.reduce((sum, layer) => sum + layer.macs, 0),
    valid: problems.every((problem) => problem.severity !== 'error'),
  };
}

/**
 * Analyzes a network: for each layer its input and output shape ([h, w, c] or [n]), parameters
 * and MACs (see each layer definition for the formulas), and every problem in plain words.
 * After the first problem that makes a shape unknown, later layers get null shapes and only
 * their own setting problems are reported. The network must end in one softmax probability per
 * class of the dataset its spec names. Given `dataset` (the one the page trains on; null when the
 * page lacks the spec's), it must also fit that dataset's images; without, its input shape is taken
 * as it is. Accepts any value and never throws.
 */
export function analyzeNetwork(spec: unknown, dataset?: DatasetDescription | null): NetworkAnalysis {
  try {
    return analyzeUntrusted(spec, dataset);
  } catch {
    // Only reachable through exotic inputs such as throwing getters or proxies.
    return summarize([], [networkError('Kernelscope could not read this network description.')], null);
  }
}

/** The problems analyzeNetwork finds, errors and warnings. */
export function validate(spec: unknown, dataset?: DatasetDescription | null): Problem[] {
  return analyzeNetwork(spec, dataset).problems;
}
