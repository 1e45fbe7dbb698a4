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
  const table = find<HTMLDetailsElement>('.probability-details');
  const cells = Array.from(root.querySelectorAll<HTMLTableCellElement>('.probability-table td'));
  bars.update({ probabilities: EMPTY });
  /** What the bars and the table show, as text: an unchanged answer changes nothing on screen (most moves of a trained network's). */
  let shown = '';
  let latest: Float32Array | null = null;
  const fillTable = () => {
    cells.forEach((cell, c) => {
      cell.textContent = latest ? formatPercent(latest[c] ?? 0) : '–';
    });
  };
  // The table is filled while open, and when it opens.
  table.addEventListener('toggle', fillTable);

  return {
    update(pixels, probabilities, hasInk) {
      prepared.update({ values: pixels, height: 28, width: 28, channels: 1, scaleOf: () => PIXEL_SCALE });
      latest = probabilities;
      const key = probabilities ? Array.from(probabilities, formatPercent).join() : String(hasInk);
      if (key === shown) return;
      shown = key;
      bars.update({ probabilities: probabilities ?? EMPTY });
      if (table.open) fillTable();
      if (probabilities) {
        const predicted = argmax(probabilities);
        answer.textContent = `Prediction: ${predicted} (${formatPercent(probabilities[predicted] ?? 0)})`;
        answer.dataset.predicted = String(predicted);
        spoken = `The network reads your drawing as a ${predicted}, ${formatPercent(probabilities[predicted] ?? 0)} sure.`;
      } else {
        spoken = hasInk ? 'The network for the pad is loading.' : 'The pad is empty.';
        answer.textContent = hasInk ? 'Loading the network for the pad…' : 'Draw a digit.';
        answer.dataset.predicted = '';
      }
    },
    announce() {
      announcement.textContent = spoken;
    },
    destroy() {
      table.removeEventListener('toggle', fillTable);
      prepared.destroy();
      bars.destroy();
    },
  };
}
