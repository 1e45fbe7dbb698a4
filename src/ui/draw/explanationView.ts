import type { Explanation } from '../../engine/protocol';
import { createColorScale } from '../../render/colorScale';
import { createHeatmapGridRenderer, type HeatmapGridRenderer } from '../../render/heatmapGrid';

export interface ExplanationView {
  update(explanation: Explanation | null): void;
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

/** Draws saliency and Grad-CAM as 28x28 viridis maps, each scaled to its own largest value. */
export function createExplanationView(root: HTMLElement): ExplanationView {
  const canvasOf = (selector: string) => {
    const canvas = root.querySelector<HTMLCanvasElement>(selector);
    if (!canvas) throw new Error(`ExplanationMaps has no ${selector}.`);
    return canvas;
  };
  const saliencyCanvas = canvasOf('.explanation-saliency');
  const camCanvas = canvasOf('.explanation-gradcam');
  const saliency = createHeatmapGridRenderer(saliencyCanvas, { cellSize: 3, gap: 0, columns: 1 });
  const cam = createHeatmapGridRenderer(camCanvas, { cellSize: 3, gap: 0, columns: 1 });
  const classNames = root.querySelectorAll<HTMLElement>('[data-role="class"]');
  const camText = root.querySelector<HTMLElement>('[data-role="gradcam-text"]');
  const camNone = root.querySelector<HTMLElement>('[data-role="gradcam-none"]');
  const camZero = root.querySelector<HTMLElement>('[data-role="gradcam-zero"]');

  const draw = (renderer: HeatmapGridRenderer, canvas: HTMLCanvasElement, values: Float32Array | null, name: string) => {
    const max = values ? maxOf(values) : 0;
    const shown = values ?? new Float32Array(28 * 28);
    renderer.update({ values: shown, height: 28, width: 28, channels: 1, scaleOf: () => createColorScale(0, max > 0 ? max : 1) });
    canvas.dataset.signature = values ? (max > 0 ? signature(values, max) : '0') : '';
    canvas.setAttribute('aria-label', name);
  };

  const view: ExplanationView = {
    update(explanation) {
      const classIndex = explanation?.classIndex;
      for (const element of classNames) element.textContent = classIndex === undefined ? 'the class' : `a ${classIndex}`;
      draw(saliency, saliencyCanvas, explanation?.saliency ?? null, classIndex === undefined ? 'Saliency map' : `Saliency map for class ${classIndex}`);
      const camValues = explanation?.gradCam ?? null;
      draw(cam, camCanvas, camValues, classIndex === undefined ? 'Grad-CAM map' : `Grad-CAM map for class ${classIndex}`);
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
  view.update(null);
  return view;
}
