import { createColorScale } from '../../render/colorScale';
import { createHeatmapGridRenderer } from '../../render/heatmapGrid';
import { argmax, createProbabilityBarsRenderer, formatPercent } from '../../render/probabilityBars';

const PIXEL_SCALE = createColorScale(0, 1);
const EMPTY = new Float32Array(10);

export interface PredictionView {
  update(pixels: Float32Array, probabilities: Float32Array | null, hasInk: boolean): void;
  /** Tells a screen reader the answer (once per stroke, not on every move). */
  announce(): void;
  destroy(): void;
}

/** Fills PredictionRegion's markup: the prepared image, the answer, the bars and the table. */
export function createPredictionView(root: HTMLElement): PredictionView {
  const find = <E extends Element>(selector: string): E => {
    const element = root.querySelector<E>(selector);
    if (!element) throw new Error(`PredictionRegion has no ${selector}.`);
    return element;
  };
  const prepared = createHeatmapGridRenderer(find<HTMLCanvasElement>('.draw-prepared'), { cellSize: 3, gap: 0, columns: 1 });
  const bars = createProbabilityBarsRenderer(find<SVGSVGElement>('.probability-svg'), { width: 240, height: 96 });
  const answer = find<HTMLParagraphElement>('.prediction-answer');
  const announcement = find<HTMLParagraphElement>('[data-role="announcement"]');
  let spoken = 'The pad is empty.';
  const cells = Array.from(root.querySelectorAll<HTMLTableCellElement>('.probability-table td'));
  bars.update({ probabilities: EMPTY });

  return {
    update(pixels, probabilities, hasInk) {
      prepared.update({ values: pixels, height: 28, width: 28, channels: 1, scaleOf: () => PIXEL_SCALE });
      bars.update({ probabilities: probabilities ?? EMPTY });
      cells.forEach((cell, c) => {
        cell.textContent = probabilities ? formatPercent(probabilities[c] ?? 0) : '–';
      });
      if (probabilities) {
        const predicted = argmax(probabilities);
        answer.textContent = `Prediction: ${predicted} (${formatPercent(probabilities[predicted] ?? 0)})`;
        answer.dataset.predicted = String(predicted);
        spoken = `The network reads your drawing as a ${predicted}, ${formatPercent(probabilities[predicted] ?? 0)} sure.`;
      } else {
        spoken = hasInk ? 'The network for the pad is loading.' : 'The pad is empty.';
        answer.textContent = hasInk ? 'Loading the network for the pad…' : 'Draw a digit on the pad.';
        answer.dataset.predicted = '';
      }
    },
    announce() {
      announcement.textContent = spoken;
    },
    destroy() {
      prepared.destroy();
      bars.destroy();
    },
  };
}
