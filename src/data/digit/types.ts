/** The data types of digit preparation: strokes from the drawing pad, grey images, the prepared 28x28 digit. */

/** A point of a stroke in the drawing pad's coordinates (CSS pixels, y down); pressure 0..1 as PointerEvent gives it (0.5 for a mouse with a button down). */
export interface StrokePoint {
  x: number;
  y: number;
  pressure: number;
}

/** One pen-down to pen-up path, in drawing order. */
export type Stroke = readonly StrokePoint[];

/** A grey image, row-major, values in [0, 1] (1 = ink). Pixel (x, y) covers [x, x+1] x [y, y+1]; its centre is (x + 0.5, y + 0.5). */
export interface GrayImage {
  width: number;
  height: number;
  /** width * height values; index y * width + x. */
  values: Float32Array;
}

/** An inclusive box of pixel indices. */
export interface PixelBox {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** A point in pixel-centre coordinates: pixel (x, y)'s centre is (x + 0.5, y + 0.5). */
export interface Point {
  x: number;
  y: number;
}

export interface PreparedDigit {
  /** 28*28 values in [0, 1], row-major: what the network reads. All zeros for an empty drawing. */
  pixels: Float32Array;
  /** The ink's bounding box in the source image's pixel coordinates (inclusive), null when empty. */
  box: PixelBox | null;
  /** Source pixels -> 28x28 pixels (a source pixel is `scale` output pixels wide); 0 when empty. */
  scale: number;
  /** Centre of mass in the source image (pixel-centre coordinates), null when empty. */
  centreOfMass: Point | null;
}
