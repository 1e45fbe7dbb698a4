/**
 * What differs between two training runs, in the few words a legend has room for: "lr 0.01 vs
 * 0.001", "batch 64 vs 32", "+ BatchNorm", "Conv2D 1 filters 16 vs 8". Used by the comparison of
 * runs, so a student sees at once which change made which curve.
 */
import { analyzeNetwork } from '../analysis/analyze';
import { builtinDataset } from '../dataset/builtin';
import { datasetIdOf } from '../dataset/specDataset';
import { formatCount } from '../spec/format';
import { LAYER_REGISTRY } from '../spec/registry';
import type { LayerSpec, NetworkSpec } from '../spec/spec';
import { AUGMENTATION_LABELS, OPTIMIZER_LABELS, SCHEDULE_LABELS, type TrainingSettings } from './training';

export interface RunDesign {
  spec: NetworkSpec;
  settings: TrainingSettings;
}

/** Differences named at most; a legend line stays one line. */
const MAX_DIFFERENCES = 4;
const SHORT_SCHEDULE = { constant: 'constant lr', cosine: 'cosine lr' } as const;
const SHORT_AUGMENTATION = { none: 'no augmentation', shift: 'shifts' } as const;

/** "Fashion-MNIST" for a built-in dataset's network; its id for another. */
const datasetName = (spec: NetworkSpec) => builtinDataset(datasetIdOf(spec))?.name ?? datasetIdOf(spec);

const label = (layer: LayerSpec) => LAYER_REGISTRY[layer.kind].label;
const shown = (value: unknown): string => (Array.isArray(value) ? value.join('x') : String(value));

function settingDifferences(a: TrainingSettings, b: TrainingSettings): string[] {
  const out: string[] = [];
  if (a.optimizer !== b.optimizer) out.push(`${OPTIMIZER_LABELS[a.optimizer]} vs ${OPTIMIZER_LABELS[b.optimizer]}`);
  if (a.learningRate !== b.learningRate) out.push(`lr ${a.learningRate} vs ${b.learningRate}`);
  if (a.schedule !== b.schedule) out.push(`${SHORT_SCHEDULE[a.schedule]} vs ${SHORT_SCHEDULE[b.schedule]}`);
  if (a.batchSize !== b.batchSize) out.push(`batch ${a.batchSize} vs ${b.batchSize}`);
  if (a.augmentation !== b.augmentation) out.push(`${SHORT_AUGMENTATION[a.augmentation]} vs ${SHORT_AUGMENTATION[b.augmentation]}`);
  if (a.epochs !== b.epochs) out.push(`${a.epochs} vs ${b.epochs} epochs`);
  return out;
}

/** Layers added or removed by kind ("+ BatchNorm", "− Dropout"), as multisets of kinds. */
function kindDifferences(a: readonly LayerSpec[], b: readonly LayerSpec[]): string[] {
  const count = (layers: readonly LayerSpec[]) => {
    const counts = new Map<string, number>();
    for (const layer of layers) counts.set(label(layer), (counts.get(label(layer)) ?? 0) + 1);
    return counts;
  };
  const [ca, cb] = [count(a), count(b)];
  const out: string[] = [];
  for (const name of new Set([...ca.keys(), ...cb.keys()])) {
    const delta = (ca.get(name) ?? 0) - (cb.get(name) ?? 0);
    if (delta !== 0) out.push(`${delta > 0 ? '+' : '−'} ${Math.abs(delta) > 1 ? `${Math.abs(delta)} ` : ''}${name}`);
  }
  return out;
}

/** With the same layer kinds in the same order: the parameters that differ, layer by layer ("Conv2D 1 filters 16 vs 8"). */
function paramDifferences(a: readonly LayerSpec[], b: readonly LayerSpec[]): string[] {
  const out: string[] = [];
  const seen = new Map<string, number>();
  a.forEach((layer, i) => {
    const other = b[i];
    const name = label(layer);
    const number = (seen.get(name) ?? 0) + 1;
    seen.set(name, number);
    if (!other) return;
    const pa = layer as unknown as Record<string, unknown>;
    const pb = other as unknown as Record<string, unknown>;
    for (const param of LAYER_REGISTRY[layer.kind].params) {
      const [va, vb] = [pa[param.field], pb[param.field]];
      if (JSON.stringify(va) !== JSON.stringify(vb)) out.push(`${name} ${number} ${param.label.toLowerCase()} ${shown(va)} vs ${shown(vb)}`);
    }
  });
  return out;
}

/**
 * How run `a` differs from run `b`: the dataset first when it differs, then the network (layers added or removed, or the parameters that
 * changed when the layers are the same kinds in the same order, then the parameter count when it
 * differs and nothing else said so), then the training settings; at most four items, and "same
 * network and settings" when there is nothing.
 */
export function describeDifferences(a: RunDesign, b: RunDesign): string[] {
  const sameKinds = a.spec.layers.length === b.spec.layers.length && a.spec.layers.every((layer, i) => layer.kind === b.spec.layers[i]?.kind);
  const network = sameKinds ? paramDifferences(a.spec.layers, b.spec.layers) : kindDifferences(a.spec.layers, b.spec.layers);
  const [pa, pb] = [analyzeNetwork(a.spec).totalParams, analyzeNetwork(b.spec).totalParams];
  if (pa !== pb && (network.length === 0 || network.length > MAX_DIFFERENCES - 1 || !sameKinds)) network.push(`${formatCount(pa)} vs ${formatCount(pb)} parameters`);
  const data = datasetIdOf(a.spec) === datasetIdOf(b.spec) ? [] : [`${datasetName(a.spec)} vs ${datasetName(b.spec)}`];
  const all = [...data, ...network, ...settingDifferences(a.settings, b.settings)];
  if (all.length === 0) return ['same network and settings'];
  return all.length > MAX_DIFFERENCES ? [...all.slice(0, MAX_DIFFERENCES - 1), `${all.length - MAX_DIFFERENCES + 1} more differences`] : all;
}

/** One line that names a run's design: "MNIST; Adam, lr 0.003 (cosine lr), batch 32, 3 epochs, shifts; 5,994 parameters". */
export function describeDesign({ spec, settings }: RunDesign): string {
  const extras = settings.augmentation === 'shift' ? `, ${AUGMENTATION_LABELS.shift.toLowerCase()}` : '';
  return `${datasetName(spec)}; ${OPTIMIZER_LABELS[settings.optimizer]}, lr ${settings.learningRate} (${SCHEDULE_LABELS[settings.schedule].toLowerCase()}), batch ${settings.batchSize}, ${settings.epochs} epochs${extras}; ${formatCount(analyzeNetwork(spec).totalParams)} parameters`;
}
