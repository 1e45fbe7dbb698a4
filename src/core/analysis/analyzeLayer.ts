/**
 * One step of the network analysis: reads one untrusted layer, checks its settings and its
 * input, and computes its output shape, parameters and MACs.
 */
import type { LayerAnalysis } from './analysisTypes';
import { describeValue } from '../spec/describeValue';
import { formatCount, formatShape } from '../spec/format';
import { layerName, type Problem } from './problems';
import { definitionFor, isLayerKind, LAYER_KINDS, LAYER_REGISTRY } from '../spec/registry';
import { sanitizeLayer } from './sanitizeLayer';
import type { LayerSpec, TensorShape } from '../spec/spec';

/** A layer referred to in a message about another layer. */
export interface ShapeSource {
  index: number;
  label: string;
}

export interface LayerStep {
  analysis: LayerAnalysis;
  problems: Problem[];
  /** The layer with bad settings replaced by defaults; null when its kind is unknown. */
  layer: LayerSpec | null;
  /** Set when this layer turned a feature map into a flat vector. */
  flattenedBy: ShapeSource | null;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const KNOWN_LABELS = LAYER_KINDS.map((kind) => LAYER_REGISTRY[kind].label).join(', ');

/**
 * Why `layer` cannot take `input`, if it cannot: feature-map layers need [h, w, c] and Dense
 * needs [n] (tfjs would apply Dense to the last axis of a feature map, which is rarely meant).
 */
function inputRankProblem(layer: LayerSpec, index: number, input: TensorShape, flattenedBy: ShapeSource | null): Problem | null {
  const { label, accepts } = LAYER_REGISTRY[layer.kind];
  const name = layerName(index, label);
  if (accepts === 'vector' && input.length !== 1) {
    return {
      severity: 'error',
      layerIndex: index,
      message: `${name} needs a flat list of numbers, but its input is a ${formatShape(input)} feature map. Insert a Flatten layer just above it.`,
      fix: { type: 'insertLayer', at: index, kind: 'flatten', label: 'Insert Flatten here' },
    };
  }
  if (accepts === 'featureMap' && input.length !== 3) {
    const source = flattenedBy ? layerName(flattenedBy.index, flattenedBy.label) : 'the layer';
    const advice =
      layer.kind === 'flatten'
        ? `It was already flattened by ${source}, so remove this layer.`
        : `Move it above ${source}, where the feature maps become a flat vector.`;
    return {
      severity: 'error',
      layerIndex: index,
      message: `${name} needs a height x width x channels feature map, but its input is a flat vector of ${formatCount(input[0] ?? 0)} numbers. ${advice}`,
    };
  }
  return null;
}

/** Analyzes spec layer `index` given its input shape (null = unknown). See the module comment. */
export function analyzeLayer(
  raw: unknown,
  index: number,
  input: TensorShape | null,
  flattenedBy: ShapeSource | null,
  firstUseOfId: Map<string, ShapeSource>,
): LayerStep {
  const analysis: LayerAnalysis = { index, id: '', kind: null, label: 'Unknown layer', inputShape: input, outputShape: null, params: 0, trainableParams: 0, macs: 0 };
  const problems: Problem[] = [];
  const step: LayerStep = { analysis, problems, layer: null, flattenedBy: null };
  const error = (message: string, extra: Partial<Problem> = {}): void => {
    problems.push({ severity: 'error', layerIndex: index, message, ...extra });
  };

  if (!isRecord(raw)) {
    error(`Layer ${index + 1} is not a layer description (it is ${describeValue(raw)}). Remove it.`);
    return step;
  }
  const kind = raw.kind;
  if (!isLayerKind(kind)) {
    const what = typeof kind === 'string' ? `an unknown kind, "${kind}"` : `no kind (it is ${describeValue(kind)})`;
    error(`Layer ${index + 1} has ${what}. Remove it, or replace it with one of: ${KNOWN_LABELS}.`, { field: 'kind' });
    return step;
  }
  const { label } = LAYER_REGISTRY[kind];
  const name = layerName(index, label);
  analysis.kind = kind;
  analysis.label = label;

  const id = typeof raw.id === 'string' ? raw.id : '';
  if (id === '') {
    error(`${name} has no id (it is ${describeValue(raw.id)}). Every layer needs its own text id.`, { field: 'id' });
  } else {
    const first = firstUseOfId.get(id);
    if (first) {
      error(`${name} has the same id "${id}" as ${layerName(first.index, first.label)}. Every layer needs its own id.`, { field: 'id' });
    } else {
      firstUseOfId.set(id, { index, label });
    }
  }
  analysis.id = id;

  const sanitized = sanitizeLayer(kind, raw, id);
  const layer = sanitized.layer;
  step.layer = layer;
  for (const { field, message, fix } of sanitized.problems) {
    error(`${name}: ${message}`, { field, fix: { type: 'setParam', layerIndex: index, field, value: fix.value, label: fix.label } });
  }
  if (input === null || sanitized.shapeUnknown) return step;

  const rankProblem = inputRankProblem(layer, index, input, flattenedBy);
  if (rankProblem) {
    problems.push(rankProblem);
    return step;
  }
  const { definition, layer: typed } = definitionFor(layer);
  const result = definition.outputShape(typed, input);
  if (!result.ok) {
    const { field, message, fix } = result.error;
    error(`${name}: ${message}`, { field, ...(fix ? { fix: { type: 'setParam', layerIndex: index, field: fix.field, value: fix.value, label: fix.label } } : {}) });
    return step;
  }
  const count = definition.paramCount(typed, input);
  analysis.outputShape = result.shape;
  analysis.params = count.total;
  analysis.trainableParams = count.trainable;
  analysis.macs = definition.macs(typed, input, result.shape);
  if (input.length === 3 && result.shape.length === 1) step.flattenedBy = { index, label };
  return step;
}
