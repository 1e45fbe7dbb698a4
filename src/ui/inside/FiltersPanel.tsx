import { useEffect, useId, useRef, useState } from 'react';
import { LAYER_REGISTRY } from '../../core/spec/registry';
import type { LayerSpec, NetworkSpec, TensorShape } from '../../core/spec/spec';
import { weightByRole, type WeightArray } from '../../engine/protocol';
import { colourKernelTiles, convKernelTiles, denseUnitTiles, depthwiseKernelTiles, matrixTile, MAX_INPUT_COLUMNS, type InputChoice, type Tiles } from '../../render/filterTiles';
import { createHistogramRenderer } from '../../render/histogram';
import type { InspectionView } from '../../store/inspectionSlice';
import { useAppStore } from '../context';
import { useNetworkAnalysis } from '../useNetworkAnalysis';
import { layerTitle } from './layerTitle';
import { TopActivations } from './TopActivations';
import { useInspection } from './useInspection';
import { WeightTiles } from './WeightTiles';

/** A dense weight matrix is drawn when it fits this many inputs across; wider ones show the histogram only. */
const MAX_MATRIX_INPUTS = 400;

/** The selected layer's weights in this snapshot, when it carries them for the same layer. */
function weightsIn(view: InspectionView, layerId: string): WeightArray[] | null {
  const index = view.layerIds.indexOf(layerId);
  return view.snapshot.weights.find((w) => w.layerIndex === index)?.arrays ?? null;
}


interface Picture {
  caption: string;
  extract(arrays: WeightArray[] | null): Tiles | null;
  maxCell?: number;
}

/** A picture of one named weight tensor of the layer ('kernel', 'bias', ...). */
const picture = (caption: string, weight: string, toTiles: (w: WeightArray) => Tiles, maxCell?: number): Picture => ({
  caption,
  maxCell,
  extract: (arrays) => {
    const w = weightByRole(arrays, weight);
    return w ? toTiles(w) : null;
  },
});
/** A vector (bias, batch-norm scale) as one strip of cells. */
const strip = (w: WeightArray) => matrixTile(w.values, w.values.length, 1);

/** What to draw for a layer's weights: kernels, pointwise weights, unit pictures, bias. */
function picturesFor(layer: LayerSpec, input: TensorShape | null, flattenedFrom: TensorShape | null, choice: InputChoice, readsColourImage: boolean): Picture[] {
  const withBias = (pictures: Picture[]) => ('useBias' in layer && layer.useBias ? [...pictures, picture('Bias', 'bias', strip, 16)] : pictures);
  const depthwise = picture('Depthwise kernels', 'depthwise_kernel', (k) => depthwiseKernelTiles(k.values, k.shape));
  switch (layer.kind) {
    case 'conv2d': {
      const kernels = picture('Kernels', 'kernel', (k) => convKernelTiles(k.values, k.shape, choice));
      // A filter over a colour image is itself a small colour image; its channels follow as tiles.
      if (readsColourImage) return withBias([picture('Kernels as colour images (grey is 0)', 'kernel', (k) => colourKernelTiles(k.values, k.shape)), { ...kernels, caption: 'Kernels per channel (red, green, blue)' }]);
      return withBias([kernels]);
    }
    case 'depthwiseConv2d':
      return withBias([depthwise]);
    case 'separableConv2d':
      return withBias([depthwise, picture('Pointwise weights (filter x depthwise channel)', 'pointwise_kernel', (k) => matrixTile(k.values, k.shape[2] ?? 1, k.shape[3] ?? 1), 12)]);
    case 'dense': {
      const inputs = input?.[0] ?? 0;
      if (flattenedFrom) return withBias([picture('Each unit’s weights, as the map it reads', 'kernel', (k) => denseUnitTiles(k.values, flattenedFrom, layer.units, choice))]);
      // Wider matrices would be a blur of single pixels: the histogram shows them instead.
      return withBias(inputs <= MAX_MATRIX_INPUTS ? [picture('Weights (unit x input)', 'kernel', (k) => matrixTile(k.values, inputs, layer.units), 12)] : []);
    }
    case 'batchNorm':
      return [picture('Scale (gamma)', 'gamma', strip, 16), picture('Shift (beta)', 'beta', strip, 16)];
    default:
      return [];
  }
}

function WeightHistogram({ layerId }: { layerId: string }) {
  const svgRef = useRef<SVGSVGElement>(null);
  const renderer = useRef<ReturnType<typeof createHistogramRenderer> | null>(null);
  useEffect(() => {
    if (!svgRef.current) return;
    renderer.current = createHistogramRenderer(svgRef.current, { width: 320, height: 130, xLabel: 'weight value' });
    return () => renderer.current?.destroy();
  }, []);
  useInspection((view) => {
    const arrays = view ? weightsIn(view, layerId) : null;
    const kernels = arrays?.filter((a) => /kernel$|gamma$/.test(a.name));
    if (!kernels || kernels.length === 0) return;
    const all = new Float32Array(kernels.reduce((n, k) => n + k.values.length, 0));
    let offset = 0;
    for (const k of kernels) {
      all.set(k.values, offset);
      offset += k.values.length;
    }
    renderer.current?.update(all);
  });
  return (
    <figure className="weight-histogram">
      <figcaption>Distribution of the weights</figcaption>
      <svg ref={svgRef} role="img" aria-label="Histogram of the layer’s weights" />
    </figure>
  );
}

/** The selected layer's weights: its filters as pictures, a histogram, and the test images its channels answer most. */
export function FiltersPanel({ width }: { width: number }) {
  const spec = useAppStore((s) => s.spec);
  const selectedLayerId = useAppStore((s) => s.selectedLayerId);
  const analysis = useNetworkAnalysis();
  const [choice, setChoice] = useState<InputChoice>('mean');
  const choiceId = useId();
  const index = spec.layers.findIndex((l) => l.id === selectedLayerId);
  const layer = spec.layers[index];
  const input = analysis.layers[index]?.inputShape ?? null;
  // A dense layer right after a flatten reads a map: its weights can be shown in that map's shape.
  const flattenInput = layer?.kind === 'dense' && spec.layers[index - 1]?.kind === 'flatten' ? (analysis.layers[index - 1]?.inputShape ?? null) : null;
  const flattenedFrom = flattenInput?.length === 3 ? flattenInput : null;
  return (
    <section className="filters" aria-labelledby="filters-heading">
      <h3 id="filters-heading">Filters</h3>
      {layer ? <LayerFilters key={layer.id} spec={spec} index={index} layer={layer} input={input} flattenedFrom={flattenedFrom} width={width} choice={choice} setChoice={setChoice} choiceId={choiceId} /> : (
        <p className="hint">Select a layer (in the network list or on its feature maps) to see its weights.</p>
      )}
    </section>
  );
}

interface LayerFiltersProps {
  spec: NetworkSpec;
  index: number;
  layer: LayerSpec;
  input: TensorShape | null;
  flattenedFrom: TensorShape | null;
  width: number;
  choice: InputChoice;
  setChoice(choice: InputChoice): void;
  choiceId: string;
}

function LayerFilters({ spec, index, layer, input, flattenedFrom, width, choice, setChoice, choiceId }: LayerFiltersProps) {
  // The first layer reads the colour image itself; a later one with three inputs reads three feature maps.
  const pictures = picturesFor(layer, input, flattenedFrom, choice, index === 0 && spec.inputShape[2] === 3);
  const title = layerTitle(spec, index);
  // Input channels a kernel reads (one tile each up to MAX_INPUT_COLUMNS), or the channels of the
  // map a dense layer reads through a flatten (one picture per unit, so always a choice).
  const choices = layer.kind === 'conv2d' && (input?.[2] ?? 1) > MAX_INPUT_COLUMNS ? (input?.[2] ?? 1) : (flattenedFrom?.[2] ?? 1) > 1 ? (flattenedFrom?.[2] ?? 1) : 0;
  return (
    <>
      <p className="filters-title">
        <strong>{title}</strong> {pictures.length === 0 && `has no weights: ${LAYER_REGISTRY[layer.kind].description}`}
      </p>
      {choices > 0 && (
        <div className="field inline">
          <label htmlFor={choiceId}>Input channel</label>
          <select id={choiceId} value={String(choice)} onChange={(e) => setChoice(e.target.value === 'mean' ? 'mean' : Number(e.target.value))}>
            <option value="mean">Mean over all {choices}</option>
            {Array.from({ length: choices }, (_, i) => (
              <option key={i} value={i}>
                Input channel {i + 1}
              </option>
            ))}
          </select>
        </div>
      )}
      {pictures.map((p) => (
        <WeightTiles key={p.caption} caption={p.caption} width={width} maxCell={p.maxCell} extract={(view) => p.extract(weightsIn(view, layer.id))} />
      ))}
      {pictures.length > 0 && <WeightHistogram layerId={layer.id} />}
      <TopActivations layerIndex={index} />
    </>
  );
}
