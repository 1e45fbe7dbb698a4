/** Drawn digits prepared the way MNIST's were: strokes -> pen raster -> 20x20 fit -> centred 28x28. */
export type { GrayImage, PixelBox, Point, PreparedDigit, Stroke, StrokePoint } from './types';
export { MNIST_BOX_PX, MNIST_CENTRE_PX, MNIST_SIZE, MNIST_STROKE_WIDTH_PX } from './mnistFrame';
export { BOX_THRESHOLD, prepareDigit, type PrepareOptions } from './prepare';
export { MIN_EXTENT_PX, rasterizeStrokes } from './rasterize';
export { PEN_WIDTH_PX, WORKING_SKELETON_PX, penRadius } from './pen';
export { STROKES_MAX_SCALE, prepareStrokes } from './prepareStrokes';
