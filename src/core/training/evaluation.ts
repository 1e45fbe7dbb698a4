/**
 * Judging a trained network on labelled images, from its class probabilities: the confusion
 * matrix, per-class accuracy, which images fall in a cell, and the most confident mistakes. Plain
 * arrays in and out, so the engine can compute the probabilities and the page (or a test) the rest.
 */

/** Class probabilities of `count` images, row-major: image i's are [i * classes, (i + 1) * classes). */
export interface Predictions {
  classes: number;
  labels: ArrayLike<number>;
  probabilities: ArrayLike<number>;
}

/** The predicted class of each image (the first of equal maxima, as argmax does) and its probability. */
export function predictedClasses({ classes, labels, probabilities }: Predictions): { predicted: Uint8Array; confidence: Float32Array } {
  const count = labels.length;
  if (probabilities.length !== count * classes) throw new RangeError(`${count} images of ${classes} classes need ${count * classes} probabilities, not ${probabilities.length}.`);
  const predicted = new Uint8Array(count);
  const confidence = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let best = 0;
    let bestValue = -Infinity;
    for (let c = 0; c < classes; c++) {
      const value = probabilities[i * classes + c] ?? -Infinity;
      if (value > bestValue) {
        bestValue = value;
        best = c;
      }
    }
    predicted[i] = best;
    confidence[i] = bestValue;
  }
  return { predicted, confidence };
}

/** counts[t * classes + p]: images of true class t predicted as p. */
export function confusionMatrix(labels: ArrayLike<number>, predicted: ArrayLike<number>, classes: number): Uint32Array {
  if (labels.length !== predicted.length) throw new RangeError(`${labels.length} labels but ${predicted.length} predictions.`);
  const counts = new Uint32Array(classes * classes);
  for (let i = 0; i < labels.length; i++) {
    const t = labels[i] ?? -1;
    const p = predicted[i] ?? -1;
    if (t < 0 || t >= classes || p < 0 || p >= classes) throw new RangeError(`Image ${i} has class ${t} predicted as ${p}, outside 0..${classes - 1}.`);
    counts[t * classes + p] = (counts[t * classes + p] ?? 0) + 1;
  }
  return counts;
}

/** The share of images on the diagonal; NaN for no images. */
export function accuracyOf(counts: ArrayLike<number>, classes: number): number {
  let total = 0;
  let correct = 0;
  for (let t = 0; t < classes; t++) {
    for (let p = 0; p < classes; p++) {
      const n = counts[t * classes + p] ?? 0;
      total += n;
      if (t === p) correct += n;
    }
  }
  return total === 0 ? NaN : correct / total;
}

/** Per true class: how many images it has, and the share predicted right (NaN for a class with none). */
export function perClassAccuracy(counts: ArrayLike<number>, classes: number): { count: number; accuracy: number }[] {
  return Array.from({ length: classes }, (_, t) => {
    let count = 0;
    for (let p = 0; p < classes; p++) count += counts[t * classes + p] ?? 0;
    return { count, accuracy: count === 0 ? NaN : (counts[t * classes + t] ?? 0) / count };
  });
}

/** Indices of the images of true class `actual` predicted as `predictedClass`, most confident first. */
export function imagesInCell(labels: ArrayLike<number>, predicted: ArrayLike<number>, confidence: ArrayLike<number>, actual: number, predictedClass: number): number[] {
  const indices: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] === actual && predicted[i] === predictedClass) indices.push(i);
  return indices.sort((a, b) => (confidence[b] ?? 0) - (confidence[a] ?? 0) || a - b);
}

/** The `count` wrong answers given with the highest probability (ties by index): the network's surest mistakes. */
export function mostConfidentMistakes(labels: ArrayLike<number>, predicted: ArrayLike<number>, confidence: ArrayLike<number>, count: number): number[] {
  const wrong: number[] = [];
  for (let i = 0; i < labels.length; i++) if (labels[i] !== predicted[i]) wrong.push(i);
  return wrong.sort((a, b) => (confidence[b] ?? 0) - (confidence[a] ?? 0) || a - b).slice(0, Math.max(0, count));
}
