/** Test helpers shared by the digit-preparation tests: sums and centres of mass of 28x28 outputs. */
import { MNIST_SIZE } from '../../../src/data/digit';

export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}

/** Centre of mass of a 28x28 output in pixel-centre coordinates. */
export function centreOf(pixels: Float32Array): { x: number; y: number } {
  let m = 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < pixels.length; i++) {
    m += pixels[i];
    mx += pixels[i] * ((i % MNIST_SIZE) + 0.5);
    my += pixels[i] * (Math.floor(i / MNIST_SIZE) + 0.5);
  }
  return { x: mx / m, y: my / m };
}
