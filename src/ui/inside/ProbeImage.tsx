import { useEffect, useRef } from 'react';
import { createColorScale } from '../../render/colorScale';
import { createHeatmapGridRenderer, type HeatmapGridRenderer, imageTiles } from '../../render/heatmapGrid';
import { useAppStore } from '../context';
import { Icon } from '../Icon';
import { useInspection } from './useInspection';
import { useDataset } from '../useDataset';

const PROBE_SCALE = createColorScale(0, 1);

/** The next test image after `from` (wrapping) whose label is `label`, or `from` when there is none. */
export function nextWithLabel(labels: Uint8Array, label: number, from: number): number {
  for (let k = 1; k <= labels.length; k++) {
    const i = (from + k) % labels.length;
    if (labels[i] === label) return i;
  }
  return from;
}

const samePixels = (a: Float32Array, b: Float32Array | null) => b !== null && a.length === b.length && a.every((v, i) => v === b[i]);

/** Which test image the inside view looks at: step through them, jump at random, or ask for a class. */
export function TestImagePicker() {
  const dataset = useDataset();
  const [height, width, channels] = dataset.inputShape;
  const index = useAppStore((s) => (s.probe.kind === 'test' ? s.probe.index : s.probe.lastTestIndex));
  const labels = useAppStore((s) => s.testLabels);
  const setProbe = useAppStore((s) => s.setProbe);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const renderer = useRef<HeatmapGridRenderer | null>(null);
  const count = labels?.length ?? 0;
  const label = labels?.[index];

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    renderer.current = createHeatmapGridRenderer(canvas, { cellSize: 4, gap: 0, columns: 1 });
    return () => renderer.current?.destroy();
  }, []);

  const shown = useRef<Float32Array | null>(null);
  useInspection((view) => {
    const probeImage = view?.snapshot.probe;
    // A drawing is shown on the pad (and as the Input map), not here.
    if (!probeImage || probeImage.testIndex === null || !renderer.current) return;
    // The same test image comes with every live refresh: draw it once. By its pixels, not its index:
    // test image 1 of another dataset is another picture.
    if (samePixels(probeImage.pixels, shown.current)) return;
    shown.current = probeImage.pixels;
    renderer.current.update({ values: probeImage.pixels, height, width, channels, scaleOf: () => PROBE_SCALE, tiles: imageTiles(channels) });
  });

  const go = (next: number) => count > 0 && setProbe({ kind: 'test', index: ((next % count) + count) % count });

  return (
    <div className="test-picker">
      <canvas ref={canvasRef} className="probe-canvas" role="img" aria-label={label === undefined ? 'Probe image loading' : `Test image ${index + 1}, ${dataset.id === 'mnist' ? 'a handwritten' : 'a'} ${dataset.classNames[label] ?? label}`} />
      <p className="probe-caption">
        <span className="probe-label">
          Label <output aria-label="Probe label">{label === undefined ? '…' : (dataset.classNames[label] ?? label)}</output>
        </span>{' '}
        <span className="hint">
          test image <output aria-label="Probe index">{count > 0 ? (index + 1).toLocaleString('en-US') : '…'}</output> of {(count > 0 ? count : dataset.splits.test).toLocaleString('en-US')}
        </span>
      </p>
      <div className="probe-buttons">
        <button type="button" className="icon-button" disabled={count === 0} onClick={() => go(index - 1)}>
          <Icon name="chevronLeft" /> Previous
        </button>
        <button type="button" className="icon-button" disabled={count === 0} onClick={() => go(index + 1)}>
          Next <Icon name="chevronRight" />
        </button>
        <button type="button" className="icon-button" disabled={count === 0} onClick={() => go(Math.floor(Math.random() * count))}>
          <Icon name="shuffle" /> Random
        </button>
        <label className="visually-hidden" htmlFor="probe-digit">
          Show a {dataset.classNoun}
        </label>
        <select id="probe-digit" value="" disabled={count === 0} onChange={(e) => labels && go(nextWithLabel(labels, Number(e.target.value), index))}>
          <option value="" disabled>
            Show a…
          </option>
          {dataset.classNames.map((name, c) => (
            <option key={name} value={c}>
              Show a {name}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
