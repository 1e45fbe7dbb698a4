import { useEffect, useRef, useState } from 'react';
import { receptiveField } from '../../core/math/receptiveField';
import type { TopActivation } from '../../engine/protocol';
import { formatLegendValue as formatValue } from '../../render/colorLegend';
import { createColorScale } from '../../render/colorScale';
import { createHeatmapGridRenderer, imageTiles } from '../../render/heatmapGrid';
import { useAppStore, useController } from '../context';
import { useDataset } from '../useDataset';

/** The fixed sample searched: the first 1,000 test images, so answers compare across runs. */
const SAMPLE_SIZE = 1000;
const COUNT = 9;
const PIXEL_SCALE = createColorScale(0, 1);

function Thumbnail({ top, layerIndex }: { top: TopActivation; layerIndex: number }) {
  const spec = useAppStore((s) => s.spec);
  const setProbe = useAppStore((s) => s.setProbe);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { classNames } = useDataset();
  const [height, width, channels] = spec.inputShape;
  const name = classNames[top.label] ?? String(top.label);
  const field = receptiveField(spec, layerIndex, top.position[0], top.position[1]);
  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const renderer = createHeatmapGridRenderer(canvas, { cellSize: 2, gap: 0, columns: 1 });
    renderer.update({ values: top.pixels, height, width, channels, scaleOf: () => PIXEL_SCALE, tiles: imageTiles(channels) });
    renderer.setHighlight(field?.input ?? null);
    return () => renderer.destroy();
  }, [top, field?.input, height, width, channels]);
  return (
    <li>
      <button type="button" className="thumbnail" onClick={() => setProbe({ kind: 'test', index: top.testIndex })} aria-label={`Test image ${top.testIndex + 1}, a ${name}, response ${formatValue(top.value)}: show it in the feature maps`}>
        <canvas ref={canvasRef} aria-hidden="true" />
        <span>
          {name} · {formatValue(top.value)}
        </span>
      </button>
    </li>
  );
}

/** "What does this channel look for?": the test images that excite it most, each with the spot that does it outlined. */
export function TopActivations({ layerIndex }: { layerIndex: number }) {
  const controller = useController();
  const channel = useAppStore((s) => s.selectedChannel) ?? 0;
  const step = useAppStore((s) => s.progress.step);
  const [state, setState] = useState<{ progress: number | null; results: TopActivation[] | null; channel: number; step: number; error: string | null }>({
    progress: null,
    results: null,
    channel,
    step: 0,
    error: null,
  });
  const find = async () => {
    setState({ progress: 0, results: null, channel, step, error: null });
    try {
      const results = await controller.topActivations(layerIndex, channel, SAMPLE_SIZE, COUNT, (fraction) => setState((s) => ({ ...s, progress: fraction })));
      setState({ progress: null, results, channel, step, error: null });
    } catch (error) {
      setState({ progress: null, results: null, channel, step, error: error instanceof Error ? error.message : String(error) });
    }
  };
  return (
    <div className="top-activations">
      <h4>What map {channel + 1} looks for</h4>
      <p className="hint">The test images (of the first {SAMPLE_SIZE.toLocaleString('en-US')}) on which it responds most; the outline is the spot it responds to.</p>
      <button type="button" onClick={() => void find()} disabled={state.progress !== null}>
        Find the {COUNT} strongest images
      </button>
      {state.progress !== null && <progress max={1} value={state.progress} aria-label="Searching the test images" />}
      {state.error && <p role="alert">{state.error}</p>}
      {state.results && (
        <>
          <p className="hint">
            Map {state.channel + 1}, {state.step > 0 ? `after ${state.step.toLocaleString('en-US')} training steps` : 'untrained weights'}:
          </p>
          <ol className="thumbnails" aria-label={`Images that excite map ${state.channel + 1} most`}>
            {state.results.map((top) => (
              <Thumbnail key={top.testIndex} top={top} layerIndex={layerIndex} />
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
