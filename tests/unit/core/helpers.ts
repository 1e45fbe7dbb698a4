/** Small builders shared by the core tests. */
import { createLayer } from '../../../src/core/spec/registry';
import { SPEC_VERSION, type LayerSpec, type NetworkSpec, type Shape3D } from '../../../src/core/spec/spec';
import type { LayerSettings } from '../../../src/core/layers/definition';
import type { LayerKind } from '../../../src/core/spec/spec';

let counter = 0;

/** A layer with defaults plus overrides and a unique test id. */
export function layer<K extends LayerKind>(kind: K, overrides: Partial<LayerSettings<K>> = {}): LayerSpec {
  counter += 1;
  return createLayer(kind, `t${counter}`, overrides) as LayerSpec;
}

export function net(layers: LayerSpec[], inputShape: Shape3D = [28, 28, 1]): NetworkSpec {
  return { version: SPEC_VERSION, inputShape, layers };
}

/** Flatten + Dense(10, softmax): the ending every valid test network needs. */
export function classifier(): LayerSpec[] {
  return [layer('flatten'), layer('dense', { units: 10, activation: 'softmax' })];
}

/** Freezes a value and everything inside it, so any mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
