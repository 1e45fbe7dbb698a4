import { useEffect, useRef, useState } from 'react';
import { createColorScale } from '../../render/colorScale';
import { createHeatmapGridRenderer, imageTiles } from '../../render/heatmapGrid';
import { formatPercent } from '../../render/probabilityBars';
import { createProbabilityStripRenderer } from '../../render/probabilityStrip';
import type { TestResult } from '../../store/evaluationSlice';
import { errorMessage } from '../../core/spec/describeValue';
import { useAppStore, useEvaluation } from '../context';
import { useDataset } from '../useDataset';
import type { Shape3D } from '../../core/spec/spec';

/** Images shown at most; a cell of a thousand right answers shows its first this many and the count. */
export const GALLERY_LIMIT = 48;
const PIXEL_SCALE = createColorScale(0, 1);

interface ThumbnailProps {
  index: number;
  pixels: Float32Array;
  result: TestResult;
  shape: Shape3D;
  classNames: readonly string[];
  onChoose(index: number): void;
}

function Thumbnail({ index, pixels, result, shape, classNames, onChoose }: ThumbnailProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const stripRef = useRef<SVGSVGElement>(null);
  const label = result.labels[index] ?? 0;
  const predicted = result.predicted[index] ?? 0;
  const confidence = result.confidence[index] ?? 0;
  const probabilities = result.probabilities.subarray(index * result.classes, (index + 1) * result.classes);
  useEffect(() => {
    const probabilities = result.probabilities.subarray(index * result.classes, (index + 1) * result.classes);
    const canvas = canvasRef.current;
    const strip = stripRef.current;
    if (!canvas || !strip) return;
    const image = createHeatmapGridRenderer(canvas, { cellSize: 2, gap: 0, columns: 1 });
    image.update({ values: pixels, height: shape[0], width: shape[1], channels: shape[2], scaleOf: () => PIXEL_SCALE, tiles: imageTiles(shape[2]) });
    const bars = createProbabilityStripRenderer(strip, { width: 56, height: 14 });
    bars.update({ probabilities, label });
    return () => {
      image.destroy();
      bars.destroy();
    };
  }, [pixels, result, index, label, shape]);
  const right = label === predicted;
  const name = (c: number) => classNames[c] ?? String(c);
  const said = `predicted ${name(predicted)} with ${formatPercent(confidence)}${right ? '' : `, ${name(label)} had ${formatPercent(probabilities[label] ?? 0)}`}`;
  return (
    <li>
      <button type="button" className={right ? 'thumbnail' : 'thumbnail wrong'} onClick={() => onChoose(index)} aria-label={`Test image ${(index + 1).toLocaleString('en-US')}, a ${name(label)}, ${said}: show it in the inside view`}>
        <canvas ref={canvasRef} aria-hidden="true" />
        <svg ref={stripRef} aria-hidden="true" className="probability-strip" />
        <span>{`${right ? '' : `${name(label)}→`}${name(predicted)} ${Math.round(confidence * 100)}%`}</span>
      </button>
    </li>
  );
}

interface GalleryProps {
  result: TestResult;
  /** Every image of the selection, in the order to show them. */
  indices: readonly number[];
  classNames: readonly string[];
  /** The list's accessible name. */
  name: string;
}

/**
 * Test images with what the network said about each (its answer, its confidence, all ten
 * probabilities as bars); clicking one makes it the inside view's probe image.
 */
export function TestImageGallery({ result, indices, classNames, name }: GalleryProps) {
  const evaluator = useEvaluation();
  const { inputShape } = useDataset();
  const pixelsPerImage = inputShape[0] * inputShape[1] * inputShape[2];
  const setProbe = useAppStore((s) => s.setProbe);
  const [shown, setShown] = useState<{ index: number; pixels: Float32Array }[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    const first = indices.slice(0, GALLERY_LIMIT);
    evaluator.images(first).then(
      (pixels) => {
        if (!live) return;
        setShown(first.map((index, k) => ({ index, pixels: pixels.subarray(k * pixelsPerImage, (k + 1) * pixelsPerImage) })));
        setError(null);
      },
      (reason: unknown) => live && setError(errorMessage(reason)),
    );
    return () => {
      live = false;
    };
  }, [evaluator, indices, pixelsPerImage]);
  const choose = (index: number) => {
    setProbe({ kind: 'test', index });
    setChosen(index);
  };
  const total = indices.length;
  return (
    <div className="test-gallery">
      <p className="hint">
        {total === 0 ? 'No images here.' : total > GALLERY_LIMIT ? `The ${GALLERY_LIMIT} most confident of ${total.toLocaleString('en-US')} images.` : `${total.toLocaleString('en-US')} image${total === 1 ? '' : 's'}, most confident first.`}
        {total > 0 && ' Bars: the probability of each class, the answer in blue, the right class in orange. Choose an image to look inside the network at it.'}
      </p>
      {error && <p role="alert">{error}</p>}
      {shown && (
        <ol className="thumbnails test-thumbnails" aria-label={name}>
          {shown.map(({ index, pixels }) => (
            <Thumbnail key={index} index={index} pixels={pixels} result={result} shape={inputShape} classNames={classNames} onChoose={choose} />
          ))}
        </ol>
      )}
      <p role="status" className="hint">
        {chosen !== null ? `Test image ${(chosen + 1).toLocaleString('en-US')} is the probe image of the inside view now.` : ''}
      </p>
    </div>
  );
}
