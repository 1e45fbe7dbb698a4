import type { Shape3D } from '../../core/spec/spec';
import type { Explanation } from '../../engine/protocol';
import { createColorScale } from '../../render/colorScale';
import { createHeatmapGridRenderer } from '../../render/heatmapGrid';
import { createOverlayMapRenderer } from '../../render/overlayMap';

/** The explained image, [h, w, c] values in [0, 1]. */
export interface ExplainedImage {
  pixels: Float32Array;
  shape: Shape3D;
}

/** Blank tiles before the first explanation: as large as an MNIST digit. */
const BLANK_SHAPE: Shape3D = [28, 28, 1];

export interface ExplanationView {
  /** `image`: the image explained, drawn under the Grad-CAM map; `classNames` name the class explained. */
  update(explanation: Explanation | null, image: ExplainedImage | null, classNames: readonly string[]): void;
  destroy(): void;
}

/** A cheap fingerprint of a map, so tests can tell two maps apart without reading pixels. */
function signature(values: Float32Array, max: number): string {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += ((values[i] ?? 0) / max) * ((i % 97) + 1);
  return sum.toFixed(3);
}

function maxOf(values: Float32Array): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}

/**
 * Draws saliency (the largest over the input channels) as a viridis map scaled to its largest value,
 * and Grad-CAM over the image it explains (its coarse map means little without the image under it).
 */
export function createExplanationView(root: HTMLElement): ExplanationView {
  const canvasOf = (selector: string) => {
    const canvas = root.querySelector<HTMLCanvasElement>(selector);
    if (!canvas) throw new Error(`ExplanationMaps has no ${selector}.`);
    return canvas;
  };
  const saliencyCanvas = canvasOf('.explanation-saliency');
  const camCanvas = canvasOf('.explanation-gradcam');
  const saliency = createHeatmapGridRenderer(saliencyCanvas, { cellSize: 6, gap: 0, columns: 1 });
  const cam = createOverlayMapRenderer(camCanvas, { cellSize: 6 });
  const classNames = root.querySelectorAll<HTMLElement>('[data-role="class"]');
  const camText = root.querySelector<HTMLElement>('[data-role="gradcam-text"]');
  const camNone = root.querySelector<HTMLElement>('[data-role="gradcam-none"]');
  const camZero = root.querySelector<HTMLElement>('[data-role="gradcam-zero"]');

  const describe = (canvas: HTMLCanvasElement, values: Float32Array | null, name: string) => {
    const max = values ? maxOf(values) : 0;
    canvas.dataset.signature = values ? (max > 0 ? signature(values, max) : '0') : '';
    canvas.setAttribute('aria-label', name);
  };

  const view: ExplanationView = {
    update(explanation, image, names) {
      const [height, width, channels] = image?.shape ?? BLANK_SHAPE;
      const classIndex = explanation?.classIndex;
      const className = classIndex === undefined ? '' : (names[classIndex] ?? String(classIndex));
      for (const element of classNames) element.textContent = classIndex === undefined ? 'the class' : `a ${className}`;
      const saliencyValues = explanation?.saliency ?? null;
      const max = saliencyValues ? maxOf(saliencyValues) : 0;
      saliency.update({ values: saliencyValues ?? new Float32Array(height * width), height, width, channels: 1, scaleOf: () => createColorScale(0, max > 0 ? max : 1) });
      describe(saliencyCanvas, saliencyValues, classIndex === undefined ? 'Saliency map' : `Saliency map for class ${className}`);
      const camValues = explanation?.gradCam ?? null;
      cam.update({ base: image?.pixels ?? new Float32Array(height * width), channels: image ? channels : 1, overlay: camValues, height, width });
      describe(camCanvas, camValues, classIndex === undefined ? 'Grad-CAM map' : `Grad-CAM map over the probe image, for class ${className}`);
      const noConv = explanation?.gradCamLayerIndex === null;
      const nothing = !noConv && camValues !== null && maxOf(camValues) === 0;
      if (camText) camText.hidden = noConv;
      if (camNone) camNone.hidden = !noConv;
      if (camZero) camZero.hidden = !nothing;
      saliencyCanvas.dataset.classIndex = classIndex === undefined ? '' : String(classIndex);
      camCanvas.dataset.classIndex = saliencyCanvas.dataset.classIndex;
    },
    destroy() {
      saliency.destroy();
      cam.destroy();
    },
  };
  // Blank tiles until there is something to explain, so the layout shows what will come.
  view.update(null, null, []);
  return view;
}
