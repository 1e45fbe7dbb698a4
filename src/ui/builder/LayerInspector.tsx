import type { LayerAnalysis } from '../../core/analysis/analysisTypes';
import { updateLayer } from '../../core/editing/edit';
import { editLabel } from '../../core/editing/editLabels';
import { formatCount, formatShape } from '../../core/spec/format';
import type { ParamDescriptor } from '../../core/spec/paramRanges';
import type { Problem } from '../../core/analysis/problems';
import { LAYER_REGISTRY } from '../../core/spec/registry';
import type { LayerKind, LayerSpec, Padding, Pair } from '../../core/spec/spec';
import { useAppStore } from '../context';
import { useNetworkAnalysis } from '../useNetworkAnalysis';
import { PaddingField } from './PaddingField';
import { CheckboxField, ChoiceField, HeightWidthField, NumberField, SquarePairField, type FieldProblem } from './ParamFields';

/** Names people know: 'linear' is "none" to a student. */
const OPTION_LABELS: Record<string, string> = { linear: 'none (linear)', leakyRelu: 'leaky ReLU', relu: 'ReLU' };
/** How each pool treats padded cells, said where the padding is set. */
const PADDING_NOTES: Partial<Record<LayerKind, string>> = {
  maxPool2d: 'A padded cell never wins the max (as in PyTorch).',
  avgPool2d: "Explicit padding counts the padded zeros in each average (PyTorch's default); 'same' averages only the real pixels (TensorFlow's rule).",
};

/** Pair settings shown as one number unless height and width differ; the kernel always shows both. */
const PAIR_BASES: Record<string, string> = { kernelSize: 'Kernel', strides: 'Stride', dilation: 'Dilation', poolSize: 'Pool size' };

interface FieldProps {
  kind: LayerKind;
  descriptor: ParamDescriptor;
  value: unknown;
  problem: FieldProblem | undefined;
  /** `session` groups the values typed in one visit of a number box into one undo step. */
  onCommit(value: unknown, session?: number): void;
}

function ParamField({ kind, descriptor, value, problem, onCommit }: FieldProps) {
  // The activation function is "Activation" wherever it appears.
  const label = descriptor.field === 'activation' ? 'Activation' : descriptor.label;
  switch (descriptor.type) {
    case 'integer':
      return <NumberField label={label} value={Number(value)} min={descriptor.min} max={descriptor.max} integer problem={problem} onCommit={onCommit} />;
    case 'fraction':
      return <NumberField label={label} value={Number(value)} min={descriptor.min} max={descriptor.maxExclusive} step={0.05} integer={false} problem={problem} onCommit={onCommit} />;
    case 'pair': {
      const base = PAIR_BASES[descriptor.field] ?? label;
      const Field = descriptor.field === 'kernelSize' ? HeightWidthField : SquarePairField;
      return <Field base={base} value={value as Pair} min={descriptor.min} max={descriptor.max} problem={problem} onCommit={onCommit} />;
    }
    case 'choice':
      return (
        <ChoiceField label={label} value={String(value)} options={descriptor.options.map((o) => ({ value: o, label: OPTION_LABELS[o] ?? o }))} problem={problem} onCommit={onCommit} />
      );
    case 'boolean':
      return <CheckboxField label={label} value={Boolean(value)} onCommit={onCommit} />;
    case 'padding':
      return <PaddingField value={value as Padding} min={descriptor.min} max={descriptor.max} note={PADDING_NOTES[kind]} problem={problem} onCommit={onCommit} />;
  }
}

function LayerFacts({ analysis }: { analysis: LayerAnalysis | undefined }) {
  const shape = (s: number[] | null | undefined) => (s ? formatShape(s) : '?');
  return (
    <dl className="layer-facts">
      <dt>Input</dt>
      <dd>{shape(analysis?.inputShape)}</dd>
      <dt>Output</dt>
      <dd>
        <output aria-label="Output shape">{shape(analysis?.outputShape)}</output>
      </dd>
      <dt>Parameters</dt>
      <dd>
        <output aria-label="Parameters">{analysis ? formatCount(analysis.params) : '?'}</output>
      </dd>
      <dt>Multiply-accumulates</dt>
      <dd>{analysis ? formatCount(analysis.macs) : '?'}</dd>
    </dl>
  );
}

function LayerForm({ layer, index, analysis, problems }: { layer: LayerSpec; index: number; analysis: LayerAnalysis | undefined; problems: readonly Problem[] }) {
  const editNetwork = useAppStore((s) => s.editNetwork);
  const definition = LAYER_REGISTRY[layer.kind];
  const settings = layer as unknown as Record<string, unknown>;
  return (
    <>
      <p className="layer-title">
        <strong>
          {index + 1}. {definition.label}
        </strong>{' '}
        — {definition.description}
      </p>
      <LayerFacts analysis={analysis} />
      {definition.params.length === 0 && <p className="hint">This layer has no settings.</p>}
      <div className="layer-fields">
        {definition.params.map((descriptor) => {
          const problem = problems.find((p) => p.field === descriptor.field && p.severity === 'error');
          return (
            <ParamField
              key={descriptor.field}
              kind={layer.kind}
              descriptor={descriptor}
              value={settings[descriptor.field]}
              problem={problem}
              onCommit={(value, session) =>
                editNetwork((s) => updateLayer(s, layer.id, { [descriptor.field]: value }), editLabel.update(layer.kind, descriptor.field), {
                  coalesceKey: session === undefined ? undefined : `${layer.id}:${descriptor.field}:${session}`,
                })
              }
            />
          );
        })}
      </div>
    </>
  );
}

/** Every setting of the selected layer, with its shapes and counts. */
export function LayerInspector() {
  const spec = useAppStore((s) => s.spec);
  const selectedLayerId = useAppStore((s) => s.selectedLayerId);
  const analysis = useNetworkAnalysis();
  const index = spec.layers.findIndex((l) => l.id === selectedLayerId);
  const layer = spec.layers[index];
  return (
    <section className="inspector" aria-labelledby="inspector-heading">
      <h3 id="inspector-heading">Layer settings</h3>
      {layer ? (
        <LayerForm key={layer.id} layer={layer} index={index} analysis={analysis.layers[index]} problems={analysis.problems.filter((p) => p.layerIndex === index)} />
      ) : (
        <p className="hint">Select a layer in the network to see and change its settings.</p>
      )}
    </section>
  );
}
