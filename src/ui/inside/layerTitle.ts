import { LAYER_REGISTRY } from '../../core/spec/registry';
import type { NetworkSpec } from '../../core/spec/spec';

/** "Layer 3, Conv2D": the number and kind as the builder shows them. */
export function layerTitle(spec: NetworkSpec, index: number): string {
  const layer = spec.layers[index];
  return layer ? `Layer ${index + 1}, ${LAYER_REGISTRY[layer.kind].label}` : `Layer ${index + 1}`;
}
