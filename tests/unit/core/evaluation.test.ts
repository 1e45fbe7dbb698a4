import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accuracyOf, confusionMatrix, imagesInCell, mostConfidentMistakes, perClassAccuracy, predictedClasses } from '../../../src/core/training/evaluation';

describe('evaluation math', () => {
  // Three classes, five images: probabilities row by row.
  const labels = [0, 1, 2, 2, 1];
  const probabilities = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.2, 0.6, 0.5, 0.1, 0.4, 0.4, 0.4, 0.2];

  it('takes the first of equal maxima as the prediction, with its probability', () => {
    const { predicted, confidence } = predictedClasses({ classes: 3, labels, probabilities });
    expect(Array.from(predicted)).toEqual([0, 2, 2, 0, 0]);
    expect(Array.from(confidence).map((v) => Number(v.toFixed(2)))).toEqual([0.7, 0.6, 0.6, 0.5, 0.4]);
  });

  it('counts true x predicted, and the diagonal gives the accuracy and per-class accuracy', () => {
    const counts = confusionMatrix(labels, [0, 2, 2, 0, 0], 3);
    expect(Array.from(counts)).toEqual([1, 0, 0, 1, 0, 1, 1, 0, 1]);
    expect(accuracyOf(counts, 3)).toBeCloseTo(2 / 5);
    expect(perClassAccuracy(counts, 3)).toEqual([
      { count: 1, accuracy: 1 },
      { count: 2, accuracy: 0 },
      { count: 2, accuracy: 0.5 },
    ]);
    expect(accuracyOf(new Uint32Array(9), 3)).toBeNaN();
  });

  it('lists a cell’s images and the surest mistakes, most confident first', () => {
    const { predicted, confidence } = predictedClasses({ classes: 3, labels, probabilities });
    expect(imagesInCell(labels, predicted, confidence, 1, 0)).toEqual([4]);
    expect(imagesInCell(labels, predicted, confidence, 2, 2)).toEqual([2]);
    expect(mostConfidentMistakes(labels, predicted, confidence, 2)).toEqual([1, 3]);
    expect(mostConfidentMistakes(labels, predicted, confidence, 10)).toEqual([1, 3, 4]);
  });

  it('refuses mismatched sizes and classes out of range', () => {
    expect(() => predictedClasses({ classes: 3, labels, probabilities: probabilities.slice(1) })).toThrow(/need 15/);
    expect(() => confusionMatrix([0, 1], [0], 3)).toThrow(/2 labels but 1/);
    expect(() => confusionMatrix([0, 3], [0, 1], 3)).toThrow(/outside/);
  });

  it('properties: the matrix sums to the image count, rows to the class counts, and cells hold their counts of images', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.float({ min: 0, max: 1, noNaN: true })), { maxLength: 300 }), (rows) => {
        const l = rows.map((r) => r[0]);
        const p = rows.map((r) => r[1]);
        const conf = rows.map((r) => r[2]);
        const counts = confusionMatrix(l, p, 10);
        expect(counts.reduce((a, b) => a + b, 0)).toBe(rows.length);
        const perClass = perClassAccuracy(counts, 10);
        for (let t = 0; t < 10; t++) {
          expect(perClass[t]?.count).toBe(l.filter((x) => x === t).length);
          for (let q = 0; q < 10; q++) expect(imagesInCell(l, p, conf, t, q)).toHaveLength(counts[t * 10 + q] ?? -1);
        }
        const correct = l.filter((x, i) => x === p[i]).length;
        if (rows.length > 0) expect(accuracyOf(counts, 10)).toBeCloseTo(correct / rows.length, 10);
        const mistakes = mostConfidentMistakes(l, p, conf, 5);
        expect(mistakes.length).toBe(Math.min(5, rows.length - correct));
        for (let i = 1; i < mistakes.length; i++) expect(conf[mistakes[i - 1]!]!).toBeGreaterThanOrEqual(conf[mistakes[i]!]!);
      }),
      { numRuns: 200 },
    );
  });
});
