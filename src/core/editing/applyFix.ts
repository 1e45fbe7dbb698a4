/** Carries out a QuickFix as a pure spec -> spec edit, so undo/redo stays trivial. */
import { analyzeNetwork } from '../analysis/analyze';
import type { QuickFix } from '../analysis/problems';
import { createLayer, newLayerId } from '../spec/registry';
import type { LayerSpec, NetworkSpec } from '../spec/spec';
import { setInputShape } from './edit';

function copyValue(value: unknown): unknown {
  return Array.isArray(value) ? [...(value as unknown[])] : value;
}

/**
 * The spec with `fix` applied; `spec` itself is left untouched. `makeId` names inserted layers
 * (pass a deterministic one in tests).
 * - insertLayer: a default layer of `fix.kind` at index `fix.at` (clamped to the layer list);
 * - setParam: `fix.field` of layer `fix.layerIndex` set to `fix.value`;
 * - appendClassifier: a Flatten if the network ends in a feature map, then Dense(classes, softmax);
 * - setInputShape: the input shape set to `fix.shape`.
 */
export function applyQuickFix(spec: NetworkSpec, fix: QuickFix, makeId: (kind: string) => string = newLayerId): NetworkSpec {
  switch (fix.type) {
    case 'insertLayer': {
      const at = Math.max(0, Math.min(spec.layers.length, fix.at));
      const layers = [...spec.layers];
      layers.splice(at, 0, createLayer(fix.kind, makeId(fix.kind)));
      return { ...spec, layers };
    }
    case 'setParam': {
      const layers = spec.layers.map((layer, index) =>
        index === fix.layerIndex ? ({ ...layer, [fix.field]: copyValue(fix.value) } as LayerSpec) : layer,
      );
      return { ...spec, layers };
    }
    case 'appendClassifier': {
      const output = analyzeNetwork(spec).outputShape;
      const added: LayerSpec[] = [];
      if (output === null || output.length !== 1) added.push(createLayer('flatten', makeId('flatten')));
      added.push(createLayer('dense', makeId('dense'), { units: fix.classes, activation: 'softmax' }));
      return { ...spec, layers: [...spec.layers, ...added] };
    }
    case 'setInputShape':
      return setInputShape(spec, fix.shape);
  }
}
