/**
 * The network as PyTorch's `print(model)` shows an equivalent `nn.Sequential`: one numbered
 * module per line, fused activations as modules of their own, channels taken from the
 * analysis' input shapes ('?' where they are unknown).
 */
import { analyzeNetwork } from '../analysis/analyze';
import { formatCount } from '../spec/format';
import { torchModules, type LayerInput } from './pytorchModules';
import { isLayerKind } from '../spec/registry';
import type { LayerKind, LayerSpec, NetworkSpec } from '../spec/spec';

/** The rank each kind outputs given its input's rank: what can be said without any sizes. */
function outputRank(kind: LayerKind, input: 1 | 3): 1 | 3 {
  switch (kind) {
    case 'flatten':
    case 'dense':
    case 'globalAvgPool2d':
    case 'globalMaxPool2d':
      return 1;
    case 'activation':
    case 'dropout':
    case 'batchNorm':
      return input;
    default:
      return 3;
  }
}

const isLayer = (value: unknown): value is LayerSpec =>
  typeof value === 'object' && value !== null && isLayerKind((value as { kind?: unknown }).kind);

/**
 * The `print(model)` text, then comments with the input shape in PyTorch's (N, C, H, W) layout
 * and the parameter count. Never throws: unknown sizes print as '?', unreadable layers as
 * '?()'. BatchNorm's moving mean and variance are buffers in PyTorch, not parameters, so the
 * count line names them apart from the parameters.
 */
export function pytorchSummary(spec: NetworkSpec): string {
  const analysis = analyzeNetwork(spec);
  const layers: readonly unknown[] = Array.isArray(spec?.layers) ? spec.layers : [];
  const lines = ['Sequential('];
  let rank: 1 | 3 = 3;
  layers.forEach((layer, index) => {
    const shape = analysis.layers[index]?.inputShape ?? null;
    const input: LayerInput = { shape, rank: shape === null ? rank : shape.length === 1 ? 1 : 3 };
    const modules = isLayer(layer) ? torchModules(layer, input) : [{ repr: '?()' }];
    if (isLayer(layer)) rank = outputRank(layer.kind, input.rank);
    for (const module of modules) {
      lines.push(`  (${lines.length - 1}): ${module.repr}${module.note === undefined ? '' : `  # ${module.note}`}`);
    }
  });
  lines.push(')');

  const [h, w, c] = Array.isArray(spec?.inputShape) ? spec.inputShape : [];
  lines.push(`# Input: (N, ${[c, h, w].map((n) => (typeof n === 'number' ? String(n) : '?')).join(', ')}), channels first`);
  const buffers = analysis.totalParams - analysis.trainableParams;
  const incomplete = analysis.layers.some((layer) => layer.outputShape === null) ? ' (layers with unknown shapes not counted)' : '';
  const bufferNote = buffers > 0 ? `, of which ${formatCount(buffers)} are BatchNorm running statistics (buffers in PyTorch)` : '';
  lines.push(`# Total params: ${formatCount(analysis.totalParams)}${bufferNote}${incomplete}`);
  return lines.join('\n');
}
