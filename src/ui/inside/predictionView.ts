import { argmax, createProbabilityBarsRenderer, formatPercent } from '../../render/probabilityBars';

/** What the probe's answer is made of: the class probabilities (null when there are none to show), the true label if known, and what to say instead. */
export interface PredictionShown {
  probabilities: Float32Array | null;
  label: number | null;
  /** One name per class ("7", "Sneaker"). */
  classNames: readonly string[];
  /** Said when there are no probabilities ("Draw a digit on the pad."). */
  instead: string;
  /** Whose answer: "your drawing" or "test image 12". */
  subject: string;
}

export interface PredictionView {
  update(shown: PredictionShown): void;
  /** Tells a screen reader the answer (once per stroke or probe, not on every move). */
  announce(): void;
  destroy(): void;
}

/** Fills PredictionRegion's markup: the answer, the bars and the table. */
export function createPredictionView(root: HTMLElement): PredictionView {
  const find = <E extends Element>(selector: string): E => {
    const element = root.querySelector<E>(selector);
    if (!element) throw new Error(`PredictionRegion has no ${selector}.`);
    return element;
  };
  const bars = createProbabilityBarsRenderer(find<SVGSVGElement>('.probability-svg'), { width: 240, height: 96 });
  const answer = find<HTMLParagraphElement>('.prediction-answer');
  const announcement = find<HTMLParagraphElement>('[data-role="announcement"]');
  let spoken = '';
  /** The answer in words that matter to a listener (the digit, not its percentage): spoken again only when that changes. */
  let spokenKey = '';
  let announcedKey = '';
  const table = find<HTMLDetailsElement>('.probability-details');
  // Queried when filled: the table's rows follow the dataset's classes.
  /** What the bars and the table show, as text: an unchanged answer changes nothing on screen (most moves of a trained network's). */
  let shownKey = '';
  let latest: Float32Array | null = null;
  const fillTable = () => {
    root.querySelectorAll<HTMLTableCellElement>('.probability-table td').forEach((cell, c) => {
      cell.textContent = latest ? formatPercent(latest[c] ?? 0) : '–';
    });
  };
  // The table is filled while open, and when it opens.
  table.addEventListener('toggle', fillTable);

  return {
    update({ probabilities, label, classNames, instead, subject }) {
      latest = probabilities;
      const names = classNames.join('\n');
      const key = probabilities ? `${Array.from(probabilities, formatPercent).join()}|${label}|${names}` : `${instead}|${names}`;
      if (key === shownKey) return;
      shownKey = key;
      bars.update({ probabilities: probabilities ?? new Float32Array(classNames.length), label, classNames });
      if (table.open) fillTable();
      if (probabilities) {
        const predicted = argmax(probabilities);
        const sure = formatPercent(probabilities[predicted] ?? 0);
        const name = (c: number) => classNames[c] ?? String(c);
        answer.textContent = `Prediction: ${name(predicted)} (${sure})`;
        answer.dataset.predicted = String(predicted);
        const verdict = label === null ? '' : predicted === label ? ', right' : `, wrong: it is ${name(label)}`;
        spoken = `The network reads ${subject} as ${name(predicted)}, ${sure} sure${verdict}.`;
        spokenKey = `${subject}|${predicted}`;
      } else {
        answer.textContent = instead;
        answer.dataset.predicted = '';
        spoken = instead;
        spokenKey = instead;
      }
    },
    announce() {
      if (spokenKey === announcedKey) return;
      announcedKey = spokenKey;
      announcement.textContent = spoken;
    },
    destroy() {
      table.removeEventListener('toggle', fillTable);
      bars.destroy();
    },
  };
}
